"""The article in copied page text: its headline and body lines among the site's chrome.

Copied text keeps the site's menus, sidebars, share bars and footers as lines like any other.
Body text differs from them the way jusText (Pomikálek 2011) and the body-text-extraction
idea (Finn et al. 2001) read it: body lines are long and dense in function words ("the",
"of", "that"); chrome lines are short, or lists of names and links. So:

1. each line scores its word count when it reads as prose (long enough, enough stopwords),
   and a penalty otherwise;
2. the body is the run of lines with the greatest total score (a maximum subarray): one
   stretch of text, with its short lines (subheadings, a one-line paragraph) kept when
   prose lies on both sides;
3. lines inside it that are plainly chrome (a share bar, "Tweet", a lone date) are dropped;
4. the headline is the nearest title-like line above the body.

Tunables live in rules/pages.toml (`[text.article]`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.pages.lines import Line
from analysis.rules.schema import PageRules

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Body:
    """Where the article sits among the lines: its headline line and body lines."""

    headline: int | None
    lines: tuple[int, ...]


def _prose(line: Line, rules: PageRules) -> tuple[int, float]:
    words = _WORD.findall(line.text.lower())
    if not words:
        return 0, 0.0
    stop = rules.text.article.stopwords
    return len(words), sum(1 for w in words if w in stop) / len(words)


def _line_score(ln: Line, rules: PageRules) -> float:
    ar = rules.text.article
    n, share = _prose(ln, rules)
    if n >= ar.min_words and share >= ar.min_stopword_share and not ar.chrome.fullmatch(ln.text):
        return float(n)
    return -ar.penalty - ar.word_penalty * n


def _best_run(zone: Sequence[Line], rules: PageRules) -> tuple[float, int, int]:
    """The run of lines with the greatest total score: (score, first, last)."""
    best, best_at, run, run_at = 0.0, (0, -1), 0.0, 0
    for k, ln in enumerate(zone):
        if run <= 0:
            run, run_at = 0.0, k
        run += _line_score(ln, rules)
        if run > best:
            best, best_at = run, (run_at, k)
    return best, best_at[0], best_at[1]


def score_run(lines: Sequence[Line], rules: PageRules) -> float:
    """How much prose the best run of `lines` holds (0 for none)."""
    return _best_run(lines, rules)[0]


def body(lines: Sequence[Line], rules: PageRules, stop_at: int | None = None) -> Body:
    """The article's headline and body among `lines[:stop_at]` (comments already out)."""
    ar = rules.text.article
    zone = lines[: len(lines) if stop_at is None else stop_at]
    _, first, last = _best_run(zone, rules)
    if last < first:
        return Body(None, ())
    kept = tuple(k for k in range(first, last + 1) if not ar.chrome.fullmatch(zone[k].text))
    return Body(_headline(zone, first, rules), kept)


def _headline(zone: Sequence[Line], first: int, rules: PageRules) -> int | None:
    """The nearest title-like line above the body: a few words, no date, no bar."""
    ar = rules.text.article
    for k in range(first - 1, max(-1, first - 1 - ar.headline_window), -1):
        ln = zone[k]
        if ar.headline_min_words <= ln.words <= ar.headline_max_words and not (
            ar.not_headline.search(ln.text) or ar.chrome.fullmatch(ln.text)
        ):
            return k
    return None
