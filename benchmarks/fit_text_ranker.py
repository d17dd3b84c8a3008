"""Fit the text ranker ([text.ranker] of analysis/rules/pages.toml) on real pages (dev part).

For every development page of ../shared/realpages (the seeded test quarter in
benchmarks/real/split.json is never read), each candidate comment list that the rhythm of the
copied text (text/<id>.txt) gives is labelled by its comment text against the page's gold
(bag-of-words F1 >= 0.5: the list is the page's comments). A logistic regression over the
candidates' features is fitted, the threshold chosen by grouped cross-validation to maximise the
mean page score (comment F1 on pages with comments, 1 for saying nothing on pages without), and
the weights written into [text.ranker]. Our own text fixtures (tests/fixtures/pages/*.txt,
MIT) join, weighted up. Deterministic: same pages, same weights. Needs scikit-learn.

  .venv/bin/python benchmarks/fit_text_ranker.py [--pages ../shared/realpages] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from fit_page_ranker import FIXTURE_WEIGHT, LABEL_F1, WORD, C, f1, gold_comments
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import rules as rules_mod  # noqa: E402
from analysis import sources  # noqa: E402
from analysis.errors import AnalysisError  # noqa: E402
from analysis.pages import copied, rhythm  # noqa: E402

#: Candidates per page the fit sees (best first by the current weights).
PER_PAGE = 10


def page_candidates(
    path: Path, page_rules
) -> tuple[str, list[rhythm.Line], list[rhythm.Candidate]]:  # type: ignore[no-untyped-def]
    try:
        raw = sources.read_path(path)
    except AnalysisError:
        return "", [], []
    lines = rhythm.lines_of(raw.text)
    return raw.text, lines, rhythm.candidates(lines, page_rules)


def texts(source: str, lines: list[rhythm.Line], cand: rhythm.Candidate, page_rules) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.text for c in copied.comments(source, lines, cand, page_rules)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "realpages")
    ap.add_argument("--dry-run", action="store_true", help="print, do not write pages.toml")
    args = ap.parse_args()
    listed = json.loads((args.pages / "pages.json").read_text())
    test = set(json.loads((ROOT / "benchmarks/real/split.json").read_text())["test"])
    dev = sorted(p for p in listed["with_comments"] + listed["without_comments"] if p not in test)
    page_rules = rules_mod.load().pages
    rows, labels, groups, quality, has = [], [], [], [], {}
    names: list[str] | None = None
    for k, page in enumerate(dev):
        gold = gold_comments(args.pages, page)
        has[page] = bool(WORD.search(gold))
        source, lines, cands = page_candidates(args.pages / "text" / f"{page}.txt", page_rules)
        for cand in cands[:PER_PAGE]:
            y = f1("\n".join(texts(source, lines, cand, page_rules)), gold) if has[page] else 0.0
            names = names or sorted(cand.features)
            rows.append([cand.features[n] for n in names])
            labels.append(int(y >= LABEL_F1))
            quality.append(y)
            groups.append(page)
        if (k + 1) % 100 == 0:
            print(f"{k + 1}/{len(dev)} pages", file=sys.stderr)
    assert names is not None
    weight = [1.0] * len(rows)
    for expect_path in sorted((ROOT / "tests/fixtures/pages").glob("*.expect.json")):
        expect = json.loads(expect_path.read_text(encoding="utf-8"))
        stem = expect_path.name.removesuffix(".expect.json")
        page_file = ROOT / "tests/fixtures/pages" / (expect.get("file") or f"{stem}.txt")
        if page_file.suffix != ".txt" or not page_file.exists():
            continue
        want = [c for c in expect.get("comments", []) if not c.get("moderated")]
        opening = (want[0].get("text") or want[0].get("starts_with", "")) if want else ""
        source, lines, cands = page_candidates(page_file, page_rules)
        for cand in cands[:PER_PAGE]:
            got = texts(source, lines, cand, page_rules)
            right = (
                bool(want)
                and abs(len(got) - len(want)) <= 1
                and any(t.startswith(opening[:30]) for t in got[:2])
            )
            rows.append([cand.features[n] for n in names])
            labels.append(int(right))
            quality.append(1.0 if right else 0.0)
            groups.append("fixture:" + page_file.stem)
            weight.append(FIXTURE_WEIGHT)
    x, y, g = np.array(rows), np.array(labels), np.array(groups)
    w = np.array(weight)
    mean, scale = x.mean(0), x.std(0) + 1e-9

    def fit(idx: np.ndarray) -> LogisticRegression:
        model = LogisticRegression(C=C, max_iter=5000)
        model.fit((x[idx] - mean) / scale, y[idx], sample_weight=w[idx])
        return model

    prob = np.zeros(len(y))
    for tr, te in GroupKFold(5).split(x, y, g):
        prob[te] = fit(tr).predict_proba((x[te] - mean) / scale)[:, 1]
    best_t, best_score, detail = 0.5, -1.0, ""
    for t in np.arange(0.15, 0.8, 0.025):
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
    model = fit(np.arange(len(y)))
    print(f"threshold {best_t:.3f}: cross-validated {detail}")
    weights = {n: round(float(w), 5) for n, w in zip(names, model.coef_[0], strict=True)}
    table = "\n".join(
        [
            "[text.ranker]",
            f"threshold = {best_t:.3f}",
            f"intercept = {float(model.intercept_[0]):.5f}",
            "weights = { " + ", ".join(f"{n} = {w}" for n, w in weights.items()) + " }",
            "mean = { "
            + ", ".join(f"{n} = {m:.5f}" for n, m in zip(names, mean, strict=True))
            + " }",
            "scale = { "
            + ", ".join(f"{n} = {s:.5f}" for n, s in zip(names, scale, strict=True))
            + " }",
        ]
    )
    if args.dry_run:
        print(table)
        return 0
    toml = ROOT / "analysis/rules/pages.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("\n[text.ranker]\n") + 1
    nxt = text.find("\n[", start + len("[text.ranker]"))
    text = text[:start] + table + "\n" + (text[nxt:] if nxt >= 0 else "")
    toml.write_text(text, encoding="utf-8")
    print(f"written to {toml}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
