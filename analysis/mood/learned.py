"""The learned mood: one linear model over `features`, loaded once, and its reasons.

The model file (`mood_model.npz`, written by `make train`) holds weights per dense feature and
per hashed word slot, a bias, and the training means of the dense features (the reasons
measure each feature against a typical comment). Calibration on news comments is folded into
the weights, so `softmax(logits)` are the calibrated probabilities. The label is the most
probable mood, unless it beats VADER's label by less than the file's margin (`vader_margin`,
chosen by `make train` on the real dev comments' out-of-fold logits): then VADER's label stands.

The score is VADER's compound where the mood's label is VADER's (its finer intensity stands),
else the model's polarity P(positive) - P(negative) held inside the label's band.

The reasons name what moved the label away from VADER's: each group of terms (sentences,
contrast, negation, a cue rule, the words, …) adds to the margin of the mood's logit over
VADER's label's; the groups that add most are given, each with the words of the comment it
rests on.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis import sentiment
from analysis.errors import AnalysisError
from analysis.model import MOOD_ORDER, Mood, MoodLabel, Reason
from analysis.mood import cues, features, rules

MODEL_PATH = Path(__file__).with_name("mood_model.npz")
#: Most reasons given for one comment, and the least share of the margin one must carry.
MAX_REASONS = 3
MIN_SHARE = 0.15
#: Most words quoted as the words that weighed most.
MAX_WORDS = 4
_QUOTE_CHARS = 70


@dataclass(frozen=True)
class Weights:
    """The arrays of a model file."""

    dense: np.ndarray  # (len(NAMES), 3)
    words: np.ndarray  # (BUCKETS, 3)
    bias: np.ndarray  # (3,)
    mean: np.ndarray  # (len(NAMES),) training means of the dense features
    digest: str
    #: How far (in logits) the mood's label must beat VADER's to replace it.
    vader_margin: float = 0.0


@functools.cache
def weights(path: Path = MODEL_PATH) -> Weights:
    """The model file's weights, read once per process (about 10 ms)."""
    import hashlib

    try:
        raw = path.read_bytes()
        with np.load(path, allow_pickle=False) as data:
            names = tuple(str(n) for n in data["names"])
            arrays = {k: data[k] for k in ("dense", "words", "bias", "mean")}
            margin = float(data["vader_margin"]) if "vader_margin" in data.files else 0.0
    except (OSError, KeyError, ValueError) as exc:
        raise AnalysisError(f"{path}: not a mood model file ({exc}); run `make train`") from exc
    if names != features.NAMES or arrays["words"].shape != (features.BUCKETS, len(MOOD_ORDER)):
        raise AnalysisError(f"{path}: made for other features; run `make train`")
    return Weights(
        arrays["dense"].astype(np.float64),
        arrays["words"].astype(np.float64),
        arrays["bias"].astype(np.float64),
        arrays["mean"].astype(np.float64),
        hashlib.sha256(raw).hexdigest()[:16],
        margin,
    )


def digest() -> str:
    """A short digest of the model file: part of what a stored analysis depends on."""
    return weights().digest


def logits(dense: features.Dense, sparse: features.Sparse, w: Weights) -> np.ndarray:
    """The model's calibrated logits (MOOD_ORDER) of one comment's features."""
    out = np.asarray(dense.values) @ w.dense + w.bias
    if sparse.slots:
        out += np.asarray(sparse.weights) @ w.words[list(sparse.slots)]
    return out


def _score(probs: tuple[float, float, float], label: MoodLabel, band: float) -> float:
    """The model's polarity P(positive) - P(negative), held inside `label`'s band of VADER's
    scale (negative <= -band < neutral < band <= positive), so the score reads as the label."""
    polarity = probs[2] - probs[0]
    if label == "negative":
        return round(min(polarity, -band), 4)
    if label == "positive":
        return round(max(polarity, band), 4)
    inside = round(band, 4) - 0.0001  # still neutral after rounding to 4 places
    return round(max(-inside, min(polarity, inside)), 4)


