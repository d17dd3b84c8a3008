"""Figures across articles and over time, as pure pandas over `summary.comment_table` output:
one search over every comment, mood and volume by the comments' posted times, the claims
readers dispute most, the most active commenters.

Every share comes with its n and a Wilson 95% interval (`summary.wilson`), as elsewhere.

>>> posted_time("4 March 2024 10:15"), posted_time("2 hours ago")
(Timestamp('2024-03-04 10:15:00'), None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import pandas as pd

from analysis import summary
from analysis.model import MOOD_ORDER

#: A posted time is read only when it names a year: "10:14" or "2 hours ago" cannot be placed
#: without the moment of capture, which pages do not record.
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
#: Longest posted text read (a page's "posted" field is short; anything longer is not a time).
_MAX_POSTED = 80
#: Marks put around each hit in a search snippet: plain characters, so the text stays inert.
HIT_OPEN, HIT_CLOSE = "⟦", "⟧"
#: Characters of context shown before the first hit and in all of a snippet.
SNIPPET_BEFORE, SNIPPET_CHARS = 50, 160

Grain = Literal["hour", "day", "week", "month"]


def posted_time(text: Any) -> pd.Timestamp | None:
    """The moment a comment's posted text names, when it names a year: ISO
    ('2024-03-04T10:15:00Z'), '4 March 2024 10:15', '04/03/2024' (day first, as UK sites
    write it); None for relative times ('2 hours ago'), bare clock times or anything else.
    Time zones are converted to UTC and dropped, so every time compares.

    >>> posted_time("2024-03-04T10:15:00+01:00"), posted_time("04/03/2024")
    (Timestamp('2024-03-04 09:15:00'), Timestamp('2024-03-04 00:00:00'))
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    value = " ".join(str(text).split())
    if not value or len(value) > _MAX_POSTED or not _YEAR.search(value):
        return None
    iso = bool(re.match(r"\d{4}-\d\d-\d\d", value))
    try:
        stamp = pd.Timestamp(value) if iso else pd.to_datetime(value, dayfirst=True)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return pd.Timestamp(stamp)


def with_times(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with a `time` column: each comment's `posted_time` (NaT when unreadable)."""
    out = table.copy()
    cache = {v: posted_time(v) for v in out["posted"].dropna().unique()} if len(out) else {}
    times = [cache.get(v) if v is not None and not pd.isna(v) else None for v in out["posted"]]
    out["time"] = pd.to_datetime(pd.Series(times, index=out.index, dtype=object))
    return out


def grain_for(times: pd.Series) -> Grain:
    """A bucket size that gives a readable number of points for the span of `times`.

    >>> grain_for(pd.Series(pd.to_datetime(["2024-01-01 10:00", "2024-01-01 20:00"])))
    'hour'
    >>> grain_for(pd.Series(pd.to_datetime(["2024-01-01", "2024-09-01"])))
    'month'
    """
    known = times.dropna()
    if known.empty:
        return "day"
    span = known.max() - known.min()
    if span <= pd.Timedelta(days=2):
        return "hour"
    if span <= pd.Timedelta(days=45):
        return "day"
    if span <= pd.Timedelta(days=200):
        return "week"
    return "month"


def _bucket(times: pd.Series, grain: Grain) -> pd.Series:
    if grain == "hour":
        return times.dt.floor("h")
    if grain == "day":
        return times.dt.floor("D")
    if grain == "week":
        return (times - pd.to_timedelta(times.dt.day_of_week, unit="D")).dt.floor("D")
    return times.dt.to_period("M").dt.to_timestamp()


TIME_COLUMNS = ["time", "group", "slots", "n", *MOOD_ORDER, "mean_mood", "n_negative",
                "share_negative", "ci_low", "ci_high", "small_n"]  # fmt: skip


def mood_over_time(
    timed: pd.DataFrame, grain: Grain | None = None, group: str | None = None
) -> pd.DataFrame:
    """Comment volume and mood per time bucket (and per `group` column value when given):
    `slots` comment slots posted then, `n` of them with a mood, counts per mood, mean mood,
    share negative with its Wilson interval. Only comments with a readable time count.

    `timed` is `with_times` output, optionally with the `group` column added.
    """
    known = timed[timed["time"].notna()]
    if known.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TIME_COLUMNS})
    grain = grain or grain_for(known["time"])
    known = known.assign(
        bucket=_bucket(known["time"], grain),
        group_=known[group].fillna("(unknown)").astype(str) if group else "all",
    )
    rows: list[dict[str, Any]] = []
    for (when, grp), mine in known.groupby(["bucket", "group_"], sort=True):
        moods = summary.scored(mine)
        n = len(moods)
        k = int((moods["mood"] == "negative").sum())
        lo, hi = summary.wilson(k, n)
        rows.append(
            {
                "time": when,
                "group": grp,
                "slots": len(mine),
                "n": n,
                **{m: int((moods["mood"] == m).sum()) for m in MOOD_ORDER},
                "mean_mood": float(moods["mood_score"].mean()) if n else None,
                "n_negative": k,
                "share_negative": k / n if n else None,
                "ci_low": lo if n else None,
                "ci_high": hi if n else None,
                "small_n": n < summary.SMALL_N,
            }
        )
    return pd.DataFrame(rows, columns=TIME_COLUMNS)


# -- search -------------------------------------------------------------------------------------

SEARCH_COLUMNS = ["page_id", "position", "author", "mood", "mood_score", "themes", "claim_text",
                  "matched_in", "snippet"]  # fmt: skip


