"""Search (`/search?q=WORDS&mood=…&theme=…`): one search over every comment of every article —
words of the text, the author's name, a theme, the words of the claim answered — with mood
and theme filters; hits marked ⟦like this⟧ as plain text; a click opens the comment."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import csvout, trends
from analysis.model import MOOD_ORDER
from dashboard import charts, data, ui
from dashboard.data import StoreData

#: Hits listed at once, in article then position order; the counts and the chart cover all.
SHOWN = 500
#: Articles drawn one bar each in the chart of the hits' mood, those with most hits first.
CHART_ARTICLES = 40


def _hits(
    store: StoreData, query: str, moods: list[str], themes: list[str], limit: int | None = SHOWN
) -> pd.DataFrame:
    return _cached_hits(store.version, query, tuple(moods), tuple(themes), limit, store)


@st.cache_data(max_entries=64, show_spinner=False)
def _cached_hits(
    version: tuple[object, ...],
    query: str,
    moods: tuple[str, ...],
    themes: tuple[str, ...],
    limit: int | None,
    _store: StoreData,
) -> pd.DataFrame:
    # The store narrows the comments to those holding every word; `trends.search` then says
    # where each word was found and marks the hits. Keyed by the store version and the search.
    found = _store.search(trends.words_of(query), moods, themes, limit)
    return trends.search(found, query, moods, themes)


def render() -> None:
    """Draw the search view."""
    store = ui.require_data()
    st.title("Search every comment")
    themes = data.theme_names(store)

    ui.from_url("q", "search_q", lambda raw: raw, "")
    st.text_input(
        "Words, an author, a theme or words of a claim",
        key="search_q",
        placeholder='e.g. penance   or   "so never"   or   Polly',
        help="Every word must be found in the comment, its author's name, a theme it carries "
        'or the claim it answers; "quoted words" are found together. Case is ignored.',
    )
    ui.to_url("q", "search_q", str, "")
    left, right = st.columns(2)
    ui.from_url("mood", "search_mood", ui.some_of(list(MOOD_ORDER)), [])
    left.multiselect("Mood", list(MOOD_ORDER), key="search_mood", placeholder="any")
    ui.to_url("mood", "search_mood", ui.joined, [])
    ui.from_url("theme", "search_theme", ui.some_of(themes), [])
    right.multiselect("Theme", themes, key="search_theme", placeholder="any")
    ui.to_url("theme", "search_theme", ui.joined, [])

    query = str(st.session_state["search_q"]).strip()
    moods = list(st.session_state["search_mood"])
    picked_themes = list(st.session_state["search_theme"])
    total = int(store.articles["n"].sum())
    if not (query or moods or picked_themes):
        st.info(
            f"Type words to search all {total} comments with a mood in "
            f"{len(store.articles)} articles, or pick a mood or a theme."
        )
        return

    hits = _hits(store, query, moods, picked_themes)
    counted = store.search_counts(trends.words_of(query), moods, picked_themes)
    found = int(counted["count"].sum())
    n_articles = counted["page_id"].nunique()
    a, b = st.columns(2)
    a.metric("Comments found", f"{found} of {total}")
    b.metric("In articles", f"{n_articles} of {len(store.articles)}")
    if hits.empty:
        st.info("No comment matches this search. Fewer words, or no filters, find more.")
        return
    if found > len(hits):
        st.caption(
            f"Listed: the first {len(hits)} of the {found} comments found, in article order. "
            "More words or a filter narrow them; the chart and the download cover them all."
        )

    names = ui.article_names(store, 60)
    st.caption(
        "Hits are marked ⟦like this⟧ in the text. Click a row to open the comment with every "
        "reading."
    )
    view = pd.DataFrame(
        {
            "article": [names[p] for p in hits["page_id"]],
            "#": hits["position"],
            "author": hits["author"],
            "mood": hits["mood"],
            "mood score": hits["mood_score"],
            "comment": hits["snippet"],
            "found in": hits["matched_in"],
            "themes": [", ".join(t) for t in hits["themes"]],
            "answers claim": [
                None if t is None or pd.isna(t) else ui.short_label(t, 60)
                for t in hits["claim_text"]
            ],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        key="search_table",
        on_select="rerun",
        selection_mode=ui.ROW_CLICK,
        height=min(38 + 35 * len(view), 560),
        placeholder="–",
        column_config={
            "article": st.column_config.TextColumn(width="medium", pinned=True),
            "#": st.column_config.NumberColumn(width=40),
            "mood score": st.column_config.NumberColumn(format="%+.2f", width="small"),
            "comment": st.column_config.TextColumn(width="large"),
        },
    )
    row = ui.clicked_row("search_table")
    if row is not None and row < len(hits):
        hit = hits.iloc[row]
        st.switch_page(
            ui.COMMENTS,
            query_params={"id": str(hit["page_id"]), "comment": str(int(hit["position"]))},
        )

    st.subheader("Mood of the comments found")
    per_article = counted.groupby("page_id")["count"].sum()
    busiest = per_article.sort_values(ascending=False, kind="stable").head(CHART_ARTICLES)
    if len(per_article) > len(busiest):
        st.caption(f"The {len(busiest)} articles with most of the comments found.")
    counts = counted[counted["page_id"].isin(busiest.index)].copy()
    counts["n"] = counts["page_id"].map(per_article)
    counts["label"] = [ui.wrapped_label(names[p], 24) for p in counts["page_id"]]
    counts["order"] = counts["mood"].map(list(MOOD_ORDER).index)
    counts["share"] = counts["count"] / counts["n"]
    key = ui.ids_key([query, *moods, "|", *picked_themes])
    ui.chart(store, f"search-mix-{key}", lambda: charts.mood_mix_chart(counts, "label"))

    def every_hit() -> str:
        return _csv(_hits(store, query, moods, picked_themes, None), names)

    ui.download(
        st,
        "These comments (CSV)",
        _csv(hits, names) if found <= len(hits) else every_hit,
        "reader-mood-search.csv",
        key="search_csv",
    )


def _csv(hits: pd.DataFrame, names: dict[str, str]) -> str:
    # Through the app's one CSV writer: text a spreadsheet would run as a formula is defused.
    out = hits.assign(
        article=[names[p] for p in hits["page_id"]],
        themes=["; ".join(t) for t in hits["themes"]],
    )
    return csvout.to_csv(out)


render()
