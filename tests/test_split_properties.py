"""Invariants of reading and splitting, for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import pages, sources
from analysis.errors import UnreadablePage
from analysis.model import Page, RawPage

# Lines of the layouts the splitter knows, mixed with free text, so generated pages reach
# the comment reader's paths (headers, bullets, numbers, buttons, removed slots, replies).
LAYOUT_LINES = [
    "Readers' comments (3)",
    "12 Comments",
    "Comments",
    "  • ",
    "  • Jane Smith",
    "  • This comment has been moderated",
    "1.",
    "2.",
    "#3",
    "Jane Smith | 3 March 2024 10:21am",
    "John · 2 hours ago",
    "Ann Lee says:",
    "In reply to Jane Smith",
    "Response to John",
    "Reply",
    "Unsuitable or offensive? Report this comment",
    "+20",
    "▲ 3 ▼",
    "[deleted]",
    "Load more comments",
    "Have your say",
    "Most read",
    "comments powered by Disqus",
    "21 May 2015",
    "By Helen Marsh",
    "Share this article",
    "Photo caption (Photo: Agency)",
    "",
    "",
]
free_line = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
layout_line = st.one_of(st.sampled_from(LAYOUT_LINES), free_line)
indent = st.sampled_from(["", "", "  ", "    ", "\t"])
page_text = st.lists(st.tuples(indent, layout_line), max_size=40).map(
    lambda rows: "\n".join(i + line for i, line in rows)
)
any_text = st.text(max_size=400)


def _raw(text: str) -> RawPage:
    return RawPage(id="p", source="p.txt", text=text, content_hash="0")


def _check(text: str, page: Page) -> None:
    assert [c.position for c in page.comments] == list(range(1, len(page.comments) + 1))
    for c in page.comments:
        assert c.text in text
        assert c.text == c.text.strip()
        if c.moderated:
            assert c.text == ""
        else:
            assert c.text
    assert all(p.strip() == p and p for p in page.article.body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_text_splits(text: str) -> None:
    _check(text, pages.split(_raw(text)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_text)
def test_layout_like_text_splits_verbatim_and_deterministically(text: str) -> None:
    first = pages.split(_raw(text))
    _check(text, first)
    assert pages.split(_raw(text)) == first


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["p.txt", "p.html", "p.json", "p.csv"]))
def test_any_bytes_read_or_refuse_cleanly(data: bytes, name: str) -> None:
    try:
        raw = sources.read_bytes(data, page_id="p", source=name)
    except UnreadablePage as exc:
        assert "\n" not in str(exc) and name in str(exc)
        return
    _check(raw.text, pages.split(raw))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"author": st.one_of(st.none(), st.text(max_size=20)), "text": st.text(max_size=80)}
        ),
        max_size=6,
    )
)
def test_exports_never_crash_and_keep_comment_text_verbatim(rows: list[dict[str, object]]) -> None:
    import json

    raw = sources.read_bytes(json.dumps(rows).encode(), page_id="e", source="e.json")
    _check(raw.text, pages.split(raw))
