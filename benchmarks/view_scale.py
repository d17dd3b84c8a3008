"""`make bench-views SIZE=N`: each dashboard view's server time on a store of N comments,
reached in minutes rather than the hour `analyse` takes at a million comments.

A 2,000-comment synthetic corpus (benchmarks/corpus.py) is analysed for real, then its rows are
copied in DuckDB under new page ids until the store holds N comments (every article, claim,
link and theme repeated; ~50 comments an article). Each view is then timed cold and after
warm-up in a child process (benchmarks/scale.py's AppTest runner), with that process's peak
memory. Writes benchmarks/view_results.json; reports the scale issue's targets, never fails.

  python benchmarks/view_scale.py [--size N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpus, scale  # noqa: E402

SEED_COMMENTS = 2_000
_COPIED = {"pages": "id", "claims": "page_id", "comments": "page_id"}
_COPIED |= {"theme_hits": "page_id", "links": "page_id"}


def copies(small: Path, big: Path, times: int) -> int:
    """`big`: the store `small` with every page repeated `times` times under new ids."""
    shutil.copy(small, big)
    con = duckdb.connect(str(big))
    try:
        con.execute("BEGIN")
        con.execute("CREATE TEMP TABLE k AS SELECT range AS i FROM range(1, ?)", [times])
        for table, key in _COPIED.items():
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            picked = ", ".join(f"{c} || '~' || k.i" if c == key else c for c in columns)
            con.execute(f"INSERT INTO {table} SELECT {picked} FROM (FROM {table}) x, k")
        con.execute("COMMIT")
        row = con.execute("SELECT count(*) FROM comments").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("SIZE") or 1_000_000))
    parser.add_argument("--work", type=Path, default=ROOT / "data" / "bench-views")
    args = parser.parse_args()
    work: Path = args.work
    shutil.rmtree(work, ignore_errors=True)
    corpus.build(work / "pages", SEED_COMMENTS)
    small = work / "small.duckdb"
    subprocess.run(
        [sys.executable, "-m", "analysis", "analyse", str(work / "pages"), "--db", str(small),
         "--quiet"],
        check=True, cwd=ROOT,
    )  # fmt: skip
    big = work / "big.duckdb"
    n = copies(small, big, max(1, round(args.size / SEED_COMMENTS)))
    print(f"store: {n} comments, {big.stat().st_size / 2**20:.0f} MB")
    views = scale._views(big)
    memory = views.pop("_memory_mb", None) if views else None
    results = {
        "comments": n,
        "view_seconds": {k: round(v["warm"], 3) for k, v in views.items()},
        "view_seconds_cold": {k: round(v["cold"], 3) for k, v in views.items()},
        "view_errors": {k: v["errors"] for k, v in views.items() if v["errors"]},
        "dashboard_memory_mb": memory,
    }
    (ROOT / "benchmarks" / "view_results.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    warm_target, _ = scale.TARGETS["view_seconds_warm"]
    cold_target, _ = scale.TARGETS["view_seconds_cold"]
    memory_target, _ = scale.TARGETS["dashboard_memory_mb"]
    print(f"{'view':<12} {'warm s':>8} {'cold s':>8}   targets {warm_target} / {cold_target} s")
    for name, secs in results["view_seconds"].items():
        cold = results["view_seconds_cold"][name]
        flag = "" if secs <= warm_target and cold <= cold_target else "  MISSED"
        print(f"{name:<12} {secs:>8.3f} {cold:>8.2f}{flag}")
    if memory is not None:
        flag = "" if memory <= memory_target else "  MISSED"
        print(f"dashboard process peak: {memory:.0f} MB (target {memory_target}){flag}")
    print("results in benchmarks/view_results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
