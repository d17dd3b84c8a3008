"""A saved page's markup as blocks of text, each with the element that holds it.

A block is a run of text inside one block-level element (a paragraph, a list item, the text
of a <div> between its child blocks), as a browser lays it out; <br> breaks lines inside it.
The walk is iterative, so however deep a page nests, it never recurses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from analysis.rules.schema import DomRules

_SPACE = re.compile(r"[ \t\r\f\v\xa0\u200b]+")
WORD = re.compile(r"\w+")
#: Cap on the characters of one text node kept (a block of megabytes is not prose).
MAX_NODE_CHARS = 200_000


@dataclass(eq=False, slots=True)
class Block:
    """One block of text: its element, its place in page order, its words and link words."""

    el: etree._Element
    index: int
    text: str
    words: int
    link_words: int
    key: tuple[str, str, tuple[str, ...]] = field(default=("", "", ()))


#: libxml2's message when a page nests deeper than it reads (it then drops what is deeper).
_TOO_DEEP = "Excessive depth in document"
#: A <form> holding a text box and no more words than this is a comment or contact form.
FORM_MAX_WORDS = 150


def parse(markup: str) -> etree._Element | None:
    """The page's element tree (lxml's forgiving HTML parser), or None when it holds none."""
    return parse_checked(markup)[0]


#: Characters XML forbids: libxml2 stops reading a page's text at the first one (a stray
#: BEL in a script loses the whole body), so they go before parsing, as trafilatura's loader
#: drops them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]+")


def parse_checked(markup: str) -> tuple[etree._Element | None, bool]:
    """The tree, and whether libxml2 stopped at its nesting limit (text below is lost).

    Control characters XML forbids are dropped first (`_NOT_XML`).
    """
    markup = _NOT_XML.sub("", markup)
    for data in (markup, markup.encode("utf-8", "replace")):
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)
        try:
            root = lxml_html.document_fromstring(data, parser=parser)
        except (etree.ParserError, ValueError):
            continue
        return root, any(_TOO_DEEP in e.message for e in parser.error_log)
    return None, False


@dataclass(eq=False)
class Reading:
    """A parsed, cleaned page: its tree, its blocks, the first words of its title."""

    root: etree._Element
    blocks: list[Block]
    title: str | None
    too_deep: bool

    @property
    def text(self) -> str:
        """The page's text as a browser lays it out: one block a line."""
        return "\n".join(b.text for b in self.blocks) + ("\n" if self.blocks else "")


def read(markup: str, dom: DomRules) -> Reading | None:
    """Parse, take out forms with a text box, clean, and cut into blocks."""
    root, too_deep = parse_checked(markup)
    if root is None:
        return None
    title = title_words(root)
    drop_forms(root)
    clean(root, dom)
    return Reading(root, blocks(root, dom), title, too_deep)


def drop_forms(root: etree._Element) -> None:
    """Comment and contact forms go whole; a page wrapped in one big <form> stays."""
    for form in list(root.iter("form")):
        if next(form.iter("textarea"), None) is None:
            continue
        words = sum(len(t.split()) for t in form.itertext())
        if words <= FORM_MAX_WORDS and form.getparent() is not None:
            form.drop_tree()


def _hidden(el: etree._Element, dom: DomRules) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or el.get("hidden") is not None:
        return True
    return any(dom.hidden_class.fullmatch(word) for word in (el.get("class") or "").split()[:20])


def clean(root: etree._Element, dom: DomRules) -> None:
    """Drop what is never page text: scripts, styles, form controls, hidden elements.

    Forms themselves stay (ASP.NET wraps whole pages in one <form>); only their controls go.
    """
    doomed = [
        el
        for el in root.iter()
        if not isinstance(el.tag, str) or el.tag in dom.drop_tags or _hidden(el, dom)
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def stable_classes(el: etree._Element) -> str:
    """An element's class words without the ones that number it ("depth-2", "c4512")."""
    words = (el.get("class") or "").lower().split()
    return ".".join(sorted(w for w in words if not any(ch.isdigit() for ch in w)))


def _key(el: etree._Element) -> tuple[str, str, tuple[str, ...]]:
    tags: list[str] = []
    parent = el.getparent()
    while parent is not None and len(tags) < 3:
        tags.append(str(parent.tag))
        parent = parent.getparent()
    return (str(el.tag), stable_classes(el), tuple(tags))


def marks(el: etree._Element) -> str:
    """An element's class and id, where sites name what a block is."""
    return f"{el.get('class') or ''} {el.get('id') or ''}"


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_words = 0

    def add(self, text: str | None, link: bool) -> None:
        if text:
            text = text[:MAX_NODE_CHARS]
            self.parts.append(text)
            if link:
                self.link_words += len(WORD.findall(text))

    def flush(self, el: etree._Element) -> None:
        raw = _SPACE.sub(" ", "".join(self.parts))
        text = "\n".join(s.strip() for s in raw.split("\n") if s.strip())
        if text:
            words = len(WORD.findall(text))
            if words or len(text) > 1:
                block = Block(el, len(self.blocks), text, words, min(self.link_words, words))
                block.key = _key(el)
                self.blocks.append(block)
        self.parts.clear()
        self.link_words = 0


def blocks(root: etree._Element, dom: DomRules) -> list[Block]:
    """Every block of text in page order."""
    out = _Builder()
    stack = [root]
    links = 0  # open <a> elements
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in dom.block_tags and el is not root:
                out.flush(stack[-1])
                stack.append(el)
            if tag == "a":
                links += 1
            elif tag == "br":
                out.parts.append("\n")
            elif tag == "img" and el.get("alt") and el.get("class", "").find("smil") >= 0:
                out.add(el.get("alt"), links > 0)  # a smiley's alt text (":)") is its text
            out.add(el.text, links > 0)
        else:
            if tag == "a":
                links -= 1
            if tag in dom.block_tags and el is not root:
                out.flush(el)
                stack.pop()
            out.add(el.tail, links > 0)
    out.flush(root)
    return out.blocks


def text_of(el: etree._Element) -> str:
    """An element's text with runs of white space made one space."""
    return _SPACE.sub(" ", " ".join(el.itertext())).strip()


def norm_words(text: str) -> str:
    """Lower-case words joined by single spaces, for comparing titles and lines."""
    return " ".join(WORD.findall(text.lower()))


_TITLE_SPLIT = re.compile(r"\s[|»–—:-]\s")


def title_words(root: etree._Element) -> str | None:
    """The first words of the page's title (og:title, <title> or <h1>), for finding the
    headline among the blocks. Call before `clean`, which drops <head>."""
    found = [el.get("content") or "" for el in root.iterfind('.//meta[@property="og:title"]')]
    found += [el.text or "" for el in root.iterfind(".//title")]
    found += [text_of(h) for h in root.iter("h1")]
    for candidate in found:
        parts = [p for p in _TITLE_SPLIT.split(candidate) if p.strip()]
        best = max(parts, key=len) if parts else candidate
        words = norm_words(best).split()
        if len(words) >= 2:
            return " ".join(words[:5])
    return None
