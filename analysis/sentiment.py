"""The one VADER wrapper. Everything else in reader-mood asks this module, never vaderSentiment.

VADER is scored on the text exactly as written, so its cues (CAPITALS, "!!!", emoticons) reach
it. `read` runs VADER's own loop once and keeps the per-token valences it sums, so the
explanation view and the mood rules get the contributions at no extra cost.

>>> score("Nice one.").compound > 0
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    SentimentIntensityAnalyzer,
    SentiText,
)

from analysis.model import MoodLabel, Sentiment, WordContribution

#: VADER's authors' conventional cut-offs on the compound score.
NEUTRAL_BAND = 0.05


@functools.cache
def analyzer() -> SentimentIntensityAnalyzer:
    """The analyzer, built once: loading its lexicon takes ~100 ms."""
    return SentimentIntensityAnalyzer()


@dataclass(frozen=True, slots=True)
class Reading:
    """VADER's scores of a text and the per-token valences they came from."""

    sentiment: Sentiment
    tokens: tuple[WordContribution, ...]


def _strip_emoji(sia: SentimentIntensityAnalyzer, text: str) -> str:
    # Same substitution as SentimentIntensityAnalyzer.polarity_scores, kept identical so the
    # scores match vaderSentiment's to the last digit.
    out: list[str] = []
    prev_space = True
    for ch in text:
        if ch in sia.emojis:
            if not prev_space:
                out.append(" ")
            out.append(sia.emojis[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out).strip()


def read(text: str) -> Reading:
    """Score `text` with VADER and keep each token's valence.

    The loop mirrors `SentimentIntensityAnalyzer.polarity_scores` (vaderSentiment 3.3.2);
    `tests/test_sentiment.py` checks the scores equal the library's own on many texts.
    """
    sia = analyzer()
    clean = _strip_emoji(sia, text)
    sentitext = SentiText(clean)
    words = sentitext.words_and_emoticons
    valences: list[float] = []
    for i, item in enumerate(words):
        lowered = item.lower()
        if lowered in BOOSTER_DICT or (
            i < len(words) - 1 and lowered == "kind" and words[i + 1].lower() == "of"
        ):
            valences.append(0)
            continue
        valences = sia.sentiment_valence(0, sentitext, item, i, valences)
    valences = sia._but_check(words, valences)
    scores = sia.score_valence(valences, clean)
    sentiment = Sentiment(
        neg=float(scores["neg"]),
        neu=float(scores["neu"]),
        pos=float(scores["pos"]),
        compound=float(scores["compound"]),
    )
    tokens = tuple(WordContribution(w, float(v)) for w, v in zip(words, valences, strict=True))
    return Reading(sentiment, tokens)


def score(text: str) -> Sentiment:
    """Raw VADER scores of `text` (neg, neu, pos, compound)."""
    return read(text).sentiment


def contributions(text: str) -> tuple[WordContribution, ...]:
    """Per-token valences VADER summed for `text`; zero for tokens that carried none."""
    return read(text).tokens


def label(compound: float, band: float = NEUTRAL_BAND) -> MoodLabel:
    """VADER's own three-way reading of a compound score: ±`band` is neutral.

    >>> label(0.61), label(0.0), label(-0.3)
    ('positive', 'neutral', 'negative')
    """
    if compound >= band:
        return "positive"
    if compound <= -band:
        return "negative"
    return "neutral"
