"""Find the article's claims: direct quotes and reported speech, with their speakers.

Reading order, one paragraph at a time (the headline first, as paragraph -1):

1. Quote spans. Every quote mark is judged by what stands either side of it, not by its
   glyph, because these pages open quotes with ’ as often as with ‘ and mix ' with ‘…’.
   A mark between letters is an apostrophe (it's, King’s); "GPs' " is an apostrophe unless
   it is the only way to close an open quote. Unclosed quotes run to the end of the
   paragraph, and a paragraph that opens with a quote mark after one that did not close
   continues it. A closing mark with no opener closes a quote that starts after the last
   colon ("He said: I think ... problems.’") or at the paragraph start.
2. Sentences, by pysbd, over the paragraph with quoted text masked so a quote of several
   sentences stays whole.
3. Attribution. A reporting verb (claims.toml) with a subject next to it: a name, "he"/"she",
   or a role ("the peer"). What the verb governs is the claim: only quotes, a direct claim;
   words of the reporter around them, a reported claim (scare quotes such as 'penance' stay
   inside it). A quote standing alone takes the speaker of the paragraph, or of the quote it
   continues, or the person last speaking.

   Two clauses joined by ", but" / ", while" / ";" that each have their own reporting verb
   give two claims. "According to X, ..." attributes to X (not when X is figures or a
   report). A subject naming a group or body rather than a person ("doctors' leaders said",
   "a spokesperson for the trust said", "the council said") gives a claim with a null
   speaker: a claim's speaker is a person, and a group phrase would crowd the speaker lists.
   Organisations named "Institute for ...", "Royal College of ..." are such groups too.
   "X said A, and insisted B" gives two claims of X. A headline "Schools minister: '...'"
   gives the quote to the person the body names with that role, else reads it as any quote
   (never the role text as a speaker).
4. Claim text is always one span of the paragraph: two quotes stay two claims, a reported
   claim runs from its first word to its last (an attribution in the middle stays in), and
   leading connectives ("However, ...") are trimmed.
5. "he"/"she" mean the person last named as a subject; a name after a verb or preposition
   ("wrote to Whitford", "told the Courier") is an object and does not take them over.
6. Page styles: a paragraph opening "Q:" is the interviewer's and gives no claim; one opening
   "A:" is a direct claim of the interviewee. Picture captions give no claims and no people.
   A lead-in ending in a colon ("she said:") gives its speaker to the quote that follows.

Names are resolved by analysis.speakers. Nothing here raises on odd text: unbalanced quotes,
quotes without a speaker or no quotes give fewer claims or a null speaker.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pysbd

from analysis.model import Article, Claim, ClaimKind
from analysis.rules import Rules
from analysis.speakers import (
    Cast,
    Config,
    Mention,
    Order,
    Token,
    config,
    find_mentions,
    role_words,
    tokenize,
)

SINGLE_MARKS = "'‘’‛"
DOUBLE_MARKS = '"“”„‟«»'
_OPEN_CONTEXT = "([{—–-/"
_CLOSE_CONTEXT = ".,;:!?)]}—–-…/"
_KEEP_IN_MASK = ".?!…,"
_PRONOUNS = {"he": "male", "she": "female"}
_POSSESSIVE_PRONOUNS = {"his", "her"}
_OBJECT_PRONOUNS = {"him", "her", "them", "us", "me", "reporters", "journalists", "mps"}
_PREPOSITIONS = {"of", "about", "on", "at", "in", "to", "when", "after", "before"}
#: Token budget of a sentence start in which a named person counts as its subject.
_SUBJECT_WINDOW = 5


@functools.cache
def segmenter() -> pysbd.Segmenter:
    """The pysbd sentence segmenter, built once (building it compiles many rules)."""
    return pysbd.Segmenter(language="en", clean=False)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation in a paragraph: marks included in [start, end), words in [content_*)."""

    start: int
    end: int
    content_start: int
    content_end: int
    opened: bool = True
    closed: bool = True

    def content(self, text: str) -> str:
        return text[self.content_start : self.content_end]


def _mark_role(text: str, i: int) -> str | None:
    """'open', 'close', 'apostrophe', 'ambiguous' (a plural possessive or a close) or None."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    opener = prev == "" or prev.isspace() or prev in _OPEN_CONTEXT or _is_mark(prev)
    closer = nxt == "" or nxt.isspace() or nxt in _CLOSE_CONTEXT or _is_mark(nxt)
    if ch in SINGLE_MARKS:
        return _single_role(prev, nxt, opener, closer)
    if opener and not closer:
        return "open"
    if closer and not opener:
        return "close"
    if ch == "“":
        return "open" if not (prev.isalnum() and nxt.isspace()) else "close"
    if ch == "”":
        return "close"
    return None


def _single_role(prev: str, nxt: str, opener: bool, closer: bool) -> str | None:
    """A single mark's role: an apostrophe inside a word ("don't"), an open or a close, or
    ambiguous after an "s" (a plural possessive, or a close)."""
    if prev.isalnum() and nxt.isalpha():
        return "apostrophe"
    if opener and not closer:
        return "open"
    if closer and not opener:
        if prev in "sS" and (nxt == "" or nxt.isspace()):
            return "ambiguous"
        return "close"
    return None


_MARK_RE = re.compile(f"[{re.escape(SINGLE_MARKS + DOUBLE_MARKS)}]")


def _is_mark(ch: str) -> bool:
    return bool(ch) and (ch in SINGLE_MARKS or ch in DOUBLE_MARKS)


def find_quotes(text: str) -> tuple[QuoteSpan, ...]:
    """The top-level quotations of one paragraph, in order (never raises).

    Linear in the paragraph's length, whatever its marks: the open quotes of each family are
    indexed apart (a close never walks past thousands of opens of the other family), what an
    ambiguous mark meets next is worked out in one backward pass, and the colon an orphan
    close reaches back to is found by one forward scan.
    """
    events: list[tuple[int, str, str]] = []
    for mark in _MARK_RE.finditer(text):  # in C from mark to mark, not a call a character
        i = mark.start()
        role = _mark_role(text, i)
        if role is not None and role != "apostrophe":
            events.append((i, "s" if mark.group() in SINGLE_MARKS else "d", role))
    closes_next = _closes_next(events)
    stack: list[tuple[str, int]] = []
    # Where in `stack` each family's open marks are, in order.
    opens: dict[str, list[int]] = {"s": [], "d": []}
    spans: list[QuoteSpan] = []
    colons = _Colons(text)
    # End of the furthest span so far: an orphan close may only reach back past it.
    region = 0
    for k, (pos, family, role) in enumerate(events):
        if role == "ambiguous":
            if not opens[family] or closes_next[k]:
                continue
            role = "close"
        if role == "open":
            opens[family].append(len(stack))
            stack.append((family, pos))
            continue
        if opens[family]:
            idx = opens[family][-1]
            _, opened_at = stack[idx]
            del stack[idx:]
            for held in opens.values():
                while held and held[-1] >= idx:
                    held.pop()
            spans.append(QuoteSpan(opened_at, pos + 1, opened_at + 1, pos))
            region = max(region, pos + 1)
        elif not stack:
            orphan = _orphan_span(text, region, pos, colons.last_before(pos))
            if orphan is not None:
                spans.append(orphan)
                region = max(region, orphan.end)
    if stack:
        opened_at = stack[0][1]
        spans.append(QuoteSpan(opened_at, len(text), opened_at + 1, len(text), closed=False))
    return _top_level(spans)


def _closes_next(events: Sequence[tuple[int, str, str]]) -> list[bool]:
    """For each event, whether the next later event of its family that opens or closes
    closes (False when none does): one pass from the end."""
    out = [False] * len(events)
    after: dict[str, bool] = {"s": False, "d": False}
    for k in range(len(events) - 1, -1, -1):
        _, family, role = events[k]
        out[k] = after[family]
        if role in ("open", "close"):
            after[family] = role == "close"
    return out


class _Colons:
    """The last ": " ending at or before a position, for positions asked in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scanned = 0  # every ": " starting before this is known
        self.last = -1

    def last_before(self, pos: int) -> int:
        """`text.rfind(": ", 0, pos)`, each character scanned once over all calls."""
        while (found := self.text.find(": ", self.scanned, pos)) >= 0:
            self.last, self.scanned = found, found + 1
        self.scanned = max(self.scanned, pos - 1)
        return self.last


