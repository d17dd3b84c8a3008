"""The embedded DuckDB store: pages, claims, comments, theme hits, links and annotations.

Every write is one transaction, so a failed run leaves the file as it was, and a store that a
failed run created is removed again with any folder made for it. Pages are keyed by id;
`analysis_key` (content hash + analysis version + themes digest) says whether a stored
analysis can be reused.

A file that is no DuckDB database (an SQLite file, a text file) is refused from its header
before DuckDB sees it, and DuckDB never loads or installs an extension (it would otherwise
fetch one over the network to read an SQLite file). Any error of DuckDB while a store is open
(a truncated or damaged file, a full disk) becomes one `StoreError` line; `NotAStore` for a
file that cannot be a store at all.

>>> with open_store(":memory:") as store:
...     store.stored_keys()
{}
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.errors import NotAStore, StoreError
from analysis.model import Analysis
from analysis.store_rows import Rows, moment

DEFAULT_DB = Path("data") / "reader-mood.duckdb"
#: 2: comments carry `posted_at`, the moment their posted text names (`trends.posted_time`).
#: 3: comments carry `mood_explanation`, the mood's reasons as records (`model.Reason`).
SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS pages (
    id VARCHAR PRIMARY KEY,
    source VARCHAR,
    content_hash VARCHAR NOT NULL,
    analysis_key VARCHAR NOT NULL,
    outlet VARCHAR,
    headline VARCHAR,
    kicker VARCHAR,
    byline VARCHAR,
    published DATE,
    speaker VARCHAR,
    body VARCHAR[],
    body_compound DOUBLE[],
    declared_comment_count INTEGER,
    captured_comment_count INTEGER,
    warnings VARCHAR[],
    analysed_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS claims (
    page_id VARCHAR, claim_id VARCHAR, text VARCHAR, speaker VARCHAR, kind VARCHAR,
    paragraph INTEGER, neg DOUBLE, neu DOUBLE, pos DOUBLE, compound DOUBLE,
    PRIMARY KEY (page_id, claim_id)
);
CREATE TABLE IF NOT EXISTS comments (
    page_id VARCHAR, position INTEGER, author VARCHAR, moderated BOOLEAN, text VARCHAR,
    posted VARCHAR, reply_to VARCHAR,
    neg DOUBLE, neu DOUBLE, pos DOUBLE, compound DOUBLE,
    mood VARCHAR, mood_score DOUBLE, mood_reasons VARCHAR[], posted_at TIMESTAMP,
    mood_explanation STRUCT(kind VARCHAR, says VARCHAR, evidence VARCHAR[], effect DOUBLE)[],
    PRIMARY KEY (page_id, position)
);
CREATE TABLE IF NOT EXISTS theme_hits (
    page_id VARCHAR, owner VARCHAR, owner_id VARCHAR, theme VARCHAR, evidence VARCHAR[]
);
CREATE TABLE IF NOT EXISTS links (
    page_id VARCHAR, position INTEGER, claim_id VARCHAR, rank INTEGER, score DOUBLE,
    via VARCHAR, stance VARCHAR
);
CREATE TABLE IF NOT EXISTS annotations (
    page_id VARCHAR, position INTEGER, mood VARCHAR, themes VARCHAR[], note VARCHAR,
    annotated_at TIMESTAMP,
    PRIMARY KEY (page_id, position)
);
"""

_PAGE_TABLES = ("pages", "claims", "comments", "theme_hits", "links")
#: DuckDB settings for every connection: no extension is loaded or installed behind our back.
_CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}
#: A DuckDB file has this at byte 8 (after the header's checksum).
_MAGIC = b"DUCK"
_MAGIC_AT = 8


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store to use: `explicit`, else $READER_MOOD_DB, else data/reader-mood.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("READER_MOOD_DB")
    return Path(env) if env else DEFAULT_DB


@dataclass(frozen=True, slots=True)
class Annotation:
    """A person's reading of a comment, kept beside (never over) the automatic one."""

    page_id: str
    position: int
    mood: str | None
    themes: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Removed:
    """What `Store.remove` took out, to tell the person in one line."""

    page_id: str
    headline: str | None
    comments: int
    claims: int
    annotations: int

    def describe(self) -> str:
        """'ID ("headline"): 7 comment slots, 2 claims, 1 hand reading'.

        >>> Removed("a", "Pay talks", 7, 1, 0).describe()
        'a ("Pay talks"): 7 comment slots, 1 claim'
        """

        def count(n: int, what: str) -> str:
            return f"{n} {what}{'' if n == 1 else 's'}"

        parts = [count(self.comments, "comment slot"), count(self.claims, "claim")]
        if self.annotations:
            parts.append(count(self.annotations, "hand reading"))
        name = f' ("{self.headline}")' if self.headline else ""
        return f"{self.page_id}{name}: {', '.join(parts)}"


