"""The dashboard's figures asked of the store: DuckDB does the joins and the counting, and
pandas only ever holds what a view shows (a page of rows, one row per article, claim or
theme). Each function here answers what a `summary` function answers from whole frames, with
the same columns; `tests/test_queries.py` holds the two to the same results.

Every function takes an open DuckDB connection to a store (`store.Store.con`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from analysis import sentiment, summary, trends
from analysis.model import MOOD_ORDER

#: The claim each comment answers best: its link of lowest rank.
_BEST_LINKS = """
    SELECT page_id, position, claim_id, score, via, stance FROM links
    WHERE {where}
    QUALIFY row_number() OVER (PARTITION BY page_id, position ORDER BY rank, claim_id) = 1
"""
#: Each comment's themes, with their evidence, in theme order.
_COMMENT_THEMES = """
    SELECT page_id, TRY_CAST(owner_id AS INTEGER) AS position,
           list(theme ORDER BY theme) AS theme_list, list(evidence ORDER BY theme) AS evidence
    FROM theme_hits WHERE owner = 'comment' AND {where} GROUP BY ALL
"""


def _page_filter(column: str, page_ids: Sequence[str] | None) -> tuple[str, list[Any]]:
    if page_ids is None:
        return "TRUE", []
    return f"list_contains(?::VARCHAR[], {column})", [list(page_ids)]


def _selection(
    page_ids: Sequence[str] | None,
    scored_only: bool,
    contains: Sequence[str],
    moods: Sequence[str],
    themes: Sequence[str],
) -> tuple[str, list[Any]]:
    """The joined comments (`c`, best link `best`, themes `t`, claim `cl`, annotation `a`)
    that pass the filters: FROM … WHERE SQL and its parameters."""
    c_where, c_params = _page_filter("c.page_id", page_ids)
    l_where, l_params = _page_filter("page_id", page_ids)
    conditions = [c_where]
    params: list[Any] = [*l_params, *l_params, *c_params]  # links, themes, then the WHERE
    if scored_only or moods or contains or themes:
        conditions.append("c.mood IS NOT NULL")
    if moods:
        conditions.append("list_contains(?::VARCHAR[], c.mood)")
        params.append(list(moods))
    if themes:
        conditions.append("list_has_any(coalesce(t.theme_list, []), ?::VARCHAR[])")
        params.append(list(themes))
    for word in contains:
        conditions.append(
            "contains(lower(concat_ws(chr(31), c.text, c.author, "
            "array_to_string(coalesce(t.theme_list, []), ' '), cl.text)), lower(?))"
        )
        params.append(word)
    sql = f"""
        FROM comments c
        LEFT JOIN ({_BEST_LINKS.format(where=l_where)}) best
          ON best.page_id = c.page_id AND best.position = c.position
        LEFT JOIN ({_COMMENT_THEMES.format(where=l_where)}) t
          ON t.page_id = c.page_id AND t.position = c.position
        LEFT JOIN claims cl ON cl.page_id = c.page_id AND cl.claim_id = best.claim_id
        LEFT JOIN annotations a ON a.page_id = c.page_id AND a.position = c.position
        WHERE {" AND ".join(conditions)}
    """
    return sql, params


def comment_rows(
    con: duckdb.DuckDBPyConnection,
    page_ids: Sequence[str] | None = None,
    *,
    scored_only: bool = False,
    contains: Sequence[str] = (),
    moods: Sequence[str] = (),
    themes: Sequence[str] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """`summary.comment_table` for the comments of `page_ids` (all when None), joined in the
    store, in page then position order, at most `limit` of them. Filters narrow it in the
    store too: comments with a mood; comments where each word of `contains` is in the text,
    the author's name, a theme or the claim answered (case ignored, as `trends.search` reads
    it); one of `moods`; any of `themes`."""
    selection, params = _selection(page_ids, scored_only, contains, moods, themes)
    sql = f"""
        SELECT c.*, t.theme_list, t.evidence,
               best.claim_id, cl.text AS claim_text, cl.speaker AS claim_speaker,
               best.score AS link_score, best.via AS link_via, best.stance,
               a.mood AS annotated_mood, a.themes AS annotated_themes, a.note
        {selection}
        ORDER BY c.page_id, c.position
    """
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return _finish_comments(con.execute(sql, params).df())


def mood_counts(
    con: duckdb.DuckDBPyConnection,
    *,
    contains: Sequence[str] = (),
    moods: Sequence[str] = (),
    themes: Sequence[str] = (),
) -> pd.DataFrame:
    """How many scored comments pass the filters (as `comment_rows` reads them), per article
    and mood: columns page_id, mood, count."""
    selection, params = _selection(None, True, contains, moods, themes)
    return con.execute(
        f"SELECT c.page_id, c.mood, count(*) AS count {selection} GROUP BY ALL ORDER BY ALL",
        params,
    ).df()


def _finish_comments(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return summary._empty(summary.COMMENT_COLUMNS)
    out = frame
    out["mood_reasons"] = out["mood_reasons"].map(summary._tuple)
    out["mood_explanation"] = summary.explanations(out)
    out["vader_label"] = out["compound"].map(
        lambda c: None if c is None or pd.isna(c) else sentiment.label(float(c))
    )
    evidence = []
    for names, proofs in zip(out["theme_list"], out["evidence"], strict=True):
        names_t = summary._tuple(names)
        proofs_l = list(proofs) if names_t else []
        evidence.append({n: summary._tuple(p) for n, p in zip(names_t, proofs_l, strict=True)})
    out["theme_evidence"] = evidence
    out["themes"] = [tuple(sorted(ev)) for ev in evidence]
    out["start"] = out["text"].map(summary.start_of)
    out["annotated_themes"] = out["annotated_themes"].map(summary._tuple)
    out["link_score"] = out["link_score"].astype(object).where(out["link_score"].notna(), None)
    out = summary._objects(out.reset_index(drop=True), summary._TEXT_COLUMNS)
    return out[summary.COMMENT_COLUMNS]


def _scored_themes(group: str) -> str:
    """Per `group` (SQL over scored comments c) and theme: how many comments carry it."""
    return f"""
        SELECT {group} AS key, h.theme, count(DISTINCT c.page_id || '/' || c.position) AS k
        FROM theme_hits h
        JOIN comments c ON c.page_id = h.page_id AND c.position = TRY_CAST(h.owner_id AS INTEGER)
        {{join}}
        WHERE h.owner = 'comment' AND c.mood IS NOT NULL
        GROUP BY ALL
    """


def _top_themes(con: duckdb.DuckDBPyConnection, counts: str, keys: str) -> dict[Any, str]:
    """'distrust (3), burnout (1)' (`summary.themes_text` of `summary.top_themes`) per key,
    from SQL giving (`keys`, theme, k) counts: the three most carried, ties by name."""
    rows = con.execute(
        f"""SELECT {keys}, string_agg(theme || ' (' || k || ')', ', ' ORDER BY k DESC, theme)
            FROM (SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY k DESC, theme) AS r
                  FROM ({counts}))
            WHERE r <= 3 GROUP BY {keys}"""
    ).fetchall()
    width = len(keys.split(","))
    return {(r[0] if width == 1 else tuple(r[:width])): str(r[width]) for r in rows}


def _wilson(k: pd.Series, n: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`summary.wilson` over columns at once; NaN where n is 0."""
    z = summary.Z95
    kk, nn = k.to_numpy(dtype=float), n.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = kk / nn
        denom = 1 + z * z / nn
        centre = (p + z * z / (2 * nn)) / denom
        half = z * np.sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom
    low = np.where(kk == 0, 0.0, np.maximum(0.0, centre - half))
    high = np.where(kk == nn, 1.0, np.minimum(1.0, centre + half))
    empty = nn == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def _nullable(values: Any) -> pd.Series:
    """Floats with None, never NaN, for missing values (as `summary` gives them)."""
    column = pd.Series(values, dtype=float)
    return column.astype(object).where(column.notna(), None)