def _orphan_span(text: str, region: int, pos: int, colon: int) -> QuoteSpan | None:
    if colon < region:
        colon = -1
    if colon >= 0:
        start = colon + 2
    elif region == 0:
        start = len(text) - len(text.lstrip())
    else:
        return None
    if pos - start < 2:
        return None
    return QuoteSpan(start, pos + 1, start, pos, opened=False)


def _top_level(spans: list[QuoteSpan]) -> tuple[QuoteSpan, ...]:
    out: list[QuoteSpan] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return tuple(out)


def _mask(text: str, spans: Sequence[QuoteSpan]) -> str:
    chars = list(text)
    for s in spans:
        last = s.content_end - 1
        for i in range(s.content_start, s.content_end):
            if chars[i].isspace() or (i == last and chars[i] in _KEEP_IN_MASK):
                continue
            chars[i] = "x"
    return "".join(chars)


#: Where a sentence likely ends, for cutting very long paragraphs before pysbd reads them: a
#: line break, or an end mark after a word of three letters or more (not "Dr.") with a capital
#: or a digit next. Quoted words are masked, so no cut falls inside a quote.
_CUT_RE = re.compile(r"\n\s*|(?<=[^\W_]{3})[.!?…][\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9])")


def _pieces(masked: str, limit: int) -> list[tuple[int, int]]:
    """Spans of at most `limit` characters covering `masked`, cut where a sentence likely ends
    (else at a space): pysbd is slow on long text, so each call gets a bounded piece."""
    if len(masked) <= limit:
        return [(0, len(masked))]
    cuts = [m.end() for m in _CUT_RE.finditer(masked)]
    out: list[tuple[int, int]] = []
    a = 0
    while len(masked) - a > limit:
        k = bisect.bisect_right(cuts, a + limit) - 1
        if k >= 0 and cuts[k] > a:
            b = cuts[k]
        else:
            space = masked.rfind(" ", a + 1, a + limit)
            b = space + 1 if space > a else a + limit
        out.append((a, b))
        a = b
    out.append((a, len(masked)))
    return out


def _sentence_bounds(masked: str, limit: int) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    for a, b in _pieces(masked, limit):
        chunk = masked[a:b]
        pos = 0
        # one token is one sentence: the segmenter costs ~0.2 ms a call, and a page of
        # thousands of one-word lines would spend seconds on it
        one = len(chunk.split()) <= 1
        for sent in [chunk] if one else segmenter().segment(chunk):
            piece = str(sent).strip()
            if not piece:
                continue
            at = chunk.find(piece, pos)
            if at < 0:
                continue
            if bounds and _runs_on(masked, bounds[-1][1] - bounds[-1][0], bounds[-1][1], piece):
                bounds[-1] = (bounds[-1][0], a + at + len(piece))
            else:
                bounds.append((a + at, a + at + len(piece)))
            pos = at + len(piece)
    if not bounds and masked.strip():
        bounds.append((0, len(masked)))
    return bounds


def _runs_on(masked: str, size: int, end: int, piece: str) -> bool:
    """Whether `piece` carries on the sentence of `size` characters ending at `end`."""
    # "'It is over,' | Mr Lee said." is one sentence, whatever the segmenter thought: a quote
    # closing on a comma, or a next piece starting in lower case, carries on.
    if piece[:1].islower():
        return True
    return size >= 2 and _is_mark(masked[end - 1]) and masked[end - 2] == ","


@dataclass(slots=True)
class _Sentence:
    tokens: list[Token]
    mentions: list[Mention]
    #: Index of the paragraph (-1 for the headline).
    paragraph: int

    def order(self, k: int) -> Order:
        """Place of token k in the whole article (the order of speakers.Mention)."""
        return (self.paragraph, self.tokens[k].start)


ParagraphKind = Literal["text", "question", "answer", "caption"]


@dataclass(slots=True)
class _Paragraph:
    index: int
    text: str
    spans: tuple[QuoteSpan, ...]
    sentences: list[_Sentence]
    continues: bool
    kind: ParagraphKind = "text"
    body_start: int = 0


@dataclass(slots=True)
class _Draft:
    text: str
    speaker: str | None
    kind: ClaimKind
    paragraph: int
    anchored: bool
    standalone: bool = False
    continuation: bool = False
    salient: str | None = None


@dataclass(slots=True)
class _Anchor:
    verb_first: int
    verb_last: int
    subj_first: int
    subj_last: int
    speaker: str | None
    inverted: bool
    participle: bool = False
    #: "..., who said ...": the words before the subject are the reporter's, never the claim.
    relative: bool = False


