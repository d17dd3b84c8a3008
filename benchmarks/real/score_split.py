"""Page-reading figures on ../shared/realpages, development part and test quarter apart.

Runs the shared scorer (../shared/tools/score_pages.py) once over all pages, then summarises
its per-page results for each part of benchmarks/real/split.json, the way the scorer does:
mean F1 over pages, comment pages with none found, comment-free pages given comments.
The last column counts those comment-free pages again against benchmarks/real/gold_audit.jsonl:
a blind reading of every page either form gave comments where the gold has none (and 30
seeded controls); pages that reading found real reader comments on leave the count
(docs/evaluation.md, "2026-12-07, third stop").

  .venv/bin/python benchmarks/real/score_split.py [--form html|text|both] [--out FILE]
  .venv/bin/python benchmarks/real/score_split.py --from FILE   # summarise an earlier run
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"


def audited_yes() -> frozenset[str]:
    """Pages the gold calls comment-free that a blind reading found reader comments on."""
    path = HERE / "gold_audit.jsonl"
    if not path.exists():
        return frozenset()
    rows = [json.loads(ln) for ln in path.read_text().splitlines() if ln.strip()]
    return frozenset(r["id"] for r in rows if r["label"] == "YES")


def summarise(result: dict, test: set[str], yes: frozenset[str] = frozenset()) -> str:
    lines = []
    for form in result["forms"]:
        lines.append(f"{form}:")
        lines.append(
            f"  {'part':<6} {'pages':>5} {'content':>8} {'comments':>9} {'+meta':>6} "
            f"{'none found':>11} {'false':>9} {'failed':>6} {'false, audited':>15}"
        )
        for part, keep in (("dev", lambda i: i not in test), ("test", lambda i: i in test)):
            pages = [p for p in result["pages"] if keep(p["id"])]
            recs = [(p, p["forms"][form]["reader-mood"]) for p in pages]
            content = sum(r["content"]["f1"] for _, r in recs) / len(recs)
            with_c = [(p, r) for p, r in recs if p["has_comments"]]
            without = [(p, r) for p, r in recs if not p["has_comments"]]
            com = sum(r.get("comments", {}).get("f1", 0.0) for _, r in with_c) / len(with_c)
            meta = sum(r.get("comments_meta", {}).get("f1", 0.0) for _, r in with_c) / len(with_c)
            none = sum(1 for _, r in with_c if not r.get("n_comments"))
            false = sum(1 for _, r in without if r.get("n_comments"))
            failed = sum(1 for _, r in recs if r["status"] != "ok")
            free = [(p, r) for p, r in without if p["id"] not in yes]
            false_a = sum(1 for _, r in free if r.get("n_comments"))
            lines.append(
                f"  {part:<6} {len(pages):>5} {content:>8.3f} {com:>9.3f} {meta:>6.3f} "
                f"{none:>5}/{len(with_c):<5} {false:>4}/{len(without):<4} {failed:>6} "
                f"{false_a:>9}/{len(free):<5}"
            )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--form", default="both", choices=("html", "text", "both"))
    ap.add_argument("--out", help="keep the scorer's per-page JSON here")
    ap.add_argument("--from", dest="source", help="summarise this earlier --out file")
    args = ap.parse_args()
    test = set(json.loads((HERE / "split.json").read_text())["test"])
    if args.source:
        result = json.loads(Path(args.source).read_text())
    else:
        out = args.out or tempfile.mktemp(suffix=".json")
        cmd = [sys.executable, str(SHARED / "tools" / "score_pages.py"), "--form", args.form,
               "--out", out, "--no-text", "--worst", "0"]  # fmt: skip
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        result = json.loads(Path(out).read_text())
    print(summarise(result, test, audited_yes()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
