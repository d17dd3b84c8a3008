"""Charts that stay readable, and within Altair's row limit, however many comments an article
has (dashboard/charts.py)."""

from __future__ import annotations

import pandas as pd

from dashboard import charts


def test_a_strip_of_more_comments_than_points_counts_them_in_bins() -> None:
    n = charts.STRIP_POINTS + 1
    moods = ("negative", "neutral", "positive")
    table = pd.DataFrame(
        {
            "position": range(1, n + 1),
            "author": None,
            "mood": [moods[i % 3] for i in range(n)],
            "mood_score": [((i * 7919) % 2001) / 1000 - 1 for i in range(n)],
            "compound": 0.0,
            "start": "",
            "article": ["A" if i % 2 else "B" for i in range(n)],
        }
    )
    for row in (None, "article"):
        spec = charts.comment_strip(table, row=row).to_dict()
        values = next(iter(spec["datasets"].values()))
        assert sum(v["count"] for v in values) == n
        assert len(values) <= charts.STRIP_BINS * 3 * (2 if row else 1)
        assert f"n = {n:,} comments" in spec["title"]
    fewer = charts.comment_strip(table.head(charts.STRIP_POINTS)).to_dict()
    assert len(next(iter(fewer["datasets"].values()))) == charts.STRIP_POINTS
