"""Reading captures from disk: kinds of file, decoding, and every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from analysis import pages, sources
from analysis.errors import AnalysisError, NoPages, UnreadablePage


def _one_line_naming(exc: AnalysisError, path: Path) -> None:
    message = str(exc)
    assert "\n" not in message
    assert str(path) in message


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(UnreadablePage, match="empty") as info:
        sources.read_path(path)
    _one_line_naming(info.value, path)


def test_whitespace_only_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\r\n\t\n")
    with pytest.raises(UnreadablePage, match="empty"):
        sources.read_path(path)


def test_binary_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(UnreadablePage, match="binary") as info:
        sources.read_path(path)
    _one_line_naming(info.value, path)


def test_control_characters_without_nul_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 200 + b"some text")
    with pytest.raises(UnreadablePage, match="binary"):
        sources.read_path(path)


def test_stray_bytes_in_utf8_are_replaced_with_a_warning(tmp_path: Path) -> None:
    # Real pages pasted together from two code pages: mostly UTF-8 ("café" as UTF-8), with a
    # stray byte that is neither UTF-8 here nor defined in Windows-1252 (0x81). The page is
    # read, not refused; the bad byte shows as U+FFFD and the page says so.
    path = tmp_path / "odd.txt"
    path.write_bytes("café – ok".encode() + b" \x81 menu")
    raw = sources.read_path(path)
    assert raw.text == "café – ok \ufffd menu"
    assert raw.encoding == sources.REPLACED
    assert raw.warnings == (
        "1 byte(s) were not UTF-8 or Windows-1252 text and are shown as \ufffd",
    )


def test_cp1252_smart_quotes_decode_right(tmp_path: Path) -> None:
    text = "‘It’s a “test” – really’ said the GP…"
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))
    raw = sources.read_path(path)
    assert raw.text == text
    assert raw.encoding == "cp1252"


def test_utf8_bom_is_dropped_and_crlf_normalised(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHeadline\r\n\r\nBody – text\r\n".encode())
    raw = sources.read_path(path)
    assert raw.text == "Headline\n\nBody – text\n"
    assert raw.encoding == "utf-8"


def test_utf16_with_bom_reads(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Headline\n\nBody text\n".encode("utf-16"))
    assert sources.read_path(path).text == "Headline\n\nBody text\n"


def test_fifty_megabyte_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)

    def no_reading(self: Path) -> bytes:
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    started = time.perf_counter()
    with pytest.raises(UnreadablePage, match="too large") as info:
        sources.read_path(path)
    assert time.perf_counter() - started < 0.5
    _one_line_naming(info.value, path)


def test_oversized_bytes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadablePage, match="too large"):
        sources.read_bytes(b"a" * (sources.MAX_BYTES + 1), page_id="x", source="x.txt")


def test_folder_without_pages(tmp_path: Path) -> None:
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "picture.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.txt").write_text("not a page")
    (folder / "sub").mkdir()
    with pytest.raises(NoPages) as info:
        sources.page_files([folder])
    _one_line_naming(info.value, folder)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UnreadablePage, match="no such file"):
        sources.page_files([tmp_path / "gone.txt"])


def test_folder_lists_pages_in_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html", "c.csv", "notes.md"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in sources.page_files([tmp_path])] == ["a.html", "b.txt", "c.csv"]


def test_page_without_article_gives_a_result_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "wall.txt"
    path.write_text("Subscribe\n\nSign in\n\nAlready registered?\n\nPrivacy policy\n")
    page = pages.split(sources.read_path(path))
    assert page.article.body == ()
    assert "no article text found" in page.warnings


def test_html_is_rendered_as_text_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "saved.htm"
    path.write_text(
        "<html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<nav><a>Home</a></nav><h1>Big news</h1><p>First <em>para</em>.</p>"
        "<ul><li>One</li><li>Two</li></ul><footer>© 2024 Site</footer></body></html>"
    )
    raw = sources.read_path(path)
    assert raw.html is not None and "<h1>" in raw.html
    # One block a line, as a browser lays the page out (the splitter reads the markup itself;
    # this text is what a reader of the capture sees): no script, inline markup joined.
    assert raw.text.split("\n") == [
        "Home",
        "Big news",
        "First para.",
        "One",
        "Two",
        "© 2024 Site",
        "",
    ]


def test_html_is_sniffed_in_a_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text("<!DOCTYPE html><html><body><p>Hello there</p></body></html>")
    raw = sources.read_path(path)
    assert raw.html is not None and raw.text.strip() == "Hello there"


def test_json_export_as_a_bare_list(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    rows = [{"author": "Ann Lee", "text": "First!\nSecond line."}, {"text": "No name here"}]
    path.write_text(json.dumps(rows))
    page = pages.split(sources.read_path(path))
    assert [(c.author, c.text) for c in page.comments] == [
        ("Ann Lee", "First!\nSecond line."),
        (None, "No name here"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("bad.json", "{not json", "not valid JSON"),
        ("shape.json", '{"items": 3}', "not a comment export"),
        ("fields.json", '[{"who": "x"}]', "without a 'text' field"),
        ("cols.csv", "who,what\nx,y\n", "needs a 'text' column"),
    ],
)
def test_bad_exports_are_unreadable(tmp_path: Path, name: str, content: str, match: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(UnreadablePage, match=match) as info:
        sources.read_path(path)
    _one_line_naming(info.value, path)


def test_content_hash_follows_the_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Same text\n")
    b.write_text("Same text!\n")
    assert sources.read_path(a).content_hash != sources.read_path(b).content_hash
    assert sources.read_path(a).content_hash == sources.read_path(a).content_hash


def test_html_furniture_blocks_are_left_out() -> None:
    from analysis import layout_html

    markup = (
        "<html><body><div class='cookie-consent'><p>We use cookies.</p></div>"
        "<div class='breadcrumbs'><a>Home</a> › <a>News</a></div>"
        "<article class='story'><h1>Title here</h1>"
        "<figure><img alt='x'><figcaption>A caption. Picture: Archive</figcaption></figure>"
        "<p>Body text of the story.</p><div class='share-bar'><a>Facebook</a></div></article>"
        "<section class='newsletter-signup'><p>Sign up for our newsletter</p></section>"
        "<div class='comment-share'>Share</div></body></html>"
    )
    text = layout_html.to_text(markup)
    assert "Title here" in text and "Body text of the story." in text
    for gone in ("cookies", "Home", "caption", "Facebook", "newsletter", "Share"):
        assert gone not in text, gone


def test_html_furniture_class_never_drops_the_article() -> None:
    from analysis import layout_html

    # A wrapper whose class mentions "related" but which holds the headline stays.
    markup = (
        "<body><div class='post related-enabled'><h1>Kept title</h1><p>Kept body.</p></div></body>"
    )
    text = layout_html.to_text(markup)
    assert "Kept title" in text and "Kept body." in text


# --- comment exports are taken as records, not re-read as a page --------------------------

# Invented comments whose text is what page furniture looks like; in an export they are
# what the reader wrote.
FURNITURE_LIKE = [
    {"author": "Pat Quinn", "posted": "2024-05-02 09:14", "text": "+1"},
    {"author": "Dev Mistry", "text": "Reply"},
    {"author": "Ola Nowak", "posted": "2024-05-02 10:01", "text": "12 likes"},
    {"author": "Sam Reyes", "text": "  • not a bullet\nReport"},
    {"author": "Jo Park", "text": "This comment was removed by a moderator"},
    {"author": "Lee Grant", "text": ""},
    {"author": "Ann Bell", "text": "", "deleted": True},
    {"author": "Tom Wu", "text": "Last word. "},
]


def _export_page(tmp_path: Path, name: str, content: str) -> tuple[Any, Any]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    raw = sources.read_path(path)
    return raw, pages.split(raw)


def test_json_export_keeps_every_comment_exactly(tmp_path: Path) -> None:
    _, page = _export_page(tmp_path, "thread.json", json.dumps({"comments": FURNITURE_LIKE}))
    got = [(c.position, c.author, c.moderated, c.text) for c in page.comments]
    assert got == [
        (n, r["author"], bool(r.get("deleted")), "" if r.get("deleted") else r["text"])
        for n, r in enumerate(FURNITURE_LIKE, start=1)
    ]
    assert page.comments[0].posted == "2024-05-02 09:14"


def test_csv_export_keeps_every_comment_exactly(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["author", "posted", "text", "deleted"], lineterminator="\n")
    writer.writeheader()
    writer.writerows({"deleted": "", **r} for r in FURNITURE_LIKE)
    _, page = _export_page(tmp_path, "thread.csv", buffer.getvalue())
    assert [(c.author, c.moderated, c.text) for c in page.comments] == [
        (r["author"], bool(r.get("deleted")), "" if r.get("deleted") else r["text"])
        for r in FURNITURE_LIKE
    ]


def test_export_reply_and_article_fields(tmp_path: Path) -> None:
    export = {
        "title": "Bus lane  fines to double",
        "url": "https://example.net/news/bus-lanes",
        "published": "2024-02-14",
        "outlet": "Riverside Echo",
        "comments": [
            {"user": "Mo K", "text": "About time."},
            {"user": 1042, "in_reply_to": "Mo K", "created_at": 1707900000, "text": "Not for vans"},
        ],
    }
    raw, page = _export_page(tmp_path, "fines.json", json.dumps(export))
    art = page.article
    assert (art.headline, art.outlet, art.published) == (
        "Bus lane fines to double",
        "Riverside Echo",
        date(2024, 2, 14),
    )
    assert art.body == () and "no article text found" in page.warnings
    second = page.comments[1]
    assert (second.author, second.reply_to, second.posted) == ("1042", "Mo K", "1707900000")
    assert "Not for vans" in raw.text and "Comments (2)" in raw.text


@pytest.mark.parametrize(
    ("export", "match"),
    [
        ({"headline": {"a": 1}, "comments": [{"text": "ok"}]}, r"'headline' is an object"),
        ([{"author": ["a"], "text": "ok"}], r"comment 1: 'author' is a list"),
        ([{"text": "ok"}, {"text": 5}], r"comment 2: 'text' is a number"),
        ([{"text": "ok"}, {"text": "ok"}, {"body": {"x": 1}}], r"comment 3: 'body' is an object"),
        ([{"text": "ok", "posted": True}], r"comment 1: 'posted' is true/false"),
        ([{"text": "ok", "deleted": [1]}], r"comment 1: 'deleted' is a list"),
    ],
)
def test_export_fields_that_are_not_text_are_refused(
    tmp_path: Path, export: object, match: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(export))
    with pytest.raises(UnreadablePage, match=match) as info:
        sources.read_path(path)
    _one_line_naming(info.value, path)


def test_deeply_nested_json_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(UnreadablePage, match="nested too deeply") as info:
        sources.read_path(path)
    _one_line_naming(info.value, path)


# --- HTML limits and sniffing -----------------------------------------------------------


def test_html_deeper_than_the_parser_reads_says_so(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 300_000 + "x" + "</div>" * 300_000)
    with pytest.raises(UnreadablePage, match="nested deeper") as info:
        sources.read_path(path)
    _one_line_naming(info.value, path)


def test_html_partly_too_deep_reads_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "part.html"
    deep = "<div>" * 1000 + "lost text" + "</div>" * 1000
    path.write_text(f"<html><body><p>Council agrees new budget.</p>{deep}</body></html>")
    raw = sources.read_path(path)
    assert "Council agrees new budget." in raw.text
    assert any("nested deeper" in w for w in raw.warnings)
    assert any("nested deeper" in w for w in pages.split(raw).warnings)


def test_ordinary_html_has_no_depth_warning(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_text("<html><body>" + "<div>" * 50 + "Fine." + "</div>" * 50 + "</body></html>")
    assert sources.read_path(path).warnings == ()


@pytest.mark.parametrize(
    "opening",
    [
        "<!-- saved from url=(0042)https://example.org/news -->\n<html><body>",
        "\ufeff\n  <!-- page -->\n<head><title>News</title></head><body>",
        "<head>\n<meta charset='utf-8'><title>News</title></head><body>",
        "  <body class='article'>\n<div>",
        '<meta charset="utf-8">\n<title>News</title>\n<div>',
    ],
)
def test_html_without_a_doctype_is_sniffed_in_a_txt_file(tmp_path: Path, opening: str) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(opening + "<p>Library hours cut again</p></body>", encoding="utf-8")
    raw = sources.read_path(path)
    assert raw.html is not None
    assert raw.text.strip() == "Library hours cut again"


@pytest.mark.parametrize(
    "text",
    [
        "<!-- a note pasted above a browser capture\nLibrary hours cut again\n",
        "<body> is the word the reader typed\nLibrary hours cut again\n",
        "<meta> tags explained\nA beginner's guide to page headers.\n",
    ],
)
def test_text_that_opens_like_a_tag_stays_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "capture.txt"
    path.write_text(text, encoding="utf-8")
    raw = sources.read_path(path)
    assert raw.html is None and raw.text == text


# --- exports in the shapes other tools give them -----------------------------------------


def test_a_youtube_api_thread_list_is_read_with_its_replies(tmp_path: Path) -> None:
    def comment(cid: str, who: str, text: str, parent: str | None = None) -> dict[str, Any]:
        snippet = {
            "textDisplay": text.replace("'", "&#39;"),
            "textOriginal": text,
            "authorDisplayName": who,
            "authorChannelId": {"value": "UC" + cid},
            "likeCount": 3,
            "publishedAt": "2026-11-25T19:04:11Z",
        }
        if parent:
            snippet["parentId"] = parent
        return {"kind": "youtube#comment", "id": cid, "snippet": snippet}

    export = {
        "kind": "youtube#commentThreadListResponse",
        "pageInfo": {"totalResults": 2, "resultsPerPage": 20},
        "items": [
            {
                "kind": "youtube#commentThread",
                "id": "t1",
                "snippet": {"videoId": "v", "topLevelComment": comment("a1", "@ann", "It's late.")},
                "replies": {"comments": [comment("a2", "@bob", "Agreed, again.", "a1")]},
            },
            {
                "kind": "youtube#commentThread",
                "id": "t2",
                "snippet": {"videoId": "v", "topLevelComment": comment("a3", "@cy", "Fine by me")},
            },
        ],
    }
    _, page = _export_page(tmp_path, "yt.json", json.dumps(export))
    assert [(c.author, c.text, c.reply_to) for c in page.comments] == [
        ("@ann", "It's late.", None),
        ("@bob", "Agreed, again.", "@ann"),
        ("@cy", "Fine by me", None),
    ]
    assert page.comments[0].posted == "2026-11-25T19:04:11Z"


def test_a_graph_api_comment_list_names_the_parent_and_keeps_empty_stickers(
    tmp_path: Path,
) -> None:
    first = {"id": "p_1", "message": "Fully staffed, are they?", "from": {"name": "Gary W"}}
    export = {
        "data": [
            {**first, "created_time": "2026-12-02T17:41:08+0000", "like_count": 4},
            {
                "id": "p_2",
                "message": "Same here",
                "from": {"name": "Lee P", "id": "9"},
                "parent": first,  # a copy of the comment answered, not a comment of its own
            },
            {
                "id": "p_3",
                "message": "",
                "from": {"name": "Dean S"},
                "attachment": {"type": "sticker"},
            },
        ],
        "paging": {"cursors": {"before": "x", "after": "y"}},
        "summary": {"total_count": 38},
    }
    _, page = _export_page(tmp_path, "fb.json", json.dumps(export))
    assert [(c.author, c.text, c.reply_to) for c in page.comments] == [
        ("Gary W", "Fully staffed, are they?", None),
        ("Lee P", "Same here", "Gary W"),
        ("Dean S", "", None),
    ]
    assert page.declared_comment_count == 38


def test_a_nested_listing_reads_replies_inside_their_parent(tmp_path: Path) -> None:
    export = [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"title": "Post"}}]}},
        {
            "kind": "Listing",
            "data": {
                "children": [
                    {
                        "kind": "t1",
                        "data": {
                            "author": "kev",
                            "body": "Top level",
                            "created_utc": 1764000000,
                            "replies": {
                                "kind": "Listing",
                                "data": {
                                    "children": [
                                        {"kind": "t1", "data": {"author": "sue", "body": "A reply"}}
                                    ]
                                },
                            },
                        },
                    },
                    {"kind": "t1", "data": {"author": "[deleted]", "body": "[removed]"}},
                ]
            },
        },
    ]
    _, page = _export_page(tmp_path, "reddit.json", json.dumps(export))
    assert [(c.author, c.text, c.reply_to, c.moderated) for c in page.comments] == [
        ("kev", "Top level", None, False),
        ("sue", "A reply", "kev", False),
        ("[deleted]", "", None, True),  # the site's placeholder for a removed comment
    ]


def test_a_moderation_tool_csv_maps_status_and_parents(tmp_path: Path) -> None:
    buffer = io.StringIO()
    columns = ["comment_id", "parent_id", "author_display_name", "created_at", "status"]
    columns.append("comment_body")
    rows = [
        ["c1", "", "Ade W", "2026-12-09T07:41Z", "approved", 'He says "best", ok'],
        ["c2", "c1", "Nell", "2026-12-09T07:55Z", "approved", "Line one\nLine two"],
        ["c3", "", "Spammer", "2026-12-09T08:00Z", "spam", "Buy pills"],
        ["c4", "", "Gone", "2026-12-09T08:10Z", "deleted", ""],
    ]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    _, page = _export_page(tmp_path, "mod.csv", buffer.getvalue())
    assert [(c.author, c.moderated, c.text, c.reply_to) for c in page.comments] == [
        ("Ade W", False, 'He says "best", ok', None),
        ("Nell", False, "Line one\nLine two", "Ade W"),
        ("Spammer", True, "", None),
        ("Gone", True, "", None),
    ]


def test_an_export_with_only_html_text_reads_as_a_reader_sees_it(tmp_path: Path) -> None:
    export = [{"author": "Ann", "textDisplay": "It&#39;s <b>late</b><br>again"}]
    _, page = _export_page(tmp_path, "html.json", json.dumps(export))
    assert page.comments[0].text == "It's late\nagain"


def test_export_edge_shapes_a_review_found(tmp_path: Path) -> None:
    # An article with no comments yet: no comment made of its body.
    _, page = _export_page(
        tmp_path,
        "a.json",
        json.dumps({"article": {"title": "T", "body": "Long article text."}, "comments": []}),
    )
    assert page.comments == ()
    # Replies nested inside top-level records are kept, after their parent.
    nested = [{"author": "Ann", "text": "Top", "replies": [{"author": "Bo", "text": "Re"}]}]
    _, page = _export_page(tmp_path, "b.json", json.dumps(nested))
    assert [(c.author, c.reply_to) for c in page.comments] == [("Ann", None), ("Bo", "Ann")]
    # WordPress REST: content.rendered is HTML; a "flagged" comment is still shown.
    wp = [
        {
            "author_name": "Cy",
            "content": {"rendered": "<p>It&#8217;s shut</p>"},
            "status": "flagged",
        }
    ]
    _, page = _export_page(tmp_path, "c.json", json.dumps(wp))
    assert [(c.author, c.text, c.moderated) for c in page.comments] == [("Cy", "It’s shut", False)]


def test_embedded_media_and_html_paragraphs_in_exports(tmp_path: Path) -> None:
    post = {
        "kind": "t3",
        "data": {
            "title": "Interview",
            "secure_media_embed": {"content": "&lt;iframe src='x'&gt;&lt;/iframe&gt;"},
            "media": {"oembed": {"html": "<iframe></iframe>"}},
        },
    }
    comment = {"kind": "t1", "data": {"author": "kev", "body": "He dodged every question."}}
    export = [{"data": {"children": [post]}}, {"data": {"children": [comment]}}]
    _, page = _export_page(tmp_path, "r.json", json.dumps(export))
    assert [(c.author, c.text) for c in page.comments] == [("kev", "He dodged every question.")]
    algolia = {
        "hits": [{"author": "mjw", "comment_text": "Real, but unread.<p>I saw it &amp; left."}]
    }
    _, page = _export_page(tmp_path, "hn.json", json.dumps(algolia))
    assert page.comments[0].text == "Real, but unread.\n\nI saw it & left."


def test_a_wrapped_comment_takes_its_wrappers_author(tmp_path: Path) -> None:
    export = {
        "comments": [
            {"comment": {"id": "c1", "text": "A disgrace."}, "user": {"name": "Margaret Hall"}},
            {"comment": {"id": "c2", "text": "Vote them out."}, "user": {"name": "Ian Firth"}},
        ]
    }
    _, page = _export_page(tmp_path, "w.json", json.dumps(export))
    assert [(c.author, c.text) for c in page.comments] == [
        ("Margaret Hall", "A disgrace."),
        ("Ian Firth", "Vote them out."),
    ]
