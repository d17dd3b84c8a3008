"""An analysis as the rows of the store's tables: each table's columns and their Arrow types,
gathered column by column for a batch of analyses (`Rows`), ready for DuckDB to insert."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pyarrow as pa

from analysis import trends
from analysis.model import Analysis

#: The INTEGER columns' range: a count outside it is stored as unknown (NULL).
_INT_MAX = 2**31 - 1

#: A mood reason's record (`model.Reason.record`).
_REASON = pa.struct(
    [
        ("kind", pa.string()),
        ("says", pa.string()),
        ("evidence", pa.list_(pa.string())),
        ("effect", pa.float64()),
    ]
)

#: The Arrow type of each column of the page tables, in the tables' column order.
_COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "pages": [
        ("id", pa.string()), ("source", pa.string()), ("content_hash", pa.string()),
        ("analysis_key", pa.string()), ("outlet", pa.string()), ("headline", pa.string()),
        ("kicker", pa.string()), ("byline", pa.string()), ("published", pa.date32()),
        ("speaker", pa.string()), ("body", pa.list_(pa.string())),
        ("body_compound", pa.list_(pa.float64())), ("declared_comment_count", pa.int32()),
        ("captured_comment_count", pa.int32()), ("warnings", pa.list_(pa.string())),
        ("analysed_at", pa.timestamp("us")),
    ],
    "claims": [
        ("page_id", pa.string()), ("claim_id", pa.string()), ("text", pa.string()),
        ("speaker", pa.string()), ("kind", pa.string()), ("paragraph", pa.int32()),
        ("neg", pa.float64()), ("neu", pa.float64()), ("pos", pa.float64()),
        ("compound", pa.float64()),
    ],
    "comments": [
        ("page_id", pa.string()), ("position", pa.int32()), ("author", pa.string()),
        ("moderated", pa.bool_()), ("text", pa.string()), ("posted", pa.string()),
        ("reply_to", pa.string()), ("neg", pa.float64()), ("neu", pa.float64()),
        ("pos", pa.float64()), ("compound", pa.float64()), ("mood", pa.string()),
        ("mood_score", pa.float64()), ("mood_reasons", pa.list_(pa.string())),
        ("posted_at", pa.timestamp("us")), ("mood_explanation", pa.list_(_REASON)),
    ],
    "theme_hits": [
        ("page_id", pa.string()), ("owner", pa.string()), ("owner_id", pa.string()),
        ("theme", pa.string()), ("evidence", pa.list_(pa.string())),
    ],
    "links": [
        ("page_id", pa.string()), ("position", pa.int32()), ("claim_id", pa.string()),
        ("rank", pa.int32()), ("score", pa.float64()), ("via", pa.string()),
        ("stance", pa.string()),
    ],
}  # fmt: skip


class Rows:
    """The rows of a batch of analyses, gathered column by column for each table."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, list[Any]]] = {
            t: {name: [] for name, _ in cols} for t, cols in _COLUMNS.items()
        }
        self.ids: list[str] = []

    def _row(self, table: str, *values: Any) -> None:
        for column, value in zip(self.columns[table].values(), values, strict=True):
            column.append(value)

    def add(self, a: Analysis, key: str, now: datetime) -> None:
        page, article = a.page, a.page.article
        self.ids.append(page.id)
        self._row(
            "pages", page.id, page.source, page.content_hash, key, article.outlet,
            article.headline, article.kicker, article.byline, article.published, a.speaker,
            list(article.body), [s.compound for s in a.body_vader],
            _int_or_none(page.declared_comment_count), len(page.comments), list(page.warnings),
            now,
        )  # fmt: skip
        for c in a.claims:
            cv = c.vader
            self._row(
                "claims", page.id, c.claim.id, c.claim.text, c.claim.speaker, c.claim.kind,
                c.claim.paragraph, cv.neg, cv.neu, cv.pos, cv.compound,
            )  # fmt: skip
            self._themes(page.id, "claim", c.claim.id, c.themes)
        for r in a.comments:
            v, m, cm = r.vader, r.mood, r.comment
            self._row(
                "comments", page.id, cm.position, cm.author, cm.moderated, cm.text, cm.posted,
                cm.reply_to, v.neg if v else None, v.neu if v else None, v.pos if v else None,
                v.compound if v else None, m.label if m else None, m.score if m else None,
                list(m.reasons) if m else [], moment(cm.posted),
                [r.record() for r in m.explanation] if m else [],
            )  # fmt: skip
            self._themes(page.id, "comment", str(cm.position), r.themes)
            for rank, link in enumerate(r.links, start=1):
                self._row(
                    "links", page.id, cm.position, link.claim_id, rank, link.score, link.via,
                    link.stance,
                )  # fmt: skip

    def _themes(self, page_id: str, owner: str, owner_id: str, hits: Iterable[Any]) -> None:
        for hit in hits:
            self._row("theme_hits", page_id, owner, owner_id, hit.name, list(hit.evidence))

    def tables(self) -> dict[str, pa.Table]:
        return {
            table: pa.table({name: pa.array(self.columns[table][name], typ) for name, typ in cols})
            for table, cols in _COLUMNS.items()
        }


@functools.lru_cache(maxsize=65_536)
def moment(posted: str | None) -> datetime | None:
    """The moment a comment's posted text names (`trends.posted_time`), for time charts.
    Cached: reading a dated text costs ~170 µs, and a page's comments share many."""
    stamp = trends.posted_time(posted)
    return None if stamp is None else stamp.to_pydatetime()


def _int_or_none(value: int | None) -> int | None:
    return value if value is not None and -_INT_MAX <= value <= _INT_MAX else None