@dataclass(slots=True)
class _Reader:
    cfg: Config
    cast: Cast
    salient: str | None = None
    drafts: list[_Draft] = field(default_factory=list)
    #: Set by a lead-in ending in a colon ("X said:"): the speaker of the quote that follows.
    lead_in: tuple[str | None] | None = None
    #: The person answering in a question-and-answer interview, fixed at the first answer.
    interviewee: tuple[str | None] | None = None


def _label_end(text: str, labels: Sequence[str]) -> int | None:
    """End of an interview label ("Q:", "A:") opening the paragraph, if there is one."""
    for label in labels:
        m = re.match(rf"\s*{re.escape(label)}\s*:\s+", text)
        if m:
            return m.end()
    return None


def _paragraph_kind(text: str, cfg: Config) -> tuple[ParagraphKind, int]:
    if any(marker in text for marker in cfg.caption_markers):
        return "caption", 0
    if _label_end(text, cfg.question_labels) is not None:
        return "question", 0
    end = _label_end(text, cfg.answer_labels)
    if end is not None:
        return "answer", end
    return "text", 0


def _read_paragraph(index: int, text: str, prev_open: bool, cfg: Config) -> _Paragraph:
    kind, body_start = _paragraph_kind(text, cfg)
    if kind != "text":
        # Captions and questions name nobody who speaks; an answer is taken whole.
        return _Paragraph(index, text, (), [], False, kind, body_start)
    spans = find_quotes(text)
    masked = _mask(text, spans)
    sentences = []
    # find_quotes gives top-level spans in order, as tokenize needs them.
    quote_bounds = [(s.start, s.end) for s in spans]
    for start, end in _sentence_bounds(masked, cfg.claims["max_segment_chars"]):
        tokens = tokenize(text, start, end, quote_bounds)
        sentences.append(_Sentence(tokens, find_mentions(tokens, index, cfg), index))
    lead = len(text) - len(text.lstrip())
    continues = prev_open and bool(spans) and spans[0].start == lead
    return _Paragraph(index, text, spans, sentences, continues)


def _paragraphs(article: Article, cfg: Config) -> list[_Paragraph]:
    texts: list[tuple[int, str]] = []
    if article.headline and article.headline.strip():
        texts.append((-1, article.headline))
    texts.extend((i, p) for i, p in enumerate(article.body))
    out: list[_Paragraph] = []
    prev_open = False
    for index, text in texts:
        para = _read_paragraph(index, text, prev_open, cfg)
        out.append(para)
        # A quote left open, or a lead-in ending in a colon ("she said:"), runs into the next
        # paragraph when that one opens with a quote.
        prev_open = bool(para.spans) and not para.spans[-1].closed
        prev_open = prev_open or (para.kind == "text" and text.rstrip().endswith(":"))
    return out


def extract(article: Article, rules: Rules | None = None) -> tuple[Claim, ...]:
    """Claims of an article, headline first (paragraph -1), then in body order.

    >>> from analysis.model import Article
    >>> body = ("'We will build 500 homes,' said council leader Ann Price.",)
    >>> [(c.text, c.speaker, c.kind) for c in extract(Article(None, None, None, None, None, body))]
    [('We will build 500 homes', 'Ann Price', 'direct')]
    """
    cfg = config(rules)
    paragraphs = _paragraphs(article, cfg)
    mentions = [m for p in paragraphs for s in p.sentences for m in s.mentions]
    reader = _Reader(cfg, Cast.build(mentions, cfg))
    carried: tuple[str | None] | None = None
    for para in paragraphs:
        reader.lead_in = None
        if para.kind in ("question", "caption"):
            carried = None
            continue
        if para.kind == "answer":
            reader.drafts.extend(_answer(reader, para))
            carried = None
            continue
        drafts = _paragraph_claims(reader, para, carried if para.continues else None)
        last_open = bool(para.spans) and not para.spans[-1].closed
        if last_open and drafts:
            carried = (drafts[-1].speaker,)
        elif last_open and para.continues:
            pass
        elif reader.lead_in is not None:
            carried = reader.lead_in
        else:
            carried = None
        reader.drafts.extend(drafts)
    _headline_speakers(reader.drafts)
    return tuple(
        Claim(f"c{i}", d.text, d.speaker, d.kind, d.paragraph)
        for i, d in enumerate(reader.drafts, start=1)
    )


def _answer(reader: _Reader, para: _Paragraph) -> list[_Draft]:
    """An answer of a question-and-answer interview: all of it, said by the interviewee (the
    person the article was about when the first answer came)."""
    if reader.interviewee is None:
        reader.interviewee = (reader.salient or reader.cast.main,)
    text = " ".join(para.text[para.body_start :].split())
    if len(text.split()) < reader.cfg.claims["min_direct_words"]:
        return []
    return [_Draft(text, reader.interviewee[0], "direct", para.index, True)]


