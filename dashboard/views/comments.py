"""Comments (`/comments?id=ID&comment=N`): every comment of an article in a filterable table;
one comment open with its verbatim text, raw VADER scores, mood and reasons, per-word
contributions, theme evidence, the claim it answers, and a hand correction."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis import csvout, sentiment, store, summary
from analysis.model import MOOD_ORDER, NO_COMMENTS, Reason
from dashboard import charts, data, ui
from dashboard.data import StoreData

SORTS = {
    "position": ("position", True),
    "mood score, lowest first": ("mood_score", True),
    "mood score, highest first": ("mood_score", False),
    "VADER compound, lowest first": ("compound", True),
    "VADER compound, highest first": ("compound", False),
}
ANY = "any"
GENERAL = "general"
NO_MOOD = "(no mood)"


def _filters(table: pd.DataFrame, claims: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    authors = sorted(table["author"].dropna().astype(str).unique())
    claim_ids = [str(c) for c in claims["claim_id"]]
    claim_text = dict(zip(claim_ids, claims["text"].astype(str), strict=True))

    top = st.columns([2, 2, 2, 2])
    ui.from_url("mood", "comments_mood", ui.some_of(list(MOOD_ORDER)), [])
    top[0].multiselect("Mood", list(MOOD_ORDER), key="comments_mood", placeholder="any")
    ui.to_url("mood", "comments_mood", ui.joined, [])

    ui.from_url("theme", "comments_theme", ui.some_of(themes), [])
    top[1].multiselect("Theme", themes, key="comments_theme", placeholder="any")
    ui.to_url("theme", "comments_theme", ui.joined, [])

    author_options = [ANY, *authors]
    ui.from_url("author", "comments_author", ui.one_of(author_options), ANY)
    top[2].selectbox("Author", author_options, key="comments_author")
    ui.to_url("author", "comments_author", str, ANY)

    claim_options = [ANY, GENERAL, *claim_ids]
    claim_names = {ANY: ANY, GENERAL: summary.GENERAL}
    claim_names |= {c: ui.short_label(claim_text[c], 60) for c in claim_ids}
    ui.from_url("claim", "comments_claim", ui.one_of(claim_options), ANY)
    top[3].selectbox(
        "Claim answered", claim_options, key="comments_claim", format_func=claim_names.__getitem__
    )
    ui.to_url("claim", "comments_claim", str, ANY)

    search, sort = st.columns([5, 3])
    ui.from_url("q", "comments_q", lambda raw: raw, "")
    search.text_input("Search the text", key="comments_q", placeholder="words in the comment")
    ui.to_url("q", "comments_q", str, "")
    ui.from_url("sort", "comments_sort", ui.one_of(list(SORTS)), "position")
    sort.selectbox("Sort by", list(SORTS), key="comments_sort")
    ui.to_url("sort", "comments_sort", str, "position")

    out = table
    state = st.session_state
    if state["comments_mood"]:
        out = out[out["mood"].isin(state["comments_mood"])]
    if state["comments_theme"]:
        wanted = set(state["comments_theme"])
        out = out[[bool(wanted & set(t)) for t in out["themes"]]]
    if state["comments_author"] != ANY:
        out = out[out["author"] == state["comments_author"]]
    if state["comments_claim"] == GENERAL:
        out = out[out["claim_id"].isna() & out["mood"].notna()]
    elif state["comments_claim"] != ANY:
        out = out[out["claim_id"] == state["comments_claim"]]
    if state["comments_q"].strip():
        needle = state["comments_q"].strip().casefold()
        out = out[[needle in str(t).casefold() for t in out["text"]]]
    column, ascending = SORTS[state["comments_sort"]]
    return out.sort_values([column, "position"], ascending=[ascending, True], na_position="last")


def _table(shown: pd.DataFrame) -> None:
    # What a reader wrote and how it was read come first; VADER's own label sits beside the
    # mood so every override is visible with its reason; raw scores follow for checking.
    view = pd.DataFrame(
        {
            "#": shown["position"],
            "author": shown["author"],
            "mood": shown["mood"].fillna("(removed by moderator)"),
            "VADER alone": shown["vader_label"],
            "mood vs VADER": [
                ui.vader_differs(m, v, r)
                for m, v, r in zip(
                    shown["mood"], shown["vader_label"], shown["mood_explanation"], strict=True
                )
            ],
            "mood score": shown["mood_score"],
            "comment": [" ".join(str(t or "").split()) for t in shown["text"]],
            "themes": [", ".join(t) for t in shown["themes"]],
            "answers claim": [
                None if t is None or pd.isna(t) else ui.short_label(t, 60)
                for t in shown["claim_text"]
            ],
            "stance": shown["stance"],
            "your mood": shown["annotated_mood"],
            "VADER compound": shown["compound"],
            "neg": shown["neg"],
            "neu": shown["neu"],
            "pos": shown["pos"],
        }
    )
    st.session_state["comments_shown"] = [int(p) for p in shown["position"]]
    st.dataframe(
        view,
        hide_index=True,
        key="comments_table",
        height=min(38 + 35 * len(view), 460),
        on_select=_open_selected,
        selection_mode=ui.ROW_CLICK,
        placeholder="–",
        column_config={
            "#": st.column_config.NumberColumn(width=40, pinned=True),
            "mood score": st.column_config.NumberColumn(format="%+.2f"),
            "mood vs VADER": st.column_config.TextColumn(
                help="≠ where the mood differs from VADER's own label, with the kind of rule "
                "that moved it (open the comment for the full reasons)"
            ),
            "comment": st.column_config.TextColumn(width="large"),
            "VADER compound": st.column_config.NumberColumn(format="%+.3f"),
        },
    )


def _open_selected() -> None:
    # Runs before the next script run, so it may still set the picker's state.
    row = ui.clicked_row("comments_table")
    shown = st.session_state.get("comments_shown", [])
    if row is not None and row < len(shown):
        st.session_state["comments_open"] = shown[row]


def _text(text: str) -> None:
    shown = ui.as_paragraphs(text)
    with st.container(border=True):
        st.text(shown)
    if shown != text:
        # The capture indents continuation lines; the reader did not. Shown without it for
        # reading; the exact stored text stays one click away for quoting and checking.
        with st.expander("Exactly as captured (with the page's line indentation)"):
            st.code(text, language=None, wrap_lines=True)


def _evidence_rows(text: str, evidence: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    rows = []
    for theme, words in sorted(evidence.items()):
        for word in words:
            match = re.search(re.escape(word), text, flags=re.IGNORECASE) if word else None
            if match is None:
                rows.append({"theme": theme, "evidence": word, "before": "", "match": "",
                             "after": "(not found verbatim)"})  # fmt: skip
                continue
            start, end = match.span()
            rows.append(
                {
                    "theme": theme,
                    "evidence": word,
                    "before": "…" + " ".join(text[max(0, start - 40) : start].split()) + " ",
                    "match": text[start:end],
                    "after": " " + " ".join(text[end : end + 40].split()) + "…",
                }
            )
    return pd.DataFrame(rows, columns=["theme", "evidence", "before", "match", "after"])


def _detail(store_data: StoreData, page_id: str, row: pd.Series, themes: list[str]) -> None:
    position = int(row["position"])
    st.subheader(f"Comment {position}", anchor=False)
    facts = [f"by {row['author']}" if row["author"] else "no name given"]
    if row["posted"]:
        facts.append(f"posted {row['posted']}")
    if row["reply_to"]:
        facts.append(f"in reply to {row['reply_to']}")
    ui.caption(" · ".join(facts))
    if row["moderated"]:
        st.info("This slot was removed by a moderator: no text, no mood.")
        return
    _text(str(row["text"]))

    left, right = st.columns(2)
    with left:
        st.markdown("**Mood, and what VADER alone would say**")
        verdict = st.container(horizontal=True)
        verdict.badge(
            f"mood: {row['mood']} {ui.fmt_score(row['mood_score'])}",
            color=charts.MOOD_BADGE[str(row["mood"])],
        )
        verdict.badge(
            f"VADER alone: {row['vader_label']} {ui.fmt_score(row['compound'])}",
            color=charts.MOOD_BADGE.get(str(row["vader_label"]), "gray"),
        )
        _reasons(store_data, page_id, row)
        st.markdown("**Raw VADER scores**")
        st.dataframe(
            pd.DataFrame([{k: row[k] for k in ("neg", "neu", "pos", "compound")}]),
            hide_index=True,
            key="comment_vader",
        )
        st.caption("VADER labels compound ≥ +0.05 positive, ≤ −0.05 negative, else neutral.")
    with right:
        st.markdown("**What each word gave VADER**")
        reading = sentiment.read(str(row["text"]))
        tokens = pd.DataFrame(
            [
                {"i": i, "token": t.token, "valence": t.valence, "label": label}
                for i, (t, label) in enumerate(
                    zip(reading.tokens, _word_labels([t.token for t in reading.tokens]),
                        strict=True)
                )
            ]
        )  # fmt: skip
        if len(tokens) and (tokens["valence"] != 0).any():
            ui.chart(
                store_data,
                f"words-{page_id}-{int(row['position'])}",
                lambda: charts.contributions_chart(tokens),
            )
        else:
            st.caption("No word carried a VADER valence.")

    st.markdown("**Theme evidence in the text**")
    evidence = _evidence_rows(str(row["text"]), dict(row["theme_evidence"]))
    if evidence.empty:
        st.caption("No theme found.")
    else:
        st.dataframe(evidence, hide_index=True, key="comment_evidence")

    st.markdown("**The claim it answers**")
    if row["claim_id"] is None or pd.isna(row["claim_id"]):
        st.caption(f"No claim in particular: counted under “{summary.GENERAL}”.")
    else:
        st.text("▶ " + str(row["claim_text"]))
        ui.caption(_link_sentence(row))
        st.page_link(
            ui.ARTICLE,
            label="See this claim in the article",
            query_params={"id": page_id, "claim": str(row["claim_id"])},
            icon=":material/format_quote:",
        )
    _annotation(page_id, position, row, themes)


#: How a comment was tied to a claim (analysis.linking), in words.
VIA = {
    "echo": "it repeats words of this claim that are rare in the article",
    "similarity": "its words are close to this claim's (no rare word repeated)",
}
#: The comment's stance toward the claim, in words.
STANCE = {
    "agree": "it seems to agree with the claim",
    "disagree": "it seems to disagree with the claim",
    "mock": "it seems to mock the claim (sarcasm or scorn)",
    "unclear": "whether it agrees or not is unclear",
}


def _reasons(store_data: StoreData, page_id: str, row: pd.Series) -> None:
    # Each reason is a record (kind, what it says, the comment's words, effect): drawn as
    # plain text, never markdown (the evidence is the reader's own words), and as bars.
    reasons: tuple[Reason, ...] = tuple(row["mood_explanation"])
    if row["mood"] != row["vader_label"]:
        st.caption("The mood differs from VADER's reading because:")
    elif reasons:
        st.caption("What moved the score (the mood stays VADER's):")
    else:
        st.caption("Nothing moved the mood away from VADER's reading.")
    for reason in reasons:
        head = f"• {reason.kind}: {reason.says}" if reason.says else f"• {reason.kind}"
        st.text("\n".join([head, *(f"    {e}" for e in reason.evidence)]))
    weighed = sorted((r for r in reasons if r.effect > 0), key=lambda r: -r.effect)
    if len(weighed) > 1:
        bars = pd.DataFrame(
            {
                "label": [ui.short_label(f"{r.kind}: {r.says}".rstrip(": "), 50) for r in weighed],
                "effect": [r.effect for r in weighed],
                "kind": [r.kind for r in weighed],
                "says": [r.says for r in weighed],
            }
        )
        mood = str(row["mood"])
        ui.chart(
            store_data,
            f"reasons-{page_id}-{int(row['position'])}",
            lambda: charts.reason_chart(bars, mood),
        )


def _link_sentence(row: pd.Series) -> str:
    """Who made the claim, why the comment is tied to it and its stance, in one sentence.

    >>> _link_sentence(pd.Series({"claim_speaker": "Jeremy Hunt", "link_via": "echo",
    ...     "link_score": 0.72, "stance": "mock"}))  # doctest: +NORMALIZE_WHITESPACE
    'Said by Jeremy Hunt. Tied to this comment because it repeats words of this claim that
    are rare in the article (match 0.72 of 1); it seems to mock the claim (sarcasm or scorn).'
    """
    speaker = row["claim_speaker"] or "no speaker found"
    via = VIA.get(str(row["link_via"]), f"of its words ({row['link_via']})")
    stance = STANCE.get(str(row["stance"]), f"stance: {row['stance']}")
    score = row["link_score"]
    match = "" if score is None or pd.isna(score) else f" (match {float(score):.2f} of 1)"
    return f"Said by {speaker}. Tied to this comment because {via}{match}; {stance}."


def _word_labels(tokens: list[str]) -> list[str]:
    """Each word as written; a word that comes again gets invisible zero-width spaces so the
    chart keeps one bar per occurrence, in text order, without numbering the words.

    >>> [len(w) for w in _word_labels(["no", "no", "yes"])]
    [2, 3, 3]
    """
    seen: dict[str, int] = {}
    out = []
    for token in tokens:
        n = seen.get(token, 0)
        seen[token] = n + 1
        out.append(token + "\u200b" * n)
    return out


def _annotation(page_id: str, position: int, row: pd.Series, themes: list[str]) -> None:
    st.markdown("**Correct this reading**")
    st.caption(
        "Your reading is stored beside the automatic one (never over it) and can be exported "
        "as a labels file for `reader-mood evaluate`."
    )
    had = row["annotated_mood"] is not None and not pd.isna(row["annotated_mood"])
    if had or row["annotated_themes"]:
        ui.caption(
            f"Your reading: {row['annotated_mood'] if had else NO_MOOD}; themes: "
            f"{', '.join(row['annotated_themes']) or 'none'}"
        )
    suffix = f"{page_id}_{position}"
    with st.form(f"annotate_{suffix}", border=True):
        mood_options = [NO_MOOD, *MOOD_ORDER]
        current = row["annotated_mood"] if had else row["mood"]
        st.selectbox(
            "Mood",
            mood_options,
            index=mood_options.index(current) if current in mood_options else 0,
            key=f"annotate_mood_{suffix}",
        )
        start = list(row["annotated_themes"]) if had else list(row["themes"])
        st.multiselect(
            "Themes",
            themes,
            default=[t for t in start if t in themes],
            key=f"annotate_themes_{suffix}",
        )
        st.text_input("Note", value=row["note"] or "", key=f"annotate_note_{suffix}")
        if st.form_submit_button("Save my reading", icon=":material/save:"):
            mood = st.session_state[f"annotate_mood_{suffix}"]
            note = store.Annotation(
                page_id=page_id,
                position=position,
                mood=None if mood == NO_MOOD else mood,
                themes=tuple(st.session_state[f"annotate_themes_{suffix}"]),
                note=st.session_state[f"annotate_note_{suffix}"],
            )
            if _write(lambda: data.annotate(note), "save"):
                ui.flash(f"Saved your reading of comment {position}.")
                st.rerun()
    removing = had and st.button("Remove my reading", key=f"annotate_remove_{suffix}")
    if removing and _write(lambda: data.remove_annotation(page_id, position), "remove"):
        ui.flash(f"Removed your reading of comment {position}.")
        st.rerun()


def _write(action: Callable[[], None], what: str) -> bool:
    # The CLI may hold the store for longer than data's retries wait: the person is told, the
    # form keeps what they entered, and the rest of the page carries on.
    try:
        action()
    except data.StoreError as exc:
        st.error(ui.md_escape(f"Could not {what} your reading: {exc}. Try again in a moment."))
        return False
    return True


def render() -> None:
    """Draw the comments view."""
    store_data = ui.require_data()
    st.title("Comments")
    ui.show_flash()
    page_id = ui.article_picker(store_data, "comments_page_id")
    art = store_data.article(page_id)
    assert art is not None
    ui.caption(f"{art['coverage']}")
    table = store_data.comments_of([page_id])
    for warning in art["warnings"]:
        if table.empty and warning == NO_COMMENTS:
            continue  # the notice under the warnings says it, with what to do
        st.warning(ui.md_escape(warning), icon=":material/warning:")
    claims = store_data.claims[store_data.claims["page_id"] == page_id]
    themes = data.theme_names(store_data)
    if table.empty:
        st.info(
            "No reader comments were captured on this page. If they load in a widget "
            "(Disqus and the like), save the page once they show, or export them, and add it "
            "again."
        )
        return
    shown = _filters(table, claims, themes)
    ui.caption(f"{len(shown)} of {len(table)} comment slots shown")
    _table(shown)

    # The comment open is one of those listed: filters that leave it out move it to the first
    # one they keep; none kept, none open.
    positions = [int(p) for p in shown["position"]]
    if not positions:
        st.info("No comment matches these filters, so none is open.")
    else:
        names = {
            int(r["position"]): f"#{int(r['position'])} · {r['author'] or 'no name'} · "
            f"{r['mood'] or 'moderated'} · {ui.short_label(r['text'], 40)}"
            for _, r in shown.iterrows()
        }
        ui.from_url("comment", "comments_open", lambda raw: _int_in(raw, positions), positions[0])
        if st.session_state["comments_open"] not in positions:
            st.session_state["comments_open"] = positions[0]
        st.selectbox("Open comment", positions, key="comments_open", format_func=names.__getitem__)
        # Left out of the URL while it is the first listed, so arriving adds no history entry.
        ui.url_follows("comment", "comments_open", str, positions[0])
        open_row = shown[shown["position"] == st.session_state["comments_open"]].iloc[0]
        _detail(store_data, page_id, open_row, themes)

    st.divider()
    row = st.container(horizontal=True)
    ui.download(
        row,
        "This article's comments with every score (CSV)",
        csvout.comments_csv(table),
        f"comments-{page_id}.csv",
        key="comments_csv",
    )
    try:
        labels = data.labels_for(store_data)
    except data.StoreError as exc:
        st.error(ui.md_escape(f"Your readings cannot be exported right now: {exc}"))
        return
    ui.download(
        row,
        "My readings as a labels file (JSON)",
        labels,
        "reader-mood-labels.json",
        key="comments_labels",
        mime="application/json",
    )


def _int_in(raw: str, allowed: list[int]) -> int | None:
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value in allowed else None


render()
