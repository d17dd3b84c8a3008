"""Read captures from disk into RawPage records. The only module that opens page files.

Three kinds of capture are read, chosen by file suffix (or, for .txt, by an HTML opening):

- ``.txt``: a browser's text of the whole page ("select all, copy"), read as it is.
- ``.html`` / ``.htm``: a saved page. Its text is rendered one block per line, list items
  (comment lists included) as "  • " lines, with lxml (see `layout_html`); the markup is kept
  on `RawPage.html` for metadata (og:site_name, article:published_time, <h1>).
- ``.json`` / ``.csv``: a comment export. JSON: a list of comment objects, or an object with
  a ``comments`` list and optional ``headline`` (or ``title``), ``published`` (or ``date``),
  ``outlet`` (or ``site_name``, ``publisher``) and ``comment_count``. CSV: a header row and
  one comment a row. A comment has ``text`` (or ``body``, ``comment``, ``message``,
  ``content``) and optionally ``author`` (or ``name``, ``user``, ``username``), ``posted``
  (or ``date``, ``created_at``, ``timestamp``, ``time``), ``reply_to`` (or ``in_reply_to``)
  and ``moderated`` (or ``removed``, ``deleted``: true/yes/1). The records are kept on
  `RawPage.export` and the splitter takes them as they are (a comment's text exactly as
  exported, "+1" and "Reply" included); `RawPage.text` is only a rendering to show: the
  headline, a "Comments (N)" heading, then per comment a "  • AUTHOR | POSTED" line, an
  "In reply to NAME" line, and the text. Text fields (comment text, headline, outlet) must
  be strings or null; author, posted and reply_to may also be numbers (a user id, an epoch
  time), written out as text. Anything else (a list, an object, true/false) is refused with
  `UnreadablePage` naming the field and the comment's number.
- A ``.txt`` file that opens (after a BOM and white space) with ``<!doctype html``,
  ``<html``, or with ``<!--``, ``<head``, ``<body`` or ``<meta`` followed by more page tags,
  is read as HTML. HTML nested deeper than lxml reads (256 levels) loses the text below that
  depth: the page gets a warning, or is refused when nothing above that depth is text.

Text is decoded as UTF-8 (a BOM is allowed; UTF-16 with a BOM too), else Windows-1252 (so
smart quotes from Windows tools read right). Empty, binary, oversized and undecodable files
raise `UnreadablePage` with one line naming the file; a folder without pages raises `NoPages`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from analysis import layout_html
from analysis.errors import NoPages, UnreadablePage
from analysis.model import CommentExport, ExportComment, RawPage

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
#: Leading HTML comments ("<!-- saved from url=… -->") before the first tag.
_LEADING_COMMENTS = re.compile(r"(?:<!--.*?-->\s*)+", re.DOTALL)
#: Tags that open a saved page (or the start of its head/body).
_PAGE_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|base|div|header|main|"
    r"article|section|nav|p|h[1-6])\b[^<>]*>",
)
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
    opening = text.lstrip("\ufeff \t\n\f\v")[:_SNIFF].lower()
    if opening.startswith(("<!doctype html", "<html")):
        return "html"
    # A page saved without its <html> line opens with a comment, <head>, <body> or <meta>,
    # then goes on in tags; a text capture that merely starts with such a word does not.
    if opening.startswith(("<!--", "<head", "<body", "<meta")):
        rest = opening
        comments = _LEADING_COMMENTS.match(rest)
        if comments:
            rest = rest[comments.end() :]
        first = _PAGE_TAG.match(rest)
        if first and _PAGE_TAG.search(rest, first.end(), first.end() + 2000):
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
    export: CommentExport | None = None
    warnings: tuple[str, ...] = ()
    if kind == "html":
        markup, (text, too_deep) = text, layout_html.read_text(text)
        if not text.strip():
            if too_deep:
                raise UnreadablePage(
                    f"{source}: HTML nested deeper than the parser reads (no text above that depth)"
                )
            raise UnreadablePage(f"{source}: HTML page with no text in it")
        if too_deep:
            warnings = (
                "HTML nested deeper than the parser reads: text below that depth is missing",
            )
    elif kind in ("json", "csv"):
        read = _json_export if kind == "json" else _csv_export
        export = _export(*read(text, source), source)
        text = _render_export(export)
    return RawPage(
        id=page_id,
        source=source,
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        html=markup,
        encoding=encoding,
        warnings=warnings,
        export=export,
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


def _pick(
    record: dict[str, Any],
    keys: tuple[str, ...],
    where: str,
    *,
    numbers: bool = True,
    keep_blank: bool = False,
) -> str | None:
    """The first of `keys` that holds a non-blank value, as text.

    Lists, objects and true/false are refused (they are never text a page shows); numbers
    are written out as text where `numbers` (an author id 1042, a posted time 1699431300),
    refused elsewhere. With `keep_blank` a blank string is returned as it is when no key
    holds more.
    """
    lowered = {str(k).lower(): v for k, v in record.items()}
    blank: str | None = None
    for key in keys:
        value = lowered.get(key)
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (str, int, float))
            or (not numbers and not isinstance(value, str))
        ):
            kind = "true/false" if isinstance(value, bool) else type(value).__name__
            raise UnreadablePage(f"{where}: '{key}' is {_a(kind)}, not text")
        value = str(value)
        if value.strip():
            return value
        if blank is None:
            blank = value
    return blank if keep_blank else None


def _a(kind: str) -> str:
    names = {"dict": "an object", "list": "a list", "int": "a number", "float": "a number"}
    return names.get(kind, kind if kind == "true/false" else f"a {kind}")


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _flag(record: dict[str, Any], where: str) -> bool:
    """Whether any of the removed/deleted/moderated fields says yes."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    found = False
    for key in _REMOVED_KEYS:
        value = lowered.get(key)
        if value is None:
            continue
        if isinstance(value, bool | int | float):
            found = found or bool(value)
        elif isinstance(value, str):
            found = found or value.strip().lower() in _YES
        else:
            raise UnreadablePage(f"{where}: '{key}' is {_a(type(value).__name__)}, not a flag")
    return found