def _softmax(z: np.ndarray) -> tuple[float, float, float]:
    e = np.exp(z - z.max())
    p = e / e.sum()
    return float(p[0]), float(p[1]), float(p[2])


def judge(
    text: str,
    reading: sentiment.Reading,
    settings: cues.MoodSettings = cues.DEFAULT_SETTINGS,
    echoes: Sequence[tuple[int, int]] = (),
) -> Mood:
    """The mood of one comment, from its text and its VADER reading (`sentiment.read(text)`).

    `echoes` are the spans of `reading.text` that repeat the article (`EchoIndex.spans`).

    >>> from analysis import sentiment
    >>> text = "Well, that went about as well as everyone said it would."
    >>> judged = judge(text, sentiment.read(text))
    >>> judged.label in ("negative", "neutral", "positive"), -1 <= judged.score <= 1
    (True, True)
    >>> bool(judged.reasons) == (judged.label != sentiment.label(sentiment.score(text).compound))
    True
    """
    vader_label = sentiment.label(reading.sentiment.compound, settings.neutral_band)
    if not reading.words:
        return Mood(label=vader_label, score=reading.sentiment.compound)
    w = weights()
    dense = features.dense(text, reading, echoes, settings)
    sparse = features.hashed_words(text)
    z = logits(dense, sparse, w)
    probs = _softmax(z)
    best = int(np.argmax(z))
    # VADER's label stands unless the mood's beats it by the margin fitted on news comments.
    if z[best] - z[MOOD_ORDER.index(vader_label)] < w.vader_margin:
        best = MOOD_ORDER.index(vader_label)
    label = MOOD_ORDER[best]
    if label == vader_label:
        # Where the model agrees with VADER's label, VADER's finer intensity stands.
        return Mood(label=label, score=reading.sentiment.compound, probabilities=probs)
    score = _score(probs, label, settings.neutral_band)
    why = explain(text, dense, sparse, w, label, vader_label)
    return Mood(
        label=label,
        score=score,
        reasons=tuple(str(r) for r in why),
        explanation=why,
        probabilities=probs,
    )


# --------------------------------------------------------------------------- reasons

_SENTENCES = frozenset(
    {
        "sentence min",
        "sentence max",
        "first sentence",
        "last sentence",
        "sentence mean",
        "share of negative sentences",
        "share of positive sentences",
    }
)
_CONTRAST = frozenset(
    {
        "contrast",
        "contrast words per word",
        "after the turn",
        "before the turn",
        "turn (after - before)",
        "concession",
        "praise then a negative turn",
    }
)
_NEGATION = frozenset({"negations per word", "negation"})
_VADER = frozenset({"compound", "pos", "neg", "neu", "rules' compound", "rules' change"})
_FORM = frozenset(
    {
        "sentences (log)",
        "words (log)",
        "questions per sentence",
        "exclamation",
        "question",
        "capitals per word",
        "link",
    }
)


def _group(name: str) -> str:
    if name in _SENTENCES:
        return "sentences"
    if name in _CONTRAST:
        return "contrast"
    if name in _NEGATION:
        return "negation"
    if name in _VADER:
        return "VADER's score"
    if name in _FORM:
        return "form"
    return name  # "rule: …"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= _QUOTE_CHARS else f"'{text[: _QUOTE_CHARS - 1]}…'"


def _feeling(label: MoodLabel) -> str:
    return {"negative": "negative", "neutral": "flat", "positive": "positive"}[label]


