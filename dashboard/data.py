"""Cached reads of the store, and the app's few writes (annotations, uploads).

DuckDB lets one process write a file at a time, and the CLI may be that process, so the app
opens the file only for the moment of a read or a write and closes it again. Reads are cached
by (path, file stamp): a write by anyone changes the stamp and the next run reads afresh.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from analysis import offload, pipeline, queries, sources, store, themes
from analysis import rules as rules_mod
from analysis.errors import AnalysisError, NotAStore, StoreError
from analysis.model import Analysis

# Streamlit serves every browser session from threads of one process; DuckDB refuses a second
# connection to a file with another configuration, so reads and writes take turns.
_LOCK = threading.Lock()
T = TypeVar("T")


@dataclass(frozen=True)
class StoreData:
    """What every view draws from, read once per store version: one row per article, claim,
    mood and theme, counted in the store. Comments themselves are asked for a few articles at
    a time (`comments_of`, `search`), so nothing here grows with the number of comments.
    Treat as read-only."""

    path: str
    #: (path, file stamp): changes whenever the store does; keys caches built on this data.
    version: tuple[str, tuple[int, int, int]]
    #: The stored pages without their body text (`page` reads one page's body).
    pages: pd.DataFrame
    claims: pd.DataFrame
    #: One row per article (queries.article_table).
    articles: pd.DataFrame
    mood_mix: pd.DataFrame
    theme_prevalence: pd.DataFrame
    #: Every theme found on a comment or claim in the store.
    theme_names: tuple[str, ...]

    @property
    def claim_moods(self) -> pd.DataFrame:
        """Mood against claims (queries.claim_moods), read when a view first asks."""
        return self._ask("claim_moods")

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
        rows = self._ask("page", page_id)
        return rows.iloc[0] if len(rows) else None

    def comments_of(self, page_ids: Iterable[str]) -> pd.DataFrame:
        """One row per comment slot of these articles with every score
        (`summary.COMMENT_COLUMNS`), in page then position order."""
        return self._ask("comments", _ids(page_ids))

    def search(
        self,
        words: Sequence[str],
        moods: Sequence[str] = (),
        themes: Sequence[str] = (),
        limit: int | None = None,
    ) -> pd.DataFrame:
        """The first `limit` (None: all) scored comments holding every word (in text, author,
        theme or claim) with one of `moods` and any of `themes`, as `comments_of` gives them."""
        return self._ask("search", tuple(words), tuple(moods), tuple(themes), limit)

    def search_counts(
        self, words: Sequence[str], moods: Sequence[str] = (), themes: Sequence[str] = ()
    ) -> pd.DataFrame:
        """How many comments `search` finds, per article and mood (page_id, mood, count)."""
        return self._ask("search_counts", tuple(words), tuple(moods), tuple(themes))

    def theme_prevalence_by(self, by: str) -> pd.DataFrame:
        """Theme prevalence per outlet or speaker (`queries.theme_prevalence`)."""
        return self._ask("theme_prevalence", by)

    def commenters(self, top: int = 15) -> pd.DataFrame:
        """The most active named commenters (`queries.commenters`)."""
        return self._ask("commenters", top)

    def over_time(
        self, group: str | None = None, page_ids: Iterable[str] | None = None
    ) -> tuple[int, int, str, pd.DataFrame]:
        """(slots, slots with a posted moment, grain, mood and volume per time bucket) over
        every comment or those of `page_ids` (`queries.over_time`)."""
        return self._ask("over_time", group, None if page_ids is None else _ids(page_ids))

    def counts(self, page_ids: Iterable[str], themes: Sequence[str] = ()) -> tuple[int, int]:
        """(comments with a mood, of them carrying any of `themes`) in these articles."""
        return self._ask("counts", _ids(page_ids), tuple(themes))

    def _ask(self, question: str, *args: Any) -> Any:
        return _ask(self.path, self.version[1], question, *args)


def _ids(page_ids: Iterable[str]) -> tuple[str, ...]:
    """Page ids as a cache key: each once, in order."""
    return tuple(sorted(set(map(str, page_ids))))


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


#: DuckDB's memory for one of the app's reads: its joins over a large store spill to disk
#: rather than grow the app's process (1M comments: 840 -> 480 MB at peak, 0.8 -> 1.4 s).
READ_MEMORY = "256MB"


def _read(path: str, ask: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    def read() -> T:
        with store.open_store(path, read_only=True) as st_:
            st_.con.execute(f"SET memory_limit = '{READ_MEMORY}'")
            return ask(st_.con)

    return _retry(read)


def _frames(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    names = con.execute(
        "SELECT DISTINCT theme FROM theme_hits WHERE theme IS NOT NULL ORDER BY theme"
    ).fetchall()
    return {
        "pages": con.execute("SELECT * EXCLUDE (body) FROM pages ORDER BY id").df(),
        "claims": con.execute("SELECT * FROM claims ORDER BY page_id, rowid").df(),
        "articles": queries.article_table(con),
        "mood_mix": queries.mood_mix(con),
        "theme_prevalence": queries.theme_prevalence(con),
        "theme_names": tuple(str(r[0]) for r in names),
    }


@st.cache_data(max_entries=4, show_spinner=False)
def _load(path: str, version: tuple[int, int, int]) -> StoreData:
    return StoreData(path=path, version=(path, version), **_read(path, _frames))


#: The store questions `_ask` may put, by name.
_QUESTIONS: dict[str, Callable[..., Any]] = {
    "page": lambda con, page_id: con.execute("SELECT * FROM pages WHERE id = ?", [page_id]).df(),
    "comments": queries.comment_rows,
    "search": lambda con, words, moods, themes, limit: queries.comment_rows(
        con, scored_only=True, contains=words, moods=moods, themes=themes, limit=limit
    ),
    "search_counts": lambda con, words, moods, themes: queries.mood_counts(
        con, contains=words, moods=moods, themes=themes
    ),
    "counts": queries.counts,
    "claim_moods": queries.claim_moods,
    "theme_prevalence": queries.theme_prevalence,
    "commenters": queries.commenters,
    "over_time": queries.over_time,
}


#: Each answer is cached per store version and question: kilobytes each (a page of rows at
#: most), so a few hundred fit.
@st.cache_data(max_entries=256, show_spinner=False)
def _ask(path: str, version: tuple[int, int, int], question: str, *args: Any) -> Any:
    return _read(path, lambda con: _QUESTIONS[question](con, *args))


def load(path: Path | None = None) -> StoreData | None:
    """The store's data (cached per file version); None when there is no store yet.

    Raises StoreError when the file exists but cannot be read (locked, not a store).
    """
    path = path or db_path()
    if not path.exists():
        return None
    return _load(str(path), stamp(path))


def _changed() -> None:
    for cached in (_load, _ask):
        cached.clear()
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


def remove(page_id: str, path: Path | None = None) -> store.Removed | None:
    """Remove one article and everything stored of it, in one store transaction; None when
    it is not (or no longer) stored. Raises StoreError as `annotate` does."""

    def write() -> store.Removed | None:
        with store.open_store(path or db_path()) as st_:
            return st_.remove(page_id)

    removed = _retry(write)
    _changed()
    return removed


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
    if data is not None:
        names |= set(data.theme_names)
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


#: Seconds one upload may take to read before it is stopped (env READER_MOOD_UPLOAD_SECONDS).
UPLOAD_SECONDS = 120.0


def upload_seconds() -> float:
    """The time budget of one upload: READER_MOOD_UPLOAD_SECONDS, or `UPLOAD_SECONDS`."""
    value = os.environ.get("READER_MOOD_UPLOAD_SECONDS", "")
    try:
        seconds = float(value)
    except ValueError:
        return UPLOAD_SECONDS
    return seconds if 0 < seconds < float("inf") else UPLOAD_SECONDS


@dataclass(frozen=True, slots=True)
class Added:
    """What an upload did: the page's id, whether it was newly added, read again or already
    stored unchanged, and what the store now holds for it."""

    page_id: str
    outcome: Literal["added", "re-analysed", "unchanged"]
    comments: int
    claims: int
    warnings: tuple[str, ...]


def _page_id(wanted: str, content_hash: str, known: dict[str, str]) -> str:
    # The file's stem; when another page's content already holds it, a suffix keeps both.
    page_id, n = wanted, 1
    while page_id in known and pipeline.key_content(known[page_id]) != content_hash:
        n += 1
        page_id = f"{wanted}-{n}"
    return page_id


def add_upload(
    payload: bytes,
    name: str,
    path: Path | None = None,
    *,
    seconds: float | None = None,
    on_wait: Callable[[float], None] | None = None,
) -> Added:
    """Read uploaded bytes as a page and store it, as `analyse` would.

    The page is read in a worker process (`analysis.offload`), never on the calling thread,
    and stopped after `seconds` (default `upload_seconds()`); `on_wait(elapsed)` is called
    while it reads. It is stored through `pipeline.analyse_into`, the CLI's path, in one
    transaction. The id is the file's stem, with a suffix when another page holds it. Raises
    AnalysisError (UnreadablePage, TooSlow, StoreError…) with one line; nothing is stored then.
    """
    path = path or db_path()
    wanted = safe_page_id(name)
    raw = sources.read_bytes(payload, page_id=wanted, source=name)
    ts = theme_set()
    rules = rules_mod.load()
    known = stored_keys(path)
    page_id = _page_id(wanted, raw.content_hash, known)
    if page_id != raw.id:
        raw = sources.read_bytes(payload, page_id=page_id, source=name)
    before = known.get(page_id)
    analysed: dict[str, Analysis] = {}
    if before != pipeline.analysis_key(raw.content_hash, ts, rules):
        budget = seconds if seconds is not None else upload_seconds()
        analysed[page_id] = offload.analyse_within(raw, ts, rules, budget, on_wait)

    def write() -> tuple[int, int, tuple[str, ...]]:
        # Only what the worker read is stored: the page is never read on this thread.
        with store.open_store(path, read_only=not analysed) as st_:
            if analysed:
                pipeline.analyse_into(st_, [raw], ts, rules, analysed=analysed)
            return st_.page_summary(page_id)

    comments, claims, warnings = _retry(write)
    if analysed:
        _changed()
    outcome: Literal["added", "re-analysed", "unchanged"] = (
        "unchanged" if not analysed else "added" if before is None else "re-analysed"
    )
    return Added(page_id, outcome, comments, claims, warnings)


def stored_keys(path: Path | None = None) -> dict[str, str]:
    """page id -> analysis key of every stored page ({} when there is no store)."""
    path = path or db_path()
    if not path.exists():
        return {}

    def read() -> dict[str, str]:
        with store.open_store(path, read_only=True) as st_:
            return st_.stored_keys()

    return _retry(read)


__all__ = ["AnalysisError", "NotAStore", "StoreData", "StoreError", "load"]
