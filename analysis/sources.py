"""Read captures from disk into RawPage records. The only module that opens page files.

Three kinds of capture are read, chosen by file suffix (or, for .txt, by an HTML opening):

- ``.txt``: a browser's text of the whole page ("select all, copy"), read as it is.
- ``.html`` / ``.htm``: a saved page. Its text is rendered one block per line, list items
  (comment lists included) as "  • " lines, with lxml (see `layout_html`); the markup is kept
  on `RawPage.html` for metadata (og:site_name, article:published_time, <h1>).
- ``.json`` / ``.csv``: a comment export. JSON: a list of comment objects, or an object with
  a ``comments`` list and optional ``headline`` (or ``title``) and ``published``. CSV: a
  header row and one comment a row. A comment has ``text`` (or ``body``, ``comment``,
  ``message``, ``content``) and optionally ``author`` (or ``name``, ``user``, ``username``),
  ``posted`` (or ``date``, ``created_at``, ``timestamp``, ``time``), ``reply_to`` (or
  ``in_reply_to``) and ``moderated`` (or ``removed``, ``deleted``: true/yes/1). The export
  is rendered as a text page the splitter reads like any other: the headline, a
  "Comments (N)" heading, then per comment a "  • AUTHOR | POSTED" line (or
  "  • AUTHOR wrote:", "  • POSTED", "  •"), an "In reply to NAME" line, and the text as
  written. Posted times are best in a form pages show ("2024-03-03 10:21", "3 March 2024").

Text is decoded as UTF-8 (a BOM is allowed; UTF-16 with a BOM too), else Windows-1252 (so
smart quotes from Windows tools read right). Empty, binary, oversized and undecodable files
raise `UnreadablePage` with one line naming the file; a folder without pages raises `NoPages`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from analysis import layout_html
from analysis.errors import NoPages, UnreadablePage
from analysis.model import RawPage

MAX_BYTES = 20 * 1024 * 1024
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".csv")
#: Share of control characters (other than tab, newline, CR, form feed) that marks binary data.
MAX_CONTROL_SHARE = 0.02
_SNIFF = 8192
_TEXT_CONTROLS = {9, 10, 12, 13}
_TEXT_KEYS = ("text", "body", "comment", "message", "content")
_AUTHOR_KEYS = ("author", "name", "user", "username", "author_name")
_POSTED_KEYS = ("posted", "date", "created_at", "timestamp", "time", "created")
_REPLY_KEYS = ("reply_to", "in_reply_to", "parent_author")
_REMOVED_KEYS = ("moderated", "removed", "deleted")
_YES = {"1", "true", "yes", "y", "removed", "deleted", "moderated"}


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls > MAX_CONTROL_SHARE * max(len(head), 1)


def decode(data: bytes, source: str = "page") -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), UTF-16 with a BOM, else cp1252; reject binary.

    >>> decode("It’s".encode("cp1252"))
    ('It’s', 'cp1252')
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadablePage(f"{source}: broken UTF-16 text") from exc
    if _looks_binary(data):
        raise UnreadablePage(f"{source}: binary data, not a text page")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadablePage(f"{source}: not text in UTF-8 or Windows-1252")


def _kind(source: str, text: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    opening = text.lstrip()[:200].lower()
    if opening.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def read_bytes(data: bytes, *, page_id: str, source: str) -> RawPage:
    """Turn the bytes of one capture into a RawPage; `source`'s suffix says which kind."""
    if len(data) > MAX_BYTES:
        raise UnreadablePage(
            f"{source}: {len(data) / 1e6:.0f} MB is too large for one page "
            f"(limit {MAX_BYTES / 1e6:.0f} MB)"
        )
    if not data.strip():
        raise UnreadablePage(f"{source}: empty file")
    text, encoding = decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadablePage(f"{source}: empty file")
    kind = _kind(source, text)
    markup: str | None = None
    if kind == "html":
        markup, text = text, layout_html.to_text(text)
        if not text.strip():
            raise UnreadablePage(f"{source}: HTML page with no text in it")
    elif kind == "json":
        text = _render_export(*_json_export(text, source))
    elif kind == "csv":
        text = _render_export(*_csv_export(text, source))
    return RawPage(
        id=page_id,
        source=source,
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        html=markup,
        encoding=encoding,
    )


