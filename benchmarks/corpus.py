"""Deterministic synthetic corpora for scale work: N comments over pages of ~50 comments.

Each page takes one of the layouts the splitter reads on real pages — a copied-text page with
a "N comments" heading and `Name` / time / text comment blocks, or a saved WordPress-style
HTML page (`<ol class="commentlist">` of `<li>` with the author's `cite`, a `<time>` and the
text) — and is filled from the project's own written texts: article paragraphs built from the
claims fixtures' sentences, comments from the written comment sets (tests/fixtures/*.json,
MIT, written for reader-mood). The same N and seed give byte-identical files.

  python benchmarks/corpus.py OUT_DIR [--comments N] [--per-page 50] [--seed 7]
"""

from __future__ import annotations

import argparse
import html
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
NAMES = (
    "Ann Lee", "dr_pat", "Sam Okafor", "NorthernGP", "Jo Brennan", "Anonymous", "Ravi P",
    "Helen W", "oldtimer", "Chris Moss", "K. Adeyemi", "Mags", "Tom Hughes", "practice_mgr",
)  # fmt: skip
HEADLINES = (
    "Minister promises more GPs by the end of the parliament",
    "Health secretary defends new contract targets",
    "Council leader says the pool will stay open",
    "Transport minister pledges to fix rural bus routes",
    "Education secretary backs longer school day",
)
SPEAKERS = ("the health secretary", "the minister", "the council leader", "a spokesperson")


def comment_texts() -> list[str]:
    """Every written comment text of the project's fixtures, in file order."""
    texts: list[str] = []
    for name in (
        "mood_dev_comments",
        "second_dev_comments",
        "third_dev_comments",
        "heldout_comments",
        "themes_dev_comments",
    ):
        data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        rows = data if isinstance(data, list) else data["comments"]
        texts += [r["text"] for r in rows if isinstance(r, dict) and r.get("text")]
    return texts


def _body(rng: random.Random) -> list[str]:
    speaker = rng.choice(SPEAKERS)
    claims = [
        f"'We will recruit thousands more staff and cut waiting times,' said {speaker}.",
        f"{speaker.capitalize()} said the plan was fully funded and would start next spring.",
        "Critics said the figures did not add up and that staff were already stretched.",
        f"'This is the biggest investment in a generation,' {speaker} added.",
        "The announcement follows months of warnings about rising pressure on services.",
    ]
    rng.shuffle(claims)
    return claims[: rng.randint(3, 5)]


def _text_page(rng: random.Random, headline: str, day: datetime, comments: list[tuple]) -> str:
    lines = ["Home | News | Opinion | Sign in", "", headline, "", day.strftime("%d %B %Y"), ""]
    for para in _body(rng):
        lines += [para, ""]
    lines += [f"{len(comments)} comments", ""]
    for name, when, text in comments:
        lines += [name, when.strftime("%d %B %Y %H:%M"), text, "Reply", ""]
    lines += ["About us | Contact | Privacy", "© Example News"]
    return "\n".join(lines) + "\n"


def _html_page(rng: random.Random, headline: str, day: datetime, comments: list[tuple]) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{e(headline)} | Example News</title></head><body>",
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>",
        f"<article><h1>{e(headline)}</h1>",
        f"<time datetime='{day:%Y-%m-%d}'>{day:%d %B %Y}</time>",
        *(f"<p>{e(p)}</p>" for p in _body(rng)),
        "</article>",
        f"<div id='comments'><h3>{len(comments)} Responses</h3><ol class='commentlist'>",
    ]
    for k, (name, when, text) in enumerate(comments, start=1):
        paras = "".join(f"<p>{e(p)}</p>" for p in text.split("\n") if p.strip())
        parts.append(
            f"<li class='comment' id='comment-{k}'><div class='comment-author vcard'>"
            f"<cite class='fn'>{e(name)}</cite> <span class='says'>says:</span></div>"
            f"<div class='comment-meta'><time datetime='{when:%Y-%m-%dT%H:%M}'>"
            f"{when:%B %d, %Y at %H:%M}</time></div>{paras}"
            "<div class='reply'><a href='#'>Reply</a></div></li>"
        )
    parts.append("</ol></div><footer>© Example News</footer></body></html>")
    return "\n".join(parts) + "\n"


def build(out: Path, comments: int, per_page: int = 50, seed: int = 7) -> list[Path]:
    """Write pages holding `comments` comments in all into `out`; returns their paths."""
    rng = random.Random(seed)
    texts = comment_texts()
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    left, k = comments, 0
    start = datetime(2024, 1, 1, 9, 0)
    while left > 0:
        n = min(left, max(1, int(rng.gauss(per_page, per_page / 5))))
        day = start + timedelta(days=k % 700)
        when = [day + timedelta(minutes=rng.randint(5, 60 * 48)) for _ in range(n)]
        page_comments = [(rng.choice(NAMES), t, rng.choice(texts)) for t in sorted(when)]
        headline = f"{rng.choice(HEADLINES)} ({k + 1})"
        if k % 2:
            path = out / f"page{k:06d}.html"
            path.write_text(_html_page(rng, headline, day, page_comments), encoding="utf-8")
        else:
            path = out / f"page{k:06d}.txt"
            path.write_text(_text_page(rng, headline, day, page_comments), encoding="utf-8")
        paths.append(path)
        left -= n
        k += 1
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--per-page", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = build(args.out, args.comments, args.per_page, args.seed)
    print(f"{len(paths)} pages, {args.comments} comments in {args.out}")


if __name__ == "__main__":
    main()
