"""The article of a copied page as the layout catalogue reads it: its content lines less chrome,
captions and teaser lists, then its headline, kicker, byline, date and body."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from analysis import layout, layout_html
from analysis.layout import Layout
from analysis.pages.catalogue_lines import _Line

#: How many content lines from the top may hold the kicker, headline, byline and date (site
#: navigation menus often come first, so this is generous).
HEAD_WINDOW = 40
#: Bylines and dates are still read this many lines below the first paragraph (a standfirst
#: written as a sentence often comes before the byline).
HEAD_AFTER_PARAGRAPH = 3
#: How many closing paragraphs may be the writer's biography.
BIO_TAIL = 3
_LEADING_BULLET = re.compile(r"^[•●▪◦‣∙]\s*")


def _page_chrome(lay: Layout, text: str) -> bool:
    """Outside the comment list: chrome, and comment furniture that strayed there."""
    return bool(
        layout.is_chrome(lay, text)
        or layout.comment_header(lay, text)[0]
        or layout.declared_count(lay, text) is not None
        or layout.is_action_bar(lay, text)
        or lay.moderated.fullmatch(text)
        or lay.comment_end.fullmatch(text)
        or lay.furniture.fullmatch(text)
        or layout.widget(lay, text)
    )


def _content(lay: Layout, zone: list[_Line]) -> list[_Line]:
    """The article zone's lines less chrome, repeated caption lines and teaser lists."""
    texts = _before_article_end(lay, [ln for ln in zone if ln.text])
    dropped = _chrome_and_captions(lay, texts)
    k = 0
    while k < len(texts):
        ln = texts[k]
        k += 1
        if layout.word_count(ln.text) > 8 or not lay.teaser_headings.fullmatch(ln.text):
            continue
        if _menu_item(lay, texts, k - 1):
            continue  # "Latest" closing a site menu, not a heading over teasers
        dropped.add(ln.index)
        k = _teasers_under(lay, texts, k, dropped)
    return [ln for ln in texts if ln.index not in dropped]


def _chrome_and_captions(lay: Layout, texts: list[_Line]) -> set[int]:
    """Lines of chrome, captions announced by a label ("Image caption,"), short lines said
    twice in a row, and inline teasers ("Read more:" and the headline after it)."""
    dropped: set[int] = {
        ln.index for ln in texts if _page_chrome(lay, _LEADING_BULLET.sub("", ln.text))
    }
    for label, ln in itertools.pairwise(texts):
        if lay.caption_labels.fullmatch(label.text):
            # "Image caption," announces the caption on the next line.
            dropped |= {label.index, ln.index}
        if ln.text == label.text and layout.word_count(ln.text) <= lay.max_repeat_words:
            dropped |= {label.index, ln.index}
        if lay.inline_teaser.fullmatch(label.text):
            dropped.add(label.index)
            if layout.word_count(ln.text) <= lay.teaser_max_words and not ln.text.endswith("."):
                dropped.add(ln.index)
    return dropped


def _teasers_under(lay: Layout, texts: list[_Line], k: int, dropped: set[int]) -> int:
    """Drop the teaser list under a heading ("Most read") from `texts[k]` on; returns where
    the list ends."""
    # Over one- and two-word items ("Health", "NHS": topic tags, or a menu going on past
    # "Latest Headlines") the list ends with them: a headline below is the article's.
    longest = MENU_ITEM_WORDS if _menu_follows(texts, k, dropped) else lay.teaser_max_words
    while k < len(texts):
        t = texts[k].text
        teaser = (
            texts[k].index in dropped
            or (longest > MENU_ITEM_WORDS and lay.ellipsis.match(t))
            or (layout.word_count(t) <= longest and not t.rstrip("'\"’”").endswith("."))
        )
        if not teaser or layout.comment_header(lay, t)[0]:
            break
        if layout.word_count(t) <= 8 and lay.teaser_headings.fullmatch(t):
            break  # the next list's heading ("Most viewed" after topic tags)
        if _byline_below(lay, texts, k, dropped):
            break  # the article's own kicker or headline, above its byline
        dropped.add(texts[k].index)
        k += 1
    return k


#: Headlines are longer than this: a "heading" over this many lines of this many words at most
#: is a menu's item ("Latest Headlines" / "UK" / "Politics" / "World").
MENU_ITEM_WORDS = 2
MENU_RUN = 3


def _menu_follows(texts: list[_Line], k: int, chrome: set[int]) -> bool:
    """Whether the lines from `texts[k]` are a run of one- and two-word items (a menu, tags),
    looking past `chrome` ("Previous", "1", "Next" of a carousel)."""
    run = [t for t in texts[k:] if t.index not in chrome][:MENU_RUN]
    return len(run) == MENU_RUN and all(layout.word_count(t.text) <= MENU_ITEM_WORDS for t in run)


#: How far below a line a byline makes it the article's head (kicker, headline, standfirst).
BYLINE_BELOW = 6


