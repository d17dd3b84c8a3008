"""Cached reads of the store, and the app's few writes (annotations, uploads).

DuckDB lets one process write a file at a time, and the CLI may be that process, so the app
opens the file only for the moment of a read or a write and closes it again. Reads are cached
by (path, file stamp): a write by anyone changes the stamp and the next run reads afresh.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from analysis import pipeline, sources, store, summary, themes
from analysis.errors import AnalysisError, NotAStore, StoreError
from analysis.model import Analysis

# Streamlit serves every browser session from threads of one process; DuckDB refuses a second
# connection to a file with another configuration, so reads and writes take turns.
_LOCK = threading.Lock()
T = TypeVar("T")
_TABLES = ("pages", "claims", "comments", "theme_hits", "links", "annotations")


@dataclass(frozen=True)
class StoreData:
    """Everything the views draw from, read once per store version. Treat as read-only."""

    path: str
    #: (path, file stamp): changes whenever the store does; keys caches built on this data.
    version: tuple[str, tuple[int, int, int]]
    pages: pd.DataFrame
    claims: pd.DataFrame
    comments: pd.DataFrame
    theme_hits: pd.DataFrame
    links: pd.DataFrame
    annotations: pd.DataFrame
    #: One row per comment slot with every score (summary.comment_table).
    table: pd.DataFrame
    #: One row per article (summary.article_table).
    articles: pd.DataFrame
    #: Mood against claims (summary.claim_moods).
    claim_moods: pd.DataFrame
    mood_mix: pd.DataFrame
    theme_prevalence: pd.DataFrame

    @property
    def page_ids(self) -> list[str]:
        """Stored page ids, sorted."""
        return sorted(self.pages["id"].astype(str))

    def article(self, page_id: str) -> pd.Series | None:
        """The article row of `page_id`, or None."""
        rows = self.articles[self.articles["page_id"] == page_id]
        return rows.iloc[0] if len(rows) else None

    def page(self, page_id: str) -> pd.Series | None:
        """The stored page row (body, body tone, warnings) of `page_id`, or None."""
        rows = self.pages[self.pages["id"] == page_id]
        return rows.iloc[0] if len(rows) else None


def db_path() -> Path:
    """The store the app reads: $READER_MOOD_DB, else data/reader-mood.duckdb."""
    return store.db_path()


def stamp(path: Path) -> tuple[int, int, int]:
    """What changes whenever the store file does: mtime and size of the file and its WAL."""
    stamps = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            info = p.stat()
        except OSError:
            stamps.append((0, 0))
            continue
        stamps.append((info.st_mtime_ns, info.st_size))
    return (stamps[0][0], stamps[0][1], stamps[1][0] ^ stamps[1][1])


#: How often a store operation is tried while another process holds the file, and the pause
#: between tries: the CLI holds its lock for the moment of a write, so a second or so is enough.
ATTEMPTS = 4
PAUSE_S = 0.25


def _retry(action: Callable[[], T]) -> T:
    # The CLI may hold the write lock for a moment: retry briefly before giving up.
    for attempt in range(ATTEMPTS):
        try:
            with _LOCK:
                return action()
        except NotAStore:
            raise  # not a store at all: trying again will not make it one
        except StoreError:
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(PAUSE_S)
    raise AssertionError("unreachable")


def _read_frames(path: str) -> dict[str, pd.DataFrame]:
    def read() -> dict[str, pd.DataFrame]:
        with store.open_store(path, read_only=True) as st_:
            return {t: st_.frame(t) for t in _TABLES}

    return _retry(read)


@st.cache_data(max_entries=4, show_spinner=False)
def _load(path: str, version: tuple[int, int, int]) -> StoreData:
    frames = _read_frames(path)
    table = summary.comment_table(
        frames["comments"],
        frames["theme_hits"],
        frames["links"],
        frames["claims"],
        frames["annotations"],
    )
    return StoreData(
        path=path,
        version=(path, version),
        table=table,
        articles=summary.article_table(frames["pages"], table, frames["claims"]),
        claim_moods=summary.claim_moods(table, frames["claims"]),
        mood_mix=summary.mood_mix(table),
        theme_prevalence=summary.theme_prevalence(table),
        **frames,
    )


def load(path: Path | None = None) -> StoreData | None:
    """The store's data (cached per file version); None when there is no store yet.

    Raises StoreError when the file exists but cannot be read (locked, not a store).
    """
    path = path or db_path()
    if not path.exists():
        return None
    return _load(str(path), stamp(path))


def _changed() -> None:
    _load.clear()
    _labels_for.clear()


def annotate(note: store.Annotation, path: Path | None = None) -> None:
    """Store a person's reading of one comment beside the automatic one.

    Raises StoreError when the store stays locked (or unreadable) through every retry.
    """

    def write() -> None:
        with store.open_store(path or db_path()) as st_:
            st_.annotate(note)

    _retry(write)
    _changed()


def remove_annotation(page_id: str, position: int, path: Path | None = None) -> None:
    """Forget a person's reading of one comment. Raises StoreError as `annotate` does."""

    def write() -> None:
        with store.open_store(path or db_path()) as st_:
            st_.remove_annotation(page_id, position)

    _retry(write)
    _changed()


