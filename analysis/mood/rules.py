"""The cue rules of mood, in one registry (`RULES`): each changes some of the per-token valences
VADER summed for a comment, and says why. Their effects are features of the learned model
(`analysis.mood.features`), which weighs them against everything else it reads.

The rules, in the order they apply:

- echo (only given the article, `EchoIndex`): praise a reader repeats from the article,
  marked as the article's (quotation marks, "he says"), is the article's, not the reader's:
  its positive valence goes.
- contrast: VADER weighs every word before the first "but" of a whole comment by 0.5 and
  every word after it by 1.5; here the weighting stays inside the sentence holding the "but",
  and "but" that is no contrast ("but for", "nothing but", "not only … but") is skipped.
- domain words (`lexicon.toml` [words]): words VADER lacks or misweights in this field.
- idioms and rejection (`lexicon.toml` [[idiom]], `mood_cues.toml` [negated_belief]): fixed
  expressions VADER cannot read ("the mask slips"), and rejecting what was said ("don't
  believe a word he says").
- scare quotes around a positive or an official word (the "best" way, 'temporary').
- laughter used as derision ("Minister for Lols", "lol, another pay cut").

Measured on the real dev comments (benchmarks/real, grouped cross-validation of the model
with and without each rule's feature), six earlier rules went: mock confession, incredulity,
sarcasm markers, one-word verdicts, sarcastic praise and the deadpan close either never fired
on real comments or moved them away from the readers' labels more often than toward them.

Ironic positive words change sign. The new sum goes through VADER's own punctuation emphasis
and normalisation (`_compound`), so a rule's effect is a change of a compound in [-1, 1].
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from analysis import rules as rules_mod
from analysis import sentiment
from analysis.errors import AnalysisError
from analysis.matching import PatternIndex, build_index, spaced_words
from analysis.sentiment import BOOSTER_DICT, N_SCALAR, NEGATE


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


_WORD_PART = re.compile(r"\w+")
#: Flags of the cue index (`matching.build_index`): a domain word, "but", a laughter word.
_DOMAIN, _BUT, _LAUGHTER = 1, 2, 4
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


def _cue_quote(c: _Comment, cue: _Cue, m: re.Match[str], settings: MoodSettings) -> str:
    """The words of a cue as the reader sees them: the match, and for a pattern opening with a
    look-behind the words of its sentence just before it ("can't" of "can't wait")."""
    if not cue.behind:
        return _quote(m.group(0), settings.quote_chars)
    start = c.sentence_span(c.sentence_of(c.tokens_in(*m.span())[0]))[0]
    before = c.text[start : m.start()].split()[-_BEHIND_WORDS:]
    return _quote(" ".join([*before, m.group(0)]), settings.quote_chars)


def _quote(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


# --------------------------------------------------------------------------- rules

Note = Callable[[str], None]


def _echo(
    c: _Comment, echoes: Sequence[tuple[int, int]], settings: MoodSettings, note: Note
) -> None:
    repeated: list[str] = []
    borrowed: set[str] = set()
    for start, end in echoes:
        tokens = c.tokens_in(start, end)
        praise = [i for i in tokens if c.valence[i] > 0]
        if praise:
            for i in praise:
                c.valence[i] = 0.0
                borrowed.add(c.lower[i])
            repeated.append(c.text[start:end])
    # The article's praise word used again on its own ("Smarter apparently means …").
    for i in itertools.compress(range(len(c.lower)), map(borrowed.__contains__, c.lower)):
        c.valence[i] = min(c.valence[i], 0.0)
    if repeated:
        quoted = ", ".join(dict.fromkeys(_quote(r, settings.quote_chars) for r in repeated))
        note(f"echo: praise repeated from the article is its own, not the reader's ({quoted})")


def _contrast(c: _Comment, rules: _Rules, note: Note) -> None:
    if "but" not in c.lower or not c.reweighable:
        return
    lower = c.lower
    weights = [1.0] * len(c.valence)
    every = range(len(lower))
    but_at = list(itertools.compress(every, map("but".__eq__, lower)))
    not_only_at = [
        i
        for i in itertools.compress(every, map("not".__eq__, lower))
        if i + 1 < len(lower) and lower[i + 1] == "only"
    ]
    for n, (s, e) in enumerate(c.sentences):
        buts = [
            i
            for i in but_at[bisect.bisect_left(but_at, s) : bisect.bisect_left(but_at, e)]
            if not (i > s and lower[i - 1] in rules.not_contrast_before)
            and not (i + 1 < e and lower[i + 1] in rules.not_contrast_after)
        ]
        # "not only … but": the second half adds to the first rather than overturning it.
        if not buts or any(s <= i < buts[0] - 1 for i in not_only_at):
            continue
        b = buts[0]
        bs, be = (c.sentences[n - 1][0], s) if b == s and n > 0 else (s, b)
        weights[bs:be] = map(min, weights[bs:be], itertools.repeat(rules.contrast_before))
        weights[b + 1 : e] = [rules.contrast_after] * (e - b - 1)
    v, w = c.valence, c.weight
    # Whether a token that carries a valence gets a new weight (compared in C: `compress`
    # keeps the weights of the tokens whose valence is not zero).
    if weights != w and any(
        map(operator.ne, itertools.compress(weights, v), itertools.compress(w, v))
    ):
        c.weight = weights
        c.unweighted = weights.count(1.0) == len(weights)
        note("contrast: 'but' weighs the clause after it within its own sentence")


def _domain_words(c: _Comment, rules: _Rules, note: Note) -> None:
    present = rules.word_set.intersection(c.lower)
    if not present:
        return
    lexicon = sentiment.analyzer().lexicon
    changed: list[str] = []
    places = itertools.compress(range(len(c.lower)), map(present.__contains__, c.lower))
    for i in places:
        old = c.valence[i]
        new = _domain_value(c.lower, i, old, rules, lexicon)
        if new != old:
            c.valence[i] = new
            shown, value = c.words[i], rules.words[c.lower[i]]
            changed.append(f"'{shown}' ({value:+.1f})" if value else f"'{shown}' (no feeling here)")
    if changed:
        note("domain words: " + ", ".join(dict.fromkeys(changed)))


def _domain_value(
    lower: Sequence[str], i: int, old: float, rules: _Rules, lexicon: dict[str, float]
) -> float:
    """The valence rule 2 gives the domain word `lower[i]`, whose valence was `old`."""
    word = lower[i]
    value = rules.words[word]
    vader_value = lexicon.get(word)
    if vader_value:
        if value == 0 and old * vader_value < 0:
            return old  # negated ("don't care"): the negation is the feeling; keep VADER's
        # Rescale, so VADER's capitals, intensifiers and negation still apply.
        return old * value / vader_value
    new = value
    before = lower[max(i - 3, 0) : i]
    if before and before[-1] in BOOSTER_DICT:
        boost = BOOSTER_DICT[before[-1]]
        new += boost if new > 0 else -boost
    if any(w in _NEGATE or w.endswith("n't") for w in before):
        new *= N_SCALAR
    return new


def _idioms_and_belief(
    c: _Comment,
    matches: Sequence[tuple[_Cue, re.Match[str]]],
    settings: MoodSettings,
    note: Note,
) -> bool:
    """Apply idioms and negated belief; True when the comment rejects what was said."""
    covered: set[int] = set()
    rejects = False
    for cue, m in sorted(matches, key=lambda cm: (cm[1].start(), -cm[1].end())):
        if cue.family not in ("idiom", "negated_belief"):
            continue
        tokens = c.tokens_in(*m.span())
        if not covered.isdisjoint(tokens):
            continue
        covered.update(tokens)
        old = c.total(tokens)
        c.valence[tokens.start : tokens.stop] = [0.0] * len(tokens)
        # The idiom's valence goes on its first word, weighted like that word.
        c.valence[tokens[0]] = cue.valence
        if cue.family == "negated_belief":
            rejects = True
            note(f"negated belief: {_quote(m.group(0), settings.quote_chars)}")
        elif c.total(tokens) != old:
            note(f"idiom: {_cue_quote(c, cue, m, settings)} ({cue.valence:+.1f})")
    return rejects


def _scare_quotes(c: _Comment, rules: _Rules, settings: MoodSettings, note: Note) -> bool:
    found = False
    text = c.text
    if not _may_quote(text):
        return False
    for m in _QUOTE.finditer(text):
        inner = m.group(2)
        if len(inner.split()) > rules.quote_max_words or not inner.strip():
            continue
        first = c.tokens_in(m.start(), m.start() + 1)[0]
        if first > 0 and c.lower[first - 1] in rules.speech_verbs:
            continue
        tokens = c.tokens_in(m.start(2), m.end(2))
        s, e = c.sentences[c.sentence_of(tokens[0])]
        if c.flip_positive(tokens, settings.irony_weight):
            found = True
            note(f"sarcasm: scare quotes around {_quote(inner, settings.quote_chars)}")
            thanks = [i for i in range(s, e) if c.lower[i] in rules.ironic_with_quotes]
            if c.flip_positive(thanks, settings.irony_weight):
                note(f"sarcasm: thanks beside scare quotes ('{c.words[thanks[0]]}')")
        if rules.hedges.isdisjoint(c.lower[i] for i in tokens) and (
            " ".join(inner.lower().split()) not in rules.hedge_phrases
        ):
            continue
        # The quoted word is the official one ('temporary', "committed to"): held up for
        # doubt, it is a negative, and the praise in its sentence is ironic.
        found = True
        c.valence[tokens[0]] += rules.hedge_valence
        c.flip_positive(range(s, e), settings.irony_weight)
        note(
            f"sarcasm: scare quotes around the official word {_quote(inner, settings.quote_chars)}"
        )
    return found


def _laughter(c: _Comment, rules: _Rules, settings: MoodSettings, note: Note) -> bool:
    if rules.laughter.isdisjoint(c.lower):
        return False
    laughs = [i for i, w in enumerate(c.lower) if w in rules.laughter]
    others = set(range(len(c.valence))) - set(laughs)
    criticism = any(c.total(i for i in range(s, e) if i in others) < 0 for s, e in c.sentences)
    found = False
    for i in laughs:
        mock_title = i > 0 and c.lower[i - 1] in rules.mock_title_before
        if not (mock_title or criticism):
            continue
        found = True
        c.valence[i] = min(-abs(c.valence[i]) * settings.irony_weight, rules.derision_valence)
        how = "in a mock title" if mock_title else "amid criticism"
        note(f"sarcasm: laughter ('{c.words[i]}') used as derision, {how}")
        if mock_title and c.flip_positive(range(*c.sentences[c.sentence_of(i)]), 1.0):
            note("sarcasm: praise beside a mock title")
    return found


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


class _Triggers(NamedTuple):
    """What the prefilter found: which rules may act on a comment, and the cue matches (a
    named tuple: made for every comment, and cheaper to make than a frozen dataclass)."""

    but: bool
    domain: bool
    late: bool
    cues: tuple[tuple[_Cue, re.Match[str]], ...]


_NO_TRIGGERS = _Triggers(False, False, False, ())
#: The cue families a rule of `RULES` reads (the others' rules went: see the module doc).
_ACTIVE = frozenset({"idiom", "negated_belief"})


def _triggers(reading: sentiment.Reading, rules: _Rules) -> _Triggers:
    """Which rules may change anything in this comment, and the cue matches (idioms and
    rejection).

    A prefilter from the cue data, cheap enough for every comment: most have no cue and keep
    VADER's reading without the rules being run. It may answer yes where a rule then finds
    nothing; it never answers no where a rule would act. `but` is the contrast rule, `domain`
    the domain words, `late` laughter and scare quotes (on a positive or official word).
    """
    text = reading.text
    found, flags = rules.index.scan_matches(text)
    ncues = len(rules.cues)
    cues = (
        tuple(
            [
                (rules.cues[pid], m)
                for pid, m in found
                if pid < ncues and rules.cues[pid].family in _ACTIVE
            ]
        )
        if found
        else ()
    )
    # "_" is a word character to `spaced_words` but punctuation VADER trims from its tokens.
    if "_" in text or (rules.odd_words and not rules.odd_words.isdisjoint(_lower(reading))):
        return _Triggers(True, True, True, cues)
    domain = bool(flags & _DOMAIN)
    but = bool(flags & _BUT)
    late = bool(flags & _LAUGHTER)
    valences = reading.valences
    if (
        not late
        and _may_quote(text)
        and (max(valences) > 0 or not rules.hedge_words.isdisjoint(_lower(reading)))
    ):
        for m in _QUOTE.finditer(text):
            inner = m.group(2)
            if inner.strip() and len(inner.split()) <= rules.quote_max_words:
                late = True
                break
    if not (but or domain or late or cues):
        return _NO_TRIGGERS
    return _Triggers(but, domain, late, cues)


def _lower(reading: sentiment.Reading) -> Sequence[str]:
    """The reading's tokens lower-cased: `sentiment.read` keeps them; a Reading built by hand
    may not have them."""
    if len(reading.lower) == len(reading.words):
        return reading.lower
    return tuple(map(str.lower, reading.words))


def _echoes_praise(reading: sentiment.Reading, echoes: Sequence[tuple[int, int]]) -> bool:
    """Whether a word VADER reads as positive lies in a repeat of the article (rule 0)."""
    valences = reading.valences
    if max(valences) <= 0:
        return False
    count = len(valences)
    return any(
        max(valences[t.start : t.stop]) > 0
        for t in (_tokens_in(reading.text, count, *span) for span in echoes)
    )


# --------------------------------------------------------------------------- the registry


@dataclass(slots=True)
class _Context:
    """What the rules of one comment share: its tokens, the cue matches and what earlier rules
    found (a comment that rejects what was said makes short praise beside it sarcasm)."""

    comment: _Comment
    rules: _Rules
    settings: MoodSettings
    matches: Sequence[tuple[_Cue, re.Match[str]]]
    echoes: Sequence[tuple[int, int]]
    note: Note
    rejects: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """One mood rule: its name, the cue tables it reads (`mood_cues.toml`, `lexicon.toml`) and
    what it does to a comment's valences. The registry `RULES` runs them in order."""

    name: str
    cues: tuple[str, ...]
    apply: Callable[[_Context], object]


