"""A comment as the mood rules read it: its sentences, tokens, quotations and VADER compound,
worked out once (`Comment`), and the index of quotations echoed across a page's comments."""

from __future__ import annotations

import bisect
import functools
import math
import operator
import re
from collections.abc import Iterable, Sequence

from analysis import sentiment
from analysis.matching import spaced_words
from analysis.mood.cues import DEFAULT_SETTINGS, MoodSettings, _rules_of

# A run of . ! ? … with any closing quotes or brackets, before a space or the end; or a line
# break. Written to start with one character class, so `re` skips from candidate to candidate
# in C rather than trying both alternatives at every character. A run is read from its first
# character only, possessively: retried from each of its characters, a run of 100,000 dots not
# followed by a space cost the square of its length.
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)|(?<=[.!?…])(?<![.!?…].)[.!?…]*+[\"'”’)\]]*+(?=\s|$))")
_ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "e.g.", "i.e.", "vs."})
#: Tokens that end a sentence at a full stop only in appearance: an abbreviation, or one
#: without its last full stop (VADER trims it: "Mr." is the token "Mr").
_ABBREVIATED = _ABBREVIATIONS | {a[:-1] for a in _ABBREVIATIONS}
_END = re.Match.end
# An opening quote after a space, a bracket or the start (not an apostrophe inside a word),
# up to three words, and a closing quote before a space or punctuation. The quote character
# comes first so `re` can skip straight to candidates.
_QUOTE = re.compile(
    r"([\"“'‘])(?<![^\s(][\"“'‘])[ ]?([^\"“”'‘’\n]{1,40}?)[ ]?([\"”'’])(?=[\s.,;:!?)…]|$)"
)


# --------------------------------------------------------------------------- echoes

#: Quotation marks around a reader's repeat of the article's words.
_QUOTES = "\"“”'‘’"
#: A word of `spaced_words`' spacing of a text (its characters line up with the text's).
_SPACED_WORD = re.compile(r"\S+")