def _comments(records: list[dict[str, Any]], source: str) -> tuple[ExportComment, ...]:
    out: list[ExportComment] = []
    for n, record in enumerate(records, start=1):
        where = f"{source}: comment {n}"
        moderated = _flag(record, where)
        text = _pick(record, _TEXT_KEYS, where, numbers=False, keep_blank=True) or ""
        out.append(
            ExportComment(
                author=_one_line(_pick(record, _AUTHOR_KEYS, where)),
                # The reader's words exactly as exported; a removed comment has none.
                text="" if moderated else text,
                moderated=moderated,
                posted=_one_line(_pick(record, _POSTED_KEYS, where)),
                reply_to=_one_line(_pick(record, _REPLY_KEYS, where)),
            )
        )
    return tuple(out)


def _export(head: dict[str, Any], records: list[dict[str, Any]], source: str) -> CommentExport:
    """The export's records, checked: a field that is not text names itself and its record."""
    count = head.get("comment_count", head.get("declared_comment_count"))
    if isinstance(count, str) and count.strip().isdigit():
        count = int(count)
    declared = count if isinstance(count, int) and not isinstance(count, bool) else None
    return CommentExport(
        comments=_comments(records, source),
        headline=_one_line(_pick(head, ("headline", "title"), source, numbers=False)),
        published=_one_line(_pick(head, ("published", "date"), source)),
        outlet=_one_line(_pick(head, ("outlet", "site_name", "publisher"), source, numbers=False)),
        declared_comment_count=declared if declared is not None else len(records),
    )


def _json_export(text: str, source: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadablePage(f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    except RecursionError as exc:
        # The standard parser recurses per level: "[[[[…" thousands deep is not an export.
        raise UnreadablePage(f"{source}: JSON nested too deeply to be a comment export") from exc
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
        # Cells past the header's width come under the key None: not a field of the export.
        rows = [{(k or "").strip(): v for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        raise UnreadablePage(f"{source}: not a readable CSV file ({exc})") from exc
    if not fields & set(_TEXT_KEYS):
        found = ", ".join(sorted(fields)) or "none"
        raise UnreadablePage(f"{source}: CSV comment export needs a 'text' column (found: {found})")
    return {}, rows


def _render_export(export: CommentExport) -> str:
    """A comment export as a page to read (the form in the module docstring); display only."""
    out: list[str] = []
    if export.headline:
        out += [export.headline, ""]
    if export.published:
        out += [export.published, ""]
    out += [f"Comments ({export.declared_comment_count})", ""]
    for c in export.comments:
        if c.author and c.posted:
            out.append(f"  • {c.author} | {c.posted}")
        elif c.author:
            out.append(f"  • {c.author} wrote:")
        else:
            out.append(f"  • {c.posted or ''}".rstrip())
        if c.reply_to:
            out.append(f"In reply to {c.reply_to}")
        if c.moderated:
            out += ["This comment was removed by a moderator", ""]
            continue
        out += [c.text.replace("\r\n", "\n").replace("\r", "\n"), ""]
    return "\n".join(out) + "\n"
