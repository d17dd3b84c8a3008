"""The claim reader: an article's paragraphs in, its claims out, each with its speaker (see
the package docstring for the method)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from analysis.claims.parts import (
    _Anchor,
    _cover,
    _Draft,
    _Maker,
    _Paragraph,
    _paragraphs,
    _quote_text,
    _Reader,
    _Sentence,
    _sub,
    _tidy,
)
from analysis.claims.regions import _DETERMINERS, _clean_regions, _complement, _has_words
from analysis.claims.subjects import (
    _anchors,
    _frame_person,
    _mention_between,
    _role_subject_at,
    _source_speaker,
)
from analysis.model import Article, Claim
from analysis.rules import Rules
from analysis.speakers import (
    Cast,
    Config,
    Mention,
    Token,
    config,
    role_words,
)

#: Token budget of a sentence start in which a named person counts as its subject.
_SUBJECT_WINDOW = 5


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
