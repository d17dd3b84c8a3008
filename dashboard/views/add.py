"""Add an article (`/add`): upload a captured page (text or HTML) or paste its text; it is
analysed with visible progress and stored, and then shows everywhere. A bad file gets one
clear line and the app carries on."""

from __future__ import annotations

import streamlit as st

from analysis.errors import AnalysisError
from dashboard import data, ui


def _analyse(payload: bytes, name: str) -> None:
    progress = st.progress(0, text="Reading the page…")
    failure = None
    before: str | None = None
    with st.status("Analysing the page…", expanded=True) as status:
        try:
            st.caption("Reading and splitting the page, scoring comments, finding claims…")
            progress.progress(20, text="Analysing…")
            known = data.stored_keys()
            page_id, analysis, key = data.analyse_upload(payload, name, known=known)
            # The same page analysed the same way is already stored: nothing to write.
            before = known.get(page_id)
            if before != key:
                progress.progress(70, text="Saving to the store…")
                st.caption("Saving to the store…")
                data.save(analysis, key)
        except AnalysisError as exc:
            failure = str(exc)
        except Exception as exc:  # a bad upload must never take the app down
            failure = f"{type(exc).__name__}: {exc}"
        if failure is not None:
            status.update(label="Could not add this page", state="error", expanded=False)
        else:
            status.update(label="Done", state="complete", expanded=False)
    if failure is not None:
        progress.empty()
        st.error(f"Could not add this page: {ui.md_escape(failure)}", icon=":material/error:")
        return
    progress.progress(100, text="Done")
    comments = len(analysis.comments)
    counts = (
        f"{comments} comment slot{'s' if comments != 1 else ''}, "
        f"{len(analysis.claims)} claim{'s' if len(analysis.claims) != 1 else ''}"
    )
    if before == key:
        st.info(f"{ui.md_escape(page_id)} was already in the store, unchanged: {counts}.")
    elif before is not None:
        # Same page text (the id is only reused for identical content), newer analysis.
        st.success(f"Re-analysed {ui.md_escape(page_id)}, already in the store: {counts}.")
    else:
        st.success(f"Added {ui.md_escape(page_id)}: {counts}.")
    for warning in analysis.page.warnings:
        st.warning(ui.md_escape(warning), icon=":material/warning:")
    row = st.container(horizontal=True)
    row.page_link(ui.ARTICLE, label="Open the article", query_params={"id": page_id})
    row.page_link(ui.COMMENTS, label="Read its comments", query_params={"id": page_id})


def render() -> None:
    """Draw the add-an-article view."""
    st.title("Add an article")
    ui.caption(
        "A page saved from a browser (Save as… HTML, or select all and copy the text), or a "
        "comment export (.json or .csv, as YouTube's or Facebook's API or a moderation tool "
        f"gives it). It is analysed and stored in {data.db_path()}."
    )
    upload_tab, paste_tab = st.tabs(["Upload a file", "Paste text"])
    with upload_tab:
        upload = st.file_uploader(
            "Page file (.txt, .html, or a comment export: .json, .csv)",
            type=["txt", "html", "htm", "json", "csv", "xml"],
            key="add_file",
        )
        if st.button("Analyse the file", key="add_file_go", disabled=upload is None):
            assert upload is not None
            _analyse(upload.getvalue(), upload.name)
    with paste_tab:
        st.text_input("Name for the page", key="add_name", placeholder="e.g. minister-interview")
        st.text_area("Page text", key="add_text", height=240)
        if st.button("Analyse the text", key="add_text_go"):
            text = st.session_state["add_text"]
            name = st.session_state["add_name"].strip() or "pasted-page"
            _analyse(text.encode("utf-8"), name + ".txt")


render()
