"""The reader of regex syntax behind the pattern index's start words (no private `re` API)."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import matching, regex_syntax, themes


@pytest.mark.parametrize(
    "pattern",
    [
        r"a\1",  # a back-reference
        r"(?(1)a|b)",  # a conditional
        r"\N{BULLET}x",  # a named character
        r"(abc",  # unclosed
        r"abc)",  # unbalanced
        r"[abc",  # unclosed class
        r"*abc",  # nothing to repeat
    ],
)
def test_syntax_beyond_the_reader_gives_none(pattern: str) -> None:
    assert regex_syntax.parse(pattern) is None
    assert matching.start_keys(pattern) is None  # tried everywhere: always correct


@pytest.mark.parametrize(
    ("pattern", "words", "stems", "digits"),
    [
        (r"(?i)don['’]?t\s+trust", {"dont", "don"}, set(), False),
        (r"(?P<x>colou?r)s?\b", {"color", "colour", "colors", "colours"}, set(), False),
        (r"\bburn(?:ed|t)?[\s\-]+out", {"burn", "burned", "burnt"}, set(), False),
        (r"exhaust\w*", set(), {"exhaust"}, False),
        (r"(?<!not )\d+\s+beds", set(), set(), True),
        (r"a{2,3}rgh", None, None, None),  # a repeat of under three letters: no stem
        (r"(?#a note)yes\.", {"yes"}, set(), False),
        (r"x{,2}y", None, None, None),  # may start with "y": one letter is no key
        (r"[a-z]+ing", None, None, None),  # a class too wide to list
        (r"[^a]bc", None, None, None),
    ],
)
def test_start_words(
    pattern: str, words: set[str] | None, stems: set[str] | None, digits: bool | None
) -> None:
    keys = matching.start_keys(pattern)
    if words is None:
        assert keys is None
        return
    assert keys is not None
    assert (set(keys.words), set(keys.stems), keys.digits) == (words, stems, digits)


def test_every_shipped_theme_pattern_is_read() -> None:
    # Every theme pattern that ships parses, and has start words (else it would be tried at
    # every word: slower, never wrong).
    spec = tomllib.loads(themes.DEFAULT_PATH.read_text(encoding="utf-8"))
    patterns = [p for theme in spec["themes"].values() for p in theme.get("patterns", [])]
    assert patterns
    assert all(regex_syntax.parse(p) is not None for p in patterns)
    assert all(matching.start_keys(p) is not None for p in patterns), [
        p for p in patterns if matching.start_keys(p) is None
    ]


_PIECES = st.sampled_from(
    ["a", "b", "ab", "ba", "c", " ", "-", "1", "x", "(?:a|b)", "[ab]", "\\s", "\\d", "a?", "b+"]
)
_PATTERNS = st.lists(_PIECES, min_size=1, max_size=5).map("".join)
_TEXTS = st.lists(st.sampled_from(["a", "b", "c", "x", "1", " ", "-", "ab"]), max_size=20).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(pattern=_PATTERNS, text=_TEXTS)
def test_every_match_starts_with_a_start_word(pattern: str, text: str) -> None:
    # Soundness, the only property the index relies on: where start words are known, every
    # word-bounded match (as the index runs a pattern) opens with one of them.
    keys = matching.start_keys(pattern)
    if keys is None:
        return
    for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE):
        word = re.match(r"\w*", text[m.start() :]).group().lower()  # type: ignore[union-attr]
        assert (
            word in keys.words
            or any(word.startswith(s) for s in keys.stems)
            or (keys.digits and word[:1].isdigit())
        ), (pattern, text, m.group(), keys)