def _apply_rejecting(found: Callable[[_Context], bool]) -> Callable[[_Context], object]:
    def apply(ctx: _Context) -> None:
        ctx.rejects = found(ctx) or ctx.rejects

    return apply


#: The rules in the order they apply. Each one's effect on the comment's compound is a feature
#: of the learned model (`analysis.mood.features`).
RULES: tuple[Rule, ...] = (
    Rule("echo", ("echo",), lambda x: _echo(x.comment, x.echoes, x.settings, x.note)),
    Rule("contrast", ("contrast",), lambda x: _contrast(x.comment, x.rules, x.note)),
    Rule("domain words", ("words",), lambda x: _domain_words(x.comment, x.rules, x.note)),
    Rule(
        "idioms and rejection",
        ("idiom", "negated_belief"),
        _apply_rejecting(lambda x: _idioms_and_belief(x.comment, x.matches, x.settings, x.note)),
    ),
    Rule(
        "scare quotes",
        ("scare_quotes",),
        lambda x: _scare_quotes(x.comment, x.rules, x.settings, x.note),
    ),
    Rule(
        "laughter",
        ("laughter",),
        _apply_rejecting(lambda x: _laughter(x.comment, x.rules, x.settings, x.note)),
    ),
)
RULE_NAMES: tuple[str, ...] = tuple(r.name for r in RULES)