def read_path(path: Path) -> RawPage:
    """Read one capture file; files over MAX_BYTES are refused before they are read."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UnreadablePage(f"{path}: a folder, not a page file")
        if size > MAX_BYTES:
            raise UnreadablePage(
                f"{path}: {size / 1e6:.0f} MB is too large for one page "
                f"(limit {MAX_BYTES / 1e6:.0f} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadablePage(f"{path}: {exc.strerror or exc}") from exc
    return read_bytes(data, page_id=path.stem, source=str(path))


def page_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the page files directly inside them, sorted; files pass through."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in PAGE_SUFFIXES
            )
            if not inside:
                kinds = ", ".join(PAGE_SUFFIXES)
                raise NoPages(f"{path}: no page files ({kinds}) in this folder")
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise UnreadablePage(f"{path}: no such file or folder")
    return found


def iter_pages(paths: Iterable[Path]) -> Iterator[RawPage]:
    """Read every page under `paths`, in order."""
    for path in page_files(paths):
        yield read_path(path)


# --- comment exports -------------------------------------------------------------------


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if value is not None and str(value).strip():
            return str(value)
    return None


def _removed(record: dict[str, Any]) -> bool:
    value = _pick(record, _REMOVED_KEYS)
    return value is not None and value.strip().lower() in _YES


def _json_export(text: str, source: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadablePage(f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    head: dict[str, Any] = {}
    if isinstance(data, dict):
        head, data = data, data.get("comments")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise UnreadablePage(
            f"{source}: JSON is not a comment export "
            "(expected a list of {author, text} objects, or an object with a 'comments' list)"
        )
    if data and not any({str(k).lower() for k in r} & set(_TEXT_KEYS) for r in data):
        raise UnreadablePage(f"{source}: JSON comment export without a 'text' field")
    return head, data


def _csv_export(text: str, source: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
        rows = [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    except csv.Error as exc:
        raise UnreadablePage(f"{source}: not a readable CSV file ({exc})") from exc
    if not fields & set(_TEXT_KEYS):
        found = ", ".join(sorted(fields)) or "none"
        raise UnreadablePage(f"{source}: CSV comment export needs a 'text' column (found: {found})")
    return {}, rows


def _render_export(head: dict[str, Any], records: list[dict[str, Any]]) -> str:
    """A comment export as a text page (the form in the module docstring)."""
    out: list[str] = []
    headline = _pick(head, ("headline", "title"))
    if headline:
        out += [" ".join(headline.split()), ""]
    published = _pick(head, ("published", "date"))
    if published:
        out += [" ".join(published.split()), ""]
    count = _pick(head, ("comment_count", "declared_comment_count"))
    declared = count if count and count.strip().isdigit() else str(len(records))
    out += [f"Comments ({declared.strip()})", ""]
    for record in records:
        text = (_pick(record, _TEXT_KEYS) or "").replace("\r\n", "\n").replace("\r", "\n")
        author = _pick(record, _AUTHOR_KEYS)
        posted = _pick(record, _POSTED_KEYS)
        reply_to = _pick(record, _REPLY_KEYS)
        author = " ".join(author.split()) if author else None
        posted = " ".join(posted.split()) if posted else None
        if author and posted:
            out.append(f"  • {author} | {posted}")
        elif author:
            out.append(f"  • {author} wrote:")
        else:
            out.append(f"  • {posted or ''}".rstrip())
        if reply_to:
            out.append(f"In reply to {' '.join(reply_to.split())}")
        if _removed(record):
            out += ["This comment was removed by a moderator", ""]
            continue
        out += [text.strip(), ""]
    return "\n".join(out) + "\n"
