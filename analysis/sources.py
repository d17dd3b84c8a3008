"""Read captures from disk into RawPage records. The only module that opens page files.

Three kinds of capture are read, chosen by file suffix (or, for .txt, by an HTML opening):

- ``.txt``: a browser's text of the whole page ("select all, copy"), read as it is.
- ``.html`` / ``.htm``: a saved page. Its text is rendered one block per line, list items
  (comment lists included) as "  • " lines, with lxml (see `layout_html`); the markup is kept
  on `RawPage.html` for metadata (og:site_name, article:published_time, <h1>).
- ``.json`` / ``.csv``: a comment export. JSON: a list of comment objects, or an object with
  a ``comments`` list and optional ``headline`` (or ``title``), ``published`` (or ``date``),
  ``outlet`` (or ``site_name``, ``publisher``) and ``comment_count``; or the response of a
  platform's API as saved (YouTube's ``commentThreads``, Facebook's Graph ``comments``,
  Reddit's ``.json`` listings): then every object holding a comment's text is a comment, in
  document order, and one nested in another comment's object or thread answers it. CSV: a
  header row and one comment a row. Field names are compared without case, "_", "-" or
  spaces. A comment has ``text`` (or ``body``, ``comment``, ``message``, ``content``,
  ``textOriginal``, ``comment_body``; HTML-only ``textDisplay`` is read as a browser shows
  it) and optionally ``author`` (or ``name``, ``user``, ``username``, ``authorDisplayName``,
  ``from``: {``name``}), ``posted`` (or ``date``, ``created_at``, ``created_time``,
  ``publishedAt``, ``timestamp``, ``time``), ``reply_to`` (or ``in_reply_to``; else the
  author of the comment whose ``id`` its ``parent_id``/``parent``/``parentId`` names) and
  ``moderated`` (or ``removed``, ``deleted``: true/yes/1; or a ``status`` such as deleted,
  spam, rejected; or Reddit's placeholders, author "[deleted]" and text "[removed]"). The
  records are kept on
  `RawPage.export` and the splitter takes them as they are (a comment's text exactly as
  exported, "+1" and "Reply" included); `RawPage.text` is only a rendering to show: the
  headline, a "Comments (N)" heading, then per comment a "  • AUTHOR | POSTED" line, an
  "In reply to NAME" line, and the text. Text fields (comment text, headline, outlet) must
  be strings or null; author, posted and reply_to may also be numbers (a user id, an epoch
  time), written out as text. Anything else (a list, an object, true/false) is refused with
  `UnreadablePage` naming the field and the comment's number.
- ``.xml``: Disqus's XML export, read by `disqus` with a hardened parser (no entity is
  expanded, nothing outside the file fetched): one RawPage for each thread with posts,
  its comments as an export's records (`read_pages`; `read_bytes` refuses an export of
  several threads). XHTML is read as HTML; other XML is refused in one line. A ``.txt``
  file that opens with an XML declaration and ``<disqus`` is read the same way.
- A ``.txt`` file that opens (after a BOM and white space) with ``<!doctype html``,
  ``<html``, or with ``<!--``, ``<head``, ``<body`` or ``<meta`` followed by more page tags,
  is read as HTML. HTML nested deeper than lxml reads (256 levels) loses the text below that
  depth: the page gets a warning, or is refused when nothing above that depth is text.

Text is decoded as UTF-8 (a BOM is allowed; UTF-16 and UTF-32 with a BOM too), else
Windows-1252 (so smart quotes from Windows tools read right), else UTF-8 with the few stray
bytes replaced and a warning (pages pasted together from two code pages). Empty, binary and
oversized files raise `UnreadablePage` with one line naming the file; a folder without pages
raises `NoPages`.

Only regular files are read, and at most `MAX_BYTES` of them whatever their size claims:
a device (/dev/zero), a FIFO or a socket is refused from its type before it is opened, so
nothing hangs waiting for a writer. JSON is read with limits (`jsontext`): nesting deeper than
200 levels or a number over 40 digits is refused in one line. A declared comment count that
no page could hold (negative, or 2³¹ and over) is dropped with a warning. Text that is no
Unicode (a lone surrogate from a "\\udc80" escape, a file name in another encoding) becomes
U+FFFD, so it can be printed and stored.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from analysis import disqus, jsontext, layout_html
from analysis.errors import AnalysisError, NoPages, UnreadablePage
from analysis.model import CommentExport, ExportComment, RawPage

MIB = 1024 * 1024
#: The largest page file read, in bytes (20 MiB).
MAX_BYTES = 20 * MIB
#: The largest declared comment count kept (the store's INTEGER column holds below 2³¹).
MAX_DECLARED_COUNT = 2**31 - 1
#: The encoding `decode` reports for UTF-8 read with its few undecodable bytes replaced.
REPLACED = "utf-8 (some bytes replaced)"
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".csv", ".xml")
#: Share of control characters (other than tab, newline, CR, form feed) that marks binary data.
MAX_CONTROL_SHARE = 0.02
_SNIFF = 8192
_TEXT_CONTROLS = {9, 10, 12, 13}
# Field names of comment exports, compared without case, "_", "-" or spaces ("textOriginal",
# "comment_body", "created-time"): those of this tool's own exports first, then those of the
# tools people export comments from (YouTube's API, Facebook's Graph API, Reddit's JSON,
# moderation tools' CSVs). HTML text ("textDisplay") only when no plain text is there.
_TEXT_KEYS = (
    "text", "body", "rawmessage", "comment", "message", "content", "textoriginal",
    "commenttext", "commentbody", "commentcontent", "textdisplay", "bodyhtml",
)  # fmt: skip
_AUTHOR_KEYS = (
    "author", "name", "user", "username", "authorname", "authordisplayname", "displayname",
    "from", "by", "screenname", "commenter", "poster",
)  # fmt: skip
_POSTED_KEYS = (
    "posted", "date", "createdat", "timestamp", "time", "created", "createdtime",
    "publishedat", "createdutc", "postedat", "datetime",
)  # fmt: skip
_REPLY_KEYS = ("replyto", "inreplyto", "parentauthor")
_REMOVED_KEYS = ("moderated", "removed", "deleted", "isdeleted", "isremoved", "hidden")
#: A status field ("status", "state") with one of these values marks a comment not shown.
_STATUS_KEYS = ("status", "state", "moderationstatus")
_HIDDEN_STATUS = {
    "deleted", "removed", "spam", "trash", "trashed", "rejected", "hidden", "moderated",
    "blocked", "banned", "unapproved",
}  # fmt: skip
#: Keys holding a comment's own id, and the id of the comment it answers.
_ID_KEYS = ("id", "commentid", "cid")
_PARENT_KEYS = ("parentid", "parent", "inreplytoid", "parentcommentid", "replytoid")
#: Keys under which a record points at another comment rather than holding one.
_REFERENCE_KEYS = {"parent", "inreplyto", "replyto", "quoted", "quote", "original"}
_HTML_TEXT_KEYS = {"textdisplay", "bodyhtml"}
#: Markup in a text field of an export that holds HTML ("<p>", "&#x27;").
_MARKUP = re.compile(
    r"<(?:p|br|i|b|a|em|strong|code|pre)\b[^>]*>|&(?:#x?[0-9a-f]+|quot|amp|lt|gt|apos);", re.I
)
_PLACEHOLDERS = {"[removed]", "[deleted]"}
#: Parts of the keys of embedded media ("secure_media_embed", "oembed", "preview"): their
#: "content" and "html" are a player's markup, not a comment.
_MEDIA_KEY_PARTS = ("media", "embed", "preview", "thumbnail", "attachment")
#: Leading HTML comments ("<!-- saved from url=… -->") before the first tag.
_LEADING_COMMENTS = re.compile(r"(?:<!--.*?-->\s*)+", re.DOTALL)
#: Tags that open a saved page (or the start of its head/body).
_PAGE_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|base|div|header|main|"
    r"article|section|nav|p|h[1-6])\b[^<>]*>",
)
_XML_DECLARATION = re.compile(r"\A<\?xml\b[^>]{0,500}\?>")
_KEY_CHARS = re.compile(r"[\s_\-]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_YES = {"1", "true", "yes", "y", "removed", "deleted", "moderated"}


def _page_text(markup: str) -> tuple[str, bool]:
    """A saved page's text as the splitter reads it (one block a line), and whether the page
    nested deeper than the parser reads."""
    from analysis import rules
    from analysis.pages import dom

    reading = dom.read(markup, rules.load().pages.dom)
    return (reading.text, reading.too_deep) if reading is not None else ("", False)


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls > MAX_CONTROL_SHARE * max(len(head), 1)


def decode(data: bytes, source: str = "page") -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), UTF-32 or UTF-16 with a BOM, else cp1252; reject
    binary.

    >>> decode("It’s".encode("cp1252"))
    ('It’s', 'cp1252')
    >>> decode("It’s".encode("utf-32"))
    ('It’s', 'utf-32')
    """
    # UTF-32's little-endian BOM starts with UTF-16's: look for it first.
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError as exc:
            raise UnreadablePage(f"{source}: broken UTF-32 text") from exc
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
    # Mostly UTF-8 with stray bytes of another code page (pages pasted together): read it,
    # with the few bad bytes replaced, and say so.
    return data.decode("utf-8-sig", errors="replace"), REPLACED


