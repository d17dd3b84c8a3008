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

import sys
from pathlib import Path

from fit_page_ranker import arguments, collect, fit_and_write

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
    args = arguments(__doc__.split("\n")[0])
    page_rules = rules_mod.load().pages

    def read(path: Path) -> list[tuple[dict[str, float], list[str]]]:
        source, lines, cands = page_candidates(path, page_rules)
        return [(c.features, texts(source, lines, c, page_rules)) for c in cands]

    data = collect(args.pages, "text", read, PER_PAGE, ".txt", FIXTURE_WEIGHT)
    return fit_and_write(data, "text.ranker", args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
