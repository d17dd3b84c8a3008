"""Figures the dashboard draws, as pure pandas over the store's frames.

Every share comes with its n, shares of fewer than `SMALL_N` comments are flagged, and shares
that get compared carry a Wilson 95% interval. Moderated slots count towards coverage but not
towards mood: they have no text to read.

>>> lo, hi = wilson(3, 4)
>>> round(lo, 2), round(hi, 2)
(0.3, 0.95)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analysis import sentiment
from analysis.model import MOOD_ORDER, Reason

#: Shares of fewer comments than this are flagged as small n.
SMALL_N = 5
#: The row standing for comments that answer no claim in particular.
GENERAL = "the article in general"
#: Two-sided 95% normal quantile.
Z95 = 1.959963984540054
#: Characters of a comment shown where only its start fits (tables, tooltips).
START_CHARS = 80

COMMENT_COLUMNS = [
    "page_id",
    "position",
    "author",
    "moderated",
    "text",
    "posted",
    "reply_to",
    "neg",
    "neu",
    "pos",
    "compound",
    "vader_label",
    "mood",
    "mood_score",
    "mood_reasons",
    "mood_explanation",
    "themes",
    "theme_evidence",
    "claim_id",
    "claim_text",
    "claim_speaker",
    "link_score",
    "link_via",
    "stance",
    "start",
    "annotated_mood",
    "annotated_themes",
    "note",
]


_TEXT_COLUMNS = (
    "author", "posted", "reply_to", "vader_label", "mood", "claim_id",
    "claim_text", "claim_speaker", "link_via", "stance", "annotated_mood", "note",
)  # fmt: skip


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a share `k / n`; (0, 1) when n is 0.

    Wilson rather than the normal approximation because n is often tiny here (a claim answered
    by three comments), where k/n ± z·se leaves [0, 1] and collapses to a point at 0 or n.
    """
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # At k = 0 or k = n the bound is exactly 0 or 1; rounding must not move it off.
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


def share_text(k: int, n: int) -> str:
    """A share as people read it, always with its n: '3 of 7 (43%)', flagged when n is small.

    >>> share_text(3, 7), share_text(1, 4)
    ('3 of 7 (43%)', '1 of 4 (25%) · small n')
    >>> share_text(0, 0)
    'none of 0'
    """
    if n == 0:
        return "none of 0"
    text = f"{k} of {n} ({k / n:.0%})"
    return text + " · small n" if n < SMALL_N else text


def share_column(k: Iterable[Any], n: Iterable[Any]) -> list[str]:
    """`share_text` for each (k, n) pair of two columns; "–" where there is nothing to share.

    >>> share_column([1, 0], [2, 0])
    ['1 of 2 (50%) · small n', '–']
    """
    return [share_text(int(a), int(b)) if b else "–" for a, b in zip(k, n, strict=True)]


def interval_column(low: Iterable[Any], high: Iterable[Any], n: Iterable[Any]) -> list[str]:
    """A 95% interval per row as '9%–91%'; "–" where n is 0.

    >>> interval_column([0.094], [0.906], [2])
    ['9%–91%']
    """
    return [f"{lo:.0%}–{hi:.0%}" if m else "–" for lo, hi, m in zip(low, high, n, strict=True)]


