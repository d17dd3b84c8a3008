"""Issue 13's property: `inspect` on arbitrary text of up to 200 KB completes, cleanly.

Arbitrary text here is both plain hypothesis text and long runs of the shapes that once cost
super-linear time (long words, no spaces, repeated punctuation, brackets, quotes, short lines),
put together up to 200 KB. Completion is bounded generously (a hang fails); how the time grows
between 50 KB and 200 KB is measured by `make bench` (benchmarks/hostile.py), not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_hostile import HANG_S, PAGE, finishes, run

MAX_SIZE = 200_000
UNITS = [
    "a", "A", "a-", "a'", "!?", ".", '"', "(", "[", "{", "-", "'", "’", "“", "\n", "a\n", " ",
    "a ", "Ab,c.d!e?f'g\"h-i;", "Bob\n", "12:00 ", "said \"", "Ann Lee said ", "• ", "> ",
    "http://", "@a ", "Comments (", "<p>", "&amp;", "\t", "é", "ß", "İ", "ǅ", "١", "\u200b",
]  # fmt: skip


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    """Up to MAX_SIZE characters: runs of hostile units and bits of arbitrary text."""
    parts = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(UNITS), st.integers(1, MAX_SIZE)),
                st.tuples(st.text(max_size=40), st.integers(1, 2000)),
            ),
            min_size=1,
            max_size=4,
        )
    )
    text = "".join(unit * count for unit, count in parts)
    return text[:MAX_SIZE]


def _inspect_completes(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, err = finishes(lambda: run(capsys, "inspect", str(path), "--json"), HANG_S)
    if code == 0:
        json.loads(out)
    else:  # refused (binary-looking, empty): the contract's one line
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile_text(), where=st.sampled_from(["page", "comment", "html", "export"]))
def test_inspect_on_arbitrary_text_up_to_200_kb_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, where: str
) -> None:
    suffix, body = {
        "page": (".txt", text),
        "comment": (".txt", PAGE.format(comment=text)),
        "html": (".html", f"<html><body><h1>Pool</h1><p>{text}</p></body></html>"),
        "export": (".json", json.dumps({"headline": "Pool", "comments": [{"text": text}]})),
    }[where]
    path = tmp_path / f"hostile{suffix}"
    path.write_text(body, encoding="utf-8", errors="surrogatepass")
    _inspect_completes(capsys, path)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=3000))
def test_inspect_on_any_short_text_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    _inspect_completes(capsys, path)
