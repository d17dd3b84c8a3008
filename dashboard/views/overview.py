"""Overview (`/`): every article with its coverage, mood mix, mean mood and top themes;
filters by outlet, speaker, date and theme, all kept in the URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from analysis import csvout, queries, summary
from analysis.model import MOOD_ORDER
from dashboard import charts, ui
from dashboard.data import StoreData

#: Up to this many comment slots in view, the CSV download is made with the page; above it,
#: when the button is clicked.
EAGER_CSV_SLOTS = 5_000
#: Articles drawn one bar or point each in the overview's charts, the busiest first.
CHART_ARTICLES = 40


def _filters(store: StoreData) -> tuple[pd.DataFrame, list[str]]:
    """The filter widgets; returns the articles they keep and the themes picked."""
    arts = store.articles
    outlets = sorted(arts["outlet"].dropna().astype(str).unique())
    speakers = sorted(arts["speaker"].dropna().astype(str).unique())
    themes = sorted(store.theme_prevalence["theme"].unique()) if len(store.theme_prevalence) else []
    dates = [d for d in arts["published"] if d is not None and not pd.isna(d)]

    cols = st.columns(4)
    picked: dict[str, list[str]] = {}
    for col, (param, label, options) in zip(
        cols,
        [
            ("outlet", "Outlet", outlets),
            ("speaker", "Speaker", speakers),
            ("theme", "Theme", themes),
        ],
        strict=False,
    ):
        key = f"overview_{param}"
        ui.from_url(param, key, ui.some_of(options), [])
        with col:
            st.multiselect(label, options, key=key, placeholder="any")
        ui.to_url(param, key, ui.joined, [])
        picked[param] = list(st.session_state[key])

    span: tuple[dt.date, dt.date] | None = None
    undated = len(arts) - len(dates)
    if len(set(dates)) >= 2:
        lo, hi = min(dates), max(dates)
        ui.from_url("from", "overview_from", _date, lo)
        ui.from_url("to", "overview_to", _date, hi)
        with cols[3]:
            a, b = st.columns(2)
            a.date_input("From", key="overview_from", min_value=lo, max_value=hi)
            b.date_input("To", key="overview_to", min_value=lo, max_value=hi)
            if undated:
                st.caption(f"{undated} of {len(arts)} articles have no date: shown until the "
                           "dates are narrowed.")  # fmt: skip
        ui.to_url("from", "overview_from", dt.date.isoformat, lo)
        ui.to_url("to", "overview_to", dt.date.isoformat, hi)
        span = (st.session_state["overview_from"], st.session_state["overview_to"])
    else:
        # One date (or none) is no range to pick from.
        cols[3].caption(
            f"Dates: {len(dates)} of {len(arts)} articles carry one, too few to filter by."
        )
    keep = pd.Series(True, index=arts.index)
    if picked["outlet"]:
        keep &= arts["outlet"].isin(picked["outlet"])
    if picked["speaker"]:
        keep &= arts["speaker"].isin(picked["speaker"])
    if picked["theme"]:
        prev = store.theme_prevalence
        with_theme = prev[(prev["theme"].isin(picked["theme"])) & (prev["count"] > 0)]
        keep &= arts["page_id"].isin(with_theme["page_id"])
    if span and span != (min(dates), max(dates)):
        # Articles without a date drop out only once someone narrows the dates.
        keep &= arts["published"].map(
            lambda d: d is not None and not pd.isna(d) and span[0] <= d <= span[1]
        )
    return arts[keep], picked["theme"]


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


#: Columns in the order an analyst reads them: what the article is, how readers took it, then
#: where and when it ran. At 1366 px the first eight fit; at phone width the headline is pinned.
def _table(arts: pd.DataFrame) -> pd.DataFrame:
    columns: dict[str, Any] = {
        "headline": [" ".join(str(h or "(no headline)").split()) for h in arts["headline"]],
        "comments": [
            _captured(c, d) for c, d in zip(arts["captured"], arts["declared"], strict=True)
        ],
        "mean mood": arts["mean_mood"],
        "negative share (n)": summary.share_column(arts["n_negative"], arts["n"]),
        "top themes": arts["top_themes"],
        "claims": arts["claims"],
        "outlet": arts["outlet"],
        "date": arts["published"],
        "speaker": arts["speaker"],
        **{m: arts[m] for m in MOOD_ORDER},
        "article tone": arts["article_tone"],
    }
    return pd.DataFrame(columns)


def _captured(captured: Any, declared: Any) -> str:
    # Short, so the columns after it stay in view; the article page gives coverage in full.
    if declared is None or pd.isna(declared):
        return str(int(captured))
    return f"{int(captured)} of {int(declared)}"


def render() -> None:
    """Draw the overview."""
    store = ui.require_data()
    st.title("How readers took each article")
    ui.show_flash()
    arts, themes_picked = _filters(store)
    n_scored, with_theme = store.counts(arts["page_id"], themes_picked)
    a, b, c = st.columns(3)
    a.metric("Articles shown", f"{len(arts)} of {len(store.articles)}")
    if themes_picked:
        b.metric(
            "Comments with these themes",
            f"{with_theme} of {n_scored}",
            help="Comments with a mood in the articles shown that carry any picked theme.",
        )
    else:
        b.metric("Comments with a mood", n_scored)
    c.metric("Claims found", int(arts["claims"].sum()))

    if arts.empty:
        st.info("No article matches these filters.")
        return

    st.caption("Click a row to open its article.")
    st.dataframe(
        _table(arts),
        hide_index=True,
        key="overview_table",
        on_select="rerun",
        selection_mode=ui.ROW_CLICK,
        # Every article in view without an inner scroll, up to about twenty.
        height=min(38 + 35 * len(arts), 740),
        placeholder="–",
        column_config={
            "headline": st.column_config.TextColumn(width="medium", pinned=True),
            "comments": st.column_config.TextColumn(
                width="small", help="comment slots captured, of those the page declares"
            ),
            "mean mood": st.column_config.NumberColumn(format="%+.2f", width="small"),
            "claims": st.column_config.NumberColumn(width="small"),
            "article tone": st.column_config.NumberColumn(format="%+.2f"),
            "date": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )
    row = ui.clicked_row("overview_table")
    if row is not None and row < len(arts):
        st.switch_page(ui.ARTICLE, query_params={"id": str(arts.iloc[row]["page_id"])})

    key = ui.ids_key(arts["page_id"])
    names = ui.article_names(store, 40)
    # One bar or point per article reads up to a few dozen articles: beyond that, the
    # articles with most comments, said so under the heading.
    busiest = arts.sort_values(["n", "page_id"], ascending=[False, True], kind="stable")
    drawn = busiest.head(CHART_ARTICLES)
    labelled = drawn.assign(label=[ui.wrapped_label(names[p], 24) for p in drawn["page_id"]])
    mix = store.mood_mix[store.mood_mix["page_id"].isin(drawn["page_id"])].merge(
        labelled[["page_id", "label"]], on="page_id"
    )
    if len(arts) > len(drawn):
        st.caption(
            f"The charts below show the {len(drawn)} articles with most comments of the "
            f"{len(arts)} shown; filter to see others. The table above lists them all."
        )
    left, right = st.columns(2)
    with left:
        st.subheader("Mood mix")
        if mix["n"].sum():
            ui.chart(store, f"mood-mix-{key}", lambda: charts.mood_mix_chart(mix, label="label"))
        else:
            ui.empty_note("comments with a mood in these articles")
    with right:
        st.subheader("Article tone against reader mood")
        if (labelled["n"] > 0).any():
            ui.chart(
                store, f"tone-vs-mood-{key}", lambda: charts.mood_vs_tone_chart(labelled, "label")
            )
        else:
            ui.empty_note("comments with a mood in these articles")

    by_speaker = queries.mood_by(arts, "speaker")
    by_month = queries.mood_by(arts, "month")
    left, right = st.columns(2)
    with left:
        if (by_speaker["n"] > 0).any():
            ui.chart(
                store,
                f"mood-by-speaker-{key}",
                lambda: charts.mood_by_chart(by_speaker, "speaker", "Mood by speaker"),
            )
    with right:
        if (by_month["n"] > 0).sum() >= 2:
            ui.chart(
                store,
                f"mood-by-month-{key}",
                lambda: charts.mood_by_chart(by_month, "month", "Mood by month of publication"),
            )

    shown = list(arts["page_id"])

    def comments_csv() -> str:
        return csvout.comments_csv(store.comments_of(shown))

    # Written out on the click once the articles shown hold many comments.
    ui.download(
        st,
        "Comments with every score (CSV)",
        comments_csv() if int(arts["captured"].sum()) <= EAGER_CSV_SLOTS else comments_csv,
        "reader-mood-comments.csv",
        key="overview_csv",
    )


render()
