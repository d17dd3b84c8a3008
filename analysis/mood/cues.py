"""The mood rules' cues as read from the rules files (mood_cues.toml, lexicon.toml): word lists
and patterns compiled once a rules object into `_Rules`, and the settings mood runs with."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import rules as rules_mod
from analysis import sentiment
from analysis.errors import AnalysisError
from analysis.matching import PatternIndex, build_index, spaced_words
from analysis.sentiment import NEGATE


@dataclass(frozen=True, slots=True)
class MoodSettings:
    """Every mood tunable in one place; the word lists and valences are in the TOML files."""

    neutral_band: float = sentiment.NEUTRAL_BAND
    #: The rule data (lexicon.toml, mood_cues.toml); None: the packaged rules.
    rules: rules_mod.Rules | None = None
    #: How far an ironic positive valence swings: it becomes -irony_weight times itself.
    irony_weight: float = 1.0
    #: Longest quotation of a reason, in characters.
    quote_chars: int = 60


DEFAULT_SETTINGS = MoodSettings()

_NEGATE = frozenset(NEGATE)
_PUNCT = string.punctuation + "“”‘’…"
#: How many words before a look-behind cue its reason quotes (see `_cue_quote`).
_BEHIND_WORDS = 2


# --------------------------------------------------------------------------- cue data


@dataclass(frozen=True, slots=True)
class _Cue:
    family: str  # idiom | negated_belief
    valence: float
    #: Whether the pattern opens with a look-behind ("(?<=can't\s)wait"), written so to be
    #: indexed by a rarer word: its reason quotes the words before the match too.
    behind: bool = False


@dataclass(frozen=True, slots=True)
class _Rules:
    words: dict[str, float]
    #: The keys of `words`, as a set (`set & dict.keys()` copies every key first).
    word_set: frozenset[str]
    #: Every cue pattern (ids 0 … len(cues) - 1): idioms and rejections.
    index: PatternIndex
    cues: tuple[_Cue, ...]
    negated_belief_valence: float
    laughter: frozenset[str]
    derision_valence: float
    ironic_with_quotes: frozenset[str]
    mock_title_before: frozenset[str]
    quote_max_words: int
    speech_verbs: frozenset[str]
    contrast_before: float
    contrast_after: float
    not_contrast_before: frozenset[str]
    not_contrast_after: frozenset[str]
    #: For the prefilter (`_triggers`): the domain and laughter words that do not start with a
    #: letter (the index flags the others).
    odd_words: frozenset[str]
    #: Official words in scare quotes: single words, phrases quoted whole ('task force'), and
    #: every word of either (the prefilter looks for those among the tokens).
    hedges: frozenset[str]
    hedge_phrases: frozenset[str]
    hedge_words: frozenset[str]
    hedge_valence: float
    #: The echo rule: how long a repeat of the article's words is, and which words do not count.
    echo_min_words: int
    echo_min_content_words: int
    echo_function_words: frozenset[str]
    echo_attribution: re.Pattern[str]


def _strings(path: Path, table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnalysisError(f"{path}: {key!r} must be a list of strings")
    return value


def _number(path: Path, table: dict[str, Any], key: str) -> float:
    value = table.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise AnalysisError(f"{path}: {key!r} must be a number")
    return float(value)


def _behind(pattern: str) -> bool:
    return pattern.startswith(("(?<=", "(?:(?<="))


def _compile_search(path: Path, patterns: Iterable[str]) -> re.Pattern[str]:
    """`patterns` as one regex to search for anywhere, on word boundaries."""
    joined = "|".join(f"(?:{p})" for p in patterns) or r"(?!)"
    try:
        return re.compile(rf"(?<!\w)(?:{joined})(?!\w)", re.IGNORECASE)
    except re.error as exc:
        raise AnalysisError(f"{path}: bad pattern ({exc})") from exc


#: Flags of the cue index (`matching.build_index`): a domain word, "but", a laughter word.
_DOMAIN, _BUT, _LAUGHTER = 1, 2, 4
_WORD_PART = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W")


def _first_word_parts(tokens: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The first word (letters, digits, _) of each token, as `spaced_words` splits a text: a
    token VADER finds in a text ("burnt-out") has its first word among the text's words
    ("burnt"). Second, the tokens that do not start with a word character: `_triggers` looks
    for those among VADER's own tokens."""
    parts, odd = set(), set()
    for token in tokens:
        m = _WORD_PART.match(token)
        if m:
            parts.add(m.group())
        else:
            odd.add(token)
    return frozenset(parts), frozenset(odd)