def _headline_speakers(drafts: list[_Draft]) -> None:
    # A quoted headline with no attribution repeats words the body gives to someone.
    body = [d for d in drafts if d.paragraph >= 0 and d.speaker is not None]
    for d in drafts:
        if d.paragraph != -1 or d.speaker is not None:
            continue
        words = _plain(d.text)
        match = next((b for b in body if words and words in _plain(b.text)), None)
        if match is not None:
            d.speaker = match.speaker


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _paragraph_claims(
    reader: _Reader, para: _Paragraph, carried: tuple[str | None] | None
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for n, sentence in enumerate(para.sentences):
        _update_salient(reader, sentence)
        drafts.extend(
            _sentence_claims(reader, para, sentence, continuation=para.continues and n == 0)
        )
    # A quote standing alone belongs to whoever speaks in this paragraph, else to the quote
    # it continues, else to the person last speaking.
    # Indexes of the nearest anchored draft before and after each draft, found in two passes
    # so that a paragraph of thousands of quotes stays linear.
    before: list[int | None] = []
    last: int | None = None
    for k, d in enumerate(drafts):
        before.append(last)
        if d.anchored:
            last = k
    after: list[int | None] = [None] * len(drafts)
    last = None
    for k in range(len(drafts) - 1, -1, -1):
        after[k] = last
        if drafts[k].anchored:
            last = k
    for k, d in enumerate(drafts):
        if not d.standalone:
            continue
        if d.continuation and carried is not None:
            d.speaker = carried[0]
            continue
        b, f = before[k], after[k]
        if b is not None:
            d.speaker = drafts[b].speaker
        elif f is not None:
            d.speaker = drafts[f].speaker
        else:
            d.speaker = carried[0] if carried is not None else d.salient
    return _keep(drafts, reader.cfg.claims["min_direct_words"])


def _keep(drafts: list[_Draft], min_words: int) -> list[_Draft]:
    # Two quotes of one speaker stay two claims: joining them would put words side by side
    # that the article does not ("...what they do, That would be ...").
    for d in drafts:
        d.text = _tidy(d.text)
    return [d for d in drafts if len(d.text.split()) >= min_words]


def _update_salient(reader: _Reader, sentence: _Sentence) -> None:
    words = [i for i, t in enumerate(sentence.tokens) if t.kind == "word"]
    window = set(words[:_SUBJECT_WINDOW])
    for m in sentence.mentions:
        if m.first not in window or not _in_subject_place(sentence.tokens, m, reader.cfg):
            # A person named after a verb or a preposition ("... wrote to Whitford", "he told
            # the Courier") is an object: "he"/"she" still mean the subject before.
            break
        if m.possessive:
            continue
        name = reader.cast.resolve(m)
        if name is not None:
            reader.salient = name
            return
    role = _role_subject_at(sentence.tokens, words[0], reader.cfg) if words else None
    if role is not None:
        name = reader.cast.role(role[1], sentence.order(words[0]))
        if name is not None:
            reader.salient = name


def _in_subject_place(tokens: Sequence[Token], m: Mention, cfg: Config) -> bool:
    """Whether only role words, determiners, connectives or names come before a mention."""
    allowed = m.role | cfg.role_fillers | cfg.connectives | _DETERMINERS
    for t in tokens[: m.first]:
        if t.kind == "word" and t.text[:1].islower() and t.lower not in allowed:
            return False
    return True


def _sub(sentence: _Sentence, a: int, b: int) -> _Sentence:
    """Tokens a..b of a sentence as a sentence of their own (one clause of it)."""
    mentions = [
        replace(m, first=m.first - a, last=m.last - a)
        for m in sentence.mentions
        if a <= m.first and m.last < b
    ]
    return _Sentence(sentence.tokens[a:b], mentions, sentence.paragraph)


def _clause_cut(
    tokens: Sequence[Token], anchors: Sequence[_Anchor], cfg: Config
) -> tuple[int, int] | None:
    """Where a sentence holds two attributions joined as clauses ("X promised ..., but Y
    said ..."): (end of the first clause, start of the second)."""
    for b in anchors[1:]:
        if b.participle or b.inverted:
            continue
        # The second subject may follow a few words of its own: ", while her colleague Dr
        # Ian Bow said ...".
        s = b.subj_first
        while s > b.subj_first - 4 and s >= 1 and tokens[s - 1].kind == "word":
            if tokens[s - 1].lower in cfg.coordinators or tokens[s - 1].lower in cfg.verbs:
                break
            s -= 1
        if s >= 1 and tokens[s - 1].text == ";":
            cut = (s - 1, s)
        elif s >= 2 and tokens[s - 1].lower in cfg.coordinators and tokens[s - 2].text == ",":
            cut = (s - 2, s)
        else:
            continue
        if any(a.verb_last < cut[0] and not a.participle for a in anchors if a is not b):
            return cut
    return None


def _sentence_claims(
    reader: _Reader,
    para: _Paragraph,
    sentence: _Sentence,
    continuation: bool,
    given: _Anchor | None = None,
) -> list[_Draft]:
    tokens = sentence.tokens
    according = _according(reader, sentence) if given is None else None
    if according is not None:
        return according(para)
    anchors = _anchors(reader, para, sentence)
    if given is not None:
        anchors = [given, *(a for a in anchors if a.verb_first > given.verb_last)]
    parts = _split_sentence(reader, para, sentence, continuation, given, anchors)
    if parts is not None:
        return parts
    quotes = [t for t in tokens if t.kind == "quote"]
    if not anchors and quotes:
        labelled = _role_label(reader, para, sentence)
        if labelled:
            return labelled
    used: set[int] = set()
    out = _anchored(reader, para, sentence, anchors, used) if anchors else []
    rest = [q for q in quotes if q.quote not in used]
    if rest:
        continues = quotes[0] if continuation else None
        out += _unattributed(reader, para, sentence, anchors, rest, continues)
    return out


def _split_sentence(
    reader: _Reader,
    para: _Paragraph,
    sentence: _Sentence,
    continuation: bool,
    given: _Anchor | None,
    anchors: list[_Anchor],
) -> list[_Draft] | None:
    """The claims of a sentence of two clauses, each read on its own: cut where a second
    attribution starts, or where a second reporting verb shares the first one's subject;
    None when the sentence is one."""
    cfg = reader.cfg
    tokens = sentence.tokens
    cut = _clause_cut(tokens, anchors, cfg)
    if cut is not None:
        first = _sentence_claims(reader, para, _sub(sentence, 0, cut[0]), continuation, given)
        return first + _sentence_claims(
            reader, para, _sub(sentence, cut[1], len(tokens)), continuation=False
        )
    shared = _shared_subject(tokens, anchors, cfg)
    if shared is None:
        return None
    # "She said the platform would save a day a week, and insisted patients could opt out
    # 'with a single click'": two things said, one claim each, by the same speaker.
    split = _sentence_claims(reader, para, _sub(sentence, 0, shared - 1), continuation, given)
    speaker = anchors[0].speaker
    tail = _sub(sentence, shared, len(tokens))
    verb = _Anchor(0, 0, 0, 0, speaker, inverted=False, relative=True)
    second = _sentence_claims(reader, para, tail, False, verb)
    if split and second:
        return split + second
    return None


def _anchored(
    reader: _Reader, para: _Paragraph, sentence: _Sentence, anchors: list[_Anchor], used: set[int]
) -> list[_Draft]:
    """What the first attribution of a sentence reports: its quotes (direct claims) or its
    complement in the reporter's words (a reported claim). Adds the quotes taken to `used`."""
    cfg = reader.cfg
    tokens = sentence.tokens
    anchor = anchors[0]
    if anchor.speaker is not None:
        reader.salient = anchor.speaker
    regions = _complement(tokens, anchor, anchors[1:], cfg)
    in_regions = [t for a, b in regions for t in tokens[a:b]]
    frame = [t for t in in_regions if t.kind == "word"]
    quoted = [t for t in in_regions if t.kind == "quote"]
    if not regions and tokens and tokens[-1].text == ":" and anchor.verb_last < len(tokens):
        reader.lead_in = (anchor.speaker,)
    out: list[_Draft] = []
    if quoted and not frame:
        for q in quoted:
            used.add(q.quote)
            text = _quote_text(para, q)
            out.append(_Draft(text, anchor.speaker, "direct", para.index, True))
    elif frame:
        words = len(frame) + sum(len(_quote_text(para, q).split()) for q in quoted)
        if words >= cfg.claims["min_reported_words"]:
            used.update(q.quote for q in quoted)
            text = _cover(para.text, tokens, regions)
            out.append(_Draft(_tidy(text), anchor.speaker, "reported", para.index, True))
    return out


def _unattributed(
    reader: _Reader,
    para: _Paragraph,
    sentence: _Sentence,
    anchors: list[_Anchor],
    rest: list[Token],
    continues: Token | None,
) -> list[_Draft]:
    """Quotes no attribution took: standalone quotes in a sentence of few other words (the
    one that is `continues` going on from the paragraph before), else
    fragments said by the sentence's speaker or the person its frame names."""
    cfg = reader.cfg
    frame_words = [t for t in sentence.tokens if t.kind == "word"]
    out: list[_Draft] = []
    if not anchors and len(frame_words) <= cfg.claims["max_standalone_frame_words"]:
        for q in rest:
            text = _quote_text(para, q)
            if text:
                out.append(
                    _Draft(
                        text,
                        None,
                        "direct",
                        para.index,
                        False,
                        standalone=True,
                        continuation=q is continues,
                        salient=reader.salient,
                    )
                )
        return out
    speaker = anchors[0].speaker if anchors else _frame_person(reader, sentence)
    if speaker is None:
        return out
    for q in rest:
        text = _quote_text(para, q)
        if len(text.split()) >= cfg.claims["min_fragment_words"]:
            out.append(_Draft(text, speaker, "direct", para.index, bool(anchors)))
    return out


def _role_label(reader: _Reader, para: _Paragraph, sentence: _Sentence) -> list[_Draft]:
    """ "Schools minister: 'Every school is better funded'": a role label, a colon, then a
    quote, as headlines put them. The claim is the role holder's: the person the
    article names with those role words ("schools minister Damian Ellery"). When nobody in
    the article carries the role, no claims here: the quote is read as any other, standalone
    (a headline then takes the speaker of the body claim repeating it, else none). The role
    text itself is never a speaker: speakers are people's names, so that all claims of one
    person share one speaker, and an unnamed role is no more a person than a group is."""
    cfg = reader.cfg
    tokens = sentence.tokens
    colon = next((k for k, t in enumerate(tokens) if t.kind != "word"), None)
    if colon is None or colon == 0 or colon > 5 or tokens[colon].text != ":":
        return []
    label = [t.lower for t in tokens[:colon]]
    if label[-1] not in cfg.role_heads or any(w in cfg.verbs for w in label):
        return []
    speaker = reader.cast.role_holder(role_words(label, cfg), sentence.order(0))
    if speaker is None:
        return []
    regions = _clean_regions(tokens, [(colon + 1, len(tokens))], [], cfg)
    inside = [t for a, b in regions for t in tokens[a:b]]
    # Only a label over quotes alone: "Health minister: records 'safe' as platform goes live"
    # mixes the reporter's words in, and such a headline claim drew general comments.
    if not inside or any(t.kind != "quote" for t in inside):
        return []
    return [_Draft(_quote_text(para, q), speaker, "direct", para.index, True) for q in inside]


def _shared_subject(tokens: Sequence[Token], anchors: Sequence[_Anchor], cfg: Config) -> int | None:
    """Index of a second reporting verb sharing the first one's subject ("X said ... and
    insisted ..."): a verb right after "and"/"but" (a comma before them allowed), with no
    subject of its own, after the first attribution."""
    if not anchors or anchors[0].participle or anchors[0].inverted:
        return None
    first = anchors[0]
    taken = {a.verb_first for a in anchors}
    for v in range(first.verb_last + 2, len(tokens)):
        tok = tokens[v]
        if tok.kind != "word" or tok.text not in cfg.verbs or v in taken:
            continue
        if tokens[v - 1].lower not in ("and", "but"):
            continue
        if v + 1 < len(tokens) and _has_words(tokens, v + 1, len(tokens)):
            return v
    return None


_Maker = Callable[[_Paragraph], list[_Draft]]


def _according(reader: _Reader, sentence: _Sentence) -> _Maker | None:
    """ "According to X, ..." or "..., according to X": X's claim. None when the sentence has
    no such phrase; a maker of no claims when X is a document or figures."""
    tokens = sentence.tokens
    n = len(tokens)
    at = next(
        (i for i in range(n - 1) if tokens[i].lower == "according" and tokens[i + 1].lower == "to"),
        None,
    )
    if at is None:
        return None
    cfg = reader.cfg
    lead = all(t.kind == "punct" or t.lower in cfg.connectives for t in tokens[:at])
    if lead:
        commas = [k for k in range(at + 2, n) if tokens[k].text == ","]
        if not commas:
            return None
        src, end = (at + 2, commas[0])
        claim = (commas[0] + 1, n)
        # "According to the trust's chief executive, Mark Ellison, the unit will ..."
        if len(commas) > 1:
            person = _mention_between(sentence, commas[0] + 1, commas[1])
            if person is not None:
                src, end, claim = commas[0] + 1, commas[1], (commas[1] + 1, n)
    elif at > 0 and tokens[at - 1].text == ",":
        src, end = at + 2, n
        while end > src and tokens[end - 1].kind == "punct":
            end -= 1
        claim = (0, at - 1)
    else:
        return None
    source = [t for t in tokens[src:end] if t.kind == "word"]
    if not source or any(t.lower in cfg.according_not_speakers for t in source):
        return lambda para: []
    speaker = _source_speaker(reader, sentence, src, end)
    regions = _clean_regions(tokens, [claim], [], cfg)

    def make(para: _Paragraph) -> list[_Draft]:
        inside = [t for a, b in regions for t in tokens[a:b]]
        if not inside:
            return []
        if all(t.kind == "quote" for t in inside):
            return [
                _Draft(_quote_text(para, q), speaker, "direct", para.index, True) for q in inside
            ]
        if len([t for t in inside if t.kind == "word"]) < cfg.claims["min_reported_words"]:
            return []
        text = _tidy(_cover(para.text, tokens, regions))
        return [_Draft(text, speaker, "reported", para.index, True)]

    if speaker is not None:
        reader.salient = speaker
    return make


def _mention_between(sentence: _Sentence, a: int, b: int) -> Mention | None:
    """A mention that is all of tokens a..b (role words in front of it allowed)."""
    for m in sentence.mentions:
        if a <= m.first and m.last == b - 1 and not m.possessive:
            return m
    return None


def _source_speaker(reader: _Reader, sentence: _Sentence, a: int, b: int) -> str | None:
    m = _mention_between(sentence, a, b)
    if m is not None:
        return reader.cast.resolve(m)
    tokens = sentence.tokens
    words = [k for k in range(a, b) if tokens[k].kind == "word"]
    if words and tokens[words[0]].lower in ("the",):
        role = _role_subject_at(tokens, words[0], reader.cfg, last=words[-1])
        if role is not None:
            return reader.cast.role(role[1], sentence.order(words[0]))
    if len(words) == 1 and tokens[words[0]].lower in _PRONOUNS:
        return _pronoun(reader, tokens[words[0]].lower)
    return None


def _frame_person(reader: _Reader, sentence: _Sentence) -> str | None:
    """The person a sentence without a reporting verb is about, if it names one."""
    for m in sentence.mentions:
        name = reader.cast.resolve(m)
        if name is not None:
            return name
    for t in sentence.tokens:
        if t.kind == "word" and (t.lower in _PRONOUNS or t.lower in _POSSESSIVE_PRONOUNS):
            return reader.salient
    return None


def _quote_text(para: _Paragraph, tok: Token) -> str:
    span = para.spans[tok.quote]
    return " ".join(span.content(para.text).split())


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" ,;:-—–").strip()


