"""Split copied page text (select-all and copy in a browser) into article and comments.

The comments first (STYLE.md #3): the page's comment list is found from its own rhythm
(`rhythm`), each comment read from its meta lines (author, time) and its text lines (one
verbatim slice of the capture). Then the article from the lines above the list
(`article_text`): the headline and the body, without the site's chrome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from analysis.model import Comment, Page, RawPage
from analysis.pages import article_text, rhythm, text
from analysis.pages.rhythm import Candidate, Line
from analysis.rules.schema import PageRules


def comments(
    source: str, lines: Sequence[Line], chosen: Candidate, rules: PageRules
) -> list[Comment]:
    """The comments of a chosen list, in page order, each text a verbatim slice."""
    out: list[Comment] = []
    for found in chosen.comments:
        metas = [lines[k].text for k in found.meta]
        text = ""
        if found.text:
            text = source[lines[found.text[0]].start : lines[found.text[-1]].end]
        moderated = bool(text) and bool(rules.dom.removed.match(text)) and len(found.text) == 1
        if not text and not moderated:
            continue
        out.append(
            Comment(
                position=len(out) + 1,
                author=author(metas, rules),
                moderated=moderated,
                text="" if moderated else text,
                posted=posted(metas, rules),
            )
        )
    return out


def author(metas: Sequence[str], rules: PageRules) -> str | None:
    """The commenter's name: a meta line less its date and its "by"/"says:" words."""
    for line in metas:
        if rules.text.action_shape.fullmatch(rhythm.shape(line, rules)):
            continue
        head = line
        date_at = rules.meta.date.search(head)
        if date_at is not None:
            head = head[: date_at.start()]
        name = head.strip()
        for _ in range(3):
            name = rules.meta.name_noise.sub("", name).strip(" \t,;:|·•–—-")
        words = name.split()
        if words and len(words) <= rules.meta.max_author_words and any(c.isalpha() for c in name):
            return name
    return None


def posted(metas: Sequence[str], rules: PageRules) -> str | None:
    """The comment's time as the page writes it: from its first date or time to the end of
    the last one on that line."""
    for line in metas:
        hits = list(rules.meta.date.finditer(line))
        if hits:
            return line[hits[0].start() : hits[-1].end()].strip()
    return None


def split(raw: RawPage, rules: PageRules) -> Page:
    """Split one text capture: comments by rhythm, the article by its body lines."""
    old = text.split(raw)
    lines = rhythm.lines_of(raw.text)
    chosen = rhythm.best(lines, rules)
    found = comments(raw.text, lines, chosen, rules) if chosen is not None else []
    art = article_text.body(lines, rules, chosen.start if chosen is not None else None)
    article = replace(
        old.article,
        headline=lines[art.headline].text if art.headline is not None else None,
        body=tuple(lines[k].text for k in art.lines),
    )
    return replace(old, article=article, comments=tuple(found))