class Store:
    """An open DuckDB store. Use `open_store`, which closes it."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    # -- writing -------------------------------------------------------------------------
    def stored_keys(self) -> dict[str, str]:
        """page id -> analysis key of every stored page ({} for a store without pages yet)."""
        tables = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'pages'"
        ).fetchone()
        if not tables or not tables[0]:
            return {}
        rows = self.con.execute("SELECT id, analysis_key FROM pages").fetchall()
        return {str(i): str(k) for i, k in rows}

    def save(
        self, analyses: Sequence[tuple[Analysis, str]], moved: dict[str, str] | None = None
    ) -> None:
        """Replace the stored rows of each page by its new analysis, all in one transaction.

        `moved`: see `move` (in the same transaction).
        """
        if analyses or moved:
            with self.transaction():
                self.write(analyses)
                self.move(moved or {})

    def move(self, moved: dict[str, str]) -> None:
        """`moved` maps pages that another now holds (a Disqus thread stored on its own, now
        the comments of its article's page) to that page: their rows go, and a person's
        readings of their comments move with the comments (same positions). Inside
        `transaction`."""
        for old, new in moved.items():
            for table in _PAGE_TABLES:
                column = "id" if table == "pages" else "page_id"
                self.con.execute(f"DELETE FROM {table} WHERE {column} = ?", [old])
            self.con.execute(
                "DELETE FROM annotations WHERE page_id = ? AND position IN "
                "(SELECT position FROM annotations WHERE page_id = ?)",
                [new, old],
            )
            self.con.execute("UPDATE annotations SET page_id = ? WHERE page_id = ?", [new, old])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: everything written inside is kept together or not at all."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException as exc:
            # A failed COMMIT (a full disk) has already ended the transaction.
            with suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            if not isinstance(exc, duckdb.Error | OSError | pa.ArrowException):
                raise  # not the store's failure: the caller's own error, unchanged
            raise StoreError(f"could not write the store: {_first_line(exc)}") from exc

    def write(self, analyses: Sequence[tuple[Analysis, str]]) -> None:
        """Replace the stored rows of each page by its new analysis (inside `transaction`).

        Rows are gathered per table and written as one Arrow table each (`INSERT … SELECT`),
        not a statement a row: writing takes about as long as gathering the rows.
        """
        now = datetime.now(UTC).replace(tzinfo=None)
        batch = Rows()
        # A page given twice is written once, as its last analysis (as if written in turn).
        last = {analysis.page.id: (analysis, key) for analysis, key in analyses}
        for analysis, key in last.values():
            batch.add(analysis, key, now)
        if not batch.ids:
            return
        self.con.register("_new_ids", pa.table({"id": pa.array(batch.ids, pa.string())}))
        try:
            for table in _PAGE_TABLES:
                column = "id" if table == "pages" else "page_id"
                self.con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM _new_ids)")
            for table, rows in batch.tables().items():
                if rows.num_rows:
                    self.con.register("_new_rows", rows)
                    try:
                        self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _new_rows")
                    finally:
                        self.con.unregister("_new_rows")
        finally:
            self.con.unregister("_new_ids")

    def annotate(self, note: Annotation) -> None:
        """Store (or replace) a person's reading of one comment."""
        now = datetime.now(UTC).replace(tzinfo=None)
        self.con.execute(
            "INSERT OR REPLACE INTO annotations VALUES (?, ?, ?, ?, ?, ?)",
            [note.page_id, note.position, note.mood, list(note.themes), note.note, now],
        )

    def remove_annotation(self, page_id: str, position: int) -> None:
        """Forget a person's reading of one comment; the automatic one is untouched."""
        self.con.execute(
            "DELETE FROM annotations WHERE page_id = ? AND position = ?", [page_id, position]
        )

    def remove(self, page_id: str) -> Removed | None:
        """Remove one stored page and everything stored of it (claims, comments, theme hits,
        links, hand annotations) in one transaction; None when no page has this id. Nothing
        of any other page is touched.
        """
        with self.transaction():
            row = self.con.execute(
                "SELECT headline, (SELECT count(*) FROM comments WHERE page_id = ?), "
                "(SELECT count(*) FROM claims WHERE page_id = ?), "
                "(SELECT count(*) FROM annotations WHERE page_id = ?) FROM pages WHERE id = ?",
                [page_id] * 4,
            ).fetchone()
            if row is None:
                return None
            for table in (*_PAGE_TABLES, "annotations"):
                column = "id" if table == "pages" else "page_id"
                self.con.execute(f"DELETE FROM {table} WHERE {column} = ?", [page_id])
        return Removed(page_id, row[0], int(row[1]), int(row[2]), int(row[3]))

    # -- reading -------------------------------------------------------------------------
    def frame(self, table: str) -> pd.DataFrame:
        """A whole table as a DataFrame (tables are small: one row per comment at most)."""
        if table not in (*_PAGE_TABLES, "annotations"):
            raise ValueError(f"no table {table!r}")
        return self.con.execute(f"SELECT * FROM {table}").df()

    def page_heads(self) -> list[tuple[str, str | None, str | None]]:
        """(id, source, headline) of every stored page, by id."""
        rows = self.con.execute("SELECT id, source, headline FROM pages ORDER BY id").fetchall()
        return [(str(r[0]), r[1], r[2]) for r in rows]

    def page_summary(self, page_id: str) -> tuple[int, int, tuple[str, ...]]:
        """(comment slots, claims, the page's warnings) as stored for one page; (0, 0, ())
        for a page not stored."""
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM comments WHERE page_id = $id),"
            " (SELECT count(*) FROM claims WHERE page_id = $id),"
            " (SELECT warnings FROM pages WHERE id = $id)",
            {"id": page_id},
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1]), tuple(row[2] or ())

    def page_ids(self) -> list[str]:
        """Ids of the stored pages, sorted."""
        return [str(r[0]) for r in self.con.execute("SELECT id FROM pages ORDER BY id").fetchall()]

    def export_labels(self) -> dict[str, Any]:
        """Annotations as a labels file in the format of seed-labels.json (for `evaluate`)."""
        articles: dict[str, Any] = {}
        rows = self.con.execute(
            """
            SELECT p.id, p.outlet, p.headline, p.speaker, p.declared_comment_count,
                   c.position, c.author, c.moderated, c.text, a.mood, a.themes
            FROM annotations a
            JOIN comments c ON c.page_id = a.page_id AND c.position = a.position
            JOIN pages p ON p.id = a.page_id
            ORDER BY p.id, c.position
            """
        ).fetchall()
        for (
            pid,
            outlet,
            headline,
            speaker,
            declared,
            pos,
            author,
            moderated,
            text,
            mood,
            th,
        ) in rows:
            entry = articles.setdefault(
                pid,
                {
                    "outlet": outlet,
                    "headline": headline,
                    "speaker": speaker,
                    "declared_comment_count": declared,
                    "comments_partial": True,
                    "comments": [],
                },
            )
            entry["comments"].append(
                {
                    "position": pos,
                    "author": author,
                    "moderated": bool(moderated),
                    "starts_with": (text or "")[:40] or None,
                    "mood": mood,
                    "themes": list(th or []),
                }
            )
        return {
            "about": "Labels exported from reader-mood annotations; comments not annotated "
            "by hand are left out (comments_partial), and so are claim links (no responds_to).",
            "articles": articles,
        }


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a store written by an earlier version up to `SCHEMA_VERSION`, in place."""
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = int(row[0]) if row is not None and row[0].isdigit() else 1
    if version >= SCHEMA_VERSION:
        return
    con.execute("BEGIN")
    if version < 2:
        _add_posted_moments(con)
    # 2 -> 3: the reasons as records. Rows written before keep NULL there; readers rebuild
    # records from the plain reasons (`Reason.from_text`), so nothing is re-analysed.
    con.execute(
        "ALTER TABLE comments ADD COLUMN IF NOT EXISTS mood_explanation "
        "STRUCT(kind VARCHAR, says VARCHAR, evidence VARCHAR[], effect DOUBLE)[]"
    )
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    con.execute("COMMIT")


def _add_posted_moments(con: duckdb.DuckDBPyConnection) -> None:
    """1 -> 2: each comment's posted moment, read once from the posted texts already stored."""
    con.execute("ALTER TABLE comments ADD COLUMN IF NOT EXISTS posted_at TIMESTAMP")
    texts = [r[0] for r in con.execute("SELECT DISTINCT posted FROM comments").fetchall()]
    moments = [(t, moment(t)) for t in texts if t is not None]
    known = [(t, m) for t, m in moments if m is not None]
    if known:
        table = pa.table(
            {
                "posted": pa.array([t for t, _ in known], pa.string()),
                "moment": pa.array([m for _, m in known], pa.timestamp("us")),
            }
        )
        con.register("_moments", table)
        try:
            con.execute(
                "UPDATE comments SET posted_at = m.moment FROM _moments m "
                "WHERE comments.posted = m.posted"
            )
        finally:
            con.unregister("_moments")


