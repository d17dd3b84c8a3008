"""The VADER wrapper must give vaderSentiment's own scores, to the digit, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText

from analysis import sentiment

_REFERENCE = SentimentIntensityAnalyzer()

TEXTS = [
    "The Secretary of State for Lolz strikes again. Nice one.",
    "GREAT job!!! :) but the contract is a DISASTER",
    "kind of bad, not good at all",
    "I don't believe a word he says 😡",
    "",
    "   ",
    "£8bn and $5",
]


def test_scores_equal_vadersentiment_on_examples() -> None:
    for text in TEXTS:
        ours = sentiment.score(text)
        ref = _REFERENCE.polarity_scores(text)
        assert (ours.neg, ours.neu, ours.pos, ours.compound) == (
            ref["neg"],
            ref["neu"],
            ref["pos"],
            ref["compound"],
        ), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_scores_equal_vadersentiment_on_any_text(text: str) -> None:
    ours = sentiment.score(text)
    ref = _REFERENCE.polarity_scores(text)
    assert ours.compound == ref["compound"]
    assert -1.0 <= ours.compound <= 1.0


def test_contributions_name_the_words_that_moved_the_score() -> None:
    tokens = {t.token: t.valence for t in sentiment.contributions("Nice one, what a shambles")}
    assert tokens["Nice"] > 0
    assert tokens["one"] == 0
    # VADER does not know "shambles": the explanation must show it carried nothing.
    assert tokens["shambles"] == 0


def test_capitals_and_exclamations_reach_vader() -> None:
    plain = sentiment.score("this is bad").compound
    shouted = sentiment.score("this is BAD!!!").compound
    assert shouted < plain < 0


def test_label_uses_the_conventional_band() -> None:
    assert sentiment.label(0.05) == "positive"
    assert sentiment.label(0.0499) == "neutral"
    assert sentiment.label(-0.05) == "negative"


def test_reading_keeps_the_text_vader_scored_and_its_tokens() -> None:
    text = "  Great job 😂 but the rota is a DISASTER!  "
    reading = sentiment.read(text)
    # VADER spells emoji out and trims the text before it scores it.
    assert "😂" not in reading.text and reading.text == reading.text.strip()
    assert _REFERENCE.polarity_scores(reading.text)["compound"] == reading.sentiment.compound
    assert reading.words == tuple(t.token for t in reading.tokens)
    assert len(reading.words) == len(reading.text.split()) == len(reading.valences)
    assert [t.valence for t in reading.tokens] == [float(v) for v in reading.valences]
    assert sentiment.vader_text("plain text ") == "plain text"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab :)!😂🙂é’\n"), max_size=40))
def test_scores_equal_vadersentiment_on_emoji_text(text: str) -> None:
    assert sentiment.score(text).compound == _REFERENCE.polarity_scores(text)["compound"]


def _library_valences(text: str) -> list[float]:
    """The per-token valences vaderSentiment itself sums, from its own methods: the loop of
    `polarity_scores` (3.3.2) with the library's `sentiment_valence` and `_but_check`."""
    sentitext = SentiText(sentiment.vader_text(text))
    words = sentitext.words_and_emoticons
    valences: list[float] = []
    for i, item in enumerate(words):
        if item.lower() in BOOSTER_DICT or (
            i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"
        ):
            valences.append(0)
            continue
        valences = _REFERENCE.sentiment_valence(0, sentitext, item, i, valences)
    return _REFERENCE._but_check(words, valences)


def _assert_same_as_library(text: str) -> None:
    reading = sentiment.read(text)
    ref = _REFERENCE.polarity_scores(text)
    ours = reading.sentiment
    assert (ours.neg, ours.neu, ours.pos, ours.compound) == (
        ref["neg"],
        ref["neu"],
        ref["pos"],
        ref["compound"],
    ), text
    # The same numbers in the same places (repr also tells 0 from 0.0 and -0.0).
    assert list(map(repr, reading.valences)) == list(map(repr, _library_valences(text))), text
    assert reading.lower == tuple(w.lower() for w in reading.words)


# Words that set off each of VADER's rules: boosters, negations, "no", "least", "kind of",
# special idioms, capitals, "but", and sentiment words whose valences repeat.
_RULE_WORDS = [
    "good",
    "bad",
    "GOOD",
    "BAD",
    "great",
    "terrible",
    "love",
    "hate",
    "no",
    "not",
    "never",
    "so",
    "this",
    "without",
    "doubt",
    "least",
    "at",
    "very",
    "kind",
    "of",
    "sort",
    "just",
    "enough",
    "extremely",
    "hardly",
    "isn't",
    "don't",
    "nor",
    "or",
    "the",
    "shit",
    "bomb",
    "bad",
    "ass",
    "yeah",
    "right",
    "kiss",
    "death",
    "to",
    "die",
    "for",
    "bus",
    "stop",
    "but",
    "BUT",
    ":)",
    ":(",
    "!",
    "?",
    "lol",
    "nice",
    "one",
    "fine",
    "okay",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_RULE_WORDS), max_size=30).map(" ".join))
def test_scores_and_valences_equal_the_library_on_rule_words(text: str) -> None:
    _assert_same_as_library(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_valences_equal_the_library_on_any_text(text: str) -> None:
    _assert_same_as_library(text)


def test_repeated_valences_around_but_are_weighted_as_the_library_weights_them() -> None:
    # VADER finds each valence by value, so repeated values are weighted at the first copy:
    # the wrapper must reproduce that quirk, not fix it.
    for text in (
        "good good but good good",
        "bad but bad, bad and good but good",
        "good nice but nice good great",
        "no good but no good",
        "It was good and the staff were good, but the wait was bad and the food was bad.",
    ):
        _assert_same_as_library(text)
