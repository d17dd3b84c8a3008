"""What the copied-text ranker weighs about a candidate comment list (`rhythm.Candidate`):
its size, words, prose, meta shapes, the comment heading above it, where it sits against
the article's prose, and the page's declared comment counts; and the ranker's score."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from analysis.pages import article_text
from analysis.pages.lines import Line
from analysis.rules.schema import PageRules

if TYPE_CHECKING:
    from analysis.pages.rhythm import Candidate


def _under_heading(
    lines: Sequence[Line], k: int, rules: PageRules, within: int | None = None
) -> bool:
    """Whether a comment-list heading ("1 Comment", "One response to ...") sits just above
    (within `within` lines, by default the rules' window)."""
    tr = rules.text
    span = within or tr.window
    return any(_heads_list(lines[j].text, rules) for j in range(max(0, k - span), k))


#: A line counting the comments this long or shorter may head the list ("1 CommentNo
#: Reactions", "One Comment leave one →").
_HEADING_COUNT_LINE = 60


def _heads_list(text: str, rules: PageRules) -> bool:
    """Whether a line heads a comment list: a heading, or a short line counting comments."""
    tr = rules.text
    if tr.comment_heading.fullmatch(text):
        return True
    return len(text) <= _HEADING_COUNT_LINE and bool(tr.declared_count.search(text))


def declared_counts(lines: Sequence[Line], rules: PageRules) -> frozenset[int]:
    """The comment counts a page declares on its short lines ("4 comments:", "Comments (2)")."""
    out: set[int] = set()
    for ln in lines:
        if len(ln.text) > _COUNT_LINE:
            continue
        for m in rules.text.declared_count.finditer(ln.text):
            n = m.group("n") or m.group("m")
            out.add(1 if n.lower() == "one" else int(n))
    return frozenset(out)


#: Lines longer than this are prose, not a count line.
_COUNT_LINE = 200


def _prose_at(lines: Sequence[Line], rules: PageRules) -> tuple[list[float], tuple[int, ...]]:
    """The prose before each line (`article_text.prefix_runs`) and the page's best run."""
    return article_text.prefix_runs(lines, rules), article_text.prose_run(lines, rules)


def features(
    cand: Candidate,
    lines: Sequence[Line],
    rules: PageRules,
    declared: frozenset[int] = frozenset(),
    prose_at: tuple[list[float], tuple[int, ...]] | None = None,
) -> dict[str, float]:
    """What the ranker weighs about one candidate list (`declared`: the page's comment
    counts, `declared_counts`; `prose_at`: the page's `_prose_at`, read once a page)."""
    tr = rules.text
    n = len(cand.comments)
    words = [sum(lines[k].words for k in c.text) for c in cand.comments]
    gaps = [b - a for a, b in itertools.pairwise(cand.beats)]
    mean_gap = sum(gaps) / len(gaps) if gaps else 0.0
    spread = (
        math.sqrt(sum((g - mean_gap) ** 2 for g in gaps) / len(gaps)) / mean_gap if gaps else 1.0
    )
    prose = [k for c in cand.comments for k in c.text if tr.prose.search(lines[k].text)]
    text_lines = sum(len(c.text) for c in cand.comments)
    heading_before = _under_heading(lines, cand.start + 1, rules, 2 * tr.window)
    prefix, whole = prose_at or _prose_at(lines, rules)
    before = prefix[cand.start]
    inside = sum(1 for k in whole if cand.start <= k < cand.end)
    return {
        "n_log": math.log(n),
        "words_log": math.log1p(sum(words) / n),
        "empty_share": sum(1 for w in words if w == 0) / n,
        "spread": min(spread, 3.0),
        "prose_share": len(prose) / text_lines if text_lines else 0.0,
        "date": float(bool(tr.date_shape.search(cand.shape))),
        "says": float(bool(tr.header_shape.search(cand.shape))),
        "posted": float(bool(tr.footer_shape.search(cand.shape))),
        "action": float(bool(tr.action_shape.fullmatch(cand.shape))),
        "meta_lines": sum(len(c.meta) for c in cand.comments) / n,
        "position": cand.start / max(1, len(lines)),
        "heading": float(heading_before),
        "header": float(cand.header),
        "before_log": math.log1p(before),
        "body_inside": inside / len(whole) if whole else 0.0,
        "lines_log": math.log1p(text_lines / n),
        "single_headed": float(n == 1 and heading_before),
        "count_match": float(n in declared),
        "end_mark": float(
            any(tr.list_end.fullmatch(ln.text) for ln in lines[cand.end : cand.end + 2 * tr.window])
        ),
        "posted_colon": float(cand.shape.startswith("posted by :")),
        "bare": float(not tr.beat_shape.search(cand.shape)),
        "named_date": float(" W" in f" {cand.shape}" and bool(tr.date_shape.search(cand.shape))),
    }


def score(feats: dict[str, float], rules: PageRules) -> float:
    """The ranker's probability that a candidate is the page's comment list."""
    r = rules.text.ranker
    z = r.intercept
    for name, w in r.weights.items():
        x = feats.get(name, 0.0)
        z += w * (x - r.mean.get(name, 0.0)) / (r.scale.get(name, 1.0) or 1.0)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
