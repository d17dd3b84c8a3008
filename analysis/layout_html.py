"""Saved HTML pages: their text as a browser shows it, and the metadata the text loses.

`to_text` renders a page the way a browser's "select all, copy" does, which is the form the
splitter reads: one block per line, list items as "  • " lines (continuation lines indented),
so a comment list in <ol>/<li> markup arrives as the same bullet slots as a browser capture.
Scripts, navigation, asides and page footers are left out. `metadata` reads og:site_name,
article:published_time, <h1>/<title> and the like with lxml. Both are pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from analysis import jsontext

# Elements whose text is never page text.
_DROP = {
    "script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "aside",
    "button", "textarea", "select", "input", "option", "canvas", "object", "embed", "map",
    "figcaption", "form",
}  # fmt: skip
# Words in a class or id that mark page furniture (trafilatura drops the same kinds of block):
# share bars, cookie banners, newsletter boxes, breadcrumbs, teaser lists, ad slots.
_FURNITURE_WORDS = {
    "share", "sharing", "social", "cookie", "cookies", "consent", "gdpr", "newsletter",
    "signup", "breadcrumb", "breadcrumbs", "related", "most-read", "mostread", "popular",
    "trending", "promo", "advert", "advertisement", "ad", "ads", "ad-slot", "sponsored",
    "paywall", "subscribe", "subscription", "outbrain", "taboola", "recommended",
}  # fmt: skip
_CLASS_SPLIT = re.compile(r"[\s_]+|(?<=[a-z])-(?=[a-z])")
_DROP_ROLES = {"navigation", "search", "complementary", "banner", "contentinfo", "dialog"}
_BLOCKS = {
    "address", "article", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
}  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
#: libxml2's message when a page nests deeper than it reads (256 levels without XML_PARSE_HUGE).
_TOO_DEEP = "Excessive depth in document"


@dataclass(frozen=True, slots=True)
class HtmlMeta:
    """What a saved page's markup says about itself."""

    site_name: str | None = None
    headline: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None


def _parse(markup: str) -> etree._Element | None:
    return _parse_checked(markup)[0]


def _parse_checked(markup: str) -> tuple[etree._Element | None, bool]:
    """The parsed page, and whether libxml2 stopped at its nesting limit (it then drops
    everything deeper without raising, so the caller must say so)."""
    for as_bytes in (False, True):
        parser = lxml_html.HTMLParser()
        try:
            # lxml refuses str input that declares its own encoding; bytes are fine.
            data: str | bytes = markup.encode("utf-8") if as_bytes else markup
            root = lxml_html.document_fromstring(data, parser=parser)
        except (etree.ParserError, ValueError):
            continue
        return root, any(_TOO_DEEP in e.message for e in parser.error_log)
    return None, False


def _hidden(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or "display:none" in style
        or (el.get("role") or "").lower() in _DROP_ROLES
    )


def _furniture(el: etree._Element) -> bool:
    """A block whose class or id names page furniture, unless it holds the article itself."""
    if el.tag in ("html", "body", "main", "article", "h1"):
        return False
    marks = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not marks.strip():
        return False
    words = set(marks.split()) | set(_CLASS_SPLIT.split(marks))
    if not words & _FURNITURE_WORDS:
        return False
    return next(el.iter("h1", "article", "main"), None) is None


def _in_comment(el: etree._Element) -> bool:
    for anc in el.iterancestors():
        if isinstance(anc.tag, str) and "comment" in f"{anc.get('class')} {anc.get('id')}".lower():
            return True
    return False


def _in_article(el: etree._Element) -> bool:
    """Whether a <footer>/<header> belongs to an article or comment, not to the whole page."""
    for anc in el.iterancestors():
        if not isinstance(anc.tag, str):
            continue
        if anc.tag in ("article", "li"):
            return True
        marks = f"{anc.get('class') or ''} {anc.get('id') or ''}".lower()
        if "comment" in marks:
            return True
    return False


