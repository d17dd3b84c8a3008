"""Split a captured page into article, reader comments and site chrome. Pure: RawPage in, Page out.

The order follows trafilatura's rule (STYLE.md #3): find the comment list and take it out
first, then read the article from what is left, so no comment can leak into the body.

1. The comment section starts at its heading ("Readers' comments (21)", "14 Comments",
   "3 thoughts on …") or, without one, at the first comment header or removed-comment slot.
2. Slots are read in page order from layout signals: bullets, numbers, "name | timestamp"
   headers, removed-comment notices, and the buttons/ratings that close each comment. A
   comment's text is one verbatim slice of the capture (reader's line breaks kept).
3. The article is what precedes the comment section, less chrome: kicker, headline, byline,
   date, then body paragraphs. Teaser lists, captions and repeated lines are dropped, and so
   is everything after an end mark ("ENDS", "Notes to editors", "Written by …"). A standfirst
   stays the first body paragraph: `Article` has no field of its own for it, and a standfirst
   written as a sentence cannot be told from a lede in plain text, so both are kept alike.

All patterns come from analysis/chrome.toml through analysis/layout.py. A comment export
(`RawPage.export`) is not read through the patterns at all: its records are the slots.
"""

from __future__ import annotations

import re

from analysis import layout, layout_html
from analysis import rules as rules_mod
from analysis.layout import Layout
from analysis.model import NO_COMMENTS, Article, Comment, CommentExport, Page, RawPage
from analysis.pages.article_head import _content, _meta_date, _norm, _read_article
from analysis.pages.catalogue_lines import _lines
from analysis.pages.comment_reader import _CommentReader
from analysis.pages.section import _section_start
from analysis.rules import Rules


def split(raw: RawPage, rules: Rules | None = None) -> Page:
    """Split one captured page into its article and reader comments.

    Never raises on odd text: a page without an article or comments comes back with a
    warning in `Page.warnings` ("no article text found", "no reader comments in this capture",
    "10 of 21 comments captured", a third-party comment widget none could be read from).
    """
    lay = layout.of(rules or rules_mod.load())
    if raw.export is not None:
        return _split_export(lay, raw, raw.export)
    lines = _lines(raw.text)
    meta = layout_html.metadata(raw.html) if raw.html else layout_html.HtmlMeta()
    section = _section_start(lay, lines)
    comments: list[Comment] = []
    declared: int | None = None
    zone_end = len(lines)
    if section is not None:
        zone_end, first, declared = section
        comments = _CommentReader(lay, raw.text, lines, first).read()
    content = _content(lay, lines[:zone_end])
    head = _read_article(lay, content, meta, lines)
    texts = [ln.text for ln in lines if ln.text]
    declared = _declared(lay, texts, declared)
    article_text = "\n".join([head.headline or "", *head.body])
    outlet = (
        meta.site_name
        or layout.outlet(lay, texts, article_text)
        or _publisher(lay, texts, meta, head.headline)
    )
    article = Article(
        outlet=outlet,
        headline=head.headline,
        kicker=head.kicker,
        byline=head.byline,
        published=head.published,
        body=head.body,
    )
    return Page(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        article=article,
        comments=tuple(comments),
        declared_comment_count=declared,
        warnings=(*raw.warnings, *_coverage(lay, texts, comments, declared, article)),
    )


def _split_export(lay: Layout, raw: RawPage, export: CommentExport) -> Page:
    """A comment export's records as they are: nothing in them is page furniture to read past.

    Each record is one slot, in order. Its text is the export's field exactly; a record with
    a removed/deleted/moderated flag is a moderated slot (text ""); a record with no text and
    no flag stays a slot with text "" (the pipeline reads no mood from it), so positions
    match the export's. The article is only what the export says of it (headline,
    published, outlet); it has no body, hence the "no article text found" warning.
    """
    comments = [
        Comment(
            position=n,
            author=c.author,
            moderated=c.moderated,
            text="" if c.moderated else c.text,
            posted=c.posted,
            reply_to=c.reply_to,
        )
        for n, c in enumerate(export.comments, start=1)
    ]
    article = Article(
        outlet=export.outlet,
        headline=export.headline,
        kicker=None,
        byline=None,
        published=_meta_date(lay, export.published),
        body=(),
    )
    declared = export.declared_comment_count
    return Page(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        article=article,
        comments=tuple(comments),
        declared_comment_count=declared,
        warnings=(*raw.warnings, *_coverage(lay, [], comments, declared, article)),
    )


def _publisher(
    lay: Layout, texts: list[str], meta: layout_html.HtmlMeta, headline: str | None
) -> str | None:
    """The outlet a page names itself by when it is not a known one: its copyright footer
    ("© 2024 Vale Voice Ltd."), else the site part of an HTML <title> ("Headline - Site")."""
    for text in reversed(texts):
        holder = layout.copyright_holder(lay, text)
        if holder:
            return holder
    if meta.title and headline:
        for sep in _TITLE_SEPARATORS.finditer(meta.title):
            head, site = meta.title[: sep.start()], meta.title[sep.end() :].strip()
            if _norm(head) == _norm(headline) and 0 < layout.word_count(site) <= 6:
                return site
    return None


_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+[|\-–—:·]\s+")


def _declared(lay: Layout, texts: list[str], section: int | None) -> int | None:
    """The page's declared comment total: the largest explicit count it shows ("68 comments"
    under the byline, "Showing 8 of 68 comments" at the list, "Readers' comments (9)"), as a
    page may show both a total and the size of the part on screen."""
    counts = [] if section is None else [section]
    for k, text in enumerate(texts):
        # A line may be a bar of fields ("287 points by kev | hide | past | 164 comments").
        for part in _BAR.split(text) if " | " in text else [text]:
            n = layout.declared_count(lay, part)
            if n is None:
                header, n = layout.comment_header(lay, part)
                if header and n is None and k + 1 < len(texts) and _COUNT.fullmatch(texts[k + 1]):
                    n = int(texts[k + 1].replace(",", ""))  # "Comments" over "2,118"
            if n is not None:
                counts.append(n)
    return max(counts, default=None)


_BAR = re.compile(r"(?<!\s)\s+\|\s+")
_COUNT = re.compile(r"\d{1,3}(,\d{3})+|\d{1,6}")


def _coverage(
    lay: Layout, texts: list[str], comments: list[Comment], declared: int | None, article: Article
) -> list[str]:
    """Coverage warnings: what the capture holds against what the page declares."""
    out: list[str] = []
    if not article.body:
        out.append("no article text found")
    if declared is not None and declared > len(comments):
        out.append(f"{len(comments)} of {declared} comments captured")
    if not comments:
        widget = next((w for t in texts if (w := layout.widget(lay, t))), None)
        if widget:
            out.append(
                f"comments were served by {widget} (a third-party widget) and none could be "
                "read from this capture: save the page as HTML once they show, or use the "
                "widget's export"
            )
        out.append(NO_COMMENTS)
    return out