def _kind(source: str, text: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    opening = text.lstrip("\ufeff \t\n\f\v")[:_SNIFF].lower()
    if disqus.looks_like(opening):
        return "disqus"
    if suffix == ".xml":
        # XHTML opens <?xml …?> then its page; any other XML is read (and refused, unless it
        # is a Disqus export) by the hardened XML reader, never as a page of text.
        rest = _XML_DECLARATION.sub("", opening, count=1).lstrip()
        return "html" if rest.startswith(("<!doctype html", "<html")) else "disqus"
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


def _too_large(
    source: object,
    size: int | None,
    limit: int = MAX_BYTES,
    error: type[AnalysisError] = UnreadablePage,
) -> AnalysisError:
    """The one-line refusal of a file over `limit` bytes; `size` None when it is not known.

    >>> str(_too_large("big.txt", 22_020_096))
    'big.txt: 21.0 MiB is too large (limit 20 MiB)'
    """
    held = f"{size / MIB:.1f} MiB" if size is not None else f"more than {limit / MIB:g} MiB"
    return error(f"{source}: {held} is too large (limit {limit / MIB:g} MiB)")


def unicode_text(text: str) -> str:
    """`text` with any lone surrogate (no Unicode character: it cannot be printed, encoded
    or stored) made U+FFFD, the replacement character.

    >>> unicode_text("caf\\udce9 ok")
    'caf� ok'
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def read_bytes(data: bytes, *, page_id: str, source: str) -> RawPage:
    """Turn the bytes of one capture into a RawPage; `source`'s suffix says which kind.

    A Disqus export of several threads (several pages) is refused: read it with `read_pages`.
    """
    pages = read_pages(data, page_id=page_id, source=source)
    if len(pages) > 1:
        raise UnreadablePage(
            f"{source}: a Disqus export of {len(pages)} threads, one page each; "
            "analyse it with 'reader-mood analyse'"
        )
    return pages[0]


def read_pages(data: bytes, *, page_id: str, source: str) -> list[RawPage]:
    """The pages of one capture file: one, or one for each thread of a Disqus export that
    has comments (ids `page_id`-THREAD when there are several, see `_disqus_pages`)."""
    if len(data) > MAX_BYTES:
        raise _too_large(source, len(data))
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
    if encoding == REPLACED:
        bad = text.count("\ufffd")
        warnings = (f"{bad} byte(s) were not UTF-8 or Windows-1252 text and are shown as \ufffd",)
    if kind == "disqus":
        return _disqus_pages(text, page_id=page_id, source=source, read=(encoding, warnings))
    if kind == "html":
        markup, (text, too_deep) = text, _page_text(text)
        if not text.strip():
            if too_deep:
                raise UnreadablePage(
                    f"{source}: HTML nested deeper than the parser reads (no text above that depth)"
                )
            raise UnreadablePage(f"{source}: HTML page with no text in it")
        if too_deep:
            warnings += (
                "HTML nested deeper than the parser reads: text below that depth is missing",
            )
    elif kind in ("json", "csv"):
        read = _json_export if kind == "json" else _csv_export
        head, records, threads = read(text, source)
        export, export_warnings = _export(head, records, source, threads)
        warnings += export_warnings
        text = _render_export(export)
    return [
        RawPage(
            id=page_id,
            source=source,
            text=text,
            content_hash=hashlib.sha256(data).hexdigest(),
            html=markup,
            encoding=encoding,
            warnings=warnings,
            export=export,
        )
    ]


def _disqus_pages(
    text: str, *, page_id: str, source: str, read: tuple[str, tuple[str, ...]]
) -> list[RawPage]:
    """One page for each thread of a Disqus export that has comments.

    A page's id is `page_id` when the export has one such thread, else `page_id`-KEY (the
    thread's ``dsq:id``, so it stays the same in a later, larger export); its source is the
    thread's link (else FILE#thread-KEY); its content hash is that of the thread alone, so
    a new export re-analyses only the threads that changed.
    """
    encoding, warnings = read
    # The XML declaration must open the text: white space before it is no XML error here.
    threads = disqus.read(text.lstrip("\ufeff \t\n"), source)
    if not threads:
        raise UnreadablePage(f"{source}: a Disqus export without comments (no <post> in it)")
    pages: list[RawPage] = []
    seen: set[str] = set()
    for n, thread in enumerate(threads, start=1):
        key = _safe_key(thread.key) or str(n)
        if key in seen:
            key = f"{key}-{n}"
        seen.add(key)
        export = dataclasses.replace(thread.export, link=thread.link, platform="disqus")
        pages.append(
            RawPage(
                id=page_id if len(threads) == 1 else f"{page_id}-{key}",
                source=thread.link or f"{source}#thread-{key}",
                text=_render_export(export),
                content_hash=hashlib.sha256(repr(export).encode("utf-8", "replace")).hexdigest(),
                encoding=encoding,
                warnings=(*warnings, *thread.warnings),
                export=export,
            )
        )
    return pages


def _safe_key(key: str) -> str:
    """A thread id as part of a page id: letters, digits, "-" and "_" only, at most 40.

    >>> _safe_key("1234567890"), _safe_key("a/b c")
    ('1234567890', 'a-b-c')
    """
    return "-".join(re.findall(r"[A-Za-z0-9_]+", key))[:40]


def _not_regular(mode: int) -> str | None:
    """What a file of `mode` is when it is no regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_limited(
    path: Path,
    limit: int = MAX_BYTES,
    what: str = "a page file",
    error: type[AnalysisError] = UnreadablePage,
) -> bytes:
    """The bytes of the regular file at `path`, never more than `limit` read.

    The file's type is checked before it is opened (a FIFO would block the open until a
    writer came), and again on the open descriptor; the size its metadata claims is not
    trusted (/proc files and growing files claim less than they hold). Raises `error` with
    one line naming the file for anything else: missing, unreadable, a folder, a device, a
    FIFO, a socket, or over `limit`.
    """
    try:
        info = path.stat()
        kind = _not_regular(info.st_mode)
        if kind is not None:
            raise error(f"{path}: {kind}, not {what}")
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit, error)
        # O_NONBLOCK: should a FIFO be swapped in after the check, the open does not wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            kind = _not_regular(os.fstat(handle.fileno()).st_mode)
            if kind is not None:
                raise error(f"{path}: {kind}, not {what}")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"{path}: cannot read {what} ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise _too_large(path, None, limit, error)
    return data