def start_of(text: str | None, chars: int = START_CHARS) -> str:
    """The first `chars` characters of a text on one line, with '…' when cut."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= chars else flat[: chars - 1].rstrip() + "…"


def _missing(value: Any) -> bool:
    # DuckDB's NULL arrives as None, NaN or pd.NA, depending on the column.
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _tuple(value: Any) -> tuple[str, ...]:
    # DuckDB lists arrive as numpy arrays or lists.
    return () if _missing(value) else tuple(str(v) for v in value)


def explanations(frame: pd.DataFrame) -> list[tuple[Reason, ...]]:
    """Each comment's mood reasons as records (`Reason`), from its stored `mood_explanation`;
    rows a store kept before the records (NULL there, or no such column in a store opened
    read-only) rebuild them from the plain `mood_reasons`."""
    records = frame["mood_explanation"] if "mood_explanation" in frame else [None] * len(frame)
    return [
        tuple(map(Reason.from_text, _tuple(plain)))
        if _missing(stored)
        else tuple(map(Reason.from_record, stored))
        for stored, plain in zip(records, frame["mood_reasons"], strict=True)
    ]


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def comment_table(
    comments: pd.DataFrame,
    theme_hits: pd.DataFrame,
    links: pd.DataFrame,
    claims: pd.DataFrame,
    annotations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per comment slot with every score, its themes, the claim it answers best and
    any hand annotation, in page then position order (columns: `COMMENT_COLUMNS`)."""
    if comments.empty:
        return _empty(COMMENT_COLUMNS)
    out = comments.copy()
    out["mood_reasons"] = out["mood_reasons"].map(_tuple)
    out["mood_explanation"] = explanations(out)
    out["vader_label"] = out["compound"].map(
        lambda c: None if c is None or pd.isna(c) else sentiment.label(float(c))
    )

    keys = list(zip(out["page_id"].astype(str), out["position"].astype(int), strict=True))
    _add_themes(out, keys, theme_hits)
    _add_best_claim(out, keys, links, claims)
    out["start"] = out["text"].map(start_of)
    _add_annotations(out, keys, annotations)
    out = out.sort_values(["page_id", "position"], kind="stable").reset_index(drop=True)
    return _objects(out, _TEXT_COLUMNS)[COMMENT_COLUMNS]


Keys = list[tuple[str, int]]


def _add_themes(out: pd.DataFrame, keys: Keys, theme_hits: pd.DataFrame) -> None:
    """Each comment's themes and their evidence (columns `themes`, `theme_evidence`)."""
    hits = theme_hits[theme_hits["owner"] == "comment"] if not theme_hits.empty else theme_hits
    evidence: dict[tuple[str, int], dict[str, tuple[str, ...]]] = {}
    for row in hits.itertuples(index=False):
        key = (str(row.page_id), int(row.owner_id))
        evidence.setdefault(key, {})[str(row.theme)] = _tuple(row.evidence)
    out["theme_evidence"] = [evidence.get(k, {}) for k in keys]
    out["themes"] = [tuple(sorted(evidence.get(k, {}))) for k in keys]


def _add_best_claim(
    out: pd.DataFrame, keys: Keys, links: pd.DataFrame, claims: pd.DataFrame
) -> None:
    """The claim each comment answers best: its id, text, speaker, score, how it was linked
    and the comment's stance to it (None where no claim is linked)."""
    claim_info = {
        (str(r.page_id), str(r.claim_id)): (str(r.text), r.speaker)
        for r in claims.itertuples(index=False)
    }
    best: dict[tuple[str, int], Any] = {}
    if not links.empty:
        for row in links.sort_values("rank").itertuples(index=False):
            best.setdefault((str(row.page_id), int(row.position)), row)
    link_rows = [best.get(k) for k in keys]
    out["claim_id"] = [r.claim_id if r is not None else None for r in link_rows]
    texts = [
        claim_info.get((k[0], str(r.claim_id)), (None, None)) if r is not None else (None, None)
        for k, r in zip(keys, link_rows, strict=True)
    ]
    out["claim_text"] = [t for t, _ in texts]
    out["claim_speaker"] = [s for _, s in texts]
    out["link_score"] = [float(r.score) if r is not None else None for r in link_rows]
    out["link_via"] = [r.via if r is not None else None for r in link_rows]
    out["stance"] = [r.stance if r is not None else None for r in link_rows]


def _add_annotations(out: pd.DataFrame, keys: Keys, annotations: pd.DataFrame | None) -> None:
    """A reader's hand annotation of each comment, where there is one."""
    notes: dict[tuple[str, int], Any] = {}
    if annotations is not None and not annotations.empty:
        notes = {(str(r.page_id), int(r.position)): r for r in annotations.itertuples(index=False)}
    note_rows = [notes.get(k) for k in keys]
    out["annotated_mood"] = [r.mood if r is not None else None for r in note_rows]
    out["annotated_themes"] = [_tuple(r.themes) if r is not None else () for r in note_rows]
    out["note"] = [r.note if r is not None else None for r in note_rows]


def scored(table: pd.DataFrame) -> pd.DataFrame:
    """The comments that have a mood (moderated and empty slots left out)."""
    if table.empty:
        return table
    return table[table["mood"].notna()]