def _stats(frame: pd.DataFrame) -> pd.DataFrame:
    """Share negative, its Wilson interval and the small-n flag from n and n_negative."""
    n, neg = frame["n"].astype(int), frame["n_negative"].astype(int)
    low, high = _wilson(neg, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n > 0, neg / n.where(n > 0, 1), np.nan)
    frame["share_negative"] = _nullable(share).to_numpy()
    frame["ci_low"] = _nullable(low).to_numpy()
    frame["ci_high"] = _nullable(high).to_numpy()
    frame["small_n"] = n < summary.SMALL_N
    frame["mean_mood"] = frame["mean_mood"].astype(object).where(frame["mean_mood"].notna(), None)
    return frame


def article_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """`summary.article_table`: one row per article, counted in the store."""
    moods = ", ".join(f"count(*) FILTER (mood = '{m}') AS \"{m}\"" for m in MOOD_ORDER)
    mood_columns = ", ".join(f'coalesce(s."{m}", 0) AS "{m}"' for m in MOOD_ORDER)
    frame = con.execute(
        f"""
        WITH s AS (
            SELECT page_id, count(*) FILTER (mood IS NOT NULL) AS n,
                   count(*) FILTER (mood = 'negative') AS n_negative,
                   avg(mood_score) FILTER (mood IS NOT NULL) AS mean_mood,
                   sum(mood_score) FILTER (mood IS NOT NULL) AS mood_sum,
                   count(*) FILTER (moderated) AS moderated, {moods}
            FROM comments GROUP BY page_id),
        k AS (SELECT page_id, count(*) AS claims FROM claims GROUP BY page_id)
        SELECT p.id AS page_id, p.outlet, p.published, p.speaker, p.headline, p.kicker,
               p.declared_comment_count AS declared,
               coalesce(p.captured_comment_count, 0) AS captured,
               coalesce(s.moderated, 0) AS moderated, p.warnings,
               coalesce(s.n, 0) AS n, {mood_columns},
               s.mean_mood, coalesce(s.mood_sum, 0) AS mood_sum,
               list_avg(p.body_compound) AS article_tone,
               coalesce(s.n_negative, 0) AS n_negative, coalesce(k.claims, 0) AS claims, p.source
        FROM pages p LEFT JOIN s ON s.page_id = p.id LEFT JOIN k ON k.page_id = p.id
        ORDER BY p.id
        """
    ).df()
    if frame.empty:
        return summary._empty([*summary.ARTICLE_COLUMNS, "mood_sum"])
    themes = _top_themes(con, _scored_themes("c.page_id").format(join=""), "key")
    frame["top_themes"] = [themes.get(p, "") for p in frame["page_id"]]
    frame["published"] = [
        None if d is None or pd.isna(d) else pd.Timestamp(d).date() for d in frame["published"]
    ]
    frame["declared"] = [None if d is None or pd.isna(d) else int(d) for d in frame["declared"]]
    frame["warnings"] = frame["warnings"].map(summary._tuple)
    frame["coverage"] = [
        summary.coverage_text(d, int(c), int(m))
        for d, c, m in zip(frame["declared"], frame["captured"], frame["moderated"], strict=True)
    ]
    for column in ("n", "n_negative", "captured", "moderated", "claims", *MOOD_ORDER):
        frame[column] = frame[column].astype(int)
    frame = _stats(frame)
    return summary._objects(
        frame[[*summary.ARTICLE_COLUMNS, "mood_sum"]],
        ("outlet", "speaker", "headline", "kicker", "source", "published", "mean_mood",
         "article_tone", "share_negative", "ci_low", "ci_high", "declared"),
    )  # fmt: skip


