"""Read Disqus's XML export into comment exports, one for each thread. Pure: text in, records out.

A Disqus export (Admin › Moderate › Export) is one ``<disqus>`` element holding, in this
order, the forum's categories, every ``<thread>`` (an article: ``dsq:id``, ``<link>``,
``<title>``, ``<createdAt>``, ``<isClosed>``, ``<isDeleted>``) and every ``<post>`` (a
comment: ``dsq:id``, ``<message>`` as HTML, ``<createdAt>``, ``<isDeleted>``, ``<isSpam>``,
``<author><name>``, ``<thread dsq:id>`` naming its thread, ``<parent dsq:id>`` the post it
answers). Each thread with posts becomes one `CommentExport`:

- its posts in the order a reader sees them on the page: top-level posts in export order,
  each followed by its replies (and theirs), depth first;
- a deleted or spam post is a moderated slot (text ""), kept so positions count it;
- ``<message>`` is read as a browser shows it (paragraphs, line breaks, entities decoded):
  the reader's words, never markup that runs;
- a reply's ``reply_to`` is the name of the author of the post it answers; a post whose
  parent is not in its thread is read as a top-level post (with a warning);
- posts of a thread the export does not hold are kept under a thread of their own, with no
  title or link (with a warning); threads without posts give nothing.

The XML is read with defusedxml (expat underneath): a document that declares entities
(``<!ENTITY``: the "billion laughs" expansion, an external entity naming a local file or a
URL) is refused before any is expanded, and nothing outside the text is ever fetched. Every
refusal is `UnreadablePage` with one line naming the file. Time and memory are linear in the
export: elements are dropped once read, and replies find their parent through one dict.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml import ElementTree as SafeET

from analysis import layout_html
from analysis.errors import UnreadablePage
from analysis.model import CommentExport, ExportComment

#: Disqus's two namespaces: its elements, and its ids (``dsq:id``).
NAMESPACE = "http://disqus.com"
INTERNALS = "http://disqus.com/disqus-internals"
_DSQ_ID = f"{{{INTERNALS}}}id"
_YES = {"true", "1", "yes"}


@dataclass(frozen=True, slots=True)
class Thread:
    """One Disqus thread: the article its comments were made on, and those comments.

    `key` is the thread's ``dsq:id`` ("" when it has none); `export` holds its comments in
    page order, with the title as headline and the thread's creation time as published.
    """

    key: str
    link: str | None
    title: str | None
    closed: bool
    export: CommentExport
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Post:
    key: str | None
    thread: str | None
    parent: str | None
    author: str | None
    html: str
    posted: str | None
    deleted: bool
    spam: bool


@dataclass(frozen=True, slots=True)
class _ThreadHead:
    key: str
    link: str | None
    title: str | None
    created: str | None
    closed: bool


def looks_like(opening: str) -> bool:
    """Whether the start of a file (lower case, leading white space gone) opens a Disqus
    export: an XML declaration, comments or a DOCTYPE, then ``<disqus``.

    >>> looks_like('<?xml version="1.0"?>\\n<disqus xmlns="http://disqus.com">')
    True
    >>> looks_like("<html><body>disqus</body></html>")
    False
    """
    rest = opening
    if rest.startswith("<?xml"):
        end = rest.find("?>")
        rest = rest[end + 2 :].lstrip() if end >= 0 else ""
    while rest.startswith("<!--"):
        end = rest.find("-->")
        rest = rest[end + 3 :].lstrip() if end >= 0 else ""
    return rest.startswith(("<disqus", "<!doctype disqus"))


def read(text: str, source: str) -> tuple[Thread, ...]:
    """The threads of a Disqus export that have posts, in export order.

    Raises `UnreadablePage` (one line naming `source`) for XML that declares entities, that
    is not well formed, or whose root is not ``<disqus>``.

    >>> xml = ('<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
    ...        '<thread dsq:id="7"><link>https://example.org/a</link><title>A</title></thread>'
    ...        '<post dsq:id="1"><message>&lt;p&gt;Yes&lt;/p&gt;</message>'
    ...        '<author><name>Ann</name></author><thread dsq:id="7"/></post></disqus>')
    >>> [(t.title, [(c.author, c.text) for c in t.export.comments]) for t in read(xml, "x")]
    [('A', [('Ann', 'Yes')])]
    """
    heads: dict[str, _ThreadHead] = {}
    posts: list[_Post] = []
    for kind, element in _top_level(text, source):
        if kind == "thread":
            head = _thread_head(element)
            heads.setdefault(head.key, head)
        else:
            posts.append(_post(element))
    return _threads(heads, posts)


def _top_level(text: str, source: str) -> Iterator[tuple[str, ET.Element]]:
    """Each ``<thread>`` and ``<post>`` right under the root, read as it ends, then dropped."""
    depth = 0
    root: ET.Element | None = None
    try:
        events = SafeET.iterparse(
            io.StringIO(text),
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    if _local(element.tag) != "disqus":
                        raise UnreadablePage(
                            f"{source}: XML whose root is <{_local(element.tag)}>, "
                            "not a Disqus export (<disqus>)"
                        )
                    root = element
                continue
            depth -= 1
            if depth == 1:
                name = _local(element.tag)
                if name in ("thread", "post"):
                    yield name, element
                if root is not None:
                    root.remove(element)  # read once: an export of any size stays small
    except EntitiesForbidden as exc:
        raise UnreadablePage(_entities_refused(source, exc)) from exc
    except DefusedXmlException as exc:
        raise UnreadablePage(
            f"{source}: XML that refers to something outside itself is refused ({exc})"
        ) from exc
    except ET.ParseError as exc:
        raise UnreadablePage(f"{source}: not well-formed XML ({exc})") from exc


def _entities_refused(source: str, exc: EntitiesForbidden) -> str:
    if exc.sysid or exc.pubid:
        where = exc.sysid or exc.pubid
        return (
            f"{source}: XML declaring an external entity ({exc.name!s} -> {where!s}) is refused; "
            "nothing outside the file is read"
        )
    return (
        f"{source}: XML declaring entities (<!ENTITY {exc.name!s} …>) is refused; "
        "a Disqus export has none, and expanding them can blow up ('billion laughs')"
    )


def _local(tag: object) -> str:
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: ET.Element, name: str) -> str | None:
    """The text of `element`'s child `name`, white space runs made one space; None if blank."""
    child = _child(element, name)
    if child is None:
        return None
    value = " ".join("".join(child.itertext()).split())
    return value or None