@functools.cache
def _rules(rule_data: rules_mod.Rules) -> _Rules:
    lexicon = rule_data.lexicon.model_dump(by_alias=True)
    data = rule_data.mood_cues.model_dump(by_alias=True)
    lexicon_path, cues_path = (dict(rule_data.paths)[n] for n in ("lexicon", "mood_cues"))
    words: dict[str, float] = {}
    for word, value in lexicon.get("words", {}).items():
        if not isinstance(value, int | float):
            raise AnalysisError(f"{lexicon_path}: word {word!r}: valence must be a number")
        words[word.lower()] = float(value)

    patterns: list[str] = []
    cues: list[_Cue] = []
    for entry in lexicon.get("idiom", []):
        pattern = str(entry.get("pattern", ""))
        patterns.append(pattern)
        cues.append(_Cue("idiom", _number(lexicon_path, entry, "valence"), _behind(pattern)))
    belief = data.get("negated_belief", {})
    belief_valence = _number(cues_path, belief, "valence")
    for p in _strings(cues_path, belief, "patterns"):
        patterns.append(p)
        cues.append(_Cue("negated_belief", belief_valence))
    if any(not p for p in patterns):
        raise AnalysisError(f"{lexicon_path}: an idiom has no pattern")

    laughter = data.get("laughter", {})
    quotes = data.get("scare_quotes", {})
    contrast = data.get("contrast", {})
    laughter_words = frozenset(w.lower() for w in _strings(cues_path, laughter, "words"))
    _, domain_odd = _first_word_parts(words)
    laughter_parts, laughter_odd = _first_word_parts(laughter_words)
    # The index flags, from its own pass over a comment, a domain word (as `spaced_words`
    # spaces it: " burnt out "), a "but" and the first word of a laughter word.
    flags = {f" {_NOT_WORD.sub(' ', word)} ": _DOMAIN for word in words if _WORD_PART.match(word)}
    flags[" but "] = flags.get(" but ", 0) | _BUT
    for part in laughter_parts:
        flags[f" {part} "] = flags.get(f" {part} ", 0) | _LAUGHTER
    families = ["idiom", "negated_belief"]
    owners = [families.index(cue.family) for cue in cues]
    echo = data.get("echo", {})
    hedges = [" ".join(w.lower().split()) for w in _strings(cues_path, quotes, "hedges")]
    try:
        index = build_index(patterns, owners, flags)
    except re.error as exc:
        raise AnalysisError(f"{cues_path} or {lexicon_path}: bad pattern ({exc})") from exc
    return _Rules(
        words=words,
        word_set=frozenset(words),
        index=index,
        cues=tuple(cues),
        negated_belief_valence=belief_valence,
        laughter=laughter_words,
        derision_valence=_number(cues_path, laughter, "derision_valence"),
        ironic_with_quotes=frozenset(_strings(cues_path, quotes, "ironic_with")),
        mock_title_before=frozenset(_strings(cues_path, laughter, "mock_title_before")),
        quote_max_words=int(_number(cues_path, quotes, "max_words")),
        speech_verbs=frozenset(_strings(cues_path, quotes, "speech_verbs")),
        contrast_before=_number(cues_path, contrast, "before"),
        contrast_after=_number(cues_path, contrast, "after"),
        not_contrast_before=frozenset(_strings(cues_path, contrast, "not_after_words")),
        not_contrast_after=frozenset(_strings(cues_path, contrast, "not_before_words")),
        odd_words=domain_odd | laughter_odd,
        hedges=frozenset(w for w in hedges if " " not in w),
        hedge_phrases=frozenset(w for w in hedges if " " in w),
        hedge_words=frozenset(word for w in hedges for word in w.split()),
        hedge_valence=_number(cues_path, quotes, "hedge_valence"),
        echo_min_words=max(1, int(_number(cues_path, echo, "min_words"))),
        echo_min_content_words=int(_number(cues_path, echo, "min_content_words")),
        echo_function_words=frozenset(
            w for f in _strings(cues_path, echo, "function_words") for w in spaced_words(f)[1]
        ),
        echo_attribution=_compile_search(
            cues_path,
            [re.escape(w).replace(r"\ ", r"\s+") for w in _strings(cues_path, echo, "attribution")],
        ),
    )


# --------------------------------------------------------------------------- judge


_last_rules: tuple[MoodSettings, _Rules] | None = None


def _rules_of(settings: MoodSettings) -> _Rules:
    # `_rules` is cached by rules object; even that lookup per comment costs more than the
    # prefilter.
    global _last_rules
    if _last_rules is not None and _last_rules[0] is settings:
        return _last_rules[1]
    rules = _rules(settings.rules or rules_mod.load())
    _last_rules = (settings, rules)
    return rules
