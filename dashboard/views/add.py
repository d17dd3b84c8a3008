"""Add an article (`/add`): upload a captured page (text or HTML) or paste its text; it is
analysed with visible progress and stored, and then shows everywhere. A bad file gets one
clear line and the app carries on."""

from __future__ import annotations

import streamlit as st

from analysis.errors import AnalysisError
from dashboard import data, ui


def _analyse(payload: bytes, name: str) -> None:
    # The page is read in a worker process with a time budget; this thread only waits,
    # moving the bar, so a slow page never holds the app for anyone else.
    budget = data.upload_seconds()
    progress = st.progress(0, text="Reading the page…")

    def waiting(elapsed: float) -> None:
        share = min(elapsed / budget, 1.0)
        progress.progress(
            5 + int(85 * share),
            text=f"Analysing… {elapsed:.0f} s (stopped at {budget:.0f} s)",
        )

    failure = None
    with st.status("Analysing the page…", expanded=True) as status:
        try:
            st.caption("Reading and splitting the page, scoring comments, finding claims…")
            added = data.add_upload(payload, name, seconds=budget, on_wait=waiting)
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
    counts = (
        f"{added.comments} comment slot{'s' if added.comments != 1 else ''}, "
        f"{added.claims} claim{'s' if added.claims != 1 else ''}"
    )
    page = ui.md_escape(added.page_id)
    if added.outcome == "unchanged":
        st.info(f"{page} was already in the store, unchanged: {counts}.")
    elif added.outcome == "re-analysed":
        # Same page text (the id is only reused for identical content), newer analysis.
        st.success(f"Re-analysed {page}, already in the store: {counts}.")
    else:
        st.success(f"Added {page}: {counts}.")
    for warning in added.warnings:
        st.warning(ui.md_escape(warning), icon=":material/warning:")
    row = st.container(horizontal=True)
    row.page_link(ui.ARTICLE, label="Open the article", query_params={"id": added.page_id})
    row.page_link(ui.COMMENTS, label="Read its comments", query_params={"id": added.page_id})


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
