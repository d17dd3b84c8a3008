"""Link each comment to the claim(s) it answers, with a score and a stance.

Baseline version (owned by the claims work): no links yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.model import Article, Claim, Link, Mood


def link_all(
    comments: Sequence[tuple[str, Mood | None]], claims: Sequence[Claim], article: Article
) -> tuple[tuple[Link, ...], ...]:
    """For each (comment text, mood), its links to claims, strongest first; () for none."""
    return tuple(() for _ in comments)
