"""Read captures from disk into RawPage records. The only module that opens page files.

Baseline version: plain text and HTML by file, folders expanded. (Owned by the splitter work.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.errors import NoPages, UnreadablePage
from analysis.model import RawPage

MAX_BYTES = 20 * 1024 * 1024
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".csv")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, else cp1252 (Windows smart quotes); raise for binary data."""
    if b"\x00" in data[:4096]:
        raise UnreadablePage("binary data, not a text page")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadablePage("not text in UTF-8 or Windows-1252")


def read_bytes(data: bytes, *, page_id: str, source: str) -> RawPage:
    """Turn the bytes of one capture into a RawPage."""
    if not data.strip():
        raise UnreadablePage(f"{source}: empty file")
    if len(data) > MAX_BYTES:
        raise UnreadablePage(f"{source}: {len(data) / 1e6:.0f} MB is too large for one page")
    text, encoding = decode(data)
    return RawPage(
        id=page_id,
        source=source,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        content_hash=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
    )


def read_path(path: Path) -> RawPage:
    """Read one capture file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadablePage(f"{path}: {exc.strerror or exc}") from exc
    return read_bytes(data, page_id=path.stem, source=str(path))


def page_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the page files inside them, sorted; files pass through."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
            )
            if not inside:
                raise NoPages(f"{path}: no page files (.txt, .html) in this folder")
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