class Effects(NamedTuple):
    """What the rules did to one comment: each rule's change of the compound score (in
    `RULE_NAMES` order), the reasons each gave, and the compound after all of them."""

    deltas: tuple[float, ...]
    reasons: tuple[tuple[str, ...], ...]
    compound: float


def effects(
    reading: sentiment.Reading,
    settings: MoodSettings = DEFAULT_SETTINGS,
    echoes: Sequence[tuple[int, int]] = (),
    active: frozenset[str] | None = None,
) -> Effects:
    """Run the rules of `RULES` (those named in `active`, default all) on one comment.

    The prefilter (`_triggers`) skips comments where no rule has a cue: most comments.
    """
    count = len(RULES)
    compound = reading.sentiment.compound
    nothing = Effects((0.0,) * count, ((),) * count, compound)
    if not reading.words:
        return nothing
    rules = _rules_of(settings)
    found = _triggers(reading, rules)
    if echoes and not _echoes_praise(reading, echoes):
        echoes = ()
    if not (found.but or found.domain or found.late or found.cues or echoes):
        return nothing
    comment = _Comment(reading.text, reading.valences, reading.words, _lower(reading))
    notes: list[str] = []
    ctx = _Context(comment, rules, settings, found.cues, echoes, notes.append)
    deltas: list[float] = []
    reasons: list[tuple[str, ...]] = []
    before = comment.compound()
    for rule in RULES:
        if active is not None and rule.name not in active:
            deltas.append(0.0)
            reasons.append(())
            continue
        del notes[:]
        rule.apply(ctx)
        after = comment.compound()
        deltas.append(after - before)
        reasons.append(tuple(dict.fromkeys(notes)))
        before = after
    return Effects(tuple(deltas), tuple(reasons), max(-1.0, min(1.0, before)))


#: A comment's tokens, valences and sentences (for the features).
Comment = _Comment


def comment_of(reading: sentiment.Reading) -> _Comment:
    """The comment's tokens, own valences (VADER's comment-wide "but" weighting undone) and
    sentences, for the features."""
    return _Comment(reading.text, reading.valences, reading.words, _lower(reading))


def compound_of(text: str, total: float) -> float:
    """VADER's compound of a sum of valences of `text` (its punctuation emphasis included)."""
    return _compound(text, total)
