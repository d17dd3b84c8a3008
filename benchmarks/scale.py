"""`make bench SIZE=N`: the scale benchmark, one run, reported as ratios (never asserted).

Builds the deterministic synthetic corpus of N comments (benchmarks/corpus.py), then measures:

- `analyse` (the real CLI, in a child process) on one core and on all cores, against a plain
  vaderSentiment loop over the same comment texts on one core (comments a second each);
- a re-run of the unchanged input against the cold run;
- each dashboard view's server-side time (Streamlit AppTest) on the large store, cold and after
  warm-up;
- peak memory (RSS) of `analyse` and of the dashboard process, and the store's size.

Writes benchmarks/results.json and prints a table with the targets of the scale issue; exits 0
and says which targets were missed.

  python benchmarks/scale.py [--size N] [--work DIR] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

#: (key, target, "at least" or "at most") of the scale issue.
TARGETS = {
    "analyse_vs_vader_1core": (0.7, "at least"),
    "analyse_vs_vader_all_cores": (1.7, "at least"),
    "rerun_vs_cold": (0.05, "at most"),
    "view_seconds_warm": (0.5, "at most"),
    "view_seconds_cold": (3.0, "at most"),
    "dashboard_memory_mb": (1024.0, "at most"),
    "peak_memory_mb": (2048.0, "at most"),
}


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _analyse(pages: Path, db: Path, jobs: int) -> tuple[float, float]:
    """Seconds of one `reader-mood analyse` run, and its peak RSS in MB (its own process)."""
    code = (
        "import resource, sys, time\n"
        "from analysis import cli\n"
        "t = time.perf_counter()\n"
        "rc = cli.main(sys.argv[1:])\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
        "      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "analyse", str(pages), "--db", str(db), "--quiet",
         "--jobs", str(jobs)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"analyse failed: {done.stderr.strip()}")
    seconds, own, children = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), max(int(own), int(children)) / 1024


def _vader_loop(texts: list[str]) -> float:
    """Seconds of stock vaderSentiment over `texts`, one core (best of 2)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        for text in texts:
            sia.polarity_scores(text)
        best = min(best, time.perf_counter() - t)
    return best


def _texts(db: Path) -> list[str]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT text FROM comments WHERE NOT moderated").fetchall()
    finally:
        con.close()
    return [str(r[0]) for r in rows]


def _views(db: Path) -> dict[str, dict[str, float]]:
    """Cold and warm server-side seconds of each view, in a child process (its own memory)."""
    code = r"""
import json, os, resource, sys, time
import duckdb
from streamlit.testing.v1 import AppTest
from dashboard import ui
APP = os.path.join(sys.argv[2], "dashboard", "app.py")
os.environ["READER_MOOD_DB"] = sys.argv[1]
con = duckdb.connect(sys.argv[1], read_only=True)
ids = [r[0] for r in con.execute(
    "SELECT page_id FROM comments GROUP BY page_id ORDER BY count(*) DESC, page_id LIMIT 2"
).fetchall()]
con.close()
views = {"overview": (None, {}), "article": (ui.ARTICLE, {"id": ids[0]}),
         "comments": (ui.COMMENTS, {"id": ids[0], "comment": "1"}),
         "compare": (ui.COMPARE, {"ids": ",".join(ids)})}
views["search"] = (ui.SEARCH, {"q": "nhs"})
views["trends"] = (ui.TRENDS, {})
out = {}
for name, (page, params) in views.items():
    at = AppTest.from_file(APP, default_timeout=600)
    for k, v in params.items():
        at.query_params[k] = v
    t = time.perf_counter(); at.run()
    if page is not None:
        at.switch_page(page)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
    cold = time.perf_counter() - t
    warm = float("inf")
    for _ in range(3):
        t = time.perf_counter(); at.run(); warm = min(warm, time.perf_counter() - t)
    out[name] = {"cold": cold, "warm": warm, "errors": len(at.exception)}
out["_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(db), str(ROOT)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"views not measured: {done.stderr.strip().splitlines()[-1:]}")
        return {}
    # the JSON line is the child's last; anything a library printed before it is skipped
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        print(f"views not measured: no result in {done.stdout.strip().splitlines()[-1:]}")
        return {}
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("SIZE") or 100_000))
    parser.add_argument("--work", type=Path, default=ROOT / "data" / "bench-scale")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    work: Path = args.work
    shutil.rmtree(work, ignore_errors=True)
    pages = work / "pages"
    t = time.perf_counter()
    paths = corpus.build(pages, args.size)
    print(f"corpus: {len(paths)} pages, {args.size} comments ({time.perf_counter() - t:.1f} s)")

    one_db, all_db = work / "one.duckdb", work / "all.duckdb"
    cold_1, peak_1 = _analyse(pages, one_db, 1)
    print(f"analyse, 1 core: {cold_1:.1f} s (peak {peak_1:.0f} MB)")
    cold_n, peak_n = _analyse(pages, all_db, args.jobs)
    print(f"analyse, {args.jobs} cores: {cold_n:.1f} s (peak {peak_n:.0f} MB, main process)")
    rerun, _ = _analyse(pages, all_db, args.jobs)
    print(f"re-run of unchanged input: {rerun:.2f} s")
    texts = _texts(one_db)
    vader = _vader_loop(texts)
    print(f"plain vaderSentiment loop, 1 core: {vader:.1f} s over {len(texts)} comments")
    views = _views(all_db)
    memory = views.pop("_memory_mb", None) if views else None

    results: dict[str, Any] = {
        "comments": args.size,
        "pages": len(paths),
        "cores": args.jobs,
        "analyse_seconds_1core": cold_1,
        "analyse_seconds_all_cores": cold_n,
        "vader_seconds_1core": vader,
        "analyse_vs_vader_1core": vader / cold_1,
        "analyse_vs_vader_all_cores": vader / cold_n,
        "rerun_vs_cold": rerun / cold_n,
        "view_seconds": {k: round(v["warm"], 3) for k, v in views.items()},
        "view_seconds_cold": {k: round(v["cold"], 3) for k, v in views.items()},
        "view_errors": {k: v["errors"] for k, v in views.items() if v["errors"]},
        "peak_memory_mb": max(peak_1, peak_n),
        "dashboard_memory_mb": memory,
        "store_mb": all_db.stat().st_size / 2**20,
    }
    (ROOT / "benchmarks" / "results.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    checks = {
        "analyse_vs_vader_1core": results["analyse_vs_vader_1core"],
        "analyse_vs_vader_all_cores": results["analyse_vs_vader_all_cores"],
        "rerun_vs_cold": results["rerun_vs_cold"],
        "view_seconds_warm": max(results["view_seconds"].values(), default=float("nan")),
        "view_seconds_cold": max(results["view_seconds_cold"].values(), default=float("nan")),
        "dashboard_memory_mb": memory if memory is not None else float("nan"),
        "peak_memory_mb": results["peak_memory_mb"],
    }
    print(f"\n{'measure':<30} {'value':>10} {'target':>16}")
    missed = []
    for key, value in checks.items():
        target, sense = TARGETS[key]
        ok = value >= target if sense == "at least" else value <= target
        if not ok:
            missed.append(key)
        print(f"{key:<30} {value:>10.3f} {sense:>8} {target:>7}{'' if ok else '  MISSED'}")
    for name, secs in results["view_seconds"].items():
        cold = results["view_seconds_cold"][name]
        print(f"  view {name:<23} {secs:>8.3f} s warm, {cold:.2f} s cold")
    print(f"store: {results['store_mb']:.0f} MB; results in benchmarks/results.json")
    print(f"missed: {', '.join(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
