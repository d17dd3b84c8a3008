"""Split a captured page into its article and its reader comments. Pure: RawPage in, Page out.

Each form of capture is read its own way, all into the same `Page`:

- saved HTML (`html`): from the page's structure, the comments as repeated blocks holding a
  name, a time and text, found and ranked in `threads`; the article by trafilatura from
  what is left once the comments are taken out (trafilatura's own order, STYLE.md #3);
- browser text captures (`text`): from the layout of the lines;
- comment exports: their records as they are;
- a capture with a comment export matched to it (`RawPage.comments_from`, a Disqus thread of
  the same link or title): the article from the capture, the comments from the export.
"""

from __future__ import annotations

import dataclasses

from analysis import layout
from analysis import rules as rules_mod
from analysis.model import Page, RawPage
from analysis.pages import copied, html, text


def split(raw: RawPage, rules: rules_mod.Rules | None = None) -> Page:
    """Split one captured page into its article and reader comments.

    Never raises on odd input: a page without an article or comments comes back with a
    warning in `Page.warnings`.
    """
    rules = rules or rules_mod.load()
    if raw.comments_from is not None:
        return _with_export_comments(raw, rules)
    if raw.export is None and raw.html is not None:
        return html.split(raw, rules)
    if raw.export is not None:
        return text.split(raw, rules)
    return copied.split(raw, rules)


def _with_export_comments(raw: RawPage, rules: rules_mod.Rules) -> Page:
    """The capture's article with the comments of the export matched to it (each record a
    slot, as `text` reads an export), and coverage warnings for those comments."""
    export = raw.comments_from
    assert export is not None
    page = split(dataclasses.replace(raw, comments_from=None), rules)
    thread = text.split(dataclasses.replace(raw, html=None, export=export, warnings=()), rules)
    coverage = text._coverage(
        layout.of(rules), [], list(thread.comments), thread.declared_comment_count, page.article
    )
    return dataclasses.replace(
        page,
        comments=thread.comments,
        declared_comment_count=thread.declared_comment_count,
        warnings=(*raw.warnings, *coverage),
    )
