"""Article (`/article?id=ID`): each claim's tone against the mood of the comments answering
it, every comment on the mood scale, theme prevalence, evidence packs, the body with claims
marked."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analysis import csvout, summary
from dashboard import charts, data, ui
from dashboard.data import StoreData

#: The paragraph number the claims stage gives the headline (analysis.claims).
HEADLINE_PARAGRAPH = -1


def _claim_label(row: pd.Series) -> str:
    # Claims by their words (never their ids), in lines a phone-width chart keeps.
    if row["claim_id"] is None or pd.isna(row["claim_id"]):
        return summary.GENERAL
    return ui.wrapped_label(str(row["claim"]), 26, lines=3)


def _header(store: StoreData, page_id: str) -> pd.Series:
    art = store.article(page_id)
    assert art is not None
    if art["kicker"]:
        ui.caption(str(art["kicker"]).upper())
    st.header(ui.md_escape(art["headline"] or "(no headline)"), anchor=False)
    facts = [
        art["outlet"] or "unknown outlet",
        str(art["published"]) if art["published"] else "no date",
        f"speaker: {art['speaker'] or 'none found'}",
        art["coverage"],
    ]
    ui.caption(" · ".join(str(f) for f in facts))
    for warning in art["warnings"]:
        st.warning(ui.md_escape(warning), icon=":material/warning:")
    a, b, c, d = st.columns(4)
    a.metric("Comments with a mood", int(art["n"]))
    b.metric("Mean reader mood", ui.fmt_score(art["mean_mood"]))
    c.metric("Article tone (VADER of body)", ui.fmt_score(art["article_tone"]))
    n, k = int(art["n"]), int(art["n_negative"])
    d.metric(
        "Negative",
        f"{k} of {n} ({k / n:.0%})" if n else "–",
        # "small n" under the figure rather than in it: the figure must fit its column.
        delta="small n: read with care" if 0 < n < summary.SMALL_N else None,
        delta_color="off",
        delta_arrow="off",
        help="Share of comments with a negative mood, with its n. Wilson 95% interval: "
        + (f"{art['ci_low']:.0%}–{art['ci_high']:.0%}" if n else "none"),
    )
    return art


def _claims(store: StoreData, page_id: str) -> pd.DataFrame:
    rows = store.claim_moods[store.claim_moods["page_id"] == page_id].copy()
    rows["claim_label"] = [_claim_label(r) for _, r in rows.iterrows()]
    st.subheader("How readers took each claim")
    if rows.empty:
        ui.empty_note("claims found and no comments with a mood")
        return rows
    if not rows["n"].any():
        # A chart of claims that all say "no replies" answers nothing: the claims are listed.
        st.info(
            f"No reader comments with a mood on this page, so there is no reaction to set "
            f"against its {int(rows['claim_id'].notna().sum())} "
            "claims. They are listed below; the article's own text is at the foot of the page."
        )
        _claims_table(rows)
        return rows
    st.caption(
        "◆ the claim's own tone (VADER on its sentence) · ● the mean mood of the comments "
        "answering it, red negative to blue positive · n = how many comments; faded when "
        f"fewer than {summary.SMALL_N}. Hover for the full claim."
    )
    ui.chart(store, f"claims-vs-mood-{page_id}", lambda: charts.claim_mood_chart(rows))
    answered = rows[rows["n"] > 0]
    if len(answered):
        st.caption("Share of negative comments per claim, with Wilson 95% intervals.")
        ui.chart(
            store,
            f"claims-negative-share-{page_id}",
            lambda: charts.share_negative_chart(answered, "claim_label", 54),
        )
    _claims_table(rows)
    return rows


def _claims_table(rows: pd.DataFrame) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                "claim": [
                    summary.GENERAL if pd.isna(c) else " ".join(str(t).split())
                    for c, t in zip(rows["claim_id"], rows["claim"], strict=True)
                ],
                "speaker": rows["speaker"],
                "quoted": rows["kind"],
                "claim tone": rows["claim_tone"],
                "comments": rows["n"],
                "mean mood": rows["mean_mood"],
                # share_text flags small n in the cell itself.
                "negative (n)": summary.share_column(rows["n_negative"], rows["n"]),
                "95% interval": summary.interval_column(rows["ci_low"], rows["ci_high"], rows["n"]),
                "top themes": rows["top_themes"],
            }
        ),
        hide_index=True,
        placeholder="–",
        column_config={
            "claim": st.column_config.TextColumn(width="large"),
            "claim tone": st.column_config.NumberColumn(format="%+.2f"),
            "mean mood": st.column_config.NumberColumn(format="%+.2f"),
        },
        key="article_claims_table",
    )


def _evidence(store: StoreData, page_id: str, rows: pd.DataFrame) -> None:
    answered = rows[rows["n"] > 0]
    if answered.empty:
        return
    st.subheader("Evidence packs")
    st.caption(
        "Representative comments for a claim, picked evenly along the mood scale (not only "
        "the extremes), each with its source file and position."
    )
    # The article-in-general row has no claim id; the URL and the picker call it "general".
    options = ["general" if pd.isna(c) else str(c) for c in answered["claim_id"]]
    labels = {o: ui.short_label(c, 110) for o, c in zip(options, answered["claim"], strict=True)}
    ui.from_url("claim", "article_claim", ui.one_of(options), options[0])
    st.selectbox("Claim", options, key="article_claim", format_func=lambda c: labels[c])
    ui.url_follows("claim", "article_claim", str, options[0])
    picked = str(st.session_state["article_claim"])
    claim_id = None if picked == "general" else picked
    pack = summary.evidence_pack(
        store.comments_of([page_id]), store.claims, store.pages, page_id, claim_id
    )
    st.dataframe(
        pd.DataFrame(
            {
                "comment": pack["position"],
                "author": pack["author"],
                "mood": pack["mood"],
                "mood score": pack["mood_score"],
                "stance": pack["stance"],
                "text": [" ".join(str(t or "").split()) for t in pack["text"]],
            }
        ),
        hide_index=True,
        placeholder="–",
        column_config={
            "mood score": st.column_config.NumberColumn(format="%+.2f"),
            "text": st.column_config.TextColumn(width="large"),
        },
        key="article_pack_table",
    )
    packs = pd.concat(
        [
            summary.evidence_pack(
                store.comments_of([page_id]),
                store.claims,
                store.pages,
                page_id,
                None if c == "general" else c,
            )
            for c in options
        ],
        ignore_index=True,
    )
    row = st.container(horizontal=True)
    ui.download(
        row,
        "This claim's evidence pack (CSV)",
        csvout.to_csv(pack),
        f"evidence-{page_id}-{claim_id or 'general'}.csv",
        key="article_pack_csv",
    )
    ui.download(
        row,
        "All claims' evidence packs (CSV)",
        csvout.to_csv(packs),
        f"evidence-{page_id}.csv",
        key="article_packs_csv",
    )


def _comments(store: StoreData, page_id: str) -> None:
    table = store.comments_of([page_id])
    left, right = st.columns(2)
    with left:
        st.subheader("Every comment on the mood scale")
        if table["mood"].notna().any():
            ui.chart(store, f"comments-{page_id}", lambda: charts.comment_strip(table))
        else:
            ui.empty_note("comments with a mood on this page")
        st.page_link(
            ui.COMMENTS,
            label="Read every comment",
            query_params={"id": page_id},
            icon=":material/forum:",
        )
    with right:
        st.subheader("Themes")
        prev = store.theme_prevalence[store.theme_prevalence["page_id"] == page_id]
        prev = prev[prev["count"] > 0].sort_values(["count", "theme"], ascending=[False, True])
        if len(prev):
            ui.chart(store, f"themes-{page_id}", lambda: charts.theme_chart(prev))
        else:
            ui.empty_note("themes found in the comments")


def _claim_box(box: Any, claim: pd.Series, where: str = "") -> None:
    kind = "quoted directly" if claim["kind"] == "direct" else "reported speech"
    box.caption(
        f"{where}Claim by {ui.md_escape(claim['speaker'] or 'no speaker found')} · {kind} · "
        f"tone {ui.fmt_score(claim['compound'])}"
    )
    box.text("▶ " + str(claim["text"]))


def _body(store: StoreData, page_id: str) -> None:
    page = store.page(page_id)
    assert page is not None
    claims = store.claims[store.claims["page_id"] == page_id]
    by_paragraph: dict[int, list[pd.Series]] = {}
    for _, claim in claims.iterrows():
        by_paragraph.setdefault(int(claim["paragraph"]), []).append(claim)
    with st.expander(f"The article ({len(page['body'])} paragraphs, {len(claims)} claims)"):
        # The claims stage reads the headline as paragraph -1: it is not in the body, so its
        # claims are shown first, each named as the headline's, with the headline itself.
        headline = by_paragraph.get(HEADLINE_PARAGRAPH, [])
        if headline:
            box = st.container(border=True)
            for claim in headline:
                _claim_box(box, claim, "Headline's claim · ")
            art = store.article(page_id)
            box.text(str(art["headline"] if art is not None else "") or "(no headline)")
        for index, paragraph in enumerate(page["body"]):
            marked = by_paragraph.get(index, [])
            box = st.container(border=bool(marked))
            for claim in marked:
                _claim_box(box, claim)
            box.text(str(paragraph))


def _came_for(store: StoreData, page_id: str) -> None:
    # A link from a comment ("See this claim in the article") names a claim: say which, in its
    # words, at the top, so the person sees they landed where the link said.
    wanted = st.query_params.get("claim")
    if not wanted:
        return
    match = store.claims[
        (store.claims["page_id"] == page_id) & (store.claims["claim_id"] == wanted)
    ]
    if match.empty:
        return
    claim = match.iloc[0]
    box = st.container(border=True)
    box.caption(
        f"The claim you followed, by {ui.md_escape(claim['speaker'] or 'no speaker found')}; "
        "its evidence pack is open below and it is marked in the article's text."
    )
    box.text("▶ " + str(claim["text"]))


def _over_time(store: StoreData, page_id: str) -> None:
    st.subheader("Over time")
    slots, known, grain, rows = store.over_time(page_ids=[page_id])
    if not known:
        st.caption(
            f"None of this page's {slots} comment slots carries a posted date the capture "
            "kept (times like “2 hours ago” cannot be placed), so there is no timeline."
        )
        return
    st.caption(f"{known} of {slots} comment slots carry a posted time; per {grain}, with n.")
    left, right = st.columns(2)
    with left:
        ui.chart(store, f"volume-{page_id}", lambda: charts.volume_chart(rows, grain))
    with right:
        ui.chart(store, f"mood-time-{page_id}", lambda: charts.mood_time_chart(rows, grain))


def _remove(store: StoreData, page_id: str) -> None:
    # Asked twice, told what goes, one transaction (data.remove); then back to the overview.
    art = store.article(page_id)
    assert art is not None
    name = ui.article_names(store)[page_id]
    pending = f"remove_pending_{page_id}"
    with st.expander("Remove this article"):
        st.caption(
            "Takes the article, its claims, its comments and any readings you stored out of "
            f"{ui.md_escape(data.db_path())}. Other articles are not touched."
        )
        if not st.session_state.get(pending):
            if st.button("Remove this article…", key=f"remove_ask_{page_id}"):
                st.session_state[pending] = True
                st.rerun()
            return
        st.warning(
            f"Remove “{ui.md_escape(name)}” with its {int(art['captured'])} comment slots and "
            f"{int(art['claims'])} claims? This cannot be undone (analyse its file again to "
            "bring it back).",
            icon=":material/delete:",
        )
        row = st.container(horizontal=True)
        yes = row.button("Yes, remove it", key=f"remove_yes_{page_id}", type="primary")
        no = row.button("Cancel", key=f"remove_no_{page_id}")
        if no:
            st.session_state[pending] = False
            st.rerun()
        if yes:
            st.session_state[pending] = False
            try:
                removed = data.remove(page_id)
            except data.StoreError as exc:
                st.error(ui.md_escape(f"Could not remove it: {exc}. Try again in a moment."))
                return
            if removed is None:
                ui.flash(f"“{name}” was already removed.")
            else:
                ui.flash(f"Removed “{name}”: {removed.comments} comment slots, "
                         f"{removed.claims} claims.")  # fmt: skip
            st.switch_page(ui.OVERVIEW)


def render() -> None:
    """Draw the article view."""
    store = ui.require_data()
    page_id = ui.article_picker(store, "article_page_id")
    _header(store, page_id)
    _came_for(store, page_id)
    rows = _claims(store, page_id)
    _comments(store, page_id)
    _over_time(store, page_id)
    _evidence(store, page_id, rows)
    _body(store, page_id)
    _remove(store, page_id)


render()
