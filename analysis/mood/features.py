"""What the mood model reads of a comment: VADER by sentence, contrast, negation, the cue
rules' effects, and hashed words.

Two parts, both cheap enough for every comment:

- `Dense`: a few dozen named numbers. Whole-comment VADER (kept raw), sentence-level VADER
  (min, max, first, last, mean, share negative and positive), contrast and concession (the
  clause after the last "but"/"however"/"although" against the one before it; thanks or
  agreement opening a comment that then turns), negation, questions, length, and each cue
  rule's change of the compound (`rules.effects`).
- hashed words: lower-cased word unigrams and bigrams, words after a negation marked as
  negated ("not_good"), each hashed (CRC-32) into `BUCKETS` slots (character n-grams of
  each word can be added, `CHAR_WEIGHT`; measured not to help, they are off). The model file holds
  weights per slot only, never a word list, so it carries no vocabulary of the text it was
  trained on. `Sparse.words` keeps which words fell in which slot, for the reasons.

>>> d, s = extract("Thanks for the article. However, I think you are wrong about the cuts.")
>>> d.values[NAMES.index("contrast")], d.values[NAMES.index("concession")]
(1.0, 1.0)
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from analysis import sentiment
from analysis.mood import cues, rules
from analysis.mood import reading as mood_reading
from analysis.sentiment import NEGATE

#: Slots of the hashing (2**19): few collisions among the n-grams of a few ten thousand texts.
BUCKETS = 1 << 18
#: How much the character n-grams weigh beside the word n-grams. Zero: on the real dev
#: comments (grouped 5-fold cross-validation) they changed agreement by -0.0005 (0.7204 ->
#: 0.7199) and cost about 60 us a comment, so they are off.
CHAR_WEIGHT = 0.0
_MASK = BUCKETS - 1
_NEUTRAL = sentiment.NEUTRAL_BAND

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?]")
_STOPS = frozenset(".,;:!?")
_NEGATORS = frozenset(NEGATE) | {"no", "not", "never", "nothing", "nobody", "none", "cannot"}
_NEGATORS_PLAIN = frozenset(w for w in _NEGATORS if not w.endswith("n't"))
#: Words that turn a comment: what follows them weighs most ("Good point, but …").
_CONTRAST = frozenset(
    {"but", "however", "although", "though", "yet", "nevertheless", "nonetheless", "whereas"}
)
#: Openers of a concession: thanks or agreement before the turn ("I understand … but").
_CONCEDE = re.compile(
    r"^\W*(?:thanks?|thank\s+you|i\s+(?:understand|agree|see|appreciate|know|get)|"
    r"(?:a\s+)?(?:good|great|fair|interesting|nice|valid)\s+(?:point|article|post|piece|idea)|"
    r"fair\s+enough|yes|yeah|true|i\s+take\s+(?:your|the)\s+point|while|whilst|granted)\b",
    re.IGNORECASE,
)

_DENSE_NAMES: tuple[str, ...] = (
    "compound",
    "pos",
    "neg",
    "neu",
    "sentence min",
    "sentence max",
    "first sentence",
    "last sentence",
    "sentence mean",
    "share of negative sentences",
    "share of positive sentences",
    "sentences (log)",
    "words (log)",
    "negations per word",
    "negation",
    "contrast",
    "contrast words per word",
    "after the turn",
    "before the turn",
    "turn (after - before)",
    "concession",
    "praise then a negative turn",
    "questions per sentence",
    "exclamation",
    "question",
    "capitals per word",
    "link",
    "rules' compound",
    "rules' change",
)
#: Every dense feature's name, in order: the general ones, then one per cue rule.
NAMES: tuple[str, ...] = _DENSE_NAMES + tuple(f"rule: {name}" for name in rules.RULE_NAMES)


class Dense(NamedTuple):
    """The named numbers of one comment (`NAMES` order), the sentences' compounds and the
    reasons each cue rule gave (for the explanation)."""

    values: tuple[float, ...]
    sentences: tuple[tuple[str, float], ...]
    rule_reasons: tuple[tuple[str, ...], ...]


class Sparse(NamedTuple):
    """The hashed words of one comment: slots and weights (l2-normalised counts)."""

    slots: tuple[int, ...]
    weights: tuple[float, ...]


def _slot(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & _MASK


@functools.lru_cache(maxsize=1 << 16)
def _char_slots(word: str) -> tuple[int, ...]:
    """The slots of a word's character 3- to 5-grams, the word padded with a space each side
    (scikit-learn's "char_wb"). Cached: words repeat, so most comments cost a lookup a word."""
    padded = f" {word} "
    return tuple(
        _slot(f"c:{padded[i : i + n]}")
        for n in (3, 4, 5)
        for i in range(max(len(padded) - n + 1, 1))
    )


@functools.lru_cache(maxsize=1 << 17)
def _word_slot(gram: str) -> int:
    return _slot(gram)


@functools.lru_cache(maxsize=16)
def _grams(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The word unigrams and bigrams of `text` (negation-marked) and its plain words. Cached
    for the few latest texts: the reasons read them again (`slot_words`)."""
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    grams: list[str] = []
    plain: list[str] = []
    negated = False
    prev = ""
    for tok in tokens:
        if tok in _STOPS:
            negated = False
            prev = ""
            continue
        plain.append(tok)
        word = "not_" + tok if negated else tok
        grams.append(word)
        if prev:
            grams.append(prev + " " + word)
        prev = word
        if tok in _NEGATORS or tok.endswith("n't"):
            negated = True
    return tuple(grams), tuple(plain)


def _normalised(counts: Counter[int], scale: float) -> dict[int, float]:
    norm = scale / math.sqrt(sum(c * c for c in counts.values()))
    return {s: c * norm for s, c in counts.items()}


def hashed_words(text: str) -> Sparse:
    """Word unigrams and bigrams of `text`, negation-marked, and the character n-grams of its
    words, hashed (see the module doc); each block l2-normalised, characters weighed
    `CHAR_WEIGHT`."""
    grams, plain = _grams(text)
    if not grams:
        return Sparse((), ())
    merged = _normalised(Counter(map(_word_slot, grams)), 1.0)
    if CHAR_WEIGHT:
        chars = Counter(itertools.chain.from_iterable(map(_char_slots, plain)))
        for slot, value in _normalised(chars, CHAR_WEIGHT).items():
            merged[slot] = merged.get(slot, 0.0) + value
    return Sparse(tuple(merged), tuple(merged.values()))


def slot_words(text: str) -> dict[int, str]:
    """Which word n-gram or word (for a character n-gram) of `text` each slot holds, first
    come first kept: the words a reason can quote."""
    grams, plain = _grams(text)
    out: dict[int, str] = {}
    for gram in grams:
        out.setdefault(_word_slot(gram), gram)
    if CHAR_WEIGHT:
        for word in plain:
            for slot in _char_slots(word):
                out.setdefault(slot, word)
    return out


def _sentences(comment: mood_reading.Comment) -> tuple[tuple[str, float], ...]:
    """Each sentence of the comment with its own compound (VADER's valences of its words, the
    comment-wide "but" weighting undone)."""
    out = []
    for n in range(len(comment.sentences)):
        text = comment.sentence_text(n)
        out.append((text, mood_reading.compound_of(text, comment.sentence_total(n))))
    return tuple(out)


def _turn(reading: sentiment.Reading, comment: mood_reading.Comment) -> tuple[float, float, int]:
    """The compound of the words after the last contrast word and before it, and how many
    contrast words the comment holds (0: no turn, both compounds 0)."""
    lower = reading.lower or tuple(w.lower() for w in reading.words)
    at = [i for i, w in enumerate(lower) if w in _CONTRAST]
    if not at:
        return 0.0, 0.0, 0
    k = at[-1]
    valences = comment.valence
    after = mood_reading.compound_of("", sum(valences[k + 1 :]))
    before = mood_reading.compound_of("", sum(valences[:k]))
    return after, before, len(at)


def dense(
    text: str,
    reading: sentiment.Reading,
    echoes: Sequence[tuple[int, int]] = (),
    settings: cues.MoodSettings = cues.DEFAULT_SETTINGS,
) -> Dense:
    """The dense features of one comment (see `NAMES`)."""
    s = reading.sentiment
    if not reading.words:
        zero = (0.0,) * len(NAMES)
        return Dense(zero, (), ((),) * len(rules.RULE_NAMES))
    comment = mood_reading.comment_of(reading)
    sentences = _sentences(comment) or ((reading.text, s.compound),)
    compounds = [c for _, c in sentences]
    n_sent = len(compounds)
    lower = reading.lower or tuple(w.lower() for w in reading.words)
    n = len(lower)
    # Tokens that are a negator or end in "n't", counted without a Python step per token.
    negations = sum(map(_NEGATORS_PLAIN.__contains__, lower)) + (" ".join(lower) + " ").count(
        "n't "
    )
    after, before, turns = _turn(reading, comment)
    concession = float(turns > 0 and bool(_CONCEDE.match(reading.text)))
    effects = rules.effects(reading, settings, echoes)
    values = (
        s.compound,
        s.pos,
        s.neg,
        s.neu,
        min(compounds),
        max(compounds),
        compounds[0],
        compounds[-1],
        sum(compounds) / n_sent,
        sum(c <= -_NEUTRAL for c in compounds) / n_sent,
        sum(c >= _NEUTRAL for c in compounds) / n_sent,
        math.log1p(n_sent),
        math.log1p(n),
        negations / n,
        float(negations > 0),
        float(turns > 0),
        turns / n,
        after,
        before,
        after - before,
        concession,
        float(compounds[0] >= _NEUTRAL and turns > 0 and after < 0),
        text.count("?") / n_sent,
        float("!" in text),
        float("?" in text),
        len([w for w in filter(str.isupper, reading.words) if len(w) > 1]) / n,
        float("http" in text or "www." in text),
        effects.compound,
        effects.compound - s.compound,
        *effects.deltas,
    )
    return Dense(values, sentences, effects.reasons)


def extract(
    text: str,
    reading: sentiment.Reading | None = None,
    echoes: Sequence[tuple[int, int]] = (),
) -> tuple[Dense, Sparse]:
    """Both parts of the features of one comment."""
    reading = reading if reading is not None else sentiment.read(text)
    return dense(text, reading, echoes), hashed_words(text)