def _first_line(exc: BaseException) -> str:
    """DuckDB's message without the lines of context it adds: the CLI prints one line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def check_file(path: Path) -> None:
    """Raise `NotAStore` unless `path` is missing, or a regular file that may be a DuckDB
    store: an empty file, or one with DuckDB's header. Reads 16 bytes at most.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".duckdb") as f:
    ...     _ = f.write(b"SQLite format 3\\x00" + bytes(100)); f.flush()
    ...     check_file(Path(f.name))
    Traceback (most recent call last):
    ...
    analysis.errors.NotAStore: ...: cannot open the store: an SQLite database, not a DuckDB file
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise NotAStore(f"{path}: cannot open the store ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise NotAStore(f"{path}: cannot open the store: {kind}, not a DuckDB file")
    if info.st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise NotAStore(f"{path}: cannot open the store ({exc.strerror or exc})") from exc
    if head[_MAGIC_AT : _MAGIC_AT + len(_MAGIC)] != _MAGIC:
        if head.startswith(b"SQLite format 3\x00"):
            raise NotAStore(f"{path}: cannot open the store: an SQLite database, not a DuckDB file")
        if len(head) < _MAGIC_AT + len(_MAGIC):
            raise NotAStore(
                f"{path}: cannot open the store: damaged ({len(head)} bytes, cut short)"
            )
        raise NotAStore(f"{path}: cannot open the store: not a DuckDB file (no DuckDB header)")


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    memory = str(path) == ":memory:"
    if read_only and not memory and not path.exists():
        raise StoreError(f"{path}: no store here (run 'reader-mood analyse' first)")
    if not memory:
        check_file(path)
    try:
        if not memory and not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only, config=dict(_CONFIG))
    except (duckdb.Error, OSError) as exc:
        raise StoreError(f"{path}: cannot open the store ({_first_line(exc)})") from exc
    if not read_only:
        try:
            con.execute(_SCHEMA)
            _migrate(con)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )
        except duckdb.Error as exc:
            con.close()
            raise StoreError(f"{path}: cannot write the store ({_first_line(exc)})") from exc
    return con


