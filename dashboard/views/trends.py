"""Across articles (`/trends?by=outlet`): mood and comment volume over the comments' posted
times (split by outlet or speaker), mood and themes by outlet and by speaker, the claims
readers dispute most, and the most active commenters. Every point carries its n."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analysis import queries, summary, trends
from dashboard import charts, ui
from dashboard.data import StoreData

SPLITS = {"nothing": None, "outlet": "outlet", "speaker": "speaker"}


@st.cache_data(max_entries=8, show_spinner=False)
def _figures(version: tuple[Any, ...], _store: StoreData) -> dict[str, pd.DataFrame]:
    # Everything this view draws, once per store version (the store is that version's).
    return {
        "by_outlet": queries.mood_by(_store.articles, "outlet"),
        "by_speaker": queries.mood_by(_store.articles, "speaker"),
        "by_month": queries.mood_by(_store.articles, "month"),
        "themes_outlet": _store.theme_prevalence_by("outlet"),
        "themes_speaker": _store.theme_prevalence_by("speaker"),
        "disputed": trends.disputed_claims(_store.claim_moods),
        "commenters": _store.commenters(),
    }


def _over_time(store: StoreData, figures: dict[str, pd.DataFrame]) -> None:
    st.subheader("Mood and volume over time")
    slots, known, grain, all_rows = store.over_time()
    if not known:
        st.info(
            f"None of the {slots} comment slots carries a posted date the captures kept "
            "(times like “2 hours ago” cannot be placed), so there is no timeline of comments. "
            "Below: reader mood by the month each article was published, where articles have "
            "a date."
        )
        by_month = figures["by_month"]
        if (by_month["n"] > 0).any():
            ui.chart(
                store,
                "trends-by-month",
                lambda: charts.mood_by_chart(by_month, "month", "Mood by month of publication"),
            )
        else:
            ui.empty_note("articles with both a date and comments with a mood")
        return
    ui.from_url("by", "trends_by", ui.one_of(list(SPLITS)), "nothing")
    st.selectbox("Split by", list(SPLITS), key="trends_by")
    ui.to_url("by", "trends_by", str, "nothing")
    split = SPLITS[str(st.session_state["trends_by"])]
    rows = store.over_time(split)[3] if split else all_rows
    st.caption(
        f"{known} of {slots} comment slots carry a posted time; one point per {grain}, "
        "its size the number of comments with a mood (n, in the tooltip); faded below n = 5."
    )
    left, right = st.columns(2)
    with left:
        ui.chart(store, f"trends-volume-{grain}", lambda: charts.volume_chart(all_rows, grain))
    with right:
        ui.chart(
            store,
            f"trends-mood-{grain}-{split}",
            lambda: charts.mood_time_chart(rows, grain, split),
        )


def _by(store: StoreData, figures: dict[str, pd.DataFrame]) -> None:
    st.subheader("By outlet and by speaker")
    left, right = st.columns(2)
    for col, key in ((left, "outlet"), (right, "speaker")):
        with col:
            rows = figures[f"by_{key}"]
            rows = rows.assign(**{key: [ui.wrapped_label(v, 24) for v in rows[key]]})
            if (rows["n"] > 0).any():
                ui.chart(store, f"trends-mood-by-{key}", _mood_by(rows, key))
            else:
                ui.empty_note(f"comments with a mood under a known {key}")
            prev = figures[f"themes_{key}"]
            used = prev.groupby("theme")["count"].sum() if len(prev) else pd.Series(dtype=int)
            prev = prev[prev["theme"].isin(used[used > 0].index)]
            if len(prev):
                ui.chart(store, f"trends-themes-by-{key}", _themes_by(prev, key))
            else:
                ui.empty_note(f"themes in the comments by {key}")


def _mood_by(rows: pd.DataFrame, key: str) -> Callable[[], charts.AnyChart]:
    return lambda: charts.mood_by_chart(rows, key, f"Mood by {key}")


def _themes_by(prev: pd.DataFrame, key: str) -> Callable[[], charts.AnyChart]:
    return lambda: charts.theme_chart(prev, key, key)


def _disputed(store: StoreData, figures: dict[str, pd.DataFrame]) -> None:
    st.subheader("Claims readers dispute most")
    rows = figures["disputed"]
    if rows.empty:
        ui.empty_note("claim answered by two comments or more")
        return
    names = ui.article_names(store, 40)
    rows = rows.assign(
        label=[
            ui.wrapped_label(f"{ui.short_label(c, 60)} ({ui.short_label(names[p], 20)})", 26, 3)
            for c, p in zip(rows["claim"], rows["page_id"], strict=True)
        ]
    )
    st.caption(
        "Share of the comments answering each claim that are negative, with its Wilson 95% "
        "interval and n; ranked by the interval's lower end, so a few comments do not outrank "
        "many. Claims answered by one comment are left out. Click a row to see the claim in "
        "its article."
    )
    ui.chart(store, "trends-disputed", lambda: charts.share_negative_chart(rows, "label", 54))
    view = pd.DataFrame(
        {
            "claim": [" ".join(str(c).split()) for c in rows["claim"]],
            "said by": rows["speaker"],
            "article": [names[p] for p in rows["page_id"]],
            "negative (n)": summary.share_column(rows["n_negative"], rows["n"]),
            "95% interval": summary.interval_column(rows["ci_low"], rows["ci_high"], rows["n"]),
            "mean mood": rows["mean_mood"],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        key="trends_disputed_table",
        on_select="rerun",
        selection_mode=ui.ROW_CLICK,
        placeholder="–",
        column_config={
            "claim": st.column_config.TextColumn(width="large", pinned=True),
            "mean mood": st.column_config.NumberColumn(format="%+.2f"),
        },
    )
    row = ui.clicked_row("trends_disputed_table")
    if row is not None and row < len(rows):
        st.switch_page(
            ui.ARTICLE,
            query_params={"id": str(rows.iloc[row]["page_id"]),
                          "claim": str(rows.iloc[row]["claim_id"])},
        )  # fmt: skip


def _commenters(store: StoreData, figures: dict[str, pd.DataFrame]) -> None:
    st.subheader("Most active commenters")
    rows = figures["commenters"]
    if rows.empty:
        ui.empty_note("named commenters")
        return
    rows = rows.assign(label=[ui.wrapped_label(a, 24) for a in rows["author"]])
    st.caption(
        "Comments with a mood per named commenter, coloured by their mean mood. Click a row "
        "to search their comments."
    )
    ui.chart(store, "trends-commenters", lambda: charts.commenters_chart(rows))
    view = pd.DataFrame(
        {
            "commenter": rows["author"],
            "comments": rows["comments"],
            "articles": rows["articles"],
            "mean mood": rows["mean_mood"],
            "negative (n)": summary.share_column(rows["n_negative"], rows["n"]),
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        key="trends_commenters_table",
        on_select="rerun",
        selection_mode=ui.ROW_CLICK,
        placeholder="–",
        column_config={"mean mood": st.column_config.NumberColumn(format="%+.2f")},
    )
    row = ui.clicked_row("trends_commenters_table")
    if row is not None and row < len(rows):
        author = str(rows.iloc[row]["author"]).replace('"', " ")
        st.switch_page(ui.SEARCH, query_params={"q": f'"{author}"'})


def render() -> None:
    """Draw the across-articles view."""
    store = ui.require_data()
    st.title("Across articles")
    figures = _figures(store.version, store)
    _over_time(store, figures)
    _by(store, figures)
    _disputed(store, figures)
    _commenters(store, figures)


render()