def top_themes(theme_lists: Iterable[Iterable[str]], k: int = 3) -> list[tuple[str, int]]:
    """The `k` themes carried by most comments, most first, ties by name.

    >>> top_themes([("a", "b"), ("b",), ()])
    [('b', 2), ('a', 1)]
    """
    counts = Counter(name for names in theme_lists for name in set(names))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]


def themes_text(pairs: Sequence[tuple[str, int]]) -> str:
    """'distrust (3), burnout (1)'; empty when there are none."""
    return ", ".join(f"{name} ({n})" for name, n in pairs)


def _mood_stats(group: pd.DataFrame) -> dict[str, Any]:
    n = len(group)
    negative = int((group["mood"] == "negative").sum())
    lo, hi = wilson(negative, n)
    return {
        "n": n,
        "mean_mood": float(group["mood_score"].mean()) if n else None,
        "n_negative": negative,
        "share_negative": negative / n if n else None,
        "ci_low": lo if n else None,
        "ci_high": hi if n else None,
        "small_n": n < SMALL_N,
        "top_themes": themes_text(top_themes(group["themes"])),
    }


CLAIM_MOOD_COLUMNS = [
    "page_id",
    "claim_id",
    "claim",
    "speaker",
    "kind",
    "paragraph",
    "claim_tone",
    "n",
    "mean_mood",
    "n_negative",
    "share_negative",
    "ci_low",
    "ci_high",
    "small_n",
    "top_themes",
]


