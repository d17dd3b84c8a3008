"""Invariants of reading and splitting, for any input (hypothesis)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

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
    """Invariants of a text capture: every comment is a verbatim, stripped slice of it."""
    assert [c.position for c in page.comments] == list(range(1, len(page.comments) + 1))
    for c in page.comments:
        assert c.text in text
        assert c.text == c.text.strip()
        if c.moderated:
            assert c.text == ""
        else:
            assert c.text
    assert all(p.strip() == p and p for p in page.article.body)


def _check_raw(raw: RawPage, page: Page) -> None:
    """Per kind of input: text captures as `_check`; exports one slot a record, text equal."""
    if raw.export is None:
        _check(raw.text, page)
        return
    _check_export(page, [(e.moderated, e.text) for e in raw.export.comments])


def _check_export(page: Page, records: list[tuple[bool, str]]) -> None:
    """An export's comments are its records in order, each text equal to the export's field
    (JSON escapes undone, so not a substring of the file); removed ones are moderated and ""."""
    assert [c.position for c in page.comments] == list(range(1, len(records) + 1))
    for c, (removed, text) in zip(page.comments, records, strict=True):
        assert c.moderated == removed
        assert c.text == ("" if removed else text)


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
    _check_raw(raw, pages.split(raw))


# Comment text in exports: free text, and lines that look like page furniture ("Reply",
# "+20", a removed-comment notice), which in an export are what the reader wrote.
# Control characters other than line breaks and tabs make a file binary (refused alike).
_typed = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\r"), max_size=80
)
export_text = st.one_of(
    _typed, st.sampled_from(LAYOUT_LINES), st.sampled_from(["  +1 ", " \n", ""])
)
export_row = st.fixed_dictionaries(
    {"author": st.one_of(st.none(), _typed), "text": export_text},
    optional={"deleted": st.booleans()},
)


@settings(max_examples=100, deadline=None)
@given(st.lists(export_row, max_size=8))
def test_json_exports_keep_every_record_and_its_text_exactly(rows: list[dict[str, Any]]) -> None:
    raw = sources.read_bytes(json.dumps(rows).encode(), page_id="e", source="e.json")
    page = pages.split(raw)
    placeholders = {"[deleted]", "[removed]"}  # a removed comment's, when both are (Reddit)
    _check_export(
        page,
        [
            (
                bool(r.get("deleted"))
                or (
                    r["text"].strip().lower() in placeholders
                    and (r["author"] or "").strip().lower() in placeholders
                ),
                r["text"],
            )
            for r in rows
        ],
    )
    assert [c.author for c in page.comments] == [
        " ".join(r["author"].split()) or None if r["author"] else None for r in rows
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(export_row, max_size=8))
def test_csv_exports_keep_every_record_and_its_text(rows: list[dict[str, Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["author", "text", "deleted"])
    writer.writeheader()
    writer.writerows({**r, "deleted": "yes" if r.get("deleted") else "no"} for r in rows)
    raw = sources.read_bytes(buffer.getvalue().encode(), page_id="e", source="e.csv")
    # A CSV file's line endings are read as "\n", inside quoted cells too.
    want = [
        (bool(r.get("deleted")), r["text"].replace("\r\n", "\n").replace("\r", "\n")) for r in rows
    ]
    _check_export(pages.split(raw), want)
