"""The non-empty lines of a text capture, each with where it sits in the capture."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of the capture: its stripped text, where that text sits, its words."""

    index: int
    start: int
    end: int
    text: str
    words: int


def lines_of(text: str) -> list[Line]:
    """The non-empty lines of a capture, stripped, with their places in it.

    >>> [ln.text for ln in lines_of("Title\\n\\n  Body text \\n")]
    ['Title', 'Body text']
    """
    out: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            s = pos + lead
            out.append(Line(i, s, s + len(stripped), stripped, len(stripped.split())))
        pos += len(raw) + 1
    return out