class EchoIndex:
    """The runs of words of one article that a comment may repeat (rule 0).

    Built once a page from its headline, paragraphs and claims; `spans` finds the repeats in
    a comment. Words are compared as `matching.spaced_words` gives them: lower-cased, split at
    anything that is not a letter or digit (so "it's" is "it", "s"), punctuation ignored.
    """

    def __init__(self, sources: Iterable[str], settings: MoodSettings = DEFAULT_SETTINGS) -> None:
        rules = _rules_of(settings)
        self._size = n = rules.echo_min_words
        self._attribution = rules.echo_attribution
        grams: set[tuple[str, ...]] = set()
        for text in sources:
            words = spaced_words(text or "")[1]
            grams.update(zip(*(words[k:] for k in range(n)), strict=False))
        function = rules.echo_function_words
        least = rules.echo_min_content_words
        self._grams = frozenset(g for g in grams if sum(w not in function for w in g) >= least)

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """The character spans [start, end) of `text` that repeat the article's words."""
        n = self._size
        if not self._grams:
            return ()
        spaced, words = spaced_words(text)
        grams = list(zip(*(words[k:] for k in range(n)), strict=False))
        # Most comments repeat nothing: one set operation in C says so.
        found = self._grams.intersection(grams)
        if not found:
            return ()
        covered = [False] * len(words)
        for i, gram in enumerate(grams):
            if gram in found:
                covered[i : i + n] = [True] * n
        # `spaced` is the text with a space before it: its word at i is the text's at i - 1.
        places = [(m.start() - 1, m.end() - 1) for m in _SPACED_WORD.finditer(spaced)]
        spans: list[tuple[int, int]] = []
        for i, ((start, end), inside) in enumerate(zip(places, covered, strict=True)):
            if not inside:
                continue
            if i > 0 and covered[i - 1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return tuple(span for span in spans if self._marked(text, *span))

    def _marked(self, text: str, start: int, end: int) -> bool:
        """Whether the reader marks text[start:end] as the article's words: quotation marks
        just around it, or an attribution in its sentence ("he says", "apparently")."""
        if any(q in text[max(0, start - 2) : start] for q in _QUOTES) or any(
            q in text[end : end + 3] for q in _QUOTES
        ):
            return True
        begin = max(text.rfind(stop, 0, start) for stop in ".!?\n") + 1
        stops = [k for k in (text.find(stop, end) for stop in ".!?\n") if k >= 0]
        return bool(self._attribution.search(text, begin, min(stops, default=len(text))))


# --------------------------------------------------------------------------- the comment


class _Comment:
    """A comment's tokens as VADER saw them, their valences and weights; token positions and
    sentences are worked out only when a rule needs them (most comments need none)."""

    def __init__(
        self, text: str, valences: Sequence[float], words: Sequence[str], lower: Sequence[str]
    ) -> None:
        self.text = text
        self.words = words
        self.lower = lower
        base = list(valences)
        weights = [1.0] * len(base)
        #: False when VADER's "but" weighting could not be undone: rule 1 then stays off.
        self.reweighable = True
        if "but" in self.lower:
            # Undo VADER's comment-wide "but" weighting to get each word's own valence.
            first = self.lower.index("but")
            weights = [0.5] * first + [1.0] + [1.5] * (len(base) - first - 1)
            base = list(map(operator.truediv, valences, weights))
            base[first] = valences[first]
            # VADER finds each valence by value (`list.index`), so repeated values can be
            # weighted at the wrong place; check the undo by redoing it. With distinct values
            # VADER's lookup by value found each one right: nothing to check.
            nonzero = list(filter(None, valences))
            if len(set(nonzero)) != len(nonzero):
                redone = list(base)
                sentiment.weigh_but(redone, first)
                if any(abs(a - b) > 1e-9 for a, b in zip(redone, valences, strict=True)):
                    base, weights = list(valences), [1.0] * len(base)
                    self.reweighable = False
        self.valence = base
        self.weight = weights
        #: Every weight is 1.0: totals are plain sums (v * 1.0 is v, so the same figures).
        self.unweighted = weights.count(1.0) == len(weights)

    # Positions: VADER's tokens are the whitespace-separated pieces of the text, so the
    # token at a character is the number of pieces before it (C-speed `split`, no loop).

    def tokens_in(self, start: int, end: int) -> range:
        """Tokens overlapping the characters [start, end)."""
        return _tokens_in(self.text, len(self.lower), start, end)

    @functools.cached_property
    def _sentence_bounds(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        text, lower = self.text, self.lower
        tokens: list[tuple[int, int]] = []
        chars: list[tuple[int, int]] = []
        token_start = char_start = 0
        counted = token_end = 0
        for end in map(_END, _BOUNDARY.finditer(text)):
            # Boundaries fall between tokens, so counting the pieces since the last one
            # gives the number of tokens before this one.
            token_end += len(text[counted:end].split())
            counted = end
            if token_end <= token_start:
                continue
            # A boundary ending in a line break is one; a full stop after "Mr" is not.
            if text[end - 1] != "\n" and lower[token_end - 1] in _ABBREVIATED:
                continue
            tokens.append((token_start, token_end))
            chars.append((char_start, end))
            token_start, char_start = token_end, end
        if token_start < len(lower):
            tokens.append((token_start, len(lower)))
            chars.append((char_start, len(text)))
        return tokens, chars

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Token ranges of the sentences: after . ! ? … (not "Mr.") or at a line break."""
        return self._sentence_bounds[0]

    def sentence_of(self, token: int) -> int:
        # Sentences are consecutive token ranges: the one starting last at or before `token`.
        sentences = self.sentences
        n = bisect.bisect_right(self._sentence_starts, token) - 1
        if n >= 0 and token < sentences[n][1]:
            return n
        return len(sentences) - 1

    @functools.cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def total(self, tokens: Iterable[int]) -> float:
        v, w = self.valence, self.weight
        if type(tokens) is range and tokens.step == 1 and 0 <= tokens.start <= tokens.stop:
            # The same products summed in the same order, without a Python step per token.
            if self.unweighted:
                return sum(v[tokens.start : tokens.stop])
            return sum(
                map(operator.mul, v[tokens.start : tokens.stop], w[tokens.start : tokens.stop])
            )
        if self.unweighted:
            return sum([v[i] for i in tokens])
        return sum(v[i] * w[i] for i in tokens)

    def sentence_total(self, n: int) -> float:
        s, e = self.sentences[n]
        return self.total(range(s, e))

    def sentence_text(self, n: int) -> str:
        start, end = self._sentence_bounds[1][n]
        return self.text[start:end]

    def sentence_span(self, n: int) -> tuple[int, int]:
        """The characters [start, end) of sentence `n`."""
        return self._sentence_bounds[1][n]

    def neighbours(self, n: int) -> list[int]:
        return [k for k in (n - 1, n + 1) if 0 <= k < len(self.sentences)]

    def ironic(self, tokens: Sequence[int], weight: float, fallback: float) -> None:
        """Make the praise in `tokens` ironic: its positive words change sign; where VADER
        found none ("Genius" is not in its lexicon), the first token gets `fallback`."""
        if not self.flip_positive(tokens, weight) and tokens:
            self.valence[tokens[0]] += fallback

    def flip_positive(self, tokens: Iterable[int], weight: float) -> list[int]:
        flipped = []
        for i in tokens:
            if self.valence[i] > 0:
                self.valence[i] = -weight * self.valence[i]
                flipped.append(i)
        return flipped

    def compound(self) -> float:
        return _compound(self.text, self.total(range(len(self.valence))))


def _tokens_in(text: str, count: int, start: int, end: int) -> range:
    """VADER's tokens (`count` of them, the whitespace-separated pieces of `text`) that
    overlap the characters [start, end)."""
    # The token at `start` is the number of pieces before it (less one where a token runs
    # across `start`); the pieces up to `end` are those plus the ones from `start`.
    before = len(text[:start].split())
    across = 0 < start < len(text) and not text[start].isspace() and not text[start - 1].isspace()
    first = min(before - 1 if across else before, count - 1)
    upto = before + len(text[start:end].split()) - (across and start < end)
    return range(first, max(upto, first + 1))


def _compound(text: str, total: float) -> float:
    """VADER's compound score of a sum of valences of `text`, unrounded."""
    if total == 0:
        return 0.0
    # VADER's punctuation emphasis (vaderSentiment 3.3.2 `_punctuation_emphasis`).
    marks = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    if questions > 1:
        marks += questions * 0.18 if questions <= 3 else 0.96
    total += marks if total > 0 else -marks
    return total / math.sqrt(total * total + 15)


def _may_quote(text: str) -> bool:
    """Whether `text` has a character that can open a quotation (cheaper than `_QUOTE`)."""
    return '"' in text or "“" in text or "‘" in text or " '" in text or text.startswith("'")


def _quote(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def _lower(reading: sentiment.Reading) -> Sequence[str]:
    """The reading's tokens lower-cased: `sentiment.read` keeps them; a Reading built by hand
    may not have them."""
    if len(reading.lower) == len(reading.words):
        return reading.lower
    return tuple(map(str.lower, reading.words))


#: A comment's tokens, valences and sentences (for the features).
Comment = _Comment


def comment_of(reading: sentiment.Reading) -> _Comment:
    """The comment's tokens, own valences (VADER's comment-wide "but" weighting undone) and
    sentences, for the features."""
    return _Comment(reading.text, reading.valences, reading.words, _lower(reading))


def compound_of(text: str, total: float) -> float:
    """VADER's compound of a sum of valences of `text` (its punctuation emphasis included)."""
    return _compound(text, total)