def _byline_below(lay: Layout, texts: list[_Line], k: int, chrome: set[int]) -> bool:
    """Whether a byline ("By HARRIET COLBY") comes within a few lines below `texts[k]`."""
    below = [t for t in texts[k + 1 :] if t.index not in chrome][:BYLINE_BELOW]
    return any(layout.byline(lay, t.text) for t in below)


def _menu_item(lay: Layout, texts: list[_Line], k: int) -> bool:
    """Whether `texts[k]` ends a run of one- and two-word menu lines (no blank line between
    them, none of them chrome such as a share bar's "Email") and a blank line follows it: the
    last item of a site menu."""
    run = texts[max(0, k - 3) : k]
    return (
        len(run) == 3
        and all(layout.word_count(t.text) <= 2 and not _page_chrome(lay, t.text) for t in run)
        and all(b.index == a.index + 1 for a, b in itertools.pairwise([*run, texts[k]]))
        and k + 1 < len(texts)
        and texts[k + 1].index > texts[k].index + 1
    )


def _before_article_end(lay: Layout, texts: list[_Line]) -> list[_Line]:
    """The lines before an end mark ("ENDS", "Notes to editors", "Written by …") that comes
    after the first paragraph: what follows it is boilerplate or an author box."""
    seen_paragraph = False
    for k, ln in enumerate(texts):
        if seen_paragraph and lay.article_end.fullmatch(ln.text):
            return texts[:k]
        seen_paragraph = seen_paragraph or _paragraph_like(lay, ln.text)
    return texts


def _heading_like(lay: Layout, text: str) -> bool:
    words = layout.word_count(text)
    return 0 < words <= lay.headline_max_words and not text.endswith((".", ":", ";", ","))


def _paragraph_like(lay: Layout, text: str) -> bool:
    words = layout.word_count(text)
    ends = text.rstrip("'\"’”)").endswith(".")
    return words > lay.headline_max_words or (words >= lay.paragraph_min_words and ends)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class _Head:
    kicker: str | None
    headline: str | None
    byline: str | None
    published: date | None
    body: tuple[str, ...]


def _next_raw(lines: list[_Line], index: int) -> str:
    """The next non-empty line of the capture after line `index`, chrome included."""
    return next((ln.text for ln in lines[index + 1 : index + 4] if ln.text), "")


def _head_meta(
    lay: Layout, head: list[_Line], lines: list[_Line]
) -> tuple[dict[int, date], dict[int, str], set[int]]:
    """Dates, bylines and other meta lines (timestamps, byline continuations) of the head."""
    dated = {ln.index: d for ln in head if (d := layout.date_line(lay, ln.text))}
    stamps = {
        ln.index for ln in head if ln.index not in dated and layout.is_timestamp(lay, ln.text)
    }
    bylines = {ln.index: b for ln in head if (b := layout.byline(lay, ln.text))}
    longest = 0
    for ln in head:
        words = layout.word_count(ln.text)
        # A name alone above a date, a role or a "Follow" button is a byline, once a longer title
        # line has been read (so a Title Case headline is never taken for a name).
        if (
            ln.index not in bylines
            and longest > words
            and layout.looks_like_name(lay, ln.text, strict=True)
        ):
            following = _next_raw(lines, ln.index)
            if (
                layout.date_line(lay, following)
                or layout.role_line(following)
                or lay.byline_followers.fullmatch(following)
            ):
                bylines[ln.index] = ln.text
        if _heading_like(lay, ln.text):
            longest = max(longest, words)
    meta = set(dated) | set(bylines) | stamps
    for prev, ln in itertools.pairwise(head):
        # The line under a byline that is not prose: the writer's role, desk or publication.
        if (
            prev.index in bylines
            and ln.index not in meta
            and layout.word_count(ln.text) <= lay.kicker_max_words
            and not _paragraph_like(lay, ln.text)
        ):
            meta.add(ln.index)
    return dated, bylines, meta


def _find_headline(lay: Layout, head: list[_Line], meta: set[int]) -> int | None:
    """Where the headline is in `head`: the title line nearest above the first paragraph
    after the byline/date block (or above the first paragraph, or the block itself).

    Of title lines one above the other, the uppermost too long to be a kicker is the headline
    and those below it its standfirst ("Politics" / headline is a kicker and a headline;
    headline / "Opposition says commuters are …" is a headline and a standfirst).
    """
    first_meta = next((k for k, ln in enumerate(head) if ln.index in meta), None)
    paragraphs = [k for k, ln in enumerate(head) if _paragraph_like(lay, ln.text)]
    after_meta = [k for k in paragraphs if first_meta is not None and k > first_meta]
    anchor = (after_meta or paragraphs)[0] if after_meta or paragraphs else first_meta
    if anchor is None:
        titles = [k for k, ln in enumerate(head) if _heading_like(lay, ln.text)]
        return titles[0] if titles else None
    titles = [
        k
        for k in range(anchor - 1, -1, -1)
        if head[k].index not in meta and _heading_like(lay, head[k].text)
    ]
    if not titles:
        return None
    full = [k for k in titles if layout.word_count(head[k].text) >= lay.headline_min_words]
    return _top_of_titles(lay, head, meta, (full or titles)[0])