def claim_moods(table: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Mood against claims: per claim its own tone (VADER compound of the claim) against the
    mood of the comments whose best link is that claim (n, mean, share negative with Wilson
    95% interval, top themes), plus one `GENERAL` row per article for unlinked comments.

    Claims nobody answered stay in with n = 0, so the chart shows them as unanswered.
    """
    rows: list[dict[str, Any]] = []
    moods = scored(table)
    page_ids = sorted(set(claims["page_id"].astype(str)) | set(moods["page_id"].astype(str)))
    for page_id in page_ids:
        on_page = moods[moods["page_id"] == page_id]
        for c in claims[claims["page_id"] == page_id].sort_values("paragraph").itertuples():
            answering = on_page[on_page["claim_id"] == c.claim_id]
            rows.append(
                {
                    "page_id": page_id,
                    "claim_id": str(c.claim_id),
                    "claim": str(c.text),
                    "speaker": c.speaker,
                    "kind": c.kind,
                    "paragraph": int(c.paragraph),
                    "claim_tone": float(c.compound),
                    **_mood_stats(answering),
                }
            )
        general = on_page[on_page["claim_id"].isna()]
        if len(general):
            rows.append(
                {
                    "page_id": page_id,
                    "claim_id": None,
                    "claim": GENERAL,
                    "speaker": None,
                    "kind": None,
                    "paragraph": None,
                    "claim_tone": None,
                    **_mood_stats(general),
                }
            )
    if not rows:
        return _empty(CLAIM_MOOD_COLUMNS)
    return _objects(
        pd.DataFrame(rows, columns=CLAIM_MOOD_COLUMNS),
        ("claim_id", "speaker", "kind", "paragraph", "claim_tone", "mean_mood", "share_negative",
         "ci_low", "ci_high"),
    )  # fmt: skip


def coverage_text(declared: Any, slots: int, moderated: int) -> str:
    """What the capture holds against what the page declares, in words.

    >>> coverage_text(21, 10, 0)
    '10 of 21 declared comments captured'
    >>> coverage_text(6, 7, 1)
    'all 6 declared comments captured (7 slots, 1 moderated)'
    >>> coverage_text(None, 0, 0)
    'no comments captured'
    """
    extra = f" ({slots} slots, {moderated} moderated)" if moderated else ""
    if declared is None or pd.isna(declared):
        if not slots:
            return "no comments captured"
        return f"{slots} comment{'s' if slots != 1 else ''} captured{extra}"
    if slots < int(declared):
        return f"{slots} of {int(declared)} declared comments captured{extra}"
    return f"all {int(declared)} declared comments captured{extra}"


ARTICLE_COLUMNS = [
    "page_id",
    "outlet",
    "published",
    "speaker",
    "headline",
    "kicker",
    "declared",
    "captured",
    "moderated",
    "coverage",
    "warnings",
    "n",
    *MOOD_ORDER,
    "mean_mood",
    "article_tone",
    "n_negative",
    "share_negative",
    "ci_low",
    "ci_high",
    "small_n",
    "top_themes",
    "claims",
    "source",
]


def article_table(pages: pd.DataFrame, table: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """One row per article: outlet, date, speaker, headline, coverage, mood mix (counts per
    mood in `MOOD_ORDER`), mean reader mood against the article's tone (mean VADER compound
    of its body paragraphs), share negative with its interval and the top themes."""
    if pages.empty:
        return _empty(ARTICLE_COLUMNS)
    moods = scored(table)
    rows: list[dict[str, Any]] = []
    for p in pages.sort_values("id").itertuples(index=False):
        page_id = str(p.id)
        slots = table[table["page_id"] == page_id] if not table.empty else table
        mine = moods[moods["page_id"] == page_id] if not moods.empty else moods
        moderated = int(slots["moderated"].fillna(False).astype(bool).sum()) if len(slots) else 0
        body_tone = [float(x) for x in _floats(p.body_compound)]
        declared = None if p.declared_comment_count is None else p.declared_comment_count
        if declared is not None and pd.isna(declared):
            declared = None
        counts: dict[str, int] = {
            m: int((mine["mood"] == m).sum()) if len(mine) else 0 for m in MOOD_ORDER
        }
        stats = _mood_stats(mine) if len(mine) else _mood_stats(_empty(["mood", "themes"]))
        rows.append(
            {
                "page_id": page_id,
                "outlet": _text(p.outlet),
                "published": pd.Timestamp(p.published).date() if not pd.isna(p.published) else None,
                "speaker": _text(p.speaker),
                "headline": _text(p.headline),
                "kicker": _text(p.kicker),
                "declared": int(declared) if declared is not None else None,
                "captured": int(p.captured_comment_count or 0),
                "moderated": moderated,
                "coverage": coverage_text(declared, int(p.captured_comment_count or 0), moderated),
                "warnings": _tuple(p.warnings),
                **counts,
                "mean_mood": stats["mean_mood"],
                "article_tone": sum(body_tone) / len(body_tone) if body_tone else None,
                "n": stats["n"],
                "n_negative": stats["n_negative"],
                "share_negative": stats["share_negative"],
                "ci_low": stats["ci_low"],
                "ci_high": stats["ci_high"],
                "small_n": stats["small_n"],
                "top_themes": stats["top_themes"],
                "claims": int((claims["page_id"] == page_id).sum()) if len(claims) else 0,
                "source": _text(p.source),
            }
        )
    return _objects(
        pd.DataFrame(rows, columns=ARTICLE_COLUMNS),
        ("outlet", "speaker", "headline", "kicker", "source", "published", "mean_mood",
         "article_tone", "share_negative", "ci_low", "ci_high", "declared"),
    )  # fmt: skip


def _objects(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    # Missing values are None, never NaN: NaN is truthy, prints as "nan", and pandas' string
    # and float columns turn a None back into NaN, so these columns are plain objects.
    for column in columns:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _text(value: Any) -> str | None:
    # pandas' string columns hold NaN for NULL; NaN is truthy and prints as "nan".
    return None if _missing(value) else str(value)


def _floats(value: Any) -> list[float]:
    return [] if _missing(value) else [float(v) for v in value if not _missing(v)]


def mood_mix(table: pd.DataFrame, by: str = "page_id") -> pd.DataFrame:
    """Counts per mood (every mood of `MOOD_ORDER`, zeros kept) per `by`, with n and share."""
    moods = scored(table)
    groups = sorted(set(table[by].dropna().astype(str))) if not table.empty else []
    rows = []
    for key in groups:
        mine = moods[moods[by].astype(str) == key]
        n = len(mine)
        for order, mood in enumerate(MOOD_ORDER):
            count = int((mine["mood"] == mood).sum())
            rows.append(
                {
                    by: key,
                    "mood": mood,
                    "order": order,
                    "count": count,
                    "n": n,
                    "share": count / n if n else None,
                    "small_n": n < SMALL_N,
                }
            )
    return pd.DataFrame(rows, columns=[by, "mood", "order", "count", "n", "share", "small_n"])


def theme_prevalence(table: pd.DataFrame, by: str = "page_id") -> pd.DataFrame:
    """Per `by` and theme: comments carrying it, of n scored, share and Wilson interval.

    Every theme seen anywhere gets a row in every group (zeros kept) so groups compare.
    """
    moods = scored(table)
    columns = [by, "theme", "count", "n", "share", "ci_low", "ci_high", "small_n"]
    if moods.empty:
        return _empty(columns)
    names = sorted({name for themes in moods["themes"] for name in themes})
    rows = []
    for key in sorted(set(table[by].dropna().astype(str))):
        mine = moods[moods[by].astype(str) == key]
        n = len(mine)
        for name in names:
            count = int(sum(name in themes for themes in mine["themes"]))
            lo, hi = wilson(count, n)
            rows.append(
                {
                    by: key,
                    "theme": name,
                    "count": count,
                    "n": n,
                    "share": count / n if n else None,
                    "ci_low": lo if n else None,
                    "ci_high": hi if n else None,
                    "small_n": n < SMALL_N,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def mood_by(articles: pd.DataFrame, table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Reader mood pooled over the articles sharing `key` ('speaker', 'outlet' or 'month'):
    articles, n comments, mean mood, share negative with Wilson interval."""
    columns = [key, "articles", "n", "mean_mood", "n_negative", "share_negative"]
    columns += ["ci_low", "ci_high", "small_n"]
    if articles.empty:
        return _empty(columns)
    arts = articles.copy()
    if key == "month":
        arts = arts[arts["published"].notna()]
        arts["month"] = [str(d)[:7] for d in arts["published"]]
    arts = arts[arts[key].notna()]
    moods = scored(table)
    rows = []
    for value, group in arts.groupby(key, sort=True):
        mine = moods[moods["page_id"].isin(group["page_id"])]
        stats = _mood_stats(mine)
        rows.append(
            {
                key: value,
                "articles": len(group),
                **{c: stats[c] for c in columns[2:]},
            }
        )
    return pd.DataFrame(rows, columns=columns)


