"""CPU seconds to split one page, over real pages: the real-pages issue's speed target.

Splits every page of ../shared/realpages in both forms (saved HTML and copied text) once, after
one warm-up page, and reports the median and the slowest CPU seconds per page against the
targets (median at most 0.05 s, none over 1 s). Where ../shared/realpages is absent (a user's
clone) it times the seeds and the written fixture pages instead. Reports, never fails.

  .venv/bin/python benchmarks/page_speed.py [--pages ../shared/realpages] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import pages, sources  # noqa: E402
from analysis import rules as rules_mod  # noqa: E402
from analysis.errors import AnalysisError  # noqa: E402

MEDIAN_TARGET = 0.05
MAX_TARGET = 1.0


def _files(folder: Path) -> dict[str, list[Path]]:
    if (folder / "pages.json").exists():
        return {
            "html": sorted((folder / "html").glob("*.html")),
            "text": sorted((folder / "text").glob("*.txt")),
        }
    print(f"page speed: {folder} is absent; timing the seeds and fixture pages instead")
    fixtures = ROOT / "tests" / "fixtures" / "pages"
    return {
        "html": sorted(fixtures.glob("*.html")),
        "text": sorted([*(ROOT / "seeds").glob("*.txt"), *fixtures.glob("*.txt")]),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "realpages")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    rules = rules_mod.load()
    report: dict[str, dict[str, float | int | str]] = {}
    warmed = False
    for form, files in _files(args.pages).items():
        seconds: list[tuple[float, str]] = []
        for path in files:
            try:
                raw = sources.read_path(path)
            except AnalysisError:
                continue  # a page refused on reading (R427, an error page) is not split
            if not warmed:
                pages.split(raw, rules)
                warmed = True
            start = time.process_time()
            pages.split(raw, rules)
            seconds.append((time.process_time() - start, path.stem))
        if not seconds:
            continue
        values = [s for s, _ in seconds]
        worst, worst_id = max(seconds)
        report[form] = {
            "pages": len(values),
            "median_s": round(statistics.median(values), 4),
            "p95_s": round(sorted(values)[int(0.95 * (len(values) - 1))], 4),
            "max_s": round(worst, 3),
            "slowest": worst_id,
            "over_1s": sum(1 for v in values if v > MAX_TARGET),
        }
    print(f"{'form':6} {'pages':>6} {'median s':>9} {'p95 s':>7} {'max s':>7}  slowest  over 1 s")
    missed = []
    for form, r in report.items():
        print(
            f"{form:6} {r['pages']:>6} {r['median_s']:>9.4f} {r['p95_s']:>7.3f} "
            f"{r['max_s']:>7.3f}  {r['slowest']:<8} {r['over_1s']}"
        )
        if float(r["median_s"]) > MEDIAN_TARGET:
            missed.append(f"{form}: median {r['median_s']} s over {MEDIAN_TARGET} s")
        if int(r["over_1s"]):
            missed.append(f"{form}: {r['over_1s']} page(s) over {MAX_TARGET} s")
    print("page speed: " + ("; ".join(missed) if missed else "targets met") + " (CPU seconds)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
