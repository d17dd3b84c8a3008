"""The pieces the claim reader works on: paragraphs cut into sentences (pysbd, on pieces of
bounded size, quotations masked), sentences of tokens, attributions (anchors), drafts of claims
and the reader's running state; and a claim's text as cut from its paragraph."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pysbd

from analysis.claims.quotes import QuoteSpan, _is_mark, find_quotes
from analysis.model import Article, ClaimKind
from analysis.speakers import (
    Cast,
    Config,
    Mention,
    Order,
    Token,
    find_mentions,
    tokenize,
)

_KEEP_IN_MASK = ".?!…,"


@functools.cache
def segmenter() -> pysbd.Segmenter:
    """The pysbd sentence segmenter, built once (building it compiles many rules)."""
    return pysbd.Segmenter(language="en", clean=False)


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


def _sub(sentence: _Sentence, a: int, b: int) -> _Sentence:
    """Tokens a..b of a sentence as a sentence of their own (one clause of it)."""
    mentions = [
        replace(m, first=m.first - a, last=m.last - a)
        for m in sentence.mentions
        if a <= m.first and m.last < b
    ]
    return _Sentence(sentence.tokens[a:b], mentions, sentence.paragraph)


_Maker = Callable[[_Paragraph], list[_Draft]]


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
