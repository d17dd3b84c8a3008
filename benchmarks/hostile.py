"""`make bench`, hostile part: does analysis stay linear in the length of adversarial input?

For each adversarial input (long words, text without spaces, repeated punctuation, deep
nesting, many short lines or comments) a 50 KB and a 200 KB version are analysed end to end
(read, split, score, link) and timed. Reported, not asserted (these machines are shared):

- the ratio of seconds between the 200 KB and the 50 KB input: 4 is linear, 16 quadratic;
- seconds per MB at 200 KB, whose worst case has a target of 2 s per MB.

Run alone with ``python benchmarks/hostile.py [--quick] [--only TEXT]``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import pipeline, sources, themes  # noqa: E402

SMALL = 50_000
LARGE = 200_000
TARGET_S_PER_MB = 2.0

#: A page with a claim (so comments are linked to it) and two bullet comments; the
#: adversarial text goes into the article or the first comment.
_PAGE = (
    "Pool to close\n\nBy Jane Doe\n\n"
    "Council leader Ann Lee said: ‘We will shut the pool this summer because the penance is "
    "over.’\n\n{article}\n\nReaders' comments (2)\n\n  • {comment}\n\n"
    "  • Fair enough, the pool was old.\n"
)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(len(unit), 1) + 1))[:size]


def _article(body: str) -> tuple[str, str]:
    return _PAGE.format(article=body, comment="Shut the pool? Penance!"), ".txt"


def _comment(body: str) -> tuple[str, str]:
    return _PAGE.format(article="The council met on Monday.", comment=body), ".txt"


def _nested_json(size: int) -> tuple[str, str]:
    depth = size // 2
    return "[" * depth + "]" * depth, ".json"


def _nested_html(size: int) -> tuple[str, str]:
    depth = size // 11
    return "<html><body>" + "<div>" * depth + "text" + "</div>" * depth + "</body></html>", ".html"


def _json_ld(size: int) -> tuple[str, str]:
    depth = (size - 200) // 10
    ld = '{"a":' * depth + "1" + "}" * depth
    page = (
        "<html><head><title>T</title>"
        f'<script type="application/ld+json">{ld}</script></head>'
        "<body><h1>Headline</h1><p>Body text of the article.</p></body></html>"
    )
    return page, ".html"


def _export(size: int) -> tuple[str, str]:
    n = size // 20
    return json.dumps({"comments": [{"text": "yes"} for _ in range(n)]}), ".json"


#: name -> input of about `size` bytes, with the suffix that says how it is read.
INPUTS: dict[str, Callable[[int], tuple[str, str]]] = {
    "long word in a comment": lambda n: _comment(_fill("a", n)),
    "long word in the article": lambda n: _article(_fill("a", n)),
    "long capitalised word": lambda n: _comment(_fill("A", n)),
    "hyphenated run (a-a-a-…)": lambda n: _comment(_fill("a-", n)),
    "apostrophe run (a'a'a…)": lambda n: _comment(_fill("a'", n)),
    "no spaces, mixed punctuation": lambda n: _comment(_fill("Ab,c.d!e?f'g\"h-i;", n)),
    "no spaces in the article": lambda n: _article(_fill("Ab,c.d!e?f'g\"h-i;", n)),
    "repeated '!?'": lambda n: _comment(_fill("!?", n)),
    "repeated '.' in a comment": lambda n: _comment(_fill(".", n) + "x"),
    "repeated '.\")' in a comment": lambda n: _comment(_fill('.")', n) + "x"),
    "repeated '?' in a comment": lambda n: _comment(_fill("?", n) + "x"),
    "scare quotes ('ab' 'ab' …) in a comment": lambda n: _comment(_fill("'ab' ", n)),
    "curly scare quotes (‘ab’ …) in the article": lambda n: _article(_fill("‘ab’ ", n)),
    "double opens then single closes": lambda n: _article(
        _fill("“", n // 2) + _fill(" a'", n // 2)
    ),
    "a run of spaces in a byline": lambda n: (
        _PAGE.replace("By Jane Doe", "By Jane Doe" + " " * n + "x").format(
            article="The council met.", comment="Fair."
        ),
        ".txt",
    ),
    "a run of spaces in a comment header": lambda n: _comment("Bob" + " " * n + "| 2 hours ago"),
    "repeated '.'": lambda n: _article(_fill(".", n)),
    "repeated '\"'": lambda n: _article(_fill('"', n)),
    'repeated quote-open ("a )': lambda n: _article(_fill('"a ', n)),
    "repeated 'said \"'": lambda n: _article(_fill('said "', n)),
    "repeated '(': deep brackets": lambda n: _article(_fill("(", n)),
    "one long sentence of words": lambda n: _article(_fill("word ", n)),
    "names and 'said'": lambda n: _article(_fill("Ann Lee said ", n)),
    "many short lines": lambda n: _comment(_fill("Bob\n", n)),
    "many timed comments": lambda n: _comment(_fill("Bob\n2 hours ago\nYes.\n\n", n)),
    "digits and times": lambda n: _comment(_fill("12:00 ", n)),
    "deep JSON nesting": _nested_json,
    "deep HTML nesting": _nested_html,
    "deep JSON-LD nesting": _json_ld,
    "one-word export comments": _export,
}


def _seconds(text: str, suffix: str, theme_set: themes.ThemeSet) -> float:
    start = time.perf_counter()
    try:
        raw = sources.read_bytes(text.encode(), page_id="hostile", source="hostile" + suffix)
        pipeline.analyse(raw, theme_set)
    except Exception as exc:  # a clean refusal is as good as an analysis here
        if not isinstance(exc, sources.UnreadablePage):
            raise
    return time.perf_counter() - start


def measure(
    sizes: tuple[int, int] = (SMALL, LARGE), only: str = ""
) -> list[tuple[str, float, float]]:
    """(input, seconds small, seconds large) for every adversarial input (whose name holds
    `only`)."""
    theme_set = themes.load()
    _seconds(*_comment("warm up"), theme_set)
    out = []
    for name, make in INPUTS.items():
        if only not in name:
            continue
        small = min(_seconds(*make(sizes[0]), theme_set) for _ in range(2))
        large = min(_seconds(*make(sizes[1]), theme_set) for _ in range(2))
        out.append((name, small, large))
    return out


def main() -> int:
    quick = "--quick" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    sizes = (SMALL // 5, LARGE // 5) if quick else (SMALL, LARGE)
    results = measure(sizes, only)
    print(f"{'adversarial input':<36} {'s @50KB':>9} {'s @200KB':>9} {'ratio':>6} {'s/MB':>7}")
    for name, small, large in results:
        ratio = large / max(small, 0.005)
        per_mb = large / (sizes[1] / 1e6)
        flag = "  over target" if per_mb > TARGET_S_PER_MB else ""
        print(f"{name:<36} {small:>9.3f} {large:>9.3f} {ratio:>6.1f} {per_mb:>7.2f}{flag}")
    worst = max(large / (sizes[1] / 1e6) for _, _, large in results)
    print(
        f"\nworst: {worst:.2f} s per MB (target {TARGET_S_PER_MB} s per MB; reported, not asserted)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
