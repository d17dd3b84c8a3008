"""Tag themes (distrust, burnout, penance, …) from a user-editable TOML file.

Baseline version (owned by the mood/themes work): no themes yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.model import ThemeHit


@dataclass(frozen=True, slots=True)
class ThemeSet:
    """Compiled themes; `digest` changes whenever the definitions change."""

    names: tuple[str, ...]
    digest: str


def load(path: Path | None = None) -> ThemeSet:
    """The default themes, or those of a user's TOML file."""
    return ThemeSet(names=(), digest="none")


def tag(text: str, themes: ThemeSet) -> tuple[ThemeHit, ...]:
    """Themes found in `text`, each with the evidence that matched."""
    return ()