def _flag(element: ET.Element, name: str) -> bool:
    return (_text(element, name) or "").lower() in _YES


def _id(element: ET.Element | None) -> str | None:
    """An element's ``dsq:id`` (any attribute named id when the namespace differs)."""
    if element is None:
        return None
    value = element.get(_DSQ_ID)
    if value is None:
        value = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
    return value.strip() or None if value is not None else None


def _thread_head(element: ET.Element) -> _ThreadHead:
    return _ThreadHead(
        key=_id(element) or _text(element, "id") or "",
        link=_text(element, "link"),
        title=_text(element, "title"),
        created=_text(element, "createdAt"),
        closed=_flag(element, "isClosed"),
    )


def _post(element: ET.Element) -> _Post:
    author = _child(element, "author")
    name = None
    if author is not None:
        name = _text(author, "name") or _text(author, "username")
    message = _child(element, "message")
    return _Post(
        key=_id(element),
        thread=_id(_child(element, "thread")),
        parent=_id(_child(element, "parent")),
        author=name,
        html="".join(message.itertext()) if message is not None else "",
        posted=_text(element, "createdAt"),
        deleted=_flag(element, "isDeleted"),
        spam=_flag(element, "isSpam"),
    )


def _threads(heads: dict[str, _ThreadHead], posts: list[_Post]) -> tuple[Thread, ...]:
    by_thread: dict[str, list[_Post]] = defaultdict(list)
    for post in posts:
        by_thread[post.thread or ""].append(post)
    out: list[Thread] = []
    order = [k for k in heads if k in by_thread] + [k for k in by_thread if k not in heads]
    for key in order:
        head = heads.get(key)
        warnings: tuple[str, ...] = ()
        if head is None:
            head = _ThreadHead(key=key, link=None, title=None, created=None, closed=False)
            named = f"thread {key}" if key else "a thread the posts do not name"
            warnings = (
                f"{named} is not in the Disqus export: "
                "these comments have no article title or link",
            )
        comments, orphans = _page_order(by_thread[key])
        if orphans:
            warnings += (
                f"{orphans} repl{'y' if orphans == 1 else 'ies'} answer a post not in this thread "
                "and are read as top-level comments",
            )
        out.append(
            Thread(
                key=head.key,
                link=head.link,
                title=head.title,
                closed=head.closed,
                export=CommentExport(
                    comments=comments,
                    headline=head.title,
                    published=head.created,
                    declared_comment_count=len(comments),
                ),
                warnings=warnings,
            )
        )
    return tuple(out)


def _page_order(posts: list[_Post]) -> tuple[tuple[ExportComment, ...], int]:
    """The comments of one thread's posts, replies after what they answer (depth first, each
    level in export order), and how many posts answer a post not in the thread."""
    index: dict[str, int] = {}
    for n, post in enumerate(posts):
        if post.key is not None:
            index.setdefault(post.key, n)
    children: dict[int, list[int]] = defaultdict(list)
    roots: list[int] = []
    parent_of: dict[int, int] = {}
    orphans = 0
    for n, post in enumerate(posts):
        parent = index.get(post.parent) if post.parent is not None else None
        if parent is None or parent == n:
            orphans += post.parent is not None
            roots.append(n)
        else:
            children[parent].append(n)
            parent_of[n] = parent
    ordered: list[int] = []
    seen: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        ordered.append(n)
        stack.extend(reversed(children.get(n, ())))
    # Posts in a parent loop (a answers b answers a) reach no root: kept, in export order.
    for n in range(len(posts)):
        if n not in seen:
            ordered.append(n)
            parent_of.pop(n, None)
            orphans += 1
    out = []
    for n in ordered:
        post = posts[n]
        hidden = post.deleted or post.spam
        parent = parent_of.get(n)
        out.append(
            ExportComment(
                author=post.author,
                text="" if hidden else layout_html.fragment_text(post.html),
                moderated=hidden,
                posted=post.posted,
                reply_to=posts[parent].author if parent is not None else None,
            )
        )
    return tuple(out), orphans
