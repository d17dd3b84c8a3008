"""reader-mood dashboard: routing only. `streamlit run dashboard/app.py`.

Routes (DESIGN.md): `/` overview, `/article?id=ID`, `/comments?id=ID&comment=N`,
`/compare?ids=ID,ID`, `/search?q=WORDS` over every comment, `/trends` across articles and
over time, and `/add` to add an article. Each view is one script in views/.
"""

from __future__ import annotations

import streamlit as st

from dashboard import ui

# The icon is a file of the app: a named icon (":material/forum:") makes browsers fetch it from
# a font host, which fails offline.
st.set_page_config(page_title="reader-mood", page_icon=str(ui.FAVICON), layout="wide")

pages = [
    st.Page(ui.OVERVIEW, title="Overview", icon=":material/dashboard:", default=True),
    st.Page(ui.ARTICLE, title="Article", icon=":material/article:", url_path="article"),
    st.Page(ui.COMMENTS, title="Comments", icon=":material/forum:", url_path="comments"),
    st.Page(ui.COMPARE, title="Compare", icon=":material/compare:", url_path="compare"),
    st.Page(ui.SEARCH, title="Search", icon=":material/search:", url_path="search"),
    st.Page(ui.TRENDS, title="Across articles", icon=":material/timeline:", url_path="trends"),
    st.Page(ui.ADD, title="Add article", icon=":material/upload_file:", url_path="add"),
]
page = st.navigation(pages, position="top")
ui.init(page.url_path)
page.run()