def _evidence(
    group: str, dense: features.Dense, label: MoodLabel
) -> tuple[str, tuple[str, ...], str] | None:
    """(kind, evidence, says) of a dense group, in words a reader can check."""
    values = dict(zip(features.NAMES, dense.values, strict=True))
    if group == "sentences":
        sentences = dense.sentences
        if label == "neutral":
            pick = min(sentences, key=lambda s: abs(s[1]))
        else:
            sign = -1 if label == "negative" else 1
            pick = max(sentences, key=lambda s: sign * s[1])
        where = (
            "the last sentence"
            if pick is sentences[-1] and len(sentences) > 1
            else ("a sentence" if len(sentences) > 1 else "the comment")
        )
        return "sentences", (_quote(pick[0]),), f"{where} reads {_feeling(label)} ({pick[1]:+.2f})"
    if group == "contrast":
        if not values["contrast"]:
            return None
        said = "a concession, then a turn" if values["concession"] else "the turn"
        return (
            "contrast",
            (),
            f"{said} ('but', 'however', …): after it the comment reads "
            f"{values['after the turn']:+.2f}, before it {values['before the turn']:+.2f}",
        )
    if group == "negation":
        if not values["negation"]:
            return None
        return "negation", (), "negated words"
    if group == "VADER's score":
        return (
            "VADER's score",
            (),
            f"a compound of {values['compound']:+.2f} is {_feeling(label)} for a news comment",
        )
    if group == "form":
        bits = []
        if values["question"]:
            bits.append("a question")
        if values["link"]:
            bits.append("a link")
        bits.append(f"{round(math.expm1(values['words (log)']))} words")
        return "form", (), ", ".join(bits)
    if group.startswith("rule: "):
        name = group[len("rule: ") :]
        notes = dense.rule_reasons[rules.RULE_NAMES.index(name)]
        if not notes:
            return None
        kind, _, rest = notes[0].partition(": ")
        return kind, tuple(n.partition(": ")[2] for n in notes[1:]), rest
    return None


def _word_effects(
    text: str, sparse: features.Sparse, slot_diff: np.ndarray
) -> list[tuple[float, str]]:
    """Each word n-gram of `text` with how much it moved the margin, largest first."""
    names = features.slot_words(text)
    by_word: dict[str, float] = {}
    for s, v, d in zip(sparse.slots, sparse.weights, slot_diff, strict=True):
        word = names.get(s, "?")
        by_word[word] = by_word.get(word, 0.0) + float(v * d)
    return sorted(((e, g) for g, e in by_word.items()), reverse=True)


def explain(
    text: str,
    dense: features.Dense,
    sparse: features.Sparse,
    w: Weights,
    label: MoodLabel,
    vader_label: MoodLabel,
) -> tuple[Reason, ...]:
    """What moved the mood from `vader_label` to `label`: the groups of terms that added most
    to the margin of one over the other, largest first (at least one)."""
    to, away = MOOD_ORDER.index(label), MOOD_ORDER.index(vader_label)
    diff = w.dense[:, to] - w.dense[:, away]
    effects: dict[str, float] = {}
    for name, value, mean, d in zip(features.NAMES, dense.values, w.mean, diff, strict=True):
        group = _group(name)
        effects[group] = effects.get(group, 0.0) + (value - mean) * float(d)
    slots = list(sparse.slots)
    slot_diff = w.words[slots, to] - w.words[slots, away] if slots else np.zeros(0)
    if slots:
        effects["words"] = float(np.asarray(sparse.weights) @ slot_diff)
    total = sum(e for e in effects.values() if e > 0) or 1.0
    reasons: list[Reason] = []
    for group, effect in sorted(effects.items(), key=lambda kv: -kv[1]):
        if effect <= 0 or (reasons and effect < MIN_SHARE * total) or len(reasons) >= MAX_REASONS:
            break
        if group == "words":
            top = [f"'{g}'" for e, g in _word_effects(text, sparse, slot_diff)[:MAX_WORDS] if e > 0]
            if top:
                reasons.append(
                    Reason("words", tuple(top), round(effect, 3), f"weighed most toward {label}")
                )
            continue
        said = _evidence(group, dense, label)
        if said is not None:
            reasons.append(Reason(said[0], said[1], round(effect, 3), said[2]))
    if not reasons:
        reasons.append(
            Reason(
                "news comments",
                (),
                0.0,
                f"read on its own, a comment like this is more often {label} than {vader_label}",
            )
        )
    return tuple(reasons)
