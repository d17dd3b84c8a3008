"""Where the comment section of a copied page starts: under its headings ("27 Comments"), at
the first of its comment signals, or after a forum's opening post."""

from __future__ import annotations

from analysis import headers, layout
from analysis.layout import Layout
from analysis.pages.catalogue_lines import _Line

#: How far above a first comment button the comment's first line may be.
BUTTON_LOOKBACK = 15
#: Lines between two comment-section headings this short are widget furniture.
CLUSTER_MAX_WORDS = 6


def _strong(lay: Layout, text: str) -> bool:
    """Evidence of a comment list: a removed-comment slot, a name+time header, a report button."""
    if lay.moderated.fullmatch(text):
        return True
    if layout.is_action_bar(lay, text) and lay.comment_buttons.fullmatch(text):
        return True
    meta = headers.comment_meta(lay, text)
    return bool(meta and meta[0])


def _opening_post_end(lay: Layout, lines: list[_Line]) -> int | None:
    """In a forum thread ("Thread starter NAME", or an "OP" badge on the first post's header),
    the line after the opening post's buttons: the opening post is the article, the posts
    after it its comments."""
    found = next(
        (
            (ln.index, m)
            for ln in lines
            if ln.text
            for m in [lay.thread_starter.fullmatch(ln.text)]
            if m
        ),
        None,
    )
    if found is not None:
        said, starter = found
        name = starter.group("name").strip()
        at = next((ln.index for ln in lines[said + 1 :] if ln.text == name), None)
    else:
        # No "Thread starter" line: the first post, when its header says "OP" (on a later
        # page of a thread the OP's posts are replies like any other).
        first = next(
            (ln for ln in lines if ln.text and (m := headers.comment_meta(lay, ln.text)) and m[0]),
            None,
        )
        at = first.index if first is not None and headers.original_poster(lay, first.text) else None
    if at is None:
        return None
    seen_button = False
    for ln in lines[at + 1 :]:
        if not ln.text:
            continue
        if layout.is_action_bar(lay, ln.text):
            seen_button = True
        elif seen_button:
            return ln.index
    return None


def _section_start(lay: Layout, lines: list[_Line]) -> tuple[int, int, int | None] | None:
    """(first line of the comment section, first line to read slots from, declared count)."""
    opening = _opening_post_end(lay, lines)
    if opening is not None:
        return opening, opening, None
    headers = [
        (ln.index, count)
        for ln in lines
        if ln.text
        for is_header, count in [layout.comment_header(lay, ln.text)]
        if is_header
    ]
    strong = [ln.index for ln in lines if ln.text and _strong(lay, ln.text)]
    if headers and len(strong) >= 2 and strong[-1] < headers[0][0]:
        # Every comment signal comes before the headings ("Join the discussion" under a
        # thread's last post): the headings invite comments; the list is above them.
        headers = []
    if headers:
        return _under_headings(lay, lines, headers, strong)
    return _from_signals(lay, lines, strong)


def _under_headings(
    lay: Layout, lines: list[_Line], headers: list[tuple[int, int | None]], strong: list[int]
) -> tuple[int, int, int | None] | None:
    """The section under its headings: the last heading before the first comment signal
    below them, else the last heading when a list, or no more text than above, follows."""
    first_strong = next((s for s in strong if s > headers[0][0]), None)
    if first_strong is not None:
        before = [h for h in headers if h[0] < first_strong]
        index, count = before[-1]
        return _cluster_start(lines, before, index), index + 1, count
    index, count = headers[-1]
    following = [ln for ln in lines[index + 1 :] if ln.text]
    preceding = [ln for ln in lines[:index] if ln.text]
    structured = any(
        lay.bullet.match(ln.text) or lay.numbered.fullmatch(ln.text) for ln in following
    )
    if structured or len(following) <= len(preceding):
        return index, index + 1, count
    return None


def _from_signals(
    lay: Layout, lines: list[_Line], strong: list[int]
) -> tuple[int, int, int | None] | None:
    """The section where two or more comment signals start it and no heading does."""
    if len(strong) < 2:
        return None
    first = strong[0]
    text = lines[first].text
    if lay.moderated.fullmatch(text) or not layout.is_action_bar(lay, text):
        return first, first, None
    # The first signal is a button under the first comment: its name line is above it.
    for ln in reversed(lines[max(0, first - BUTTON_LOOKBACK) : first]):
        if ln.text and (
            lay.bullet.match(ln.text) or layout.looks_like_name(lay, ln.text, strict=True)
        ):
            return ln.index, ln.index, None
    return None


def _cluster_start(lines: list[_Line], headers: list[tuple[int, int | None]], index: int) -> int:
    """Where a run of section headings ends up starting ("27 Comments", "Login", "Sort by
    Best", "Join the discussion…"): the widget furniture between them is not article."""
    start = index
    for h, _ in reversed(headers[:-1]):
        between = [ln for ln in lines[h + 1 : start] if ln.text]
        if any(layout.word_count(ln.text) > CLUSTER_MAX_WORDS for ln in between):
            break
        start = h
    return start
