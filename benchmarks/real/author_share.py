"""Comment authors on real pages: how many of the comments found carry an author, and how many
of those authors the person's reading (gold) shows. Dev part and test quarter apart.

A found comment counts when at least half its words are in the gold comments (a real comment,
not chrome). Reads ../shared/realpages (measured only, never copied).

  .venv/bin/python benchmarks/real/author_share.py [--form html|text]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAGES = ROOT.parent / "shared" / "realpages"
sys.path.insert(0, str(ROOT))

from analysis import pages, sources  # noqa: E402
from analysis.errors import AnalysisError  # noqa: E402
from benchmarks.fit_page_ranker import gold_comments  # noqa: E402

WORD = re.compile(r"\w+")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--form", default="text", choices=("html", "text"))
    args = ap.parse_args()
    if not (PAGES / "pages.json").exists():
        print(f"{PAGES} is absent: nothing to measure", file=sys.stderr)
        return 2
    test = set(json.loads((HERE / "split.json").read_text())["test"])
    listed = json.loads((PAGES / "pages.json").read_text())
    tally = {"dev": Counter(), "test": Counter()}
    for page in sorted(listed["with_comments"]):
        gold = gold_comments(PAGES, page)
        gold_words = Counter(WORD.findall(gold.lower()))
        if not gold_words:
            continue
        path = PAGES / args.form / f"{page}.{'html' if args.form == 'html' else 'txt'}"
        try:
            split = pages.split(sources.read_path(path))
        except AnalysisError:
            continue
        part = tally["test" if page in test else "dev"]
        for comment in split.comments:
            words = Counter(WORD.findall(comment.text.lower()))
            if not words or sum((words & gold_words).values()) < 0.5 * sum(words.values()):
                continue
            part["comments"] += 1
            if comment.author:
                part["with author"] += 1
                part["author in gold"] += comment.author.strip().lower() in gold.lower()
    for name, part in tally.items():
        n, a = part["comments"], part["with author"]
        print(
            f"{args.form} {name}: author on {a}/{n} comments found ({a / max(1, n):.3f}); "
            f"shown in the gold for {part['author in gold']}/{a} ({part['author in gold'] / max(1, a):.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
