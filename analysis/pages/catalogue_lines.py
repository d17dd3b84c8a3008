"""The lines of a copied page as the layout catalogue reads them (`text.py`): each with its
index, its text stripped, and its indent."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the capture: its stripped text and where that text sits in the capture."""

    index: int
    start: int
    end: int
    indent: int
    text: str


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip()) if stripped else 0
        out.append(_Line(i, pos + lead, pos + lead + len(stripped), lead, stripped))
        pos += len(line) + 1
    return out
