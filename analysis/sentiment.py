"""The one VADER wrapper. Everything else in reader-mood asks this module, never vaderSentiment.

VADER is scored on the text exactly as written, so its cues (CAPITALS, "!!!", emoticons) reach
it. `read` runs VADER's own rules once, to the same figures as the library, and keeps the text
it scored, its tokens (also lower-cased) and the per-token valences it sums, so the explanation
view and the mood rules get them at no extra cost. It lower-cases the tokens once where the
library does it again for every check of every sentiment word, so it costs less than the
library's `polarity_scores` (about a quarter of it on long comments).

>>> score("Nice one.").compound > 0
True
"""

from __future__ import annotations

import functools
import itertools
import string
from dataclasses import dataclass

# Only this module imports vaderSentiment (pinned at 3.3.2, whose rules `_valence` re-implements);
# the mood rules take VADER's tables from here.
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from analysis.model import MoodLabel, Sentiment, WordContribution

#: VADER's authors' conventional cut-offs on the compound score.
NEUTRAL_BAND = 0.05

_PUNCTUATION = string.punctuation
_NEGATE = frozenset(NEGATE)


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
    #: `words` lower-cased (VADER looks every token up lower-cased).
    lower: tuple[str, ...] = ()

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

    The loop does what `SentimentIntensityAnalyzer.polarity_scores` does (vaderSentiment
    3.3.2), step for step in the same floating-point order, but lower-cases the tokens once:
    VADER lower-cases the whole comment again for every rule it checks on every sentiment word,
    which makes long comments cost it the square of their length. `tests/test_sentiment.py`
    checks the scores and valences equal the library's own on many texts.
    """
    sia = analyzer()
    lexicon = sia.lexicon
    clean = vader_text(text)
    words = [_strip_punctuation(token) for token in clean.split()]
    lower = list(map(str.lower, words))
    n = len(words)
    # VADER's `allcap_differential`: some, but not all, tokens are in capitals.
    capitals = sum(map(str.isupper, words))
    cap_diff = 0 < n - capitals < n
    valences: list[float] = [0] * n
    last = n - 1
    for i in itertools.compress(range(n), map(lexicon.__contains__, lower)):
        word = lower[i]
        if word in BOOSTER_DICT or (i < last and word == "kind" and lower[i + 1] == "of"):
            continue
        valences[i] = _valence(lexicon, words, lower, i, cap_diff)
    if "but" in lower:
        weigh_but(valences, lower.index("but"))
    scores = sia.score_valence(valences, clean)
    sentiment = Sentiment(
        neg=float(scores["neg"]),
        neu=float(scores["neu"]),
        pos=float(scores["pos"]),
        compound=float(scores["compound"]),
    )
    return Reading(sentiment, clean, tuple(words), tuple(valences), tuple(lower))


def _strip_punctuation(token: str) -> str:
    # VADER's `SentiText._strip_punc_if_word`: a token that is mostly punctuation (":)") stays.
    stripped = token.strip(_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def _negated(word: str) -> bool:
    # VADER's `negated([word])`.
    return word in _NEGATE or "n't" in word


def _valence(
    lexicon: dict[str, float], words: list[str], lower: list[str], i: int, cap_diff: bool
) -> float:
    """VADER's `sentiment_valence` of the lexicon word at `i` (with `_least_check`): the same
    checks in the same order, on tokens lower-cased once."""
    valence = _own_valence(lexicon, words, lower, i, cap_diff)
    for start_i in range(3):
        if i <= start_i:
            break
        before = lower[i - (start_i + 1)]
        if before in lexicon:
            continue
        scalar = _scalar(before, valence, cap_diff and words[i - (start_i + 1)].isupper())
        if start_i == 1 and scalar != 0:
            scalar = scalar * 0.95
        if start_i == 2 and scalar != 0:
            scalar = scalar * 0.9
        valence = _negation_check(valence + scalar, lower, i, start_i)
        if start_i == 2:
            valence = _special_idioms(valence, lower, i)
    return _least_check(valence, lexicon, lower, i)


def _own_valence(
    lexicon: dict[str, float], words: list[str], lower: list[str], i: int, cap_diff: bool
) -> float:
    """The word's lexicon valence after "no" before or as it, and its capitals."""
    word = lower[i]
    valence = lexicon[word]
    if word == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
        valence = 0.0
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[word] * N_SCALAR
    if cap_diff and words[i].isupper():
        if valence > 0:
            valence += C_INCR
        else:
            valence -= C_INCR
    return valence


def _scalar(before: str, valence: float, shouted: bool) -> float:
    """VADER's `scalar_inc_dec` of a word before: a booster's push, in the valence's
    direction, more when the booster is in capitals among mixed case."""
    if before not in BOOSTER_DICT:
        return 0.0
    scalar = BOOSTER_DICT[before]
    if valence < 0:
        scalar *= -1
    if shouted:
        if valence > 0:
            scalar += C_INCR
        else:
            scalar -= C_INCR
    return scalar


def _negation_check(valence: float, lower: list[str], i: int, start_i: int) -> float:
    """VADER's `_negation_check` of the word `start_i + 1` before the one at `i`."""
    before = lower[i - (start_i + 1)]
    if start_i == 0:
        return valence * N_SCALAR if _negated(before) else valence
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            return valence * 1.25
        if lower[i - 2] == "without" and lower[i - 1] == "doubt":
            return valence
        return valence * N_SCALAR if _negated(before) else valence
    if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
        lower[i - 1] == "so" or lower[i - 1] == "this"
    ):
        return valence * 1.25
    if lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
        return valence
    return valence * N_SCALAR if _negated(before) else valence


def _least_check(valence: float, lexicon: dict[str, float], lower: list[str], i: int) -> float:
    """VADER's `_least_check`: "least" before the word turns it, but not "at least"."""
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _special_idioms(valence: float, lower: list[str], i: int) -> float:
    # VADER's `_special_idioms_check` (called only with i > 2).
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def weigh_but(valences: list[float], but: int) -> None:
    """VADER's `_but_check`, in place: every valence before the first "but" (at `but`) times
    0.5, every one after it times 1.5.

    VADER finds each valence by value (`list.index`) rather than by place, so where a value
    repeats it weights the first copy again and leaves the later one; this does exactly the
    same, remembering where each value first occurs instead of searching for it every time.
    """
    first: dict[float, int] = {}
    for j, v in enumerate(valences):
        first.setdefault(v, j)
    for k in range(len(valences)):
        v = valences[k]
        at = first[v]
        if at == but:
            continue
        new = v * 0.5 if at < but else v * 1.5
        valences[at] = new
        if new != v:
            try:
                first[v] = valences.index(v, at + 1)
            except ValueError:
                del first[v]
            if first.get(new, len(valences)) > at:
                first[new] = at


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
