"""Find the article's claims: direct quotes and reported speech, with their speakers.

Baseline version (owned by the claims work): none found yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.model import Article, Claim


def extract(article: Article) -> tuple[Claim, ...]:
    """Claims of an article, in body order."""
    return ()


def main_speaker(claims: Sequence[Claim], article: Article) -> str | None:
    """The person the article is mostly about: the speaker of most claims."""
    return None