def _cover(text: str, tokens: Sequence[Token], regions: Sequence[tuple[int, int]]) -> str:
    """The article's own words from the first region's start to the last one's end: one span,
    never pieces put side by side."""
    if not regions:
        return ""
    start, end = tokens[regions[0][0]].start, tokens[regions[-1][1] - 1].end
    # Signs the tokenizer leaves out still belong to the words: "£300m", "5%".
    while start > 0 and text[start - 1] in _LEADING_SIGNS:
        start -= 1
    while end < len(text) and text[end] in _TRAILING_SIGNS:
        end += 1
    return text[start:end]


_LEADING_SIGNS = "£$€#"
_TRAILING_SIGNS = "%"


def _anchors(reader: _Reader, para: _Paragraph, sentence: _Sentence) -> list[_Anchor]:
    cfg = reader.cfg
    tokens = sentence.tokens
    out: list[_Anchor] = []
    for v, tok in enumerate(tokens):
        if tok.kind != "word" or not tok.text.islower():
            continue
        vl = v
        if tok.text in cfg.participles and v > 0 and tokens[v - 1].text == ",":
            out.append(_Anchor(v, v, v, v, _clause_subject(reader, sentence, v), False, True))
            continue
        if tok.text in cfg.verbs:
            pass
        elif v + 1 < len(tokens) and (tok.text, tokens[v + 1].lower) in cfg.multiword_verbs:
            vl = v + 1
        else:
            continue
        anchor = _inverted(reader, sentence, v, vl) or _forward(reader, sentence, v, vl)
        if anchor is not None:
            out.append(anchor)
    return out