def _missing_parents(path: Path) -> list[Path]:
    """The folders above `path` that do not exist yet, deepest first."""
    out = []
    for parent in path.parents:
        if parent.exists():
            break
        out.append(parent)
    return out


def _remove_new(path: Path, folders: list[Path]) -> None:
    """Undo a store this run created: the file, its WAL, and the folders made for it."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        with suppress(OSError):
            leftover.unlink(missing_ok=True)
    for folder in folders:
        try:
            folder.rmdir()  # only while empty: never anything else's
        except OSError:
            break


@contextmanager
def open_store(
    path: str | os.PathLike[str] = DEFAULT_DB, read_only: bool = False
) -> Iterator[Store]:
    """Open (creating if needed) the store at `path`; closed on exit.

    Raises `StoreError` (one line) for a store that cannot be opened, and for any DuckDB
    error while it is open (a damaged file, a full disk). When this call created the store
    and the block fails, the new file and the folders made for it are removed again.
    """
    where = Path(path) if str(path) != ":memory:" else Path(":memory:")
    fresh = not read_only and str(path) != ":memory:" and not where.exists()
    folders = _missing_parents(where) if fresh else []
    try:
        con = _connect(where, read_only)
    except BaseException:
        if fresh:
            _remove_new(where, folders)
        raise
    failed = True
    try:
        try:
            yield Store(con)
        except duckdb.Error as exc:
            raise StoreError(
                f"{where}: the store is damaged or unusable ({_first_line(exc)})"
            ) from exc
        failed = False
    finally:
        # Closing after a fatal error (a full disk): nothing more to keep.
        with suppress(duckdb.Error):
            con.close()
        if failed and fresh:
            _remove_new(where, folders)


def labels_json(store: Store) -> str:
    """The exported labels as pretty JSON text."""
    return json.dumps(store.export_labels(), indent=1, ensure_ascii=False)
