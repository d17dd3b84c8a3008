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

import dataclasses
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis import disqus, exports
from analysis.chars import unicode_text
from analysis.errors import AnalysisError, NoPages, UnreadablePage
from analysis.model import CommentExport, RawPage

MIB = 1024 * 1024
#: The largest page file read, in bytes (20 MiB).
MAX_BYTES = 20 * MIB
#: The encoding `decode` reports for UTF-8 read with its few undecodable bytes replaced.
REPLACED = "utf-8 (some bytes replaced)"
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".csv", ".xml")
#: Share of control characters (other than tab, newline, CR, form feed) that marks binary data.
MAX_CONTROL_SHARE = 0.02
_SNIFF = 8192
_TEXT_CONTROLS = {9, 10, 12, 13}
#: Leading HTML comments ("<!-- saved from url=… -->") before the first tag.
_LEADING_COMMENTS = re.compile(r"(?:<!--.*?-->\s*)+", re.DOTALL)
#: Tags that open a saved page (or the start of its head/body).
_PAGE_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|base|div|header|main|"
    r"article|section|nav|p|h[1-6])\b[^<>]*>",
)
_XML_DECLARATION = re.compile(r"\A<\?xml\b[^>]{0,500}\?>")


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
        export, export_warnings = exports.read(kind, text, source)
        warnings += export_warnings
        text = exports.render(export)
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
                text=exports.render(export),
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
