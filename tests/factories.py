"""Hand-built analyses for tests that must not depend on the splitter or the mood rules."""

from __future__ import annotations

from datetime import date

from analysis.model import (
    Analysis,
    Article,
    Claim,
    ClaimReading,
    Comment,
    CommentReading,
    Link,
    Mood,
    MoodLabel,
    Page,
    Reason,
    Sentiment,
    ThemeHit,
)


def make_analysis(
    page_id: str = "p1",
    comments: list[tuple[str, MoodLabel | None]] | None = None,
    content_hash: str = "h1",
    claim_ids: tuple[str, ...] = ("c1",),
) -> Analysis:
    """A small analysed page: one claim, and one comment per (text, mood); mood None = moderated."""
    comments = comments if comments is not None else [("Nice one.", "negative")]
    article = Article(
        outlet="Example Weekly",
        headline=f"Headline of {page_id}",
        kicker=None,
        byline=None,
        published=date(2024, 3, 1),
        body=("The minister said: 'We will fix it.'",),
    )
    readings = []
    for position, (text, label) in enumerate(comments, start=1):
        comment = Comment(position, None, label is None, "" if label is None else text)
        if label is None:
            readings.append(CommentReading(comment, None, None))
            continue
        readings.append(
            CommentReading(
                comment,
                Sentiment(0.0, 0.5, 0.5, 0.4),
                Mood(
                    label,
                    -0.4 if label == "negative" else 0.4,
                    ("sarcasm",),
                    (Reason("sarcasm", (), 0.0),),
                ),
                (ThemeHit("distrust", ("believe",)),),
                (Link(claim_ids[0], 0.5, "echo", "mock"),),
            )
        )
    claims = tuple(
        ClaimReading(
            Claim(cid, "We will fix it.", "A Minister", "direct", 0), Sentiment(0, 1, 0, 0)
        )
        for cid in claim_ids
    )
    page = Page(
        page_id, f"{page_id}.txt", content_hash, article, tuple(r.comment for r in readings), 2
    )
    return Analysis(page, "A Minister", claims, tuple(readings), (Sentiment(0, 1, 0, 0),))