class _Text:
    """Builds lines of text with browser-like block and list-item breaks."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.depth = 0
        self.pending_bullet = False

    def inline(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if not text:
            return
        if self.pending_bullet:
            prefix = "  " * self.depth + "• "
            self.pending_bullet = False
        else:
            prefix = "  " * self.depth + ("  " if self.depth else "")
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(prefix + text)

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag and (tag in _DROP or _hidden(el) or _furniture(el)):
            self.inline(el.tail)
            return
        if tag in ("footer", "header") and not _in_article(el):
            self.inline(el.tail)
            return
        if tag == "br":
            self.flush()
            self.inline(el.tail)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if tag == "li":
            self.depth += 1
            self.pending_bullet = True
        if tag:
            self.inline(el.text)
            for child in el:
                self.walk(child)
        if block:
            self.flush()
        if tag == "li":
            self.depth -= 1
            self.pending_bullet = False
        self.inline(el.tail)


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment as a reader sees it ("it&#39;s<br>fine" -> "it's\nfine"),
    for exports that hold a comment only as HTML."""
    if "<" not in markup and "&" not in markup:
        return markup
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup
    # What a browser never shows (a script's code, a style sheet) is no part of the text.
    for hidden in list(root.iter("script", "style", "template", "noscript")):
        hidden.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "blockquote"):
        if block is not root:
            block.text = "\n\n" + (block.text or "")  # a paragraph starts a new one
    return str(root.text_content()).strip()


def to_text(markup: str) -> str:
    """The text of a saved HTML page, one block per line (see the module docstring).

    >>> to_text("<h1>Title</h1><p>One <b>two</b></p><ul><li>Item</li></ul>")
    'Title\\n\\nOne two\\n\\n  • Item\\n'
    """
    return read_text(markup)[0]


def read_text(markup: str) -> tuple[str, bool]:
    """`to_text`, and whether the page nested deeper than the parser reads (the text of
    elements below that depth is missing)."""
    root, too_deep = _parse_checked(markup)
    if root is None:
        return "", too_deep
    body = root.find("body")
    builder = _Text()
    builder.walk(body if body is not None else root)
    builder.flush()
    return ("\n".join(builder.lines) + "\n" if builder.lines else ""), too_deep


def _meta(root: etree._Element, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for el in root.iter("meta"):
                if (el.get(attr) or "").lower() == key and (el.get("content") or "").strip():
                    return _SPACE.sub(" ", el.get("content", "")).strip()
    return None


def _json_ld(root: etree._Element) -> dict[str, str]:
    """datePublished / headline / publisher name from JSON-LD blocks, when present."""
    found: dict[str, str] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = jsontext.loads(script.text)
        except ValueError:  # malformed, nested too deeply, or a number too long: skipped
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            for key in ("datePublished", "headline"):
                if isinstance(item.get(key), str):
                    found.setdefault(key, item[key])
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.setdefault("publisher", publisher["name"])
    return found


def _text_of(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = _SPACE.sub(" ", el.text_content()).strip()
    return text or None


def metadata(markup: str) -> HtmlMeta:
    """What the markup says: site name, headline (<h1>, og:title), date, author."""
    root = _parse(markup)
    if root is None:
        return HtmlMeta()
    ld = _json_ld(root)
    h1 = next(iter(root.iter("h1")), None)
    title_el = next(iter(root.iter("title")), None)
    time_el = next((t for t in root.iter("time") if t.get("datetime") and not _in_comment(t)), None)
    return HtmlMeta(
        site_name=_meta(root, "og:site_name", "application-name") or ld.get("publisher"),
        headline=_text_of(h1) or _meta(root, "og:title", "twitter:title") or ld.get("headline"),
        title=_text_of(title_el),
        published=_meta(root, "article:published_time", "datepublished", "date", "dc.date")
        or ld.get("datePublished")
        or (time_el.get("datetime") if time_el is not None else None),
        author=_meta(root, "author", "article:author"),
    )