def labels_json(path: Path | None = None) -> str:
    """Hand annotations as a labels file `reader-mood evaluate` reads.

    Raises StoreError when the store stays locked (or unreadable) through every retry.
    """

    def read() -> str:
        with store.open_store(path or db_path(), read_only=True) as st_:
            return store.labels_json(st_)

    return _retry(read)


@st.cache_data(max_entries=4, show_spinner=False)
def _labels_for(path: str, version: tuple[int, int, int]) -> str:
    return labels_json(Path(path))


def labels_for(loaded: StoreData) -> str:
    """`labels_json` of the store version `loaded` was read from, cached per version so a
    view draws its download without opening the store on every run. Raises StoreError."""
    return _labels_for(loaded.version[0], loaded.version[1])


@st.cache_resource(show_spinner=False)
def theme_set() -> themes.ThemeSet:
    """The default themes, compiled once per process."""
    return themes.load()


def theme_names(data: StoreData | None) -> list[str]:
    """Every theme a person may pick: the defined ones and any found in the store."""
    names = set(theme_set().names)
    if data is not None and not data.theme_hits.empty:
        names |= set(data.theme_hits["theme"].astype(str))
    return sorted(names)


def safe_page_id(name: str) -> str:
    """A page id from an uploaded file name: its stem, with anything unusual made '-'.

    >>> safe_page_id("My page (final).HTML")
    'My-page-final'
    """
    stem = Path(name).stem if "." in name else name
    out = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-") else "-" for ch in stem)
    out = "-".join(part for part in out.split("-") if part)
    return out[:80] or "page"


def analyse_upload(
    data: bytes, name: str, path: Path | None = None, known: dict[str, str] | None = None
) -> tuple[str, Analysis, str]:
    """Read and analyse uploaded bytes; returns (page id, analysis, analysis key).

    The id is the file's stem; when another page already holds it, a suffix keeps both.
    Raises AnalysisError (UnreadablePage…) for a file that is not a page.
    """
    wanted = safe_page_id(name)
    raw = sources.read_bytes(data, page_id=wanted, source=name)
    ts = theme_set()
    key = pipeline.analysis_key(raw.content_hash, ts)
    known = known if known is not None else stored_keys(path)
    page_id, n = wanted, 1
    while page_id in known and known[page_id].split(":", 1)[0] != raw.content_hash:
        n += 1
        page_id = f"{wanted}-{n}"
    if page_id != raw.id:
        raw = sources.read_bytes(data, page_id=page_id, source=name)
    return page_id, pipeline.analyse(raw, ts), key


def stored_keys(path: Path | None = None) -> dict[str, str]:
    """page id -> analysis key of every stored page ({} when there is no store)."""
    path = path or db_path()
    if not path.exists():
        return {}

    def read() -> dict[str, str]:
        with store.open_store(path, read_only=True) as st_:
            return st_.stored_keys()

    return _retry(read)


def save(analysis: Analysis, key: str, path: Path | None = None) -> None:
    """Write one analysed page into the store (one transaction)."""

    def write() -> None:
        with store.open_store(path or db_path()) as st_:
            st_.save([(analysis, key)])

    _retry(write)
    _changed()


__all__ = ["AnalysisError", "NotAStore", "StoreData", "StoreError", "load"]
