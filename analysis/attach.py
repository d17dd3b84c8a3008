"""Give the comments of an export to the capture of the page they were made on. Pure.

A Disqus export names each thread's page by its link and title, and holds no article; the
page itself may be captured too (saved HTML, a browser's text), with no comments, since
Disqus serves them from a widget the capture lacks. When pages are read together (one
`analyse` run, one `evaluate` folder), each Disqus thread is matched to a capture:

1. by link: the capture's canonical address (``<link rel="canonical">``, ``og:url``) is
   the thread's, compared without scheme, "www.", fragment or trailing "/";
2. else by title: the thread's title is the capture's headline (``og:title``, ``<h1>``,
   ``<title>`` or its part before " | " / " - "; for a text capture one of its first lines),
   compared on its words, without case. A title of fewer than two words never matches.

A match is taken only when exactly one capture fits; the capture keeps its id, source and
article and takes the thread's comments (`RawPage.comments_from`); its content hash becomes
that of both, so a change to either is analysed again. A thread that no capture of the run
takes may belong to a page analysed before: `with_stored` reads again the stored pages whose
headline is the thread's title (when their file is still there) and matches them the same
way. Unmatched threads stay pages of their own (headline from the title, source the link,
no body); `moved` says which stored thread pages a joined page replaces.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from analysis import layout_html
from analysis.errors import AnalysisError
from analysis.model import RawPage

#: How many of a text capture's first non-blank lines may hold its headline.
HEAD_LINES = 40
_WORDS = re.compile(r"\w+")
_TITLE_PARTS = re.compile(r"\s+[|\-–—:·•»]+\s+")


def link_key(link: str | None) -> str | None:
    """A page address as compared: no scheme, "www.", fragment or trailing "/"; host in lower case.

    >>> link_key("HTTPS://www.Example.org/2012/11/post/#comments")
    'example.org/2012/11/post'
    >>> link_key("http://example.org/?p=12")
    'example.org/?p=12'
    """
    if not link or not link.strip():
        return None
    value = link.strip().split("#", 1)[0]
    value = re.sub(r"\A[a-zA-Z][a-zA-Z0-9+.\-]*://", "", value)
    host, slash, rest = value.partition("/")
    host = host.lower().removeprefix("www.")
    value = (host + slash + rest).rstrip("/")
    return value or None


def title_key(title: str | None) -> str | None:
    """A title as compared: its words in lower case; None under two words.

    >>> title_key("  Ward closures: what now? ")
    'ward closures what now'
    """
    words = _WORDS.findall((title or "").casefold())
    return " ".join(words) if len(words) >= 2 else None


def is_thread(raw: RawPage) -> bool:
    """Whether `raw` is a thread of an export that names its page (a Disqus thread)."""
    return raw.export is not None and raw.export.platform == "disqus"


def _capture_keys(raw: RawPage) -> tuple[set[str], set[str]]:
    """(link keys, title keys) a capture answers to."""
    links: set[str] = set()
    titles: list[str | None] = []
    if raw.html is not None:
        meta = layout_html.metadata(raw.html)
        titles += [meta.headline, meta.title]
        if meta.title:
            titles += _TITLE_PARTS.split(meta.title)
        links |= {k for k in map(link_key, _addresses(raw.html)) if k}
    else:
        heads = [line.strip() for line in raw.text.splitlines() if line.strip()]
        titles += heads[:HEAD_LINES]
    return links, {k for k in map(title_key, titles) if k}


def _addresses(markup: str) -> list[str]:
    """The canonical address a saved page gives itself (rel=canonical, og:url)."""
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8", "replace"))
    except (etree.ParserError, ValueError):
        return []
    found = root.xpath(
        "//link[translate(@rel,'CANONIAL','canonial')='canonical']/@href"
        "|//meta[@property='og:url' or @name='og:url']/@content"
    )
    return [str(v) for v in found]


def attach(raws: Sequence[RawPage]) -> list[RawPage]:
    """`raws` with each export thread that matches exactly one capture given to it.

    Order is kept: a capture that takes a thread stays where it was, the thread's own page
    goes. Captures that already hold comments of an export are left alone.
    """
    threads = [n for n, r in enumerate(raws) if is_thread(r)]
    if not threads:
        return list(raws)
    captures = [n for n, r in enumerate(raws) if r.export is None and r.comments_from is None]
    by_link: dict[str, list[int]] = defaultdict(list)
    by_title: dict[str, list[int]] = defaultdict(list)
    for n in captures:
        links, titles = _capture_keys(raws[n])
        for key in links:
            by_link[key].append(n)
        for key in titles:
            by_title[key].append(n)
    taken: dict[int, int] = {}  # capture -> thread
    for t in threads:
        export = raws[t].export
        assert export is not None
        found = _one(by_link.get(link_key(export.link) or ""), taken)
        if found is None:
            found = _one(by_title.get(title_key(export.headline) or ""), taken)
        if found is not None:
            taken[found] = t
    gone = set(taken.values())
    out: list[RawPage] = []
    for n, raw in enumerate(raws):
        if n in gone:
            continue
        out.append(_joined(raw, raws[taken[n]]) if n in taken else raw)
    return out


def _one(candidates: Iterable[int] | None, taken: dict[int, int]) -> int | None:
    found = sorted(set(candidates or ()))
    return found[0] if len(found) == 1 and found[0] not in taken else None


def _joined(capture: RawPage, thread: RawPage) -> RawPage:
    both = f"{capture.content_hash}+{thread.content_hash}".encode()
    return dataclasses.replace(
        capture,
        content_hash=hashlib.sha256(both).hexdigest(),
        comments_from=thread.export,
        warnings=(*capture.warnings, *thread.warnings),
    )


def with_stored(
    raws: Sequence[RawPage],
    stored: Iterable[tuple[str, str | None, str | None]],
    read: Callable[[Path], list[RawPage]],
) -> list[RawPage]:
    """`raws` with their unmatched threads given to pages stored before.

    `stored` is (id, source, headline) of each stored page; a page not in `raws` whose
    headline is a thread's title is read again from its source with `read` (skipped when
    the file is gone or no longer one page) and matched as `attach` does, under its stored
    id. Only the pages that take a thread are added.
    """
    titles = {title_key(r.export.headline) for r in raws if is_thread(r) and r.export}
    titles.discard(None)
    if not titles:
        return list(raws)
    present = {r.id for r in raws}
    extra: list[RawPage] = []
    for page_id, source, headline in stored:
        if page_id in present or not source or title_key(headline) not in titles:
            continue
        path = Path(source)
        try:
            found = read(path) if path.is_file() else []
        except (AnalysisError, OSError):
            continue  # gone bad since: the stored page stays as it is
        if len(found) == 1 and found[0].export is None:
            extra.append(dataclasses.replace(found[0], id=page_id))
    if not extra:
        return list(raws)
    mine = {id(r) for r in extra}
    return [r for r in attach([*extra, *raws]) if id(r) not in mine]


def moved(before: Sequence[RawPage], after: Sequence[RawPage]) -> dict[str, str]:
    """Thread pages of `before` that a page of `after` now holds: {thread page id: page id}.

    A thread analysed on its own before is then removed from the store (see `store.save`).
    """
    threads = {id(r.export): r.id for r in before if is_thread(r)}
    return {
        threads[id(r.comments_from)]: r.id
        for r in after
        if r.comments_from is not None and id(r.comments_from) in threads
    }
