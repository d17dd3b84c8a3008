"""Compare (`/compare?ids=ID,ID`): two to four articles side by side on shared scales —
headline figures, mood mix, theme profile, claims against mood, every comment."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import summary
from dashboard import charts, ui

MAX_ARTICLES = 4


def render() -> None:
    """Draw the compare view."""
    store = ui.require_data()
    st.title("Compare articles")
    ids = store.page_ids
    labels = ui.article_names(store, 60)
    # Without ?ids=, the two articles with the most comments: a comparison with something in it.
    busiest = store.articles.sort_values(["n", "page_id"], ascending=[False, True], kind="stable")
    default = [str(p) for p in busiest["page_id"].head(2)]

    def parse(raw: str) -> list[str] | None:
        picked = ui.some_of(ids)(raw)
        return picked[:MAX_ARTICLES] if picked else None

    ui.from_url("ids", "compare_ids", parse, default)
    st.multiselect(
        "Articles (two to four)",
        ids,
        key="compare_ids",
        format_func=labels.__getitem__,
        max_selections=MAX_ARTICLES,
    )
    ui.url_follows("ids", "compare_ids", ui.joined, default)
    picked: list[str] = list(st.session_state["compare_ids"])
    if len(picked) < 2:
        st.info("Pick at least two articles to compare.")
        return

    key = ui.ids_key(picked)
    names = ui.article_names(store, 48)
    short = {pid: ui.wrapped_label(names[pid], 24) for pid in picked}
    arts = store.articles.set_index("page_id").loc[picked].reset_index()
    arts["label"] = [short[p] for p in arts["page_id"]]

    st.subheader("Headline figures")
    st.dataframe(
        pd.DataFrame(
            {
                "headline": [" ".join(str(h or "(no headline)").split()) for h in arts["headline"]],
                "comments": arts["coverage"],
                "mean mood": arts["mean_mood"],
                "article tone": arts["article_tone"],
                "negative (n)": summary.share_column(arts["n_negative"], arts["n"]),
                "negative, 95% interval": summary.interval_column(
                    arts["ci_low"], arts["ci_high"], arts["n"]
                ),
                "top themes": arts["top_themes"],
                "claims": arts["claims"],
                "outlet": arts["outlet"],
                "date": arts["published"],
                "speaker": arts["speaker"],
            }
        ),
        hide_index=True,
        placeholder="–",
        key="compare_table",
        column_config={
            "headline": st.column_config.TextColumn(width="medium", pinned=True),
            "mean mood": st.column_config.NumberColumn(format="%+.2f"),
            "article tone": st.column_config.NumberColumn(format="%+.2f"),
        },
    )
    row = st.container(horizontal=True)
    for pid in picked:
        row.page_link(
            ui.ARTICLE,
            label=f"Open “{ui.md_escape(ui.short_label(names[pid], 40))}”",
            query_params={"id": pid},
            icon=":material/article:",
        )

    with_mood = arts[arts["n"] > 0]
    if with_mood.empty:
        st.info("None of these articles has comments with a mood yet.")
        return

    left, right = st.columns(2)
    with left:
        st.subheader("Mood mix")
        mix = store.mood_mix[store.mood_mix["page_id"].isin(picked)].copy()
        mix["label"] = mix["page_id"].map(short)
        ui.chart(store, f"compare-mood-mix-{key}", lambda: charts.mood_mix_chart(mix, "label"))
        st.caption("Share negative with Wilson 95% intervals: overlapping intervals, no clear gap.")
        ui.chart(
            store,
            f"compare-negative-share-{key}",
            lambda: charts.share_negative_chart(with_mood, "label"),
        )
    with right:
        st.subheader("Theme profile")
        prev = store.theme_prevalence[store.theme_prevalence["page_id"].isin(picked)].copy()
        prev["article"] = [ui.short_label(names[p], 30) for p in prev["page_id"]]
        used = prev.groupby("theme")["count"].sum()
        prev = prev[prev["theme"].isin(used[used > 0].index)]
        if len(prev):
            ui.chart(
                store, f"compare-themes-{key}", lambda: charts.theme_chart(prev, color="article")
            )
        else:
            ui.empty_note("themes found in these articles' comments")

    st.subheader("Claims against reader mood")
    rows = store.claim_moods[store.claim_moods["page_id"].isin(picked)].copy()
    # Only claims someone answered: an article without comments would otherwise fill the chart
    # with rows that say "no replies". How many were left out is said under the chart.
    unanswered = rows[rows["n"] == 0].groupby("page_id").size()
    rows = rows[rows["n"] > 0]
    rows["claim_label"] = [
        ui.wrapped_label(
            f"{ui.short_label(names[r['page_id']], 22)}: "
            + (summary.GENERAL if pd.isna(r["claim_id"]) else str(r["claim"])),
            26,
            lines=3,
        )
        for _, r in rows.iterrows()
    ]
    if len(rows):
        ui.chart(store, f"compare-claims-{key}", lambda: charts.claim_mood_chart(rows))
    else:
        ui.empty_note("claims answered by a comment in these articles")
    if len(unanswered):
        ui.caption(
            "Not drawn, no comment answers them: "
            + "; ".join(
                f"{int(k)} claim{'s' if k != 1 else ''} of “{ui.short_label(names[p], 40)}”"
                for p, k in unanswered.items()
            )
            + " (listed on each article's page)."
        )

    st.subheader("Every comment on the mood scale")
    table = store.comments_of(picked).copy()
    table["article"] = table["page_id"].map(short)
    ui.chart(store, f"compare-comments-{key}", lambda: charts.comment_strip(table, row="article"))


render()
