"""The VADER wrapper must give vaderSentiment's own scores, to the digit, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

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