EVIDENCE_COLUMNS = [
    "page_id",
    "claim_id",
    "claim",
    "position",
    "author",
    "mood",
    "mood_score",
    "compound",
    "stance",
    "link_score",
    "themes",
    "text",
    "source",
]


def evidence_pack(
    table: pd.DataFrame,
    claims: pd.DataFrame,
    pages: pd.DataFrame,
    page_id: str,
    claim_id: str | None,
    size: int = 5,
) -> pd.DataFrame:
    """Representative comments answering one claim (`claim_id` None: the article in general):
    up to `size` picked evenly along the mood score, so the pack spans the range (the most
    negative, the most positive and those between) rather than only the extremes. Each row
    carries its source file and comment position, so a reader can check it."""
    moods = scored(table)
    mine = moods[moods["page_id"] == page_id]
    mine = mine[mine["claim_id"].isna()] if claim_id is None else mine[mine["claim_id"] == claim_id]
    mine = mine.sort_values(["mood_score", "position"], kind="stable").reset_index(drop=True)
    if len(mine) > size:
        # Evenly spaced ranks from the lowest to the highest score, both ends included.
        picks = sorted({round(i * (len(mine) - 1) / (size - 1)) for i in range(size)})
        mine = mine.iloc[picks]
    claim_text = GENERAL
    if claim_id is not None:
        match = claims[(claims["page_id"] == page_id) & (claims["claim_id"] == claim_id)]
        claim_text = str(match["text"].iloc[0]) if len(match) else claim_id
    source = pages.loc[pages["id"] == page_id, "source"]
    out = pd.DataFrame(
        {
            "page_id": page_id,
            "claim_id": claim_id,
            "claim": claim_text,
            "position": mine["position"].astype(int).to_numpy(),
            "author": mine["author"].to_numpy(),
            "mood": mine["mood"].to_numpy(),
            "mood_score": mine["mood_score"].to_numpy(),
            "compound": mine["compound"].to_numpy(),
            "stance": mine["stance"].to_numpy(),
            "link_score": mine["link_score"].to_numpy(),
            "themes": [", ".join(t) for t in mine["themes"]],
            "text": mine["text"].to_numpy(),
            "source": str(source.iloc[0]) if len(source) else None,
        },
        columns=EVIDENCE_COLUMNS,
    )
    return out
