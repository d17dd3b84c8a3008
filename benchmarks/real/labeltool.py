"""Label real reader comments by page id and offsets, never by copying their text.

The pages in ../shared/realpages are AGPLv3 data; this project is MIT. So the labels file keeps
only ids, character offsets into the gold file and the labeller's judgements. This tool shows a
gold file with line numbers (for a labeller), checks a labeller's records, and turns line
ranges into character offsets.

Offsets are into the gold file decoded as the page scorer decodes it (UTF-16 with a BOM, else
UTF-8, else cp1252, else latin-1) with CRLF and CR made LF.

  python benchmarks/real/labeltool.py show ID            # the gold file, lines numbered
  python benchmarks/real/labeltool.py check FILE.jsonl   # a labeller's records, line ranges
  python benchmarks/real/labeltool.py merge OUT.jsonl FILE.jsonl ...  # to offsets
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REALPAGES = Path(os.environ.get("REALPAGES", HERE.parents[2] / "shared" / "realpages"))
MARKER = re.compile(r"^[ \t]*!+@#\$%[^\n]*$", re.M)
MOODS = ("negative", "neutral", "positive")
TARGETS = ("article", "commenter", "other")
THEMES = (
    "distrust", "burnout", "penance", "funding", "contract and targets", "records and privacy",
    "care homes and continuity", "workforce", "bureaucracy",
)  # fmt: skip


def decode_gold(data: bytes) -> str:
    """The gold file's text as the page scorer reads it."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        for enc in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    return text.replace("\r\n", "\n").replace("\r", "\n")


def gold(page: str) -> str:
    return decode_gold((REALPAGES / "gold" / f"{page}.txt").read_bytes())


def line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def marker_line(text: str) -> int | None:
    """1-based number of the marker line, or None when the gold has no comment part."""
    m = MARKER.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def show(page: str, width: int) -> None:
    text = gold(page)
    lines = text.split("\n")
    mark = marker_line(text)
    print(f"# page {page}: {len(lines)} lines; comments part starts after line {mark}")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if n == mark:
            print(f"{n:>5} ======== COMMENTS ========")
            continue
        s = line.strip()
        if mark is not None and n < mark and len(s) > width:
            s = s[:width] + " …"
        print(f"{n:>5} {s}")


def _span(text: str, starts: list[int], first: int, last: int) -> tuple[int, int]:
    lines = text.split("\n")
    a = starts[first - 1] + (len(lines[first - 1]) - len(lines[first - 1].lstrip()))
    b = starts[last - 1] + len(lines[last - 1].rstrip())
    return a, b


def _check(rec: dict, where: str) -> tuple[str, list[int]]:
    page = str(rec.get("page", ""))
    if not (REALPAGES / "gold" / f"{page}.txt").exists():
        raise ValueError(f"{where}: no such page {page!r}")
    lines = rec.get("text_lines")
    if not (isinstance(lines, list) and len(lines) == 2 and all(isinstance(x, int) for x in lines)):
        raise ValueError(f"{where}: text_lines must be [first, last]")
    if rec.get("skip"):
        return page, lines
    if rec.get("mood") not in MOODS:
        raise ValueError(f"{where}: mood must be one of {MOODS}")
    if not isinstance(rec.get("sarcastic"), bool):
        raise ValueError(f"{where}: sarcastic must be true or false")
    bad = [t for t in rec.get("themes", []) if t not in THEMES]
    if bad:
        raise ValueError(f"{where}: unknown themes {bad}")
    if rec.get("target") not in TARGETS:
        raise ValueError(f"{where}: target must be one of {TARGETS}")
    return page, lines


def check(path: str) -> list[dict]:
    out = []
    texts: dict[str, str] = {}
    for k, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{k}"
        rec = json.loads(line)
        page, (first, last) = _check(rec, where)
        text = texts.setdefault(page, gold(page))
        mark = marker_line(text)
        n_lines = text.count("\n") + 1
        if mark is None or not (mark < first <= last <= n_lines):
            raise ValueError(
                f"{where}: lines {first}-{last} are not in the comments part "
                f"(after line {mark}, up to {n_lines})"
            )
        al = rec.get("author_line")
        if al is not None and not (isinstance(al, int) and mark < al <= n_lines):
            raise ValueError(f"{where}: author_line {al} is not in the comments part")
        cl = rec.get("claim_line")
        if cl is not None and not (isinstance(cl, int) and 1 <= cl < mark):
            raise ValueError(f"{where}: claim_line {cl} is not in the article part")
        out.append(rec)
    return out


def cmd_check(path: str) -> None:
    recs = check(path)
    texts: dict[str, str] = {}
    for rec in recs:
        text = texts.setdefault(rec["page"], gold(rec["page"]))
        first, last = rec["text_lines"]
        lines = text.split("\n")
        head = lines[first - 1].strip()[:50]
        tail = lines[last - 1].strip()[-30:]
        mood = rec.get("mood", "skip")
        print(f"{rec['page']:>6} {first:>5}-{last:<5} {mood:<8} {head!r} … {tail!r}")
    print(f"{len(recs)} records ok")


def merge(out: str, paths: list[str]) -> None:
    rows = []
    for path in paths:
        labeller = Path(path).stem
        for rec in check(path):
            if rec.get("skip"):
                continue
            text = gold(rec["page"])
            starts = line_starts(text)
            a, b = _span(text, starts, *rec["text_lines"])
            row = {"page": rec["page"], "start": a, "end": b}
            if rec.get("author_line"):
                row["author"] = list(_span(text, starts, rec["author_line"], rec["author_line"]))
            if rec.get("claim_line"):
                row["claim"] = list(_span(text, starts, rec["claim_line"], rec["claim_line"]))
            row.update({k: rec[k] for k in ("mood", "sarcastic", "target")})
            row["themes"] = sorted(rec.get("themes", []))
            row["labeller"] = rec.get("labeller", labeller)
            rows.append(row)
    with open(out, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=True) + "\n")
    print(f"{len(rows)} labels written to {out}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show")
    s.add_argument("page")
    s.add_argument("--width", type=int, default=160)
    c = sub.add_parser("check")
    c.add_argument("file")
    m = sub.add_parser("merge")
    m.add_argument("out")
    m.add_argument("files", nargs="+")
    args = ap.parse_args()
    try:
        if args.cmd == "show":
            show(args.page, args.width)
        elif args.cmd == "check":
            cmd_check(args.file)
        else:
            merge(args.out, args.files)
    except (ValueError, OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