def _top_of_titles(lay: Layout, head: list[_Line], meta: set[int], found: int) -> int:
    """Up a run of title lines from `found` (a headline over standfirst lines, "Insists the
    driver shortage is 'essentially solved'"), to the first too long to be a kicker."""
    while found > 0:
        above = head[found - 1]
        if (
            above.index in meta
            or not _heading_like(lay, above.text)
            or layout.word_count(above.text) <= lay.kicker_max_words
        ):
            break
        found -= 1
    return found


def _read_article(
    lay: Layout, content: list[_Line], meta: layout_html.HtmlMeta, lines: list[_Line]
) -> _Head:
    window = content[:HEAD_WINDOW]
    first_paragraph = next(
        (k for k, ln in enumerate(window) if _paragraph_like(lay, ln.text)), len(window)
    )
    head = window[: first_paragraph + 1 + HEAD_AFTER_PARAGRAPH]
    dated, bylines, skip = _head_meta(lay, head, lines)
    head_at: int | None = None
    if meta.headline:
        wanted = _norm(meta.headline)
        head_at = next((k for k, ln in enumerate(window) if _norm(ln.text) == wanted), None)
    if head_at is None:
        head_at = _find_headline(lay, head, skip)
    headline = window[head_at].text if head_at is not None else meta.headline
    kicker = _kicker(lay, window, head_at, headline, skip, lines)
    first_body = head_at + 1 if head_at is not None else 0
    body_lines = [ln for ln in content[first_body:] if ln.index not in skip]
    lead = next((k for k, ln in enumerate(body_lines) if _paragraph_like(lay, ln.text)), 0)
    # Between the headline and the first paragraph only a standfirst is article text; short
    # lines there are page furniture the patterns do not know (a read time, a desk name).
    body_lines = [
        ln
        for k, ln in enumerate(body_lines)
        if k >= lead or layout.word_count(ln.text) >= lay.paragraph_min_words
    ]
    body = [t for ln in body_lines if (t := _LEADING_BULLET.sub("", ln.text))]
    published = _published(lay, meta, dated, bylines, window)
    writer = meta.author if meta.author and "/" not in meta.author else None
    writer = writer or (bylines[min(bylines)] if bylines else None)
    if writer is None and body:
        writer = layout.reported_by(lay, body[0])
    return _Head(kicker, headline, writer, published, tuple(_trim_tail(lay, body, writer)))


def _kicker(
    lay: Layout,
    window: list[_Line],
    head_at: int | None,
    headline: str | None,
    skip: set[int],
    lines: list[_Line],
) -> str | None:
    """The short title line right above the headline ("Politics"), if any."""
    if head_at is None or head_at == 0:
        return None
    above = window[head_at - 1]
    words = layout.word_count(above.text)
    if (
        above.index not in skip
        and _heading_like(lay, above.text)
        and words <= lay.kicker_max_words
        and words < layout.word_count(headline or "")
        # A label above the site's navigation (a masthead over the breadcrumbs) is not
        # the headline's kicker.
        and not any(
            lay.navigation.fullmatch(ln.text)
            for ln in lines[above.index + 1 : window[head_at].index]
        )
    ):
        return above.text
    return None


def _published(
    lay: Layout,
    meta: layout_html.HtmlMeta,
    dated: dict[int, date],
    bylines: dict[int, str],
    window: list[_Line],
) -> date | None:
    """The article's date: the page's metadata, else the first dated line of its head, else
    a date in its byline."""
    published = _meta_date(lay, meta.published)
    if published is None and dated:
        published = dated[min(dated)]
    if published is None:
        for index in sorted(bylines):
            line = next(ln.text for ln in window if ln.index == index)
            found = layout.find_date(lay, line)
            if found:
                return found[0]
    return published


def _trim_tail(lay: Layout, body: list[str], writer: str | None) -> list[str]:
    """The body less what closes many articles but is not article text: the writer's
    biography ("Jane Doe is a writer based in Leeds") and a run of topic tags."""
    body = list(body)
    if writer:
        bio = layout.bio_pattern(lay, writer)
        tail = len(body) - BIO_TAIL
        body = [p for k, p in enumerate(body) if k < tail or not bio.fullmatch(p)]
    while len(body) > 1 and _is_tag(lay, body[-1]):
        body.pop()
    return body


def _is_tag(lay: Layout, text: str) -> bool:
    return layout.word_count(text) <= lay.tag_max_words and not text.rstrip("'\"’”)").endswith(
        (".", "!", "?", ":", ";", ",")
    )


def _meta_date(lay: Layout, value: str | None) -> date | None:
    if not value:
        return None
    found = layout.find_date(lay, value)
    return found[0] if found else None