def _clause_subject(reader: _Reader, sentence: _Sentence, v: int) -> str | None:
    """Who a participle ("..., saying ...") belongs to: the person the clause names first."""
    for m in sentence.mentions:
        if m.last < v and not m.possessive:
            name = reader.cast.resolve(m)
            if name is not None:
                return name
    words = [t for t in sentence.tokens[:v] if t.kind == "word"]
    if words and words[0].lower in _PRONOUNS:
        return _pronoun(reader, words[0].lower)
    role = _role_subject_at(sentence.tokens, 0, reader.cfg) if sentence.tokens else None
    if role is not None:
        return reader.cast.role(role[1], sentence.order(0))
    return None


def _speaker_of(
    reader: _Reader, sentence: _Sentence, first: int, last: int
) -> tuple[bool, str | None, int]:
    """(is a subject, its speaker, where it starts) for tokens[first..last] as a subject."""
    tokens = sentence.tokens
    if first == last and tokens[first].lower in _PRONOUNS:
        return True, _pronoun(reader, tokens[first].lower), first
    for m in sentence.mentions:
        if m.first <= first and m.last == last and not m.possessive:
            name = reader.cast.resolve(m)
            return name is not None, name, _role_start(tokens, m, reader.cfg)
    role = _role_subject_at(tokens, first, reader.cfg, last=last)
    if role is not None:
        if tokens[first].lower in ("a", "an"):
            return True, None, first
        return True, reader.cast.role(role[1], sentence.order(first)), first
    return False, None, first


def _role_start(tokens: Sequence[Token], m: Mention, cfg: Config) -> int:
    # "shadow health minister Lord Philip Hunt tells ...": the role words belong to the
    # attribution, not to the claim before it.
    first = m.first
    while first > 0 and tokens[first - 1].kind == "word" and tokens[first - 1].lower in m.role:
        first -= 1
    return first


def _pronoun(reader: _Reader, word: str) -> str | None:
    name = reader.salient
    if name is None:
        return None
    gender = reader.cast.gender(name)
    if gender is not None and gender != _PRONOUNS[word]:
        return None
    return name


def _role_subject_at(
    tokens: Sequence[Token], first: int, cfg: Config, last: int | None = None, bare: bool = False
) -> tuple[int, frozenset[str]] | None:
    """A role phrase starting at `first`: "the [words] head" (or "[words] head" when `bare`,
    as after an inverted verb in a headline). Returns (index of its head, role words): the
    phrase ending at `last` when given, else the shortest one."""
    start = first
    if tokens[first].kind == "word" and tokens[first].lower in ("the", "a", "an"):
        start = first + 1
    elif not bare:
        return None
    words: list[str] = []
    for k in range(start, min(start + 6, len(tokens))):
        t = tokens[k]
        if t.kind != "word" or t.lower in cfg.verbs:
            return None
        words.append(t.lower)
        if t.lower in cfg.role_heads and (last is None or k == last):
            return k, frozenset(w for w in words if w not in cfg.role_fillers)
    return None


