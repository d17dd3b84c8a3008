"""What every view shares: session state set up in one place, URL ⇄ widget sync, safe text.

Reader and page text is untrusted. It reaches the screen only through `st.text`, `st.code`,
`st.dataframe`, charts, or `md_escape` inside captions and headings, never through
st.markdown / st.write, which interpret Markdown, HTML and $…$ LaTeX.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from analysis.model import Reason
from dashboard import charts, data

T = TypeVar("T")

#: Page scripts, relative to app.py; st.page_link / st.switch_page take these.
OVERVIEW = "views/overview.py"
ARTICLE = "views/article.py"
COMMENTS = "views/comments.py"
COMPARE = "views/compare.py"
ADD = "views/add.py"
SEARCH = "views/search.py"
TRENDS = "views/trends.py"

#: The browser tab's icon, served by the app itself (bug 9: nothing fetched from elsewhere).
FAVICON = Path(__file__).resolve().parent / "favicon.png"

_SEEN = "_url_seen"
_FLASH = "_flash"
_PAGE = "_page"
_FRESH = "_page_fresh"
# Everything CommonMark lets a backslash escape, plus '$' (LaTeX in Streamlit) and ':' (its
# :color[…] and :material/…: directives). Escaping them all leaves nothing to interpret.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&\"'=^@%;,?/])")


def init(page: str = "") -> None:
    """Session state defaults, set once per session (the only place state is created), and
    whether this run is the first on `page` (the view's url path) since another view ran."""
    st.session_state.setdefault(_SEEN, {})
    st.session_state.setdefault(_FLASH, [])
    st.session_state[_FRESH] = st.session_state.get(_PAGE) != page
    st.session_state[_PAGE] = page


def md_escape(text: Any) -> str:
    """Text made inert for Streamlit's Markdown (captions, headings, labels): every character
    Markdown, HTML entities, directives or LaTeX could act on is backslash-escaped, and line
    breaks become spaces (a label is one line).

    >>> md_escape("£8bn and $5 **bold** <b>")
    '£8bn and \\\\$5 \\\\*\\\\*bold\\\\*\\\\* \\\\<b\\\\>'
    """
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def caption(text: Any) -> None:
    """A caption of untrusted text, shown literally."""
    st.caption(md_escape(text))


def flash(message: str) -> None:
    """A success message shown on the next run (after st.rerun / a page switch)."""
    st.session_state[_FLASH].append(message)


def show_flash() -> None:
    """Show and forget pending messages."""
    for message in st.session_state[_FLASH]:
        st.success(message)
    st.session_state[_FLASH] = []


# -- URL ⇄ widgets ---------------------------------------------------------------------------
# The URL is the source of truth when it changed under us (a shared link, the back button);
# the widget is when the person moved it. Writing the URL from Python makes a history entry,
# so Back returns to the previous selection.


def from_url(param: str, key: str, parse: Callable[[str], Any], default: Any) -> None:
    """Before drawing widget `key`: take its value from query parameter `param` when the URL
    changed since this session last wrote it, the widget is new, or this is the first run of
    the view (a link or Back just opened it: the URL it came with wins over anything a widget
    of an earlier visit left in the session). A parameter given more than once
    (`?ids=A&ids=B`) reads as its values joined by ','."""
    values = st.query_params.get_all(param)
    raw = values[0] if len(values) == 1 else ",".join(values) if values else None
    seen: dict[str, str | None] = st.session_state[_SEEN]
    fresh = bool(st.session_state.get(_FRESH))
    if fresh or key not in st.session_state or seen.get(key, "\0") != raw:
        value = parse(raw) if raw is not None else None
        st.session_state[key] = default if value is None else value
        seen[key] = raw


def to_url(param: str, key: str, dump: Callable[[Any], str], default: Any) -> None:
    """After drawing widget `key`: write its value to `param` (dropped when default)."""
    value = st.session_state.get(key, default)
    raw = None if value == default or value in (None, "", []) else dump(value)
    if st.query_params.get(param) != raw:
        if raw is None:
            del st.query_params[param]
        else:
            st.query_params[param] = raw
    st.session_state[_SEEN][key] = raw


def url_follows(param: str, key: str, dump: Callable[[Any], str], default: Any) -> None:
    """`to_url`, but the URL is rewritten only when it says something else: a missing
    parameter already means `default`, and one that already names the value stays as written.
    A link therefore lands without a second history entry, and one Back press leaves."""
    value = st.session_state.get(key, default)
    current = st.query_params.get(param)
    if (current is None and value == default) or (current is not None and current == dump(value)):
        st.session_state[_SEEN][key] = current
        return
    to_url(param, key, dump, default)


def one_of(options: Sequence[T]) -> Callable[[str], T | None]:
    """Parser: the option whose str() is the URL value, else None."""
    by_text = {str(o): o for o in options}
    return lambda raw: by_text.get(raw)


def some_of(options: Sequence[T]) -> Callable[[str], list[T] | None]:
    """Parser: comma-separated options (unknown ones dropped), else None.

    An option that itself holds a comma is found whole: written by `joined` its commas are
    escaped ('\\,'), and typed plainly it is matched by joining pieces back, longest first.

    >>> some_of(["a,b", "c"])("a,b,c,zz"), some_of(["a,b", "a"])("a\\,b,a")
    (['a,b', 'c'], ['a,b', 'a'])
    """
    by_text = {str(o): o for o in options}

    def parse(raw: str) -> list[T] | None:
        parts = _split(raw)
        picked: list[T] = []
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                text = ",".join(parts[i:j])
                if text in by_text:
                    if by_text[text] not in picked:
                        picked.append(by_text[text])
                    i = j
                    break
            else:
                i += 1
        return picked or None

    return parse


def _split(raw: str) -> list[str]:
    # Split on commas not escaped by a backslash; '\\,' and '\\\\' unescape.
    parts, current, chars = [], [], iter(raw)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def joined(values: Sequence[Any]) -> str:
    """Dumper for lists: comma-separated (`/compare?ids=ID,ID`), with a comma or backslash
    inside a value escaped by a backslash so `some_of` reads the value back whole.

    >>> joined(["a", "b,c"])
    'a,b\\\\,c'
    """
    return ",".join(str(v).replace("\\", "\\\\").replace(",", "\\,") for v in values)


# -- data ------------------------------------------------------------------------------------


def require_data() -> data.StoreData:
    """The store's data, or a clear message and a stop when there is none to show."""
    try:
        loaded = data.load()
    except data.NotAStore as exc:
        # One clear line, never a traceback: the file is no store (SQLite, damaged header).
        st.error(f"This store cannot be used: {md_escape(str(exc))}", icon=":material/error:")
        st.stop()
    except data.StoreError as exc:
        st.error(f"The store cannot be read right now: {md_escape(str(exc))}")
        st.stop()
    if loaded is None or loaded.pages.empty:
        st.info(
            f"No articles yet in {data.db_path()}. Add one on the Add article page, or run "
            "`make seeds` to analyse the sample pages."
        )
        st.page_link(ADD, label="Add an article", icon=":material/upload_file:")
        st.stop()
    return loaded


def article_label(row: Mapping[str, Any] | pd.Series | None, page_id: str, width: int = 70) -> str:
    """An article as people name it: its headline, shortened to `width` characters (plain
    text: select boxes, charts and tables never read it as Markdown). Without a headline, the
    outlet and date say which; the page id only as a last resort."""
    if row is None:
        return page_id
    headline = " ".join(str(row["headline"] or "").split())
    if not headline:
        bits = [str(row["outlet"] or ""), str(row["published"] or "")]
        headline = " · ".join(b for b in bits if b) or page_id
    return short_label(headline, width)


def article_names(store: data.StoreData, width: int = 70) -> dict[str, str]:
    """page id -> `article_label` for every article, made unique: two articles with the same
    shortened headline get their outlet and date (then a number) added."""
    return _names(store.version, width, store.articles)


@st.cache_data(max_entries=32, show_spinner=False)
def _names(version: tuple[Any, ...], width: int, _arts: pd.DataFrame) -> dict[str, str]:
    # Keyed by the store version: the frame (underscored, not hashed) is that version's.
    rows = _arts[["page_id", "headline", "outlet", "published"]].to_dict("records")
    names = {str(r["page_id"]): article_label(r, str(r["page_id"]), width) for r in rows}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    out: dict[str, str] = {}
    taken: set[str] = set()
    tries: dict[str, int] = {}
    for r in rows:
        pid = str(r["page_id"])
        name = names[pid]
        if counts[name] > 1:
            extra = " · ".join(str(v) for v in (r["outlet"], r["published"]) if v)
            name = (
                f"{short_label(name, max(20, width - len(extra) - 3))} ({extra})" if extra else name
            )
        base = name
        while name in taken:  # still the same: number them, each base counting on
            tries[base] = tries.get(base, 1) + 1
            name = f"{base} · {tries[base]}"
        taken.add(name)
        out[pid] = name
    return out


def best_article(store: data.StoreData) -> str:
    """The article a view opens on when no link says which: the one with the most comments
    with a mood (ties by id), so no view opens on a page with nothing to show."""
    arts = store.articles.sort_values(["n", "page_id"], ascending=[False, True], kind="stable")
    return str(arts.iloc[0]["page_id"])


def short_label(text: Any, width: int = 60) -> str:
    """One line of at most `width` characters, for chart axes."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def fmt_score(value: Any) -> str:
    """'+0.42', or '–' when missing."""
    if value is None or pd.isna(value):
        return "–"
    return f"{float(value):+.2f}"


def article_picker(store: data.StoreData, key: str) -> str:
    """A select box of articles (by headline) bound to ?id=; returns the chosen page id.

    Each view passes its own `key`: a widget key shared by two views would carry one view's
    choice into the other when a link opens it. Without ?id= the article with the most
    comments is shown, and the URL is left as it came (no extra history entry)."""
    ids = store.page_ids
    default = best_article(store)
    from_url("id", key, one_of(ids), default)
    labels = article_names(store)
    st.selectbox("Article", ids, key=key, format_func=labels.__getitem__)
    url_follows("id", key, str, default)
    return str(st.session_state[key])


#: Tables whose rows open something: a click on any cell (or the row's box) selects its row.
ROW_CLICK: list[Any] = ["single-row", "single-cell"]


def clicked_row(key: str) -> int | None:
    """The row (0-based, in the order the frame was given) a person clicked in the table
    drawn with `key` and `selection_mode=ROW_CLICK`: a cell or the row's box; else None."""
    event = st.session_state.get(key)
    if event is None:
        return None
    selection = event.selection
    rows = list(selection.get("rows", []) if hasattr(selection, "get") else selection.rows)
    cells = list(selection.get("cells", []) if hasattr(selection, "get") else [])
    if rows:
        return int(rows[0])
    if cells:
        return int(cells[0][0])
    return None


@st.cache_data(max_entries=512, show_spinner=False)
def _spec(version: tuple[Any, ...], name: str, _build: Callable[[], Any]) -> dict[str, Any]:
    # Altair validates a spec against the Vega-Lite schema on every to_dict, which costs more
    # than the rest of a view; the spec depends only on the store version and the chart's
    # name (which names its parameters), so it is built once per store version.
    spec: dict[str, Any] = _build().to_dict(validate=False)
    spec.get("config", {}).pop("view", None)  # Altair's default 300x300; Streamlit sizes it
    return spec


def chart(store: data.StoreData, name: str, build: Callable[[], Any]) -> None:
    """Draw `build()` (an alt.Chart from dashboard.charts), cached per store version under
    `name` (which must name everything the chart depends on besides the store), with PNG
    and SVG downloads rendered only when clicked."""
    spec = _spec(store.version, name, build)
    st.vega_lite_chart(spec, width="stretch", key=f"chart_{name}")
    row = st.container(horizontal=True)
    formats: tuple[tuple[charts.ImageFormat, str], ...] = (
        ("png", "image/png"),
        ("svg", "image/svg+xml"),
    )
    for fmt, mime in formats:
        row.download_button(
            fmt.upper(),
            data=_render_later(build, fmt),
            file_name=f"{name}.{fmt}",
            mime=mime,
            key=f"chart_{name}_{fmt}",
            icon=":material/image:",
            on_click="ignore",
        )


def _render_later(build: Callable[[], Any], fmt: charts.ImageFormat) -> Callable[[], bytes]:
    # Streamlit calls this only when the button is clicked: images cost ~0.1 s each.
    return lambda: charts.to_image(build(), fmt)


def ids_key(ids: Any) -> str:
    """A short, stable name for a set of page ids, for chart names and file names."""
    # Escaped as in the URL: ids holding commas must not share a name with other ids.
    values = [str(i) for i in ids]
    return f"{len(values)}-{hashlib.sha1(joined(values).encode()).hexdigest()[:8]}"


def download(
    where: Any,
    label: str,
    payload: str | bytes | Callable[[], str | bytes],
    file_name: str,
    key: str,
    mime: str = "text/csv",
) -> None:
    """A download button for a file the app made (CSV unless `mime` says otherwise); clicking
    it does not rerun the page. A callable payload is made only when the button is clicked
    (a large store's comments are not written out on every run)."""
    where.download_button(
        label,
        data=payload,
        file_name=file_name,
        mime=mime,
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def empty_note(what: str) -> None:
    """A quiet note where a section has nothing to show."""
    st.caption(f"No {what}.")


def as_paragraphs(text: Any) -> str:
    """A comment as its reader wrote it: browser-text captures indent every continuation line
    of a comment ("\\n    "), an artefact of the page layout, not of the writing. When every
    line after the first carries the same leading whitespace, it is removed; anything else
    comes back unchanged. The stored text stays verbatim; this is for display only.

    >>> as_paragraphs("First.\\n    Second.\\n    Third.")
    'First.\\nSecond.\\nThird.'
    >>> as_paragraphs("A poem:\\n  indented\\nnot")
    'A poem:\\n  indented\\nnot'
    """
    value = str(text)
    first, sep, rest = value.partition("\n")
    if not sep:
        return value
    lines = rest.split("\n")
    indents = {line[: len(line) - len(line.lstrip(" \t"))] for line in lines if line.strip()}
    if len(indents) != 1 or not next(iter(indents)):
        return value
    cut = len(next(iter(indents)))
    return first + "\n" + "\n".join(line[cut:] if line.strip() else "" for line in lines)


def reason_kinds(reasons: Sequence[Reason]) -> str:
    """The kinds of a mood's reasons ('sarcasm, idiom'), in order, each once.

    >>> idiom, sarcasm = Reason("idiom", (), 2.0), Reason("sarcasm", (), 1.0)
    >>> reason_kinds([idiom, sarcasm, idiom])
    'idiom, sarcasm'
    """
    kinds = dict.fromkeys(r.kind.strip() for r in reasons)
    return ", ".join(k for k in kinds if k)


def vader_differs(mood: Any, vader_label: Any, reasons: Sequence[Reason]) -> str:
    """A marker for tables where the mood overrides VADER's own label: '≠ why', else ''.

    >>> vader_differs("negative", "positive", [Reason("sarcasm", (), 1.0, "mock praise")])
    '≠ sarcasm'
    >>> vader_differs("negative", "negative", [])
    ''
    """
    if mood is None or pd.isna(mood) or mood == vader_label:
        return ""
    return "≠ " + (reason_kinds(reasons) or "rules")


def wrapped_label(text: Any, width: int = 58, lines: int = 2) -> str:
    """A chart label of at most `lines` lines of `width` characters, joined by '\\n' (charts
    split them back into lines); cut with '…' when longer.

    >>> wrapped_label("GPs were underfunded as penance for signing the 2004 contract", 30)
    'GPs were underfunded as\\npenance for signing the 2004…'
    """
    parts = textwrap.wrap(" ".join(str(text or "").split()), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        last = parts[-1]
        parts[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return "\n".join(parts)
