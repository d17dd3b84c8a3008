"""reader-mood dashboard: routing only. `streamlit run dashboard/app.py`.

Routes (DESIGN.md): `/` overview, `/article?id=ID`, `/comments?id=ID&comment=N`,
`/compare?ids=ID,ID`, and `/add` to add an article. Each view is one script in views/.
"""

from __future__ import annotations

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="reader-mood", page_icon=":material/forum:", layout="wide")
ui.init()

pages = [
    st.Page(ui.OVERVIEW, title="Overview", icon=":material/dashboard:", default=True),
    st.Page(ui.ARTICLE, title="Article", icon=":material/article:", url_path="article"),
    st.Page(ui.COMMENTS, title="Comments", icon=":material/forum:", url_path="comments"),
    st.Page(ui.COMPARE, title="Compare", icon=":material/compare:", url_path="compare"),
    st.Page(ui.ADD, title="Add article", icon=":material/upload_file:", url_path="add"),
]
st.navigation(pages, position="top").run()
