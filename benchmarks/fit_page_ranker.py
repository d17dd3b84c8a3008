"""Fit the comment-list ranker of analysis/rules/pages.toml on real pages (development part).

For every development page of ../shared/realpages (the seeded test quarter in
benchmarks/real/split.json is never read), each candidate comment list the structure gives
is labelled by its comment text against the page's gold (bag-of-words F1 >= 0.5: the list is
the page's comments). Gradient-boosted trees over the candidates' features are fitted (they
weigh features together: a linked name counts against a list of links but not against a list
with dates and numbered ids, which one logistic weight cannot say), the decision threshold
chosen by grouped cross-validation to maximise the mean page score (comment F1 on pages with
comments, 1 for saying nothing on pages without), the trees written to
analysis/rules/page_ranker.npz and the threshold into the [ranker] table of pages.toml.
Deterministic: same pages and same shipped rules, same trees (the candidates each page gives
are those the shipped rules find). (`fit_text_ranker.py` shares the collection and fits the
logistic form.)

  .venv/bin/python benchmarks/fit_page_ranker.py [--pages ../shared/realpages] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import rules as rules_mod  # noqa: E402
from analysis import sources  # noqa: E402
from analysis.errors import AnalysisError  # noqa: E402
from analysis.pages import dom, threads  # noqa: E402
from analysis.rules import trees  # noqa: E402

MARKER = re.compile(r"^[ \t]*!+@#\$%[^\n]*$", re.M)
WORD = re.compile(r"\w+")
LABEL_F1 = 0.5
#: A right candidate with this many times fewer comments than another right one is a wrapper.
WRAPPER_SHARE = 3
#: How much one fixture page's candidates weigh against one real page's.
FIXTURE_WEIGHT = 10.0
#: Inverse regularisation strength of the logistic regression.
C = 1.0
#: The trees' settings: small trees, a slow rate (938 candidates on 546 pages is little).
TREES = {"learning_rate": 0.05, "max_iter": 200, "max_leaf_nodes": 7, "min_samples_leaf": 20}
#: Decision thresholds tried.
THRESHOLDS = np.arange(0.15, 0.8, 0.025)


def decode_gold(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def gold_comments(pages: Path, page: str) -> str:
    text = decode_gold((pages / "gold" / f"{page}.txt").read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = MARKER.search(text)
    return text[m.end() :] if m else ""


def f1(pred: str, gold: str) -> float:
    p, g = Counter(WORD.findall(pred.lower())), Counter(WORD.findall(gold.lower()))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def page_candidates(path: Path, page_rules) -> list[threads.Candidate]:  # type: ignore[no-untyped-def]
    try:
        raw = sources.read_path(path)
    except AnalysisError:
        return []
    reading = dom.read(raw.html or "", page_rules.dom)
    if reading is None:
        return []
    return threads.candidates(reading.blocks, page_rules, reading.title)


#: One page's candidate lists, best first: each its features and its comment texts.
Read = Callable[[Path], list[tuple[dict[str, float], list[str]]]]
#: rows, labels, quality, groups, weight, feature names, dev pages, has-comments.
Collected = tuple[
    list[list[float]], list[int], list[float], list[str], list[float], list[str], list[str],
    dict[str, bool],
]  # fmt: skip


def collect(
    pages: Path, form: str, read: Read, per_page: int, suffix: str, fixture_weight: float
) -> Collected:
    """Every candidate of every development page (`form`/<id>`suffix`; the test quarter is
    never read), labelled by its comment text against the gold; then our own fixtures of
    that suffix (written for the tests, MIT), weighted `fixture_weight`, so the ranker also
    knows today's layouts: a fixture candidate is right when it holds the fixture's comments
    (their count and the first one's opening words). Returns what the fitters take:
    rows, labels, quality, groups, weight, feature names, dev pages, has-comments."""
    listed = json.loads((pages / "pages.json").read_text())
    test = set(json.loads((ROOT / "benchmarks/real/split.json").read_text())["test"])
    dev = sorted(p for p in listed["with_comments"] + listed["without_comments"] if p not in test)
    rows, labels, groups, quality, weight, has = [], [], [], [], [], {}
    names: list[str] | None = None
    for k, page in enumerate(dev):
        gold = gold_comments(pages, page)
        has[page] = bool(WORD.search(gold))
        found = read(pages / form / f"{page}{suffix}")[:per_page]
        scores = [f1("\n".join(texts), gold) if has[page] else 0.0 for _, texts in found]
        right = [len(t) for (_, t), y in zip(found, scores, strict=True) if y >= LABEL_F1]
        most = max(right, default=0)
        for (feats, texts), y in zip(found, scores, strict=True):
            names = names or sorted(feats)
            rows.append([feats[n] for n in names])
            labels.append(int(y >= LABEL_F1 and not wrapper(len(texts), most)))
            quality.append(y)
            groups.append(page)
            weight.append(1.0)
        if (k + 1) % 100 == 0:
            print(f"{k + 1}/{len(dev)} pages", file=sys.stderr)
    assert names is not None
    fixtures = ROOT / "tests/fixtures/pages"
    for expect_path in sorted(fixtures.glob("*.expect.json")):
        expect = json.loads(expect_path.read_text(encoding="utf-8"))
        page_file = fixtures / expect.get("file", "")
        if not expect.get("file") or page_file.suffix != suffix:
            page_file = fixtures / (expect_path.name.removesuffix(".expect.json") + suffix)
        if not page_file.exists():
            continue
        want = [c for c in expect.get("comments", []) if not c.get("moderated")]
        opening = (want[0].get("text") or want[0].get("starts_with", "")) if want else ""
        for feats, texts in read(page_file)[:per_page]:
            right = (
                bool(want)
                and abs(len(texts) - len(want)) <= 1
                and any(t.startswith(opening[:30]) for t in texts[:2])
            )
            rows.append([feats[n] for n in names])
            labels.append(int(right))
            quality.append(1.0 if right else 0.0)
            groups.append("fixture:" + page_file.stem)
            weight.append(fixture_weight)
    return rows, labels, quality, groups, weight, names, dev, has


def wrapper(n: int, most: int) -> bool:
    """A candidate of `n` comments holding the words of a right list of `most` comments is an
    element around that list, every comment run into one or two: wrong, whatever its words."""
    return n * WRAPPER_SHARE <= most


def arguments(description: str) -> argparse.Namespace:
    """Both fitters' command line: where the real pages are, and whether to write the fit."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "realpages")
    ap.add_argument(
        "--dry-run", action="store_true", help="print, do not write pages.toml or the model"
    )
    return ap.parse_args()


def main() -> int:
    args = arguments(__doc__.split("\n")[0])
    page_rules = rules_mod.load().pages

    def read(path: Path) -> list[tuple[dict[str, float], list[str]]]:
        return [(c.features, c.texts) for c in page_candidates(path, page_rules)]

    data = collect(args.pages, "html", read, 20, ".html", FIXTURE_WEIGHT)
    return fit_trees_and_write(data, args.dry_run)


def fit_trees_and_write(data: Collected, dry_run: bool) -> int:
    """Fit the trees on `collect`'s rows (grouped CV by page for the threshold), write
    page_ranker.npz and the threshold of pages.toml's [ranker] (or print what would be)."""
    rows, labels, quality, groups, weight, names, dev, has = data
    x, y, w = np.array(rows), np.array(labels), np.array(weight)

    def fit(idx: np.ndarray) -> HistGradientBoostingClassifier:
        model = HistGradientBoostingClassifier(**TREES, random_state=0)
        return model.fit(x[idx], y[idx], sample_weight=w[idx])

    prob = np.zeros(len(y))
    for tr, te in GroupKFold(5).split(x, y, np.array(groups)):
        prob[te] = fit(tr).predict_proba(x[te])[:, 1]
    threshold, detail = best_threshold(prob, quality, groups, dev, has)
    print(f"threshold {threshold:.3f}: cross-validated {detail}")
    final = fit(np.arange(len(y)))
    model = trees.from_sklearn(final, names, threshold, 1.0)
    assert np.allclose(model.probabilities(x), final.predict_proba(x)[:, 1]), "export differs"
    print(f"{len(model.roots)} trees, {len(model.leaf)} nodes")
    if dry_run:
        return 0
    with (ROOT / "analysis/rules/page_ranker.npz").open("wb") as fh:
        np.savez_compressed(fh, **trees.to_arrays(model))
    table = "\n".join(
        [
            "[ranker]",
            "# The trees of the comment-list ranker are analysis/rules/page_ranker.npz",
            "# (benchmarks/fit_page_ranker.py); a list stands at this probability or above.",
            f"threshold = {threshold:.3f}",
        ]
    )
    replace_table("ranker", table)
    return 0


def best_threshold(
    prob: np.ndarray, quality: list[float], groups: list[str], dev: list[str],
    has: dict[str, bool],
) -> tuple[float, str]:  # fmt: skip
    """The threshold whose picks read the dev pages best (each page's most probable candidate
    at or above it), and a line saying how well."""
    best_t, best_score, detail = 0.5, -1.0, ""
    for t in THRESHOLDS:
        picked: dict[str, tuple[float, float]] = {}
        for p, q, page in zip(prob, quality, groups, strict=True):
            if page.startswith("fixture:"):
                continue
            if p >= t and (page not in picked or p > picked[page][0]):
                picked[page] = (p, q)
        with_c = [picked.get(p, (0, 0.0))[1] for p in dev if has[p]]
        without = [0.0 if p in picked else 1.0 for p in dev if not has[p]]
        score = (sum(with_c) + sum(without)) / len(dev)
        if score > best_score:
            best_t, best_score = float(t), score
            detail = (
                f"comments F1 {sum(with_c) / len(with_c):.3f} on {len(with_c)} pages, "
                f"false {len(without) - int(sum(without))}/{len(without)}, "
                f"missed {sum(1 for p in dev if has[p] and p not in picked)}"
            )
    return best_t, detail


def cross_validated(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray
) -> tuple[np.ndarray, Callable[[np.ndarray], LogisticRegression], np.ndarray, np.ndarray]:
    """A weighted logistic regression over standardised rows: each row's probability from a
    model that did not see its group (5-fold grouped CV), the fitter (rows by index), and the
    mean and scale the rows were standardised with."""
    mean, scale = x.mean(0), x.std(0) + 1e-9

    def fit(idx: np.ndarray) -> LogisticRegression:
        model = LogisticRegression(C=C, max_iter=5000)
        model.fit((x[idx] - mean) / scale, y[idx], sample_weight=w[idx])
        return model

    prob = np.zeros(len(y))
    for tr, te in GroupKFold(5).split(x, y, groups):
        prob[te] = fit(tr).predict_proba((x[te] - mean) / scale)[:, 1]
    return prob, fit, mean, scale


def fit_and_write(data: Collected, table_name: str, dry_run: bool) -> int:
    """Fit the logistic ranker on `collect`'s rows (grouped CV by page), choose the threshold
    that reads the dev pages best, and write `[table_name]` into pages.toml (or print it)."""
    rows, labels, quality, groups, weight, names, dev, has = data
    x, y = np.array(rows), np.array(labels)
    prob, fit, mean, scale = cross_validated(x, y, np.array(weight), np.array(groups))
    best_t, detail = best_threshold(prob, quality, groups, dev, has)
    model = fit(np.arange(len(y)))
    print(f"threshold {best_t:.3f}: cross-validated {detail}")
    return write_table(table_name, best_t, model, names, mean, scale, dry_run)


def write_table(
    table_name: str,
    threshold: float,
    model: LogisticRegression,
    names: list[str],
    mean: np.ndarray,
    scale: np.ndarray,
    dry_run: bool,
) -> int:
    """Write a fitted logistic model as `[table_name]` of pages.toml (or print it)."""
    weights = {n: round(float(v), 5) for n, v in zip(names, model.coef_[0], strict=True)}
    table = "\n".join(
        [
            f"[{table_name}]",
            f"threshold = {threshold:.3f}",
            f"intercept = {float(model.intercept_[0]):.5f}",
            "weights = { " + ", ".join(f"{n} = {v}" for n, v in weights.items()) + " }",
            "mean = { "
            + ", ".join(f"{n} = {m:.5f}" for n, m in zip(names, mean, strict=True))
            + " }",
            "scale = { "
            + ", ".join(f"{n} = {sc:.5f}" for n, sc in zip(names, scale, strict=True))
            + " }",
        ]
    )
    if dry_run:
        print(table)
        return 0
    replace_table(table_name, table)
    return 0


def replace_table(table_name: str, table: str) -> None:
    """Put `table` in place of pages.toml's `[table_name]` table."""
    toml = ROOT / "analysis/rules/pages.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index(f"\n[{table_name}]\n") + 1
    nxt = text.find("\n[", start + len(table_name) + 2)
    text = text[:start] + table + "\n" + (text[nxt:] if nxt >= 0 else "")
    toml.write_text(text, encoding="utf-8")
    print(f"written to {toml}")


if __name__ == "__main__":
    sys.exit(main())