def words_of(query: str) -> list[str]:
    """The words of a search, each once, in order; "quoted phrases" stay whole.

    >>> words_of('Polly "so never"  polly')
    ['Polly', 'so never']
    """
    found = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', query or "")]
    out: dict[str, str] = {}
    for word in found:
        word = " ".join(word.split())
        if word:
            out.setdefault(word.casefold(), word)
    return list(out.values())


def snippet(text: str, words: Sequence[str]) -> str:
    """A stretch of `text` around its first hit on one line, every hit wrapped in ⟦ ⟧ (plain
    characters: the text itself is never interpreted); the text's start when none is in it.

    >>> snippet("The NHS has been starved of resources progressively.", ["starved"])
    'The NHS has been ⟦starved⟧ of resources progressively.'
    """
    flat = " ".join(str(text or "").split())
    pattern = _pattern(words)
    first = pattern.search(flat) if pattern else None
    if first is None:
        return summary.start_of(flat, SNIPPET_CHARS)
    start = max(0, first.start() - SNIPPET_BEFORE)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(flat), start + SNIPPET_CHARS)
    piece = flat[start:end]
    assert pattern is not None
    marked = pattern.sub(lambda m: f"{HIT_OPEN}{m.group(0)}{HIT_CLOSE}", piece)
    return ("…" if start else "") + marked + ("…" if end < len(flat) else "")


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile("|".join(alternatives), flags=re.IGNORECASE)


def search(
    table: pd.DataFrame,
    query: str = "",
    moods: Iterable[str] = (),
    themes: Iterable[str] = (),
) -> pd.DataFrame:
    """Every comment (of every article) matching a search: each word of `query` found in the
    comment's text, its author's name, a theme it carries or the words of the claim it answers
    (every word somewhere, case ignored), with the mood and theme filters applied. Moderated
    slots have no text and are never hits. Rows in page then position order, with where the
    words matched and a snippet with the hits marked (`snippet`).

    >>> t = pd.DataFrame({"page_id": ["a"], "position": [1], "author": ["Polly"],
    ...     "text": ["So never."], "mood": ["negative"], "mood_score": [-0.4],
    ...     "themes": [("distrust",)], "claim_text": [None]})
    >>> search(t, "polly never")[["position", "matched_in", "snippet"]].values.tolist()
    [[1, 'text, author', 'So ⟦never⟧.']]
    """
    words = words_of(query)
    moods, themes = set(moods), set(themes)
    rows = []
    for r in summary.scored(table).itertuples(index=False):
        if moods and r.mood not in moods:
            continue
        carried = tuple(r.themes)
        if themes and not themes & set(carried):
            continue
        fields = {
            "text": str(r.text or "").casefold(),
            "author": str(r.author or "").casefold(),
            "theme": " ".join(carried).casefold(),
            "claim": str(r.claim_text or "").casefold(),
        }
        where: list[str] = []
        ok = True
        for word in words:
            hit = [name for name, value in fields.items() if word.casefold() in value]
            if not hit:
                ok = False
                break
            where += [name for name in hit if name not in where]
        if not ok:
            continue
        rows.append(
            {
                "page_id": r.page_id,
                "position": int(r.position),
                "author": r.author,
                "mood": r.mood,
                "mood_score": r.mood_score,
                "themes": carried,
                "claim_text": r.claim_text,
                "matched_in": ", ".join(sorted(where, key=list(fields).index)),
                "snippet": snippet(str(r.text or ""), words),
            }
        )
    return pd.DataFrame(rows, columns=SEARCH_COLUMNS)


# -- across articles ----------------------------------------------------------------------------


def disputed_claims(claim_moods: pd.DataFrame, top: int = 10, min_n: int = 2) -> pd.DataFrame:
    """The claims readers dispute most: answered by at least `min_n` comments, ranked by the
    lower end of the Wilson interval of their share negative (a share of 3 of 3 does not beat
    9 of 10 on so little evidence), then by n."""
    rows = claim_moods[claim_moods["claim_id"].notna() & (claim_moods["n"] >= min_n)]
    if rows.empty:
        return rows.copy()
    order = rows.assign(_low=rows["ci_low"].astype(float), _n=rows["n"].astype(int))
    order = order.sort_values(["_low", "_n", "page_id"], ascending=[False, False, True])
    return order.drop(columns=["_low", "_n"]).head(top).reset_index(drop=True)


COMMENTER_COLUMNS = ["author", "comments", "articles", "mean_mood", "n_negative", "n"]


def commenters(table: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The most active named commenters: comments with a mood, articles commented on, mean
    mood and negative count of n; most comments first, ties by name."""
    moods = summary.scored(table)
    moods = moods[moods["author"].notna() & (moods["author"].astype(str).str.strip() != "")]
    if moods.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COMMENTER_COLUMNS})
    rows = [
        {
            "author": str(author),
            "comments": len(mine),
            "articles": mine["page_id"].nunique(),
            "mean_mood": float(mine["mood_score"].mean()),
            "n_negative": int((mine["mood"] == "negative").sum()),
            "n": len(mine),
        }
        for author, mine in moods.groupby("author", sort=True)
    ]
    out = pd.DataFrame(rows, columns=COMMENTER_COLUMNS)
    out = out.sort_values(["comments", "author"], ascending=[False, True], kind="stable")
    return out.head(top).reset_index(drop=True)
