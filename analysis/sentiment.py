"""The one VADER wrapper. Everything else in reader-mood asks this module, never vaderSentiment.

VADER is scored on the text exactly as written, so its cues (CAPITALS, "!!!", emoticons) reach
it. `read` runs VADER's own loop once and keeps the text it scored, its tokens and the
per-token valences it sums, so the explanation view and the mood rules get them at no extra
cost.

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


@functools.cache
def _emoji_chars() -> frozenset[str]:
    # VADER looks emoji up one character at a time, so only one-character keys can ever match.
    return frozenset(k for k in analyzer().emojis if len(k) == 1)


@dataclass(frozen=True, slots=True)
class Reading:
    """VADER's scores of a text, the text it scored and the per-token valences it summed."""

    sentiment: Sentiment
    #: The text as VADER scored it: emoji spelt out ("😂" → "face with tears of joy"), trimmed.
    text: str
    #: VADER's tokens of `text` (whitespace-separated, outer punctuation trimmed).
    words: tuple[str, ...]
    #: The valence of each token after VADER's rules ("but" weighting included).
    valences: tuple[float, ...]

    @property
    def tokens(self) -> tuple[WordContribution, ...]:
        """Each token with its valence, for the explanation view (built on demand)."""
        return tuple(
            WordContribution(w, float(v)) for w, v in zip(self.words, self.valences, strict=True)
        )


def vader_text(text: str) -> str:
    """`text` as VADER scores it: each emoji replaced by its description, trimmed.

    The same substitution as `SentimentIntensityAnalyzer.polarity_scores`, kept identical so
    the scores match vaderSentiment's to the last digit; text without emoji (most text) is
    only trimmed, with no loop over its characters.
    """
    if text.isascii() or _emoji_chars().isdisjoint(text):
        return text.strip()
    emojis = analyzer().emojis
    out: list[str] = []
    prev_space = True
    for ch in text:
        if ch in emojis:
            if not prev_space:
                out.append(" ")
            out.append(emojis[ch])
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
    lexicon = sia.lexicon
    clean = vader_text(text)
    sentitext = SentiText(clean)
    words = sentitext.words_and_emoticons
    last = len(words) - 1
    valences: list[float] = []
    for i, item in enumerate(words):
        lowered = item.lower()
        if lowered in BOOSTER_DICT or (
            i < last and lowered == "kind" and words[i + 1].lower() == "of"
        ):
            valences.append(0)
        elif lowered not in lexicon:
            # What `sentiment_valence` does for a word VADER does not know, without the call.
            valences.append(0)
        else:
            valences = sia.sentiment_valence(0, sentitext, item, i, valences)
    valences = sia._but_check(words, valences)
    scores = sia.score_valence(valences, clean)
    sentiment = Sentiment(
        neg=float(scores["neg"]),
        neu=float(scores["neu"]),
        pos=float(scores["pos"]),
        compound=float(scores["compound"]),
    )
    return Reading(sentiment, clean, tuple(words), tuple(valences))


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
