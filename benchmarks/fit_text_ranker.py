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

from fit_page_ranker import LABEL_F1, WORD, f1, fit_and_write, gold_comments

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import rules as rules_mod  # noqa: E402
from analysis import sources  # noqa: E402
from analysis.errors import AnalysisError  # noqa: E402
from analysis.pages import copied, rhythm  # noqa: E402
from analysis.pages.lines import Line, lines_of  # noqa: E402

#: Weight of one of our text fixtures against one real page: 1 (at 10, as the html fit has
#: it, the fixtures pulled the text ranker off real pages: dev comments F1 0.653 against 0.693).
FIXTURE_WEIGHT = 1.0
#: Candidates per page the fit sees (best first by the current weights).
PER_PAGE = 100


def page_candidates(path: Path, page_rules) -> tuple[str, list[Line], list[rhythm.Candidate]]:  # type: ignore[no-untyped-def]
    try:
        raw = sources.read_path(path)
    except AnalysisError:
        return "", [], []
    lines = lines_of(raw.text)
    return raw.text, lines, rhythm.candidates(lines, page_rules)


def texts(source: str, lines: list[Line], cand: rhythm.Candidate, page_rules) -> list[str]:  # type: ignore[no-untyped-def]
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
    return fit_and_write(
        rows, labels, quality, groups, weight, names, dev, has, "text.ranker", args.dry_run
    )


if __name__ == "__main__":
    sys.exit(main())
