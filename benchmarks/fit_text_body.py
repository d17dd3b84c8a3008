"""Fit the body model of copied text ([text.article.model] in analysis/rules/pages.toml).

For every development page of ../shared/realpages (the seeded test quarter in
benchmarks/real/split.json is never read), each line of the copied text (text/<id>.txt) above
the comment list the rhythm finds is labelled body when its words, in order, are a run of the
words of the gold's main content. A logistic regression over `article_text.line_features`,
each line weighted by its words (the page score counts words), is fitted; the threshold and
keep share are chosen by grouped cross-validation to maximise the mean content F1 of the
pages (headline and body against the gold's content, as the shared scorer counts it); the
weights are written into [text.article.model] (keep_share into [text.article]).
Deterministic: same pages, same weights. Needs scikit-learn.

  .venv/bin/python benchmarks/fit_text_body.py [--pages ../shared/realpages] [--dry-run]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from fit_page_ranker import (
    MARKER,
    WORD,
    arguments,
    cross_validated,
    decode_gold,
    f1,
    write_table,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import rules as rules_mod  # noqa: E402
from analysis import sources  # noqa: E402
from analysis.errors import AnalysisError  # noqa: E402
from analysis.pages import article_text, rhythm  # noqa: E402
from analysis.pages.lines import Line, lines_of  # noqa: E402
from analysis.rules.schema import PageRules  # noqa: E402

THRESHOLDS = np.arange(0.2, 0.71, 0.05)
KEEP_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)


def gold_content(pages: Path, page: str) -> str:
    text = decode_gold((pages / "gold" / f"{page}.txt").read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = MARKER.search(text)
    return text[: m.start()] if m else text


def labels(zone: Sequence[Line], gold: str) -> list[int]:
    """1 for a line whose words, in order, are a run of the gold content's words."""
    words = " " + " ".join(WORD.findall(gold.lower())) + " "
    out = []
    for ln in zone:
        toks = WORD.findall(ln.text.lower())
        out.append(int(bool(toks) and f" {' '.join(toks)} " in words))
    return out


def decode(
    zone: Sequence[Line], prob: Sequence[float], threshold: float, keep: float, rules: PageRules
) -> str:
    """The headline and body text `article_text.body` gives with these settings."""
    found = article_text.choose(zone, prob, threshold, keep, rules)
    head = [zone[found.headline].text] if found.headline is not None else []
    return "\n".join(head + [zone[k].text for k in found.lines])


def main() -> int:
    args = arguments(__doc__.split("\n")[0])
    rules = rules_mod.load().pages
    test = set(json.loads((ROOT / "benchmarks/real/split.json").read_text())["test"])
    listed = json.loads((args.pages / "pages.json").read_text())
    dev = sorted(p for p in listed["with_comments"] + listed["without_comments"] if p not in test)
    zones: list[list[Line]] = []
    golds: list[str] = []
    rows: list[list[float]] = []
    ys: list[int] = []
    weights: list[float] = []
    groups: list[int] = []
    names: list[str] | None = None
    for page in dev:
        try:
            raw = sources.read_path(args.pages / "text" / f"{page}.txt")
        except AnalysisError:
            continue
        lines = lines_of(raw.text)
        chosen = rhythm.best(lines, rules)
        zone = lines[: chosen.start] if chosen is not None else lines
        gold = gold_content(args.pages, page)
        feats = article_text.line_features(zone, rules)
        names = names or (sorted(feats[0]) if feats else None)
        g = len(zones)
        zones.append(zone)
        golds.append(gold)
        for ln, f, y in zip(zone, feats, labels(zone, gold), strict=True):
            rows.append([f[n] for n in names or ()])
            ys.append(y)
            weights.append(float(max(1, ln.words)))
            groups.append(g)
    assert names is not None
    y, grp = np.array(ys), np.array(groups)
    prob, fit, mean, scale = cross_validated(np.array(rows), y, np.array(weights), grp)
    starts = np.searchsorted(grp, np.arange(len(zones)))
    best = (-1.0, 0.5, 0.5)
    for t in THRESHOLDS:
        for keep in KEEP_SHARES:
            score = 0.0
            for g, zone in enumerate(zones):
                p = prob[starts[g] : starts[g] + len(zone)]
                score += f1(decode(zone, p, float(t), keep, rules), golds[g])
            score /= len(zones)
            if score > best[0]:
                best = (score, float(t), keep)
    score, threshold, keep = best
    print(
        f"threshold {threshold:.3f}, keep share {keep}: cross-validated content F1 {score:.3f} "
        f"on {len(zones)} dev pages ({len(y)} lines, {y.mean():.2f} body)"
    )
    if not args.dry_run:
        toml = ROOT / "analysis/rules/pages.toml"
        text = toml.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^keep_share = .*$", f"keep_share = {keep}", text, count=1)
        toml.write_text(text, encoding="utf-8")
    return write_table(
        "text.article.model", threshold, fit(np.arange(len(y))), names, mean, scale, args.dry_run
    )


if __name__ == "__main__":
    sys.exit(main())
