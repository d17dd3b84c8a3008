"""Fit the body model of copied text (analysis/rules/body_model.npz).

For every development page of ../shared/realpages (the seeded test quarter in
benchmarks/real/split.json is never read), each line of the copied text (text/<id>.txt) above
the comment list the rhythm finds is labelled body when its words, in order, are a run of the
words of the gold's main content. Gradient-boosted trees (scikit-learn's
HistGradientBoostingClassifier) over `article_text.line_features`, each line weighted by its
words (the page score counts words), are fitted; the threshold and keep share are chosen by
grouped cross-validation to maximise the mean content F1 of the pages (headline and body
against the gold's content, as the shared scorer counts it); the trees, threshold and keep
share are written to analysis/rules/body_model.npz as plain arrays (analysis.rules.trees).
Deterministic: same pages, same model. Needs scikit-learn.

  .venv/bin/python benchmarks/fit_text_body.py [--pages ../shared/realpages] [--dry-run]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from fit_page_ranker import MARKER, WORD, arguments, decode_gold, f1
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import rules as rules_mod  # noqa: E402
from analysis import sources  # noqa: E402
from analysis.errors import AnalysisError  # noqa: E402
from analysis.pages import article_text, rhythm  # noqa: E402
from analysis.pages.lines import Line, lines_of  # noqa: E402
from analysis.rules import trees  # noqa: E402
from analysis.rules.schema import PageRules  # noqa: E402

THRESHOLDS = np.arange(0.2, 0.71, 0.05)
KEEP_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
#: The trees' settings (early stopping on a seeded tenth of the rows ends them sooner).
TREES = {
    "max_iter": 400,
    "learning_rate": 0.2,
    "max_leaf_nodes": 63,
    "min_samples_leaf": 40,
    "random_state": 0,
}


def fitted(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> HistGradientBoostingClassifier:
    model = HistGradientBoostingClassifier(**TREES)  # type: ignore[arg-type]
    model.fit(x, y, sample_weight=w)
    return model


def cross_validated(x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each row's probability from trees that did not see its page (5-fold grouped CV)."""
    prob = np.zeros(len(y))
    for tr, te in GroupKFold(5).split(x, y, groups):
        prob[te] = fitted(x[tr], y[tr], w[tr]).predict_proba(x[te])[:, 1]
    return prob


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
    # The page rules alone: the body model this fits is not needed (and may not exist yet).
    toml = rules_mod.FILES["pages"]
    rules = rules_mod.parse(PageRules, toml.read_text(encoding="utf-8"), str(toml))
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
    y, grp, x, w = np.array(ys), np.array(groups), np.array(rows), np.array(weights)
    prob = cross_validated(x, y, w, grp)
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
    final = fitted(x, y, w)
    model = trees.from_sklearn(final, names, threshold, keep)
    check = final.predict_proba(x[:2000])[:, 1]
    assert np.allclose(model.probabilities(x[:2000]), check), "export differs from sklearn"
    print(f"{len(model.roots)} trees, {len(model.leaf)} nodes")
    if not args.dry_run:
        with (ROOT / "analysis/rules/body_model.npz").open("wb") as fh:
            np.savez_compressed(fh, **trees.to_arrays(model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