def _forward(reader: _Reader, sentence: _Sentence, v: int, vl: int) -> _Anchor | None:
    cfg = reader.cfg
    tokens = sentence.tokens
    j = v - 1
    while j >= 0 and tokens[j].kind == "word":
        w = tokens[j].lower
        if w in cfg.negations:
            return None
        if w not in cfg.between:
            break
        j -= 1
    if j < 0:
        return None
    if tokens[j].text == ",":
        # An appositive between commas: "Hunt, the secretary of state for health, said", or
        # the name itself in apposition: "Labour's health spokesperson, Naomi Price, said".
        k = j - 1
        while k >= 0 and tokens[k].kind == "word" and tokens[k].lower not in cfg.verbs:
            k -= 1
        if k < 0 or tokens[k].text != "," or j - k > 26:
            return None
        inner = _mention_between(sentence, k + 1, j)
        if inner is not None and k >= 1 and tokens[k - 1].kind == "word":
            name = reader.cast.resolve(inner)
            if name is not None:
                return _Anchor(v, vl, _phrase_start(tokens, k), j - 1, name, inverted=False)
        j = k - 1
        if j < 0:
            return None
    if tokens[j].kind != "word":
        return None
    if tokens[j].lower == "who":
        return _relative(reader, sentence, v, vl, j)
    for first in range(j, max(-1, j - 7), -1):
        ok, speaker, start = _speaker_of(reader, sentence, first, j)
        if ok:
            return _Anchor(v, vl, start, j, speaker, inverted=False)
        if tokens[first].kind != "word":
            break
    group = _group_subject(tokens, j, cfg)
    if group is not None:
        return _Anchor(v, vl, group, j, None, inverted=False)
    return None


def _phrase_start(tokens: Sequence[Token], k: int) -> int:
    """First word of the phrase ending just before tokens[k] (at most 8 words back)."""
    first = k
    while first > 0 and k - first < 8 and tokens[first - 1].kind == "word":
        first -= 1
    return first


def _relative(reader: _Reader, sentence: _Sentence, v: int, vl: int, j: int) -> _Anchor | None:
    """ "..., Dr Ben Osei, a partner in Leeds, who said ...": the person the clause hangs on."""
    # The nearest person before "who" (a place such as "Leeds" in between names nobody).
    for m in reversed([m for m in sentence.mentions if m.last < j and j - m.last <= 12]):
        if m.possessive:
            return None
        name = reader.cast.resolve(m)
        if name is None:
            continue
        return _Anchor(v, vl, j, j, name, inverted=False, relative=True)
    return None


def _subject_start(tokens: Sequence[Token], j: int, cfg: Config) -> int | None:
    """Where a subject of up to six words ending at tokens[j] starts: after a coordinator
    joining two clauses (", but doctors said"), or at the sentence's start; None when other
    words stand before it ("While plans acknowledge ..." opens a subordinate clause)."""
    first = j
    while first > 0 and j - first < 6 and tokens[first - 1].kind == "word":
        if tokens[first - 1].lower in cfg.coordinators:
            break
        first -= 1
    if first > 0 and tokens[first - 1].kind == "word":
        joined = first >= 2 and tokens[first - 2].text in (",", ";")
        if tokens[first - 1].lower not in cfg.coordinators or not joined:
            return None
    return first


def _group_subject(tokens: Sequence[Token], j: int, cfg: Config) -> int | None:
    """Start of a subject naming a group or body rather than a person, ending at tokens[j]:
    "doctors' leaders", "the council", "A spokesperson for the inspectorate", "Critics"."""
    first = _subject_start(tokens, j, cfg)
    if first is None:
        return None
    words = [t.lower for t in tokens[first : j + 1]]
    if any(w in cfg.verbs or w in cfg.negations or w in cfg.not_subjects for w in words):
        return None
    if words[0] in _PREPOSITIONS or words[0] in ("according", "by", "with", "from", "for"):
        return None
    # The head is the last word before any "of"/"for"/"at" phrase: "a spokesperson for X".
    head_at = next(
        (k - 1 for k in range(first + 1, j + 1) if tokens[k].lower in ("of", "for", "at", "from")),
        j,
    )
    head = tokens[head_at]
    lower = head.lower.rstrip("'’")
    if lower in cfg.according_not_speakers:
        return None
    if lower in cfg.group_words or lower in cfg.role_heads:
        return first
    plural = lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3
    if plural:
        return first
    # A capitalised head that is not just the sentence's first word: an organisation.
    if head_at > 0 and head.text[:1].isupper():
        return first
    return None


def _inverted(reader: _Reader, sentence: _Sentence, v: int, vl: int) -> _Anchor | None:
    tokens = sentence.tokens
    if v > 0 and not (tokens[v - 1].text in (",", ":") or tokens[v - 1].kind == "quote"):
        return None
    i = vl + 1
    if i >= len(tokens) or tokens[i].kind != "word":
        return None
    if tokens[i].lower in _PRONOUNS:
        # "..., said she would ..." is no inversion: the pronoun starts the claim.
        if not _ends_clause(tokens, i):
            return None
        return _Anchor(v, vl, i, i, _pronoun(reader, tokens[i].lower), inverted=True)
    for m in sentence.mentions:
        if i <= m.first <= i + 4 and all(t.kind == "word" for t in tokens[i : m.first]):
            if m.possessive:
                return None
            name = reader.cast.resolve(m)
            if name is None or not _ends_clause(tokens, m.last):
                return None
            return _Anchor(v, vl, i, m.last, name, inverted=True)
    bare = _clause_ends(tokens, i, reader.cfg)
    role = _role_subject_at(tokens, i, reader.cfg, last=bare, bare=bare is not None)
    if role is not None:
        speaker = (
            None if tokens[i].lower in ("a", "an") else reader.cast.role(role[1], sentence.order(i))
        )
        return _Anchor(v, vl, i, role[0], speaker, inverted=True)
    # "..., the council said." / "..., said a spokesperson for the trust."
    end = i
    while end + 1 < len(tokens) and tokens[end + 1].kind == "word" and end - i < 6:
        end += 1
    if _ends_clause(tokens, end) and tokens[i].lower in ("the", "a", "an"):
        start = _group_subject(tokens, end, reader.cfg)
        if start == i:
            return _Anchor(v, vl, i, end, None, inverted=True)
    return None


def _ends_clause(tokens: Sequence[Token], k: int) -> bool:
    return k + 1 >= len(tokens) or tokens[k + 1].kind != "word"


def _clause_ends(tokens: Sequence[Token], i: int, cfg: Config) -> int | None:
    """Index of the last word of a bare role phrase from i to the clause end, if any."""
    k = i
    while k < len(tokens) and tokens[k].kind == "word":
        k += 1
    last = k - 1
    if last >= i and tokens[last].lower in cfg.role_heads:
        return last
    return None


def _complement(
    tokens: Sequence[Token], anchor: _Anchor, others: Sequence[_Anchor], cfg: Config
) -> list[tuple[int, int]]:
    """Token ranges of what the anchor's verb governs: after it, before it, or both."""
    n = len(tokens)
    if anchor.participle:
        k = anchor.verb_last + 1
        if k < n and tokens[k].lower == "that":
            k += 1
        return _clean_regions(tokens, [(k, n)], others, cfg)
    if anchor.inverted:
        before = (0, anchor.verb_first)
        after_start = anchor.subj_last + 1
        if (
            after_start < n
            and tokens[after_start].text == ","
            and _has_words(tokens, after_start + 1, n)
        ):
            regions = [before, (after_start + 1, n)]
        else:
            regions = [before]
    else:
        regions = _forward_regions(tokens, anchor, cfg)
    return _clean_regions(tokens, regions, others, cfg)


