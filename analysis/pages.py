"""Split a captured page into article, comments and site chrome. Pure: text in, Page out.

Baseline version (owned by the splitter work): everything non-blank is body.
"""

from __future__ import annotations

from analysis.model import Article, Page, RawPage


def split(raw: RawPage) -> Page:
    """Split one captured page."""
    lines = tuple(line.strip() for line in raw.text.split("\n") if line.strip())
    article = Article(
        outlet=None,
        headline=lines[0] if lines else None,
        kicker=None,
        byline=None,
        published=None,
        body=lines[1:],
    )
    return Page(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        article=article,
        comments=(),
        declared_comment_count=None,
        warnings=raw.warnings,
    )
