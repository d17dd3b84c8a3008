"""Split a captured page into its article and its reader comments. Pure: RawPage in, Page out.

Each form of capture is read its own way, all into the same `Page`:

- saved HTML (`html`): from the page's structure, the comments as repeated blocks holding a
  name, a time and text, found and ranked in `threads`; the article by trafilatura from
  what is left once the comments are taken out (trafilatura's own order, STYLE.md #3);
- browser text captures (`text`): from the layout of the lines;
- comment exports: their records as they are.
"""

from __future__ import annotations

from analysis import rules as rules_mod
from analysis.model import Page, RawPage
from analysis.pages import copied, html, text


def split(raw: RawPage, rules: rules_mod.Rules | None = None) -> Page:
    """Split one captured page into its article and reader comments.

    Never raises on odd input: a page without an article or comments comes back with a
    warning in `Page.warnings`.
    """
    if raw.export is None and raw.html is not None:
        return html.split(raw, rules or rules_mod.load())
    if raw.export is not None:
        return text.split(raw)
    return copied.split(raw, (rules or rules_mod.load()).pages)