def _forward_regions(
    tokens: Sequence[Token], anchor: _Anchor, cfg: Config
) -> list[tuple[int, int]]:
    n = len(tokens)
    k = _past_object(tokens, anchor, cfg)
    while k < n and tokens[k].kind == "word" and tokens[k].lower in cfg.after_verb:
        k += 1
    comma_after = k < n and tokens[k].text == ","
    if k < n and tokens[k].kind == "word" and tokens[k].lower in _PREPOSITIONS:
        # "he adds of the LMCs vote, '...'": the phrase after the verb is not the claim.
        stop = next((j for j in range(k, min(k + 9, n)) if tokens[j].text == ","), None)
        if stop is not None:
            k, comma_after = stop, True
    if k < n and tokens[k].lower == "that":
        k += 1
    if k < n and tokens[k].text == ":":
        # "X said: ..." — what follows the colon (maybe the next paragraph) is the claim; the
        # words before the subject only set the scene.
        return [(k + 1, n)]
    if anchor.relative:
        return [(k, n)]
    return _regions_from(tokens, anchor, k, comma_after)


def _regions_from(
    tokens: Sequence[Token], anchor: _Anchor, k: int, comma_after: bool
) -> list[tuple[int, int]]:
    """The claim's regions once its start `k` after the verb is known: from there to the
    end (with a relative clause's antecedent), or, after a comma, the words before the
    subject, and what follows when the attribution sits inside the claim."""
    n = len(tokens)
    before = (0, anchor.subj_first)
    if not comma_after:
        if _has_words(tokens, k, n) or _has_quotes(tokens, k, n):
            return [*_antecedent(tokens, anchor.subj_first), (k, n)]
        return [before]
    k += 1
    if not (_has_words(tokens, k, n) or _has_quotes(tokens, k, n)) or tokens[k].lower.endswith(
        "ing"
    ):
        return [before]
    prev = tokens[anchor.subj_first - 1] if anchor.subj_first > 0 else None
    if prev is not None and (prev.text == "," or prev.kind == "quote"):
        return [before, (k, n)]
    return [before]


def _past_object(tokens: Sequence[Token], anchor: _Anchor, cfg: Config) -> int:
    """Where the claim may start after a reporting verb that takes an object: past "that",
    an object pronoun ("told us"), or a listener ("told the Evening Post", "told the meeting
    the authority had ...")."""
    n = len(tokens)
    k = anchor.verb_last + 1
    if tokens[anchor.verb_first].lower not in cfg.with_object or k >= n:
        return k
    ahead = [t.lower for t in tokens[k : k + 5]]
    if "that" in ahead:
        return k + ahead.index("that")
    if tokens[k].lower in _OBJECT_PRONOUNS:
        return k + 1
    # A listener: "told the Evening Post", "tells GPonline", "told MPs".
    j = k + 1 if tokens[k].lower in ("the", "a", "an") else k
    while j < n and tokens[j].kind == "word" and tokens[j].text[:1].isupper():
        j += 1
    if j > k and tokens[j - 1].text[:1].isupper():
        return j
    if tokens[k].lower in _DETERMINERS:
        # "told the meeting the authority had ...": a listener, then the clause.
        for m in range(k + 2, min(k + 5, n)):
            if tokens[m].kind != "word" or tokens[m].lower in cfg.verbs:
                break
            if tokens[m].lower in _CLAUSE_OPENERS:
                return m
    return k


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
_CLAUSE_OPENERS = _DETERMINERS | {"it", "he", "she", "they", "we", "there", "i", "you", "our"}
_RELATIVES = {"which", "who", "whom"}


def _antecedent(tokens: Sequence[Token], subj_first: int) -> list[tuple[int, int]]:
    """The noun phrase a relative clause hangs on: "the GP independent contractor model,
    which he thinks is 'benefitting the NHS'" claims something about that model."""
    k = subj_first - 1
    if k < 1 or tokens[k].lower not in _RELATIVES:
        return []
    end = k - 1 if tokens[k - 1].text == "," else k
    j = end - 1
    while j >= 0 and end - j <= 8 and tokens[j].kind == "word":
        if tokens[j].lower in _DETERMINERS:
            return [(j, end)]
        j -= 1
    return []


def _has_words(tokens: Sequence[Token], a: int, b: int) -> bool:
    return any(t.kind == "word" for t in tokens[a:b])


def _has_quotes(tokens: Sequence[Token], a: int, b: int) -> bool:
    return any(t.kind == "quote" for t in tokens[a:b])


def _clean_regions(
    tokens: Sequence[Token],
    regions: list[tuple[int, int]],
    others: Sequence[_Anchor],
    cfg: Config,
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in regions:
        # Another attribution at the end of the region ("..., he says.") is not claim text.
        for o in others:
            lo = min(o.subj_first, o.verb_first)
            hi = max(o.subj_last, o.verb_last)
            if (
                a <= lo
                and hi < b
                and not _has_words(tokens, hi + 1, b)
                and not _has_quotes(tokens, hi + 1, b)
            ):
                b = lo
        a = _skip_label(tokens, a, b, cfg)
        # "However, Labour would ...": a connective ties the claim to the sentence before.
        while a < b and (tokens[a].kind == "punct" or tokens[a].lower in cfg.connectives):
            a += 1
        while b > a and tokens[b - 1].kind == "punct" and tokens[b - 1].text != ")":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _skip_label(tokens: Sequence[Token], a: int, b: int, cfg: Config) -> int:
    # "Interview: Labour would ..." — a short label before a colon is not what was said.
    limit = cfg.claims["max_label_words"]
    for k in range(a, min(b, a + limit + 1)):
        if tokens[k].text == ":" and k > a:
            return k + 1
        if tokens[k].kind != "word":
            break
    return a


def main_speaker(claims: Sequence[Claim], article: Article) -> str | None:
    """The person the article is mostly about: the speaker of most claims.

    Ties go to the speaker of the earlier claim; None when no claim has a speaker.
    """
    counts = Counter(c.speaker for c in claims if c.speaker)
    if not counts:
        return None
    first = {}
    for i, c in enumerate(claims):
        if c.speaker and c.speaker not in first:
            first[c.speaker] = i
    return max(counts, key=lambda s: (counts[s], -first[s]))