def mood_mix(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """`summary.mood_mix` per article: counts per mood (zeros kept), n and share."""
    counts = con.execute(
        "SELECT page_id, mood, count(*) AS count FROM comments WHERE mood IS NOT NULL GROUP BY ALL"
    ).df()
    pages = [str(r[0]) for r in con.execute("SELECT DISTINCT page_id FROM comments").fetchall()]
    grid = pd.MultiIndex.from_product([sorted(pages), list(MOOD_ORDER)], names=["page_id", "mood"])
    out = (
        counts.set_index(["page_id", "mood"])["count"]
        .reindex(grid, fill_value=0)
        .reset_index()
        .astype({"count": int})
    )
    out["order"] = out["mood"].map({m: i for i, m in enumerate(MOOD_ORDER)})
    out["n"] = out.groupby("page_id")["count"].transform("sum").astype(int)
    out["share"] = [c / n if n else None for c, n in zip(out["count"], out["n"], strict=True)]
    out["small_n"] = out["n"] < summary.SMALL_N
    return out[["page_id", "mood", "order", "count", "n", "share", "small_n"]]


#: What `theme_prevalence` may group by: a column of the comment or of its article.
GROUPS = {"page_id": "c.page_id", "outlet": "p.outlet", "speaker": "p.speaker"}


def theme_prevalence(con: duckdb.DuckDBPyConnection, by: str = "page_id") -> pd.DataFrame:
    """`summary.theme_prevalence` per article, outlet or speaker: every theme seen on a scored
    comment gets a row in every group (zeros kept), with n scored, share and interval."""
    group = GROUPS[by]
    join = "JOIN pages p ON p.id = c.page_id"
    columns = [by, "theme", "count", "n", "share", "ci_low", "ci_high", "small_n"]
    counts = con.execute(_scored_themes(group).format(join=join)).df()
    if counts.empty:
        return summary._empty(columns)
    sizes = con.execute(
        f"SELECT {group} AS key, count(*) FILTER (c.mood IS NOT NULL) AS n "
        f"FROM comments c {join} WHERE {group} IS NOT NULL GROUP BY ALL"
    ).df()
    names = sorted(counts["theme"].astype(str).unique())
    grid = pd.MultiIndex.from_product(
        [sorted(sizes["key"].astype(str)), names], names=["key", "theme"]
    )
    counts = counts[counts["key"].notna()]
    counts["key"] = counts["key"].astype(str)
    out = counts.set_index(["key", "theme"])["k"].reindex(grid, fill_value=0).reset_index()
    out = out.merge(sizes.assign(key=sizes["key"].astype(str)), on="key", how="left")
    out = out.rename(columns={"key": by, "k": "count"}).astype({"count": int, "n": int})
    low, high = _wilson(out["count"], out["n"])
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(out["n"] > 0, out["count"] / out["n"].where(out["n"] > 0, 1), np.nan)
    out["share"] = _nullable(share).to_numpy()
    out["ci_low"] = _nullable(low).to_numpy()
    out["ci_high"] = _nullable(high).to_numpy()
    out["small_n"] = out["n"] < summary.SMALL_N
    return out[columns]


def claim_moods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """`summary.claim_moods`: per claim its tone against the mood of the comments answering it
    best, and one row per article for the comments answering no claim in particular."""
    scored = f"""
        SELECT c.page_id, c.position, c.mood, c.mood_score, best.claim_id
        FROM comments c
        LEFT JOIN ({_BEST_LINKS.format(where="TRUE")}) best
          ON best.page_id = c.page_id AND best.position = c.position
        WHERE c.mood IS NOT NULL
    """
    stats = con.execute(
        f"""SELECT page_id, claim_id, count(*) AS n, avg(mood_score) AS mean_mood,
                   count(*) FILTER (mood = 'negative') AS n_negative
            FROM ({scored}) GROUP BY ALL"""
    ).df()
    top = _top_themes(
        con,
        f"""SELECT s.page_id, coalesce(s.claim_id, '') AS claim_key, h.theme, count(*) AS k
            FROM ({scored}) s JOIN theme_hits h
              ON h.page_id = s.page_id AND TRY_CAST(h.owner_id AS INTEGER) = s.position
            WHERE h.owner = 'comment' GROUP BY ALL""",
        "page_id, claim_key",
    )
    claims = con.execute(
        """SELECT page_id, claim_id, text AS claim, speaker, kind, paragraph,
                  compound AS claim_tone
           FROM claims ORDER BY page_id, paragraph, rowid"""
    ).df()
    stats["claim_key"] = stats["claim_id"].fillna("")
    answered = claims.assign(claim_key=claims["claim_id"]).merge(
        stats.drop(columns="claim_id"), on=["page_id", "claim_key"], how="left"
    )
    general = stats[stats["claim_id"].isna()].assign(
        claim=summary.GENERAL, speaker=None, kind=None, paragraph=None, claim_tone=None
    )
    rows = pd.concat(
        [answered.assign(_order=0), general.assign(_order=1)], ignore_index=True, sort=False
    )
    if rows.empty:
        return summary._empty(summary.CLAIM_MOOD_COLUMNS)
    rows = rows.sort_values(["page_id", "_order"], kind="stable").reset_index(drop=True)
    rows["n"] = rows["n"].fillna(0).astype(int)
    rows["n_negative"] = rows["n_negative"].fillna(0).astype(int)
    rows["top_themes"] = [
        top.get((p, k), "") for p, k in zip(rows["page_id"], rows["claim_key"], strict=True)
    ]
    rows["paragraph"] = [None if pd.isna(v) else int(v) for v in rows["paragraph"]]
    rows = _stats(rows)
    return summary._objects(
        rows[summary.CLAIM_MOOD_COLUMNS],
        ("claim_id", "speaker", "kind", "paragraph", "claim_tone", "mean_mood", "share_negative",
         "ci_low", "ci_high"),
    )  # fmt: skip


def mood_by(articles: pd.DataFrame, key: str) -> pd.DataFrame:
    """`summary.mood_by` from the article table alone (its n, negatives and mood sums):
    reader mood pooled over the articles sharing `key` ('speaker', 'outlet' or 'month')."""
    columns = [key, "articles", "n", "mean_mood", "n_negative", "share_negative"]
    columns += ["ci_low", "ci_high", "small_n"]
    if articles.empty:
        return summary._empty(columns)
    arts = articles.copy()
    if key == "month":
        arts = arts[arts["published"].notna()]
        arts["month"] = [str(d)[:7] for d in arts["published"]]
    arts = arts[arts[key].notna()]
    if arts.empty:
        return summary._empty(columns)
    out = (
        arts.groupby(key, sort=True)
        .agg(
            articles=("page_id", "size"),
            n=("n", "sum"),
            n_negative=("n_negative", "sum"),
            mood_sum=("mood_sum", "sum"),
        )
        .reset_index()
    )
    out["mean_mood"] = [
        s / n if n else None for s, n in zip(out["mood_sum"], out["n"], strict=True)
    ]
    out = _stats(out.astype({"n": int, "n_negative": int, "articles": int}))
    return out[columns]


def counts(
    con: duckdb.DuckDBPyConnection, page_ids: Sequence[str], themes: Sequence[str] = ()
) -> tuple[int, int]:
    """(comments with a mood, of them carrying any of `themes`) in the articles `page_ids`."""
    where, params = _page_filter("c.page_id", page_ids)
    row = con.execute(
        f"""SELECT count(*), count(*) FILTER (list_has_any(coalesce(t.theme_list, []),
                                                         ?::VARCHAR[]))
            FROM comments c
            LEFT JOIN ({_COMMENT_THEMES.format(where="TRUE")}) t
              ON t.page_id = c.page_id AND t.position = c.position
            WHERE c.mood IS NOT NULL AND {where}""",
        [list(themes), *params],
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def commenters(con: duckdb.DuckDBPyConnection, top: int = 15) -> pd.DataFrame:
    """`trends.commenters`: the most active named commenters, most comments first."""
    out = con.execute(
        """SELECT author, count(*) AS comments, count(DISTINCT page_id) AS articles,
                  avg(mood_score) AS mean_mood, count(*) FILTER (mood = 'negative') AS n_negative,
                  count(*) AS n
           FROM comments
           WHERE mood IS NOT NULL AND author IS NOT NULL AND regexp_matches(author, '\\S')
           GROUP BY author ORDER BY comments DESC, author LIMIT ?""",
        [top],
    ).df()
    return out.astype({"comments": int, "articles": int, "n_negative": int, "n": int})


#: The SQL bucket of each grain `trends.grain_for` picks (weeks start on Monday, as there).
_BUCKETS = {"hour": "hour", "day": "day", "week": "week", "month": "month"}


def has_moments(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store keeps each comment's posted moment (stores from version 2 on)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'comments' AND column_name = 'posted_at'"
    ).fetchone()
    return bool(row and row[0])


def time_span(
    con: duckdb.DuckDBPyConnection, page_ids: Sequence[str] | None = None
) -> tuple[int, int, Any, Any]:
    """(comment slots, slots with a posted moment, first moment, last moment)."""
    where, params = _page_filter("page_id", page_ids)
    row = con.execute(
        f"SELECT count(*), count(posted_at), min(posted_at), max(posted_at) FROM comments "
        f"WHERE {where}",
        params,
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), row[2], row[3]


def mood_over_time(
    con: duckdb.DuckDBPyConnection,
    grain: str,
    group: str | None = None,
    page_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """`trends.mood_over_time`, counted in the store: per `grain` bucket of the comments'
    posted moments (and per article outlet or speaker), slots, n with a mood, counts per mood,
    mean mood, share negative with its interval."""
    bucket = f"date_trunc('{_BUCKETS[grain]}', c.posted_at)"
    split = f"coalesce(CAST({GROUPS[group]} AS VARCHAR), '(unknown)')" if group else "'all'"
    where, params = _page_filter("c.page_id", page_ids)
    moods = ", ".join(f"count(*) FILTER (c.mood = '{m}') AS \"{m}\"" for m in MOOD_ORDER)
    frame = con.execute(
        f"""SELECT {bucket} AS time, {split} AS "group", count(*) AS slots,
                   count(c.mood) AS n, {moods},
                   avg(c.mood_score) FILTER (c.mood IS NOT NULL) AS mean_mood,
                   count(*) FILTER (c.mood = 'negative') AS n_negative
            FROM comments c LEFT JOIN pages p ON p.id = c.page_id
            WHERE c.posted_at IS NOT NULL AND {where}
            GROUP BY ALL ORDER BY time, "group" """,
        params,
    ).df()
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in trends.TIME_COLUMNS})
    for column in ("slots", "n", "n_negative", *MOOD_ORDER):
        frame[column] = frame[column].astype(int)
    return _stats(frame)[trends.TIME_COLUMNS]


def over_time(
    con: duckdb.DuckDBPyConnection,
    group: str | None = None,
    page_ids: Sequence[str] | None = None,
) -> tuple[int, int, str, pd.DataFrame]:
    """(comment slots, slots with a posted moment, the grain `trends.grain_for` picks for
    their span, `mood_over_time` at that grain): a whole timeline in one call. A store from
    before version 2 (no `posted_at`, opened read-only) is read the old way, in pandas."""
    if not has_moments(con):
        where, params = _page_filter("c.page_id", page_ids)
        rows = con.execute(
            f"""SELECT c.posted, c.mood, c.mood_score, p.outlet, p.speaker
                FROM comments c LEFT JOIN pages p ON p.id = c.page_id WHERE {where}""",
            params,
        ).df()
        timed = trends.with_times(rows)
        grain = trends.grain_for(timed["time"])
        known = int(timed["time"].notna().sum())
        return len(timed), known, grain, trends.mood_over_time(timed, grain, group)
    slots, known, first, last = time_span(con, page_ids)
    grain = trends.grain_for(pd.Series(pd.to_datetime([first, last])))
    return slots, known, grain, mood_over_time(con, grain, group, page_ids)
