"""Judge each comment's mood: VADER's reading, moved only by documented rules with reasons.

Baseline version (owned by the mood work): VADER's label, no rules yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import sentiment
from analysis.model import Mood


@dataclass(frozen=True, slots=True)
class MoodSettings:
    """Every mood tunable in one place."""

    neutral_band: float = sentiment.NEUTRAL_BAND


DEFAULT_SETTINGS = MoodSettings()


def judge(text: str, reading: sentiment.Reading, settings: MoodSettings = DEFAULT_SETTINGS) -> Mood:
    """The mood of one comment, from its text and its VADER reading."""
    compound = reading.sentiment.compound
    return Mood(label=sentiment.label(compound, settings.neutral_band), score=compound)