def read_path(path: Path) -> RawPage:
    """Read one capture file: a regular file, at most MAX_BYTES of it (`read_limited`)."""
    data = read_limited(path)
    # A file name in another encoding reaches Python with lone surrogates: shown as U+FFFD.
    return read_bytes(data, page_id=unicode_text(path.stem), source=unicode_text(str(path)))


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


def read_path_pages(path: Path) -> list[RawPage]:
    """`read_path`, but every page of the file: one for each thread of a Disqus export."""
    data = read_limited(path)
    return read_pages(data, page_id=unicode_text(path.stem), source=unicode_text(str(path)))


def iter_pages(paths: Iterable[Path]) -> Iterator[RawPage]:
    """Read every page under `paths`, in order (a Disqus export gives one for each thread)."""
    for path in page_files(paths):
        yield from read_path_pages(path)


# --- comment exports -------------------------------------------------------------------


def _key(name: object) -> str:
    """A field name as compared ("authorDisplayName", "author_display_name": the same)."""
    return _key_of(name) if isinstance(name, str) else _key_of(str(name))


@functools.lru_cache(maxsize=4096)
def _key_of(name: str) -> str:
    # An export repeats a few field names in every record: each is worked out once.
    return _KEY_CHARS.sub("", name.lower())


def _fields(record: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """`record`'s fields by compared name: (name as written, value); the first of a name wins."""
    out: dict[str, tuple[str, Any]] = {}
    for name, value in record.items():
        out.setdefault(_key(name), (str(name), value))
    return out


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
    refused elsewhere. An object naming someone ({"name": "Gary"}, as Facebook's "from") gives
    its name. With `keep_blank` a blank string is returned as it is when no key holds more.
    """
    fields = _fields(record)
    blank: str | None = None
    for wanted in keys:
        key, value = fields.get(wanted, (wanted, None))
        if isinstance(value, dict) and keys is _AUTHOR_KEYS:
            value = _pick(value, ("name", "displayname", "username", "login"), where)
        elif (
            isinstance(value, dict)
            and keys is _TEXT_KEYS
            and _fields(value).keys()
            & {
                "raw",
                "rendered",
            }
        ):
            # WordPress's REST API: {"raw": text} when allowed, else {"rendered": HTML}.
            inner = _fields(value)
            raw = inner.get("raw", ("", None))[1]
            rendered = inner.get("rendered", ("", None))[1]
            value = (
                raw
                if isinstance(raw, str)
                else (
                    layout_html.fragment_text(rendered) if isinstance(rendered, str) else rendered
                )
            )
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (str, int, float))
            or (not numbers and not isinstance(value, str))
        ):
            kind = "true/false" if isinstance(value, bool) else type(value).__name__
            raise UnreadablePage(f"{where}: '{key}' is {_a(kind)}, not text")
        value = unicode_text(str(value))
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
    """Whether any of the removed/deleted/moderated fields says yes, or a status field says
    the comment is not shown ("deleted", "spam", "rejected")."""
    fields = _fields(record)
    for wanted in _STATUS_KEYS:
        _, status = fields.get(wanted, ("", None))
        if isinstance(status, str) and status.strip().lower() in _HIDDEN_STATUS:
            return True
    found = False
    for wanted in _REMOVED_KEYS:
        key, value = fields.get(wanted, (wanted, None))
        if value is None:
            continue
        if isinstance(value, bool | int | float):
            found = found or bool(value)
        elif isinstance(value, str):
            found = found or value.strip().lower() in _YES
        else:
            raise UnreadablePage(f"{where}: '{key}' is {_a(type(value).__name__)}, not a flag")
    return found


def _comments(
    records: list[dict[str, Any]], source: str, threads: list[int | None] | None = None
) -> tuple[ExportComment, ...]:
    """The comments of `records`, in order. `threads` gives, for a record found nested in a
    thread, the index of the record it answers (from the export's shape)."""
    out: list[ExportComment] = []
    by_id: dict[str, str | None] = {}
    for n, record in enumerate(records, start=1):
        where = f"{source}: comment {n}"
        moderated = _flag(record, where)
        fields = _fields(record)
        text = _pick(record, _TEXT_KEYS, where, numbers=False, keep_blank=True) or ""
        author = _one_line(_pick(record, _AUTHOR_KEYS, where))
        # The placeholders a site leaves for a removed comment (Reddit's author "[deleted]"
        # with the text "[removed]"): nobody wrote them.
        moderated = moderated or (
            text.strip().lower() in _PLACEHOLDERS and (author or "").lower() in _PLACEHOLDERS
        )
        plain = [k for k in _TEXT_KEYS if k in fields and k not in _HTML_TEXT_KEYS]
        if (any(k in fields for k in _HTML_TEXT_KEYS) and not plain) or (
            plain and plain[0] == "commenttext" and _MARKUP.search(text)
        ):
            text = layout_html.fragment_text(text)  # only HTML text was exported
        reply_to = _one_line(_pick(record, _REPLY_KEYS, where))
        if reply_to is None:
            parent = _parent_id(fields)
            if parent is not None and parent in by_id:
                reply_to = by_id[parent]
            elif threads is not None and threads[n - 1] is not None:
                reply_to = out[threads[n - 1]].author  # type: ignore[index]
        own = _own_id(fields)
        if own is not None:
            by_id.setdefault(own, author)
        out.append(
            ExportComment(
                author=author,
                # The reader's words exactly as exported; a removed comment has none.
                text="" if moderated else text,
                moderated=moderated,
                posted=_one_line(_pick(record, _POSTED_KEYS, where)),
                reply_to=reply_to,
            )
        )
    return tuple(out)


def _own_id(fields: dict[str, tuple[str, Any]]) -> str | None:
    for wanted in _ID_KEYS:
        _, value = fields.get(wanted, ("", None))
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _parent_id(fields: dict[str, tuple[str, Any]]) -> str | None:
    """The id of the comment this one answers ("parent_id": "c_50211", "parent": {"id": …})."""
    for wanted in _PARENT_KEYS:
        _, value = fields.get(wanted, ("", None))
        if isinstance(value, dict):
            value = _own_id(_fields(value))
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _export(
    head: dict[str, Any],
    records: list[dict[str, Any]],
    source: str,
    threads: list[int | None] | None = None,
) -> tuple[CommentExport, tuple[str, ...]]:
    """The export's records, checked: a field that is not text names itself and its record;
    and the warnings of reading it (a declared count no page could have, dropped)."""
    fields = _fields(head)
    summary = fields.get("summary", ("", None))[1]
    count = next(
        (
            v
            for k in ("commentcount", "declaredcommentcount", "totalcount", "totalcomments")
            for v in [fields.get(k, ("", None))[1]]
            if v is not None
        ),
        summary.get("total_count") if isinstance(summary, dict) else None,
    )
    if isinstance(count, str) and count.strip().isdigit() and len(count.strip()) <= 12:
        count = int(count)
    declared = count if isinstance(count, int) and not isinstance(count, bool) else None
    warnings: tuple[str, ...] = ()
    if declared is not None and not 0 <= declared <= MAX_DECLARED_COUNT:
        warnings = (f"declared comment count {declared} is not a count of comments; ignored",)
        declared = None
    export = CommentExport(
        comments=_comments(records, source, threads),
        headline=_one_line(_pick(head, ("headline", "title"), source, numbers=False)),
        published=_one_line(_pick(head, ("published", "date"), source)),
        outlet=_one_line(_pick(head, ("outlet", "site_name", "publisher"), source, numbers=False)),
        declared_comment_count=declared if declared is not None else len(records),
    )
    return export, warnings


def _json_export(
    text: str, source: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[int | None] | None]:
    """(the export's own fields, its comment records, which record each answers or None).

    The records are a list of comment objects, or an object's "comments" list; otherwise the
    comments are found wherever the export keeps them (YouTube's items[].snippet.
    topLevelComment.snippet and their replies, Facebook's data[], Reddit's nested listings):
    every object with a comment's text, in order, a reply answering the comment whose thread
    or object holds it.
    """
    try:
        data = jsontext.loads(text)
    except jsontext.JsonLimit as exc:
        # "[[[[…" thousands deep, or a 5,000-digit number: no export of comments.
        raise UnreadablePage(f"{source}: {exc}; not a comment export") from exc
    except ValueError as exc:
        msg, line = getattr(exc, "msg", str(exc)), getattr(exc, "lineno", None)
        where = f", line {line}" if line else ""
        raise UnreadablePage(f"{source}: not valid JSON ({msg}{where})") from exc
    head: dict[str, Any] = data if isinstance(data, dict) else {}
    given = isinstance(data, dict) and isinstance(data.get("comments"), list)
    records = data.get("comments") if isinstance(data, dict) else data
    if given and not records:
        return head, [], None  # an article with no comments yet
    simple = isinstance(records, list) and all(isinstance(r, dict) for r in records)
    if simple and records and any(_has_text_key(r) for r in records):
        nested, threads = _comment_objects(records)
        if len(nested) > len(records):
            return head, nested, threads  # replies kept inside their comments
        return head, records, None
    found, threads = _comment_objects(records if given else data)
    if found:
        return head, found, threads
    if isinstance(records, list) and records and all(isinstance(r, dict) for r in records):
        raise UnreadablePage(f"{source}: JSON comment export without a 'text' field")
    if isinstance(records, list) and not records:
        return head, [], None
    raise UnreadablePage(
        f"{source}: JSON is not a comment export "
        "(expected a list of {author, text} objects, or an object with a 'comments' list)"
    )


def _has_text_key(record: dict[str, Any]) -> bool:
    """Whether `record` holds a comment's text itself (not wrapped: {"comment": {"text": …}})."""
    return any(
        _key(k) in _TEXT_KEYS
        and not isinstance(v, list)
        and not (isinstance(v, dict) and not _fields(v).keys() & {"raw", "rendered"})
        for k, v in record.items()
    )


def _comment_objects(data: Any) -> tuple[list[dict[str, Any]], list[int | None]]:
    """Every object below the top with a comment's text (a string), in document order, and
    for each the index of the comment it answers: the nearest enclosing comment object, else
    the first comment of the nearest enclosing list item that holds one from another list (a
    YouTube thread holds its top comment, then a list of replies; comments side by side in
    one list answer nobody). A comment object wrapped in another ({"comment": {"text": …},
    "user": {"name": …}}) takes the wrapper's author and time where it has none."""
    found: list[dict[str, Any]] = []
    threads: list[int | None] = []
    home: list[int] = []  # the list each comment sits in (by id), for telling siblings apart
    # (value, enclosing comment index, enclosing list items' first comments, innermost list,
    # the object holding it when that is no comment)
    stack: list[tuple[Any, int | None, tuple[list[int | None], ...], int, dict[str, Any]]] = [
        (data, None, (), id(None), {})
    ]
    while stack:
        value, parent, items, inside, wrapper = stack.pop()
        if isinstance(value, dict):
            is_comment = value is not data and any(
                _key(k) in _TEXT_KEYS and isinstance(v, str) for k, v in value.items()
            )
            if is_comment:
                threads.append(_answered(parent, items, home, inside))
                parent = len(found)
                found.append(_with_wrapper(value, wrapper))
                home.append(inside)
                for box in items:
                    if box[0] is None:
                        box[0] = parent
            for k, v in reversed(list(value.items())):
                if (
                    isinstance(v, (dict, list))
                    and _key(k) not in _REFERENCE_KEYS
                    and not any(part in _key(k) for part in _MEDIA_KEY_PARTS)
                ):
                    stack.append((v, parent, items, inside, {} if is_comment else value))
        elif isinstance(value, list):
            for v in reversed(value):
                if isinstance(v, (dict, list)):
                    stack.append((v, parent, (*items, [None]), id(value), {}))
    return found, threads


def _answered(
    parent: int | None, items: tuple[list[int | None], ...], home: list[int], inside: int
) -> int | None:
    """The comment a comment found here answers: the enclosing comment, else the first
    comment of the nearest enclosing list item that holds one from another list."""
    if parent is not None:
        return parent
    return next(
        (box[0] for box in reversed(items) if box[0] is not None and home[box[0]] != inside),
        None,
    )


def _with_wrapper(value: dict[str, Any], wrapper: dict[str, Any]) -> dict[str, Any]:
    """A comment object with the author and time of the object wrapping it, where it has
    none of its own."""
    fields = _fields(value)
    lent = {
        k: v
        for k, v in wrapper.items()
        if _key(k) in (*_AUTHOR_KEYS, *_POSTED_KEYS)
        and not any(key in fields for key in (*_AUTHOR_KEYS, *_POSTED_KEYS))
        and _key(k) not in fields
    }
    return {**lent, **value} if lent else value


def _csv_export(
    text: str, source: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[int | None] | None]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
        # Cells past the header's width come under the key None: not a field of the export.
        rows = [{(k or "").strip(): v for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        raise UnreadablePage(f"{source}: not a readable CSV file ({exc})") from exc
    if not {_key(f) for f in fields} & set(_TEXT_KEYS):
        found = ", ".join(sorted(fields)) or "none"
        raise UnreadablePage(f"{source}: CSV comment export needs a 'text' column (found: {found})")
    return {}, rows, None


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
