"""Quotations in a paragraph: which marks open and which close a quotation (straight and curly
marks, guillemets, apostrophes and plural possessives told apart), and the top-level spans, in
time linear in the paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SINGLE_MARKS = "'‘’‛"
DOUBLE_MARKS = '"“”„‟«»'
_OPEN_CONTEXT = "([{—–-/"
_CLOSE_CONTEXT = ".,;:!?)]}—–-…/"


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
