"""The splitter against the seeds' human labels and against invented pages of other layouts.

Seeds: tests/fixtures/seed-labels.json. Other layouts: tests/fixtures/pages/NAME.* with
NAME.expect.json saying what must (and must not) come out; each expectation is its own test.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from analysis import headers, layout, pages, rules, sources
from analysis.model import Page, RawPage
from tests.conftest import FIXTURES, LABELS_PATH, SEEDS

PAGES = FIXTURES / "pages"
LABELS: dict[str, Any] = json.loads(LABELS_PATH.read_text(encoding="utf-8"))["articles"]
SEED_IDS = sorted(LABELS)


def _raw(text: str, page_id: str = "t") -> RawPage:
    return RawPage(id=page_id, source=f"{page_id}.txt", text=text, content_hash="0")


def _plain_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


@pytest.fixture(scope="module")
def seed_pages() -> dict[str, tuple[RawPage, Page]]:
    raws = {r.id: r for r in sources.iter_pages([SEEDS])}
    return {pid: (raw, pages.split(raw)) for pid, raw in raws.items()}


# --- seeds against their labels ---------------------------------------------------------


@pytest.mark.parametrize("pid", SEED_IDS)
def test_seed_article_agrees_with_labels(pid: str, seed_pages: dict[str, Any]) -> None:
    label = LABELS[pid]
    _, page = seed_pages[pid]
    art = page.article
    assert art.headline == label["headline"]
    assert art.outlet == label["outlet"]
    assert art.kicker == label.get("kicker")
    published = label.get("published")
    assert art.published == (date.fromisoformat(published) if published else None)
    assert page.declared_comment_count == label["declared_comment_count"]
    text = _plain_quotes("\n".join([art.headline or "", *art.body]))
    for claim in label["key_claims"]:
        assert _plain_quotes(claim) in text, f"key claim lost from the article: {claim!r}"


@pytest.mark.parametrize("pid", SEED_IDS)
def test_seed_comment_slots_agree_with_labels(pid: str, seed_pages: dict[str, Any]) -> None:
    raw, page = seed_pages[pid]
    wanted = LABELS[pid]["comments"]
    assert [c.position for c in page.comments] == [w["position"] for w in wanted]
    for got, want in zip(page.comments, wanted, strict=True):
        assert got.moderated == want["moderated"], got.position
        assert got.author == want["author"], got.position
        if want["starts_with"] is None:
            assert got.text == ""
        else:
            assert got.text.startswith(want["starts_with"]), got.position
            assert got.text in raw.text
            assert got.text == got.text.strip()


@pytest.mark.parametrize("pid", SEED_IDS)
def test_seed_not_body_lines_stay_out(pid: str, seed_pages: dict[str, Any]) -> None:
    _, page = seed_pages[pid]
    for line in LABELS[pid]["not_body"]:
        assert not any(line in p for p in page.article.body), f"{line!r} in body"
        assert not any(line in c.text for c in page.comments), f"{line!r} in a comment"
        assert line != page.article.headline and line != page.article.kicker


def test_seed_002_slots(seed_pages: dict[str, Any]) -> None:
    _, page = seed_pages["002_67f1760935feaf66"]
    assert len(page.comments) == 7
    assert page.comments[1].moderated and page.comments[1].text == ""
    assert page.comments[4].author == "Bob Hodges"
    assert page.comments[4].text == "The Secretary of State for Lolz strikes again. Nice one."
    # The reader's own paragraph break survives inside the first comment.
    assert "\n\n" in page.comments[0].text
    assert not any("Report this comment" in c.text for c in page.comments)
    assert page.warnings == ()


def test_seed_003_coverage(seed_pages: dict[str, Any]) -> None:
    _, page = seed_pages["003_34b14d12cecd17ee"]
    assert len(page.comments) == 10
    assert page.declared_comment_count == 21
    assert page.comments[5].author == "Russell Thorpe"
    assert page.comments[5].text == "The mask slips"
    assert "10 of 21 comments captured" in page.warnings


def test_seed_000_disqus_warning(seed_pages: dict[str, Any]) -> None:
    _, page = seed_pages["000_72a48411cc834e39"]
    assert any(
        w.startswith("comments were served by Disqus (a third-party widget) and none could")
        for w in page.warnings
    ), page.warnings
    # The profile box is a list inside the article, not comments.
    assert "May 2005 Conservative MP for South West Surrey" in page.article.body


NO_COMMENT_SEEDS = ["000_72a48411cc834e39", "001_7337c63da4c34d42", "004_20060a5166571241"]


@pytest.mark.parametrize("pid", NO_COMMENT_SEEDS)
def test_seeds_without_comments(pid: str, seed_pages: dict[str, Any]) -> None:
    _, page = seed_pages[pid]
    assert page.comments == ()
    assert "no reader comments in this capture" in page.warnings


def test_seed_004_drops_teasers_and_captions(seed_pages: dict[str, Any]) -> None:
    _, page = seed_pages["004_20060a5166571241"]
    body = page.article.body
    assert not any("Photo:" in p or p.startswith("Read more") for p in body)
    assert not any("Medical Protection Society" in p for p in body)
    assert body[-1].startswith("‘Really,' he adds of the LMCs vote")


# --- invented pages of other layouts ----------------------------------------------------


def _capture_of(expect_path: Path, expect: dict[str, Any]) -> Path:
    if "file" in expect:
        return PAGES / expect["file"]
    stem = expect_path.name.removesuffix(".expect.json")
    found = [p for p in PAGES.iterdir() if p.stem == stem and not p.name.endswith(".json")]
    found += [PAGES / f"{stem}.json"] if (PAGES / f"{stem}.json").exists() else []
    assert len(found) == 1, f"one capture for {expect_path.name}, found {found}"
    return found[0]


def _checks(expect: dict[str, Any]) -> list[str]:
    names = [k for k in ("headline", "kicker", "outlet", "published", "byline") if k in expect]
    names += [
        k for k in ("declared", "body_starts_with", "body_ends_with", "warnings") if k in expect
    ]
    names += [f"body_contains:{i}" for i in range(len(expect.get("body_contains", [])))]
    if "comments" in expect:
        names.append("slot_count")
        names += [f"comment:{i}" for i in range(len(expect["comments"]))]
    names += [f"must_not_appear:{i}" for i in range(len(expect.get("must_not_appear", [])))]
    names.append("verbatim")
    return names


EXPECTATIONS = sorted(PAGES.glob("*.expect.json"))
CASES = [
    (path.name.removesuffix(".expect.json"), check)
    for path in EXPECTATIONS
    for check in _checks(json.loads(path.read_text(encoding="utf-8")))
]


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, tuple[dict[str, Any], RawPage, Page]]:
    out = {}
    for path in EXPECTATIONS:
        expect = json.loads(path.read_text(encoding="utf-8"))
        raw = sources.read_path(_capture_of(path, expect))
        out[path.name.removesuffix(".expect.json")] = (expect, raw, pages.split(raw))
    return out


def test_there_are_enough_invented_layouts() -> None:
    assert len(EXPECTATIONS) >= 4
    suffixes = {_capture_of(p, json.loads(p.read_text())).suffix for p in EXPECTATIONS}
    assert {".txt", ".html"} <= suffixes and suffixes & {".json", ".csv"}


@pytest.mark.parametrize(("name", "check"), CASES)
def test_invented_layout(name: str, check: str, fixture_pages: dict[str, Any]) -> None:
    expect, raw, page = fixture_pages[name]
    art = page.article
    kind, _, arg = check.partition(":")
    if kind in ("headline", "kicker", "outlet", "byline"):
        assert getattr(art, kind) == expect[kind]
    elif kind == "published":
        want = expect["published"]
        assert art.published == (date.fromisoformat(want) if want else None)
    elif kind == "declared":
        assert page.declared_comment_count == expect["declared"]
    elif kind == "body_starts_with":
        assert art.body and art.body[0].startswith(expect["body_starts_with"])
    elif kind == "body_ends_with":
        assert art.body and art.body[-1].endswith(expect["body_ends_with"])
    elif kind == "body_contains":
        assert expect["body_contains"][int(arg)] in art.body
    elif kind == "warnings":
        assert list(page.warnings) == expect["warnings"]
    elif kind == "slot_count":
        assert len(page.comments) == len(expect["comments"])
    elif kind == "comment":
        want = expect["comments"][int(arg)]
        got = page.comments[int(arg)]
        assert got.position == want["position"]
        assert got.moderated == want["moderated"]
        for key in ("author", "posted", "reply_to", "text"):
            if key in want:
                assert getattr(got, key) == want[key], key
        assert got.text.startswith(want.get("starts_with", ""))
        assert got.text.endswith(want.get("ends_with", ""))
        if got.moderated:
            assert got.text == ""
    elif kind == "must_not_appear":
        banned = expect["must_not_appear"][int(arg)]
        assert not any(banned in p for p in art.body), "in body"
        assert not any(banned in c.text for c in page.comments), "in a comment"
        assert banned not in (art.headline or "") and banned not in (art.kicker or "")
    elif kind == "verbatim":
        if raw.export is not None:
            # An export's comments are its records: text equal to the field, not re-read.
            assert [c.text for c in page.comments] == [e.text for e in raw.export.comments]
        for c in page.comments:
            assert c.text in raw.text
    else:  # pragma: no cover - a typo in _checks
        pytest.fail(f"unknown check {check}")


# --- general layout rules, on small invented pages ----------------------------------------


def test_comment_count_link_under_headline_does_not_swallow_the_article() -> None:
    text = (
        "Council tax to rise by five per cent\n\n21 Comments\n\n"
        "The council has confirmed a rise of five per cent in council tax from April, "
        "the largest increase allowed without a referendum.\n\n"
        "The leader said the rise was needed to protect adult social care services.\n\n"
        "comments powered by Disqus\n"
    )
    page = pages.split(_raw(text))
    assert page.article.headline == "Council tax to rise by five per cent"
    assert len(page.article.body) == 2
    assert page.comments == ()
    assert page.declared_comment_count == 21
    assert "0 of 21 comments captured" in page.warnings
    assert any("Disqus" in w for w in page.warnings)


def test_numbered_list_inside_a_bullet_comment_stays_in_that_comment() -> None:
    text = (
        "Minister sets out plan\n\nThe minister set out a three-point plan for the service "
        "on Monday, saying it would be funded in full.\n\nReaders' comments (2)\n\n"
        "  • Three problems with this:\n    1. No money.\n    2. No staff.\n\n"
        "    Unsuitable or offensive? Report this comment\n\n"
        "  • Same old story.\n\n    Unsuitable or offensive? Report this comment\n"
    )
    page = pages.split(_raw(text))
    assert [c.text.split("\n")[0] for c in page.comments] == [
        "Three problems with this:",
        "Same old story.",
    ]
    assert page.comments[0].text.endswith("2. No staff.")


def test_nested_bullets_reply_to_the_comment_above() -> None:
    text = (
        "Headline of a story\n\nA first paragraph that is long enough to read as prose text.\n\n"
        "Comments\n\n  • Ann Lee says:\n\n    First comment.\n\n"
        "    • Bo Kim says:\n\n      An answer.\n\n  • Cy Dunn says:\n\n    Another.\n"
    )
    page = pages.split(_raw(text))
    assert [(c.author, c.reply_to) for c in page.comments] == [
        ("Ann Lee", None),
        ("Bo Kim", "Ann Lee"),
        ("Cy Dunn", None),
    ]


def test_page_without_article_still_splits_with_a_warning() -> None:
    page = pages.split(_raw("Sign in\n\nSubscribe\n\nPrivacy policy\n"))
    assert page.article.body == ()
    assert "no article text found" in page.warnings
    assert "no reader comments in this capture" in page.warnings


def test_unknown_site_gets_no_outlet() -> None:
    text = "A headline here\n\nA paragraph of the article that is long enough to be prose.\n"
    assert pages.split(_raw(text)).article.outlet is None


def test_outlet_named_in_its_own_copy() -> None:
    text = (
        "Health chief quits\n\nThe chief executive has resigned, a spokesman told HSJ on "
        "Tuesday, after months of pressure over waiting lists.\n"
    )
    assert pages.split(_raw(text)).article.outlet == "HSJ"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("21 May 2015", date(2015, 5, 21)),
        ("Thursday 21st May 2015", date(2015, 5, 21)),
        ("May 21, 2015", date(2015, 5, 21)),
        ("2015-05-21", date(2015, 5, 21)),
        ("21/05/2015", date(2015, 5, 21)),
        ("Published: 3 Mar 2024 10.21 GMT", date(2024, 3, 3)),
        ("Updated 07.11.2023", date(2023, 11, 7)),
    ],
)
def test_published_date_forms(line: str, day: date) -> None:
    text = f"A headline here\n{line}\n\nA paragraph of the article long enough to be prose.\n"
    assert pages.split(_raw(text)).article.published == day


def test_html_metadata_beats_text_guesses() -> None:
    markup = (
        "<html><head><meta property='og:site_name' content='Example Times'>"
        "<meta property='article:published_time' content='2022-10-01T08:00:00Z'></head>"
        "<body><h1>Real headline</h1><p>Body paragraph of the page, long enough.</p></body></html>"
    )
    raw = sources.read_bytes(markup.encode(), page_id="h", source="h.html")
    page = pages.split(raw)
    assert page.article.outlet == "Example Times"
    assert page.article.headline == "Real headline"
    assert page.article.published == date(2022, 10, 1)


def test_split_is_quick_on_the_seeds(seed_pages: dict[str, Any]) -> None:
    import time

    raws = [raw for raw, _ in seed_pages.values()]
    started = time.perf_counter()
    for raw in raws:
        pages.split(raw)
    assert time.perf_counter() - started < 2.0


# --- head of the article: kicker, headline, standfirst, byline ---------------------------


def test_long_line_above_a_title_line_is_the_headline_and_the_lower_its_standfirst() -> None:
    text = (
        "Politics\nMinister confirms bus fares will rise again in the spring\n"
        "Campaigners say passengers are being priced off the buses\nBy Ann Lee\n3 May 2024\n\n"
        "Bus fares will rise by five per cent from April, the minister confirmed on Friday.\n"
    )
    art = pages.split(_raw(text)).article
    assert art.headline == "Minister confirms bus fares will rise again in the spring"
    assert art.kicker == "Politics"
    # The standfirst is kept as the first body paragraph (Article has no standfirst field).
    assert art.body[0] == "Campaigners say passengers are being priced off the buses"


def test_short_label_above_the_headline_stays_a_kicker() -> None:
    text = (
        "Transport\nBus fares to rise\nBy Ann Lee\n\n"
        "Bus fares will rise by five per cent from April, the minister confirmed on Friday.\n"
    )
    art = pages.split(_raw(text)).article
    assert (art.kicker, art.headline) == ("Transport", "Bus fares to rise")


def test_title_below_the_post_meta_is_the_headline() -> None:
    text = (
        "r/somewhere\nPosted by u/someone\n4 hr. ago\nWhy is the library shut on Saturdays?\n"
        "Ours closed at weekends from March and nobody at the council will say why it happened.\n"
    )
    art = pages.split(_raw(text)).article
    assert art.headline == "Why is the library shut on Saturdays?"
    assert art.kicker is None


def test_name_above_a_date_is_the_byline_and_role_lines_are_not_body() -> None:
    text = (
        "Schools face heating bills they cannot pay this winter\nJo Penn\n"
        "Education reporter\nThu 7 Nov 2024 06.00 GMT\n\n"
        "Head teachers say energy costs have doubled since last year, and budgets have not.\n\n"
        "Jo Penn is a freelance journalist based in Leeds who has covered schools and "
        "colleges in the north of England for ten years\n"
    )
    art = pages.split(_raw(text)).article
    assert art.headline == "Schools face heating bills they cannot pay this winter"
    assert art.byline == "Jo Penn"
    assert art.body == (
        "Head teachers say energy costs have doubled since last year, and budgets have not.",
    )


def test_byline_role_words_leave_the_name() -> None:
    text = (
        "Road repairs approved by the council\nBy MARIA LOPEZ Staff Writer\nMar 5, 2024\n\n"
        "The council voted on Tuesday to spend two million dollars repairing the roads.\n"
    )
    assert pages.split(_raw(text)).article.byline == "MARIA LOPEZ"
    text = text.replace("By MARIA LOPEZ Staff Writer", "By Lewis Dunn Transport reporter 5 May")
    assert pages.split(_raw(text)).article.byline == "Lewis Dunn"


@pytest.mark.parametrize(
    "mark", ["ENDS", "-ends-", "###", "Notes to editors", "Written by Ann Lee"]
)
def test_nothing_after_an_article_end_mark_is_body(mark: str) -> None:
    text = (
        "Hospital opens new ward\n\nThe hospital opened a new 24-bed ward on Monday, the trust "
        f"said in a statement.\n\nRecruitment will begin this month.\n\n{mark}\n\n"
        "The trust runs three hospitals across the county and employs 6,000 staff.\n"
    )
    body = pages.split(_raw(text)).article.body
    assert body[-1] == "Recruitment will begin this month."


def test_caption_after_a_caption_label_is_not_body() -> None:
    text = (
        "Flood warnings issued for the valley\n\nImage source, Getty Images\nImage caption,\n"
        "Water levels rose quickly overnight in the town centre\n"
        "The Environment Agency has issued flood warnings for six towns along the river.\n"
        "A caravan park near the river. Photograph: Ann Lee/Agency\n"
    )
    body = pages.split(_raw(text)).article.body
    assert body == (
        "The Environment Agency has issued flood warnings for six towns along the river.",
    )


def test_trailing_topic_tags_are_not_body() -> None:
    text = (
        "Council tax rises\n\nThe council has approved a rise of five per cent from April.\n\n"
        "Council tax\nLocal government\nBudgets\n"
    )
    body = pages.split(_raw(text)).article.body
    assert body == ("The council has approved a rise of five per cent from April.",)


def test_copyright_footer_names_an_unknown_outlet() -> None:
    text = (
        "A headline here\n\nA paragraph of the article that is long enough to be prose.\n\n"
        "© 2024 Riverside Weekly Ltd. All rights reserved.\n"
    )
    assert pages.split(_raw(text)).article.outlet == "Riverside Weekly"


def test_html_title_names_the_site() -> None:
    markup = (
        "<html><head><title>Real headline - Valley Times</title></head>"
        "<body><h1>Real headline</h1><p>Body paragraph of the page, long enough.</p></body></html>"
    )
    raw = sources.read_bytes(markup.encode(), page_id="h", source="h.html")
    assert pages.split(raw).article.outlet == "Valley Times"


def test_html_elements_hidden_by_a_utility_class_are_not_page_text() -> None:
    """A comment template the page keeps hidden (class "hiddenBox", "d-none") is neither a
    comment nor body; an element merely classed "hidden" (often a collapsed comment a reader
    can open) still is."""
    prose = "<p>" + "The river path reopened this week after the flood repairs were done. " * 4
    comment = (
        '<div class="comment"><div class="comment-content"><p>{text}</p></div>'
        '<p class="comment-footer">Posted by: {name} | June {day}, 2013 at 10:0{day} AM</p></div>'
    )
    markup = (
        "<html><head><title>River path reopens</title></head><body><h1>River path reopens</h1>"
        f'{prose}</p><h3>Comments</h3><div class="comments-content">'
        + comment.format(
            text="Walked it on Sunday and it looks great again.", name="Ada Lyle", day=2
        )
        + comment.format(
            text="Glad the council finally got this sorted out.", name="Tom Berry", day=3
        )
        + '<div class="comment hidden"><div class="comment-content"><p>A folded comment that '
        'still belongs to the discussion here.</p></div><p class="comment-footer">Posted by: '
        "Jo Marsh | June 4, 2013 at 10:04 AM</p></div></div>"
        '<div class="comments-preview hiddenBox"><h3>Check your comment</h3><div class="comment">'
        '<div class="comment-content">Your preview shows here once you have typed it.</div>'
        '<p class="comment-footer">Posted by: | </p></div></div>'
        '<p class="d-none">Sorry, that comment could not be saved just now.</p></body></html>'
    )
    page = pages.split(sources.read_bytes(markup.encode(), page_id="h", source="h.html"))
    texts = "\n".join(c.text for c in page.comments)
    everything = texts + "\n".join(page.article.body)
    assert "folded comment" in texts
    assert [c.author for c in page.comments][:2] == ["Ada Lyle", "Tom Berry"]
    assert "preview" not in everything and "could not be saved" not in everything


def test_html_posted_by_over_the_name_gives_the_name() -> None:
    """ "Posted by:" on its own line of the footer, the name linked on the next: the author is
    the name, not the words before it."""
    prose = "<p>" + "The ferry timetable changes on Monday for the whole summer season. " * 4
    footer = (
        '<p class="comment-footer">\n\t\tPosted by:\n\t\t<a href="https://example.org/{n}">'
        '{name} </a> |\n\t\t<a href="#c{n}">June {n}, 2013 at 10:0{n} AM</a>\n\t</p>'
    )
    comments = "".join(
        f'<div class="comment"><div class="comment-content"><p>{text}</p></div>'
        + footer.format(n=n, name=name)
        + "</div>"
        for n, (name, text) in enumerate(
            [
                ("Ada Lyle", "The early boat suits commuters far better than before."),
                ("Tom Berry", "Shame the last sailing is now at nine in the evening."),
            ],
            start=2,
        )
    )
    markup = (
        "<html><head><title>Ferry times change</title></head><body><h1>Ferry times change</h1>"
        f'{prose}</p><h3>Comments</h3><div class="comments-content">{comments}</div></body></html>'
    )
    page = pages.split(sources.read_bytes(markup.encode(), page_id="f", source="f.html"))
    assert [c.author for c in page.comments] == ["Ada Lyle", "Tom Berry"]


def test_html_a_lone_comment_the_page_counts_is_read() -> None:
    """One comment repeats nothing, so as a list it may rank below the threshold (here made
    unreachable); "One Response", "1 Comment" or "Comments (1)" above it lets it stand. A
    count of three, or the rule off, does not."""
    from analysis import rules as rules_mod

    base = rules_mod.load()
    strict = base.pages.ranker.model_copy(update={"threshold": 0.999})
    rules = dataclasses.replace(base, pages=base.pages.model_copy(update={"ranker": strict}))
    off_text = rules.pages.text.model_copy(update={"declared_small_list": 0})
    off = dataclasses.replace(rules, pages=rules.pages.model_copy(update={"text": off_text}))
    prose = "<p>" + "The library will open on Sundays from next month, the council said. " * 5

    def read(count: str, with_rules: rules_mod.Rules) -> list[tuple[str | None, str]]:
        markup = (
            "<html><head><title>Library opens Sundays</title></head><body>"
            "<h1>Library opens Sundays</h1>"
            f'{prose}</p><div class="comments"><h3>{count}</h3><div class="comment">'
            '<p><a href="https://priya.example.net">Priya Nair</a> · March 3, 2014 at 9:12 am</p>'
            "<p>At last. My two boys will be there every week with their homework.</p>"
            "</div></div></body></html>"
        )
        raw = sources.read_bytes(markup.encode(), page_id="l", source="l.html")
        return [(c.author, c.text[:8]) for c in pages.split(raw, with_rules).comments]

    for count in ("One Response to “Library opens Sundays”", "1 Comment", "Comments (1)"):
        assert read(count, rules) == [("Priya Nair", "At last.")], count
        assert read(count, off) == [], count
    assert read("3 Comments", rules) == []


def test_html_a_box_of_related_stories_is_not_a_comment_list() -> None:
    """A related-stories box repeats a dated item as a comment list does, but each item opens
    with the linked title of another page: no comments. The same items opening with a
    commenter's linked name are a comment list, and with the rule off the titles are too."""
    from analysis import rules as rules_mod

    base = rules_mod.load()
    off_dom = base.pages.dom.model_copy(update={"story_list_items": 10_000})
    off = dataclasses.replace(base, pages=base.pages.model_copy(update={"dom": off_dom}))
    prose = "<p>" + "The harbour wall will be rebuilt in stone over the next two winters. " * 5
    item = (
        '<div class="comment" id="comment-{n}"><div><a href="/2013/06/0{n}/p-{n}.html">{head}'
        '</a></div><div class="stamp">June {n}, 2013 at 9:0{n} am</div><p>{text}</p></div>'
    )
    rows = [
        ("Town council meets on the new car park", "The plan goes to a vote on Friday."),
        ("Fishing fleet returns early this season", "Skippers blame the long spell of gales."),
        ("School choir wins the regional contest", "The children sang three songs in Welsh."),
        ("Lifeboat crew honoured for a night rescue", "Four volunteers were named at dinner."),
    ]

    def read(heads: list[str], rules: rules_mod.Rules = base) -> int:
        boxes = "".join(
            item.format(n=n, head=head, text=text)
            for n, (head, (_, text)) in enumerate(zip(heads, rows, strict=True), start=1)
        )
        markup = (
            "<html><head><title>Harbour wall to be rebuilt</title></head><body>"
            f"<h1>Harbour wall to be rebuilt</h1>{prose}</p><div>{boxes}</div></body></html>"
        )
        raw = sources.read_bytes(markup.encode(), page_id="s", source="s.html")
        return len(pages.split(raw, rules).comments)

    titles = [title for title, _ in rows]
    assert read(titles) == 0
    assert read(["Ann Hale", "Bo Kerr", "Cy Lund", "Di Marsh"]) == 4
    assert read(titles, off) == 4


def test_site_furniture_under_a_comment_count_is_not_a_comment() -> None:
    """On a long page whose comment list the rhythm cannot find, the layout catalogue's
    reading of the lines under "1 Comment" stands only if it reads as a reader's words:
    signed, or prose of some length. Buttons and sign-up lines do not; a long unsigned
    comment does."""
    menu = ["Home", "News", "Sport", "Weather", "Travel", "Money", "Culture", "Contact"]
    menu += ["Jobs", "Homes", "Cars", "Puzzles", "Letters", "Events", "Archive", "Shop"]
    menu += ["Search this site", "Tuesday 4 June 2024"]
    body = [
        f"Point {k}: the county council said the new bus lanes on the ring road would open "
        "in spring, and asked drivers to plan for slower journeys while the work goes on."
        for k in range(1, 21)
    ]
    footer = [
        "get the app for your phone and tablet",
        "sign up to our daily newsletter here",
        "terms of use | privacy | cookie settings",
        "© 2024 a local news company, all rights reserved",
    ]

    def comments(under_count: str) -> list[str]:
        lines = [*menu, "Bus lanes to open on the ring road", *body, "1 Comment"]
        text = "\n\n".join([*lines, under_count, *footer]) + "\n"
        return [c.text for c in pages.split(_raw(text)).comments]

    assert comments("Like us on the social sites") == []
    long = (
        "I drive the ring road every morning and the last lane closure added twenty minutes "
        "each way, so I hope the council has learnt something from that mess this time."
    )
    (kept,) = comments(long)
    assert kept.startswith(long)


# --- comment layouts -----------------------------------------------------------------------


def test_name_and_time_on_one_line_without_a_separator() -> None:
    text = (
        "Headline of a story\n\nA first paragraph that is long enough to read as prose text.\n\n"
        "Comments (2)\n\n  • Rob Kendal 2 May 2024 at 7:14am\n\n    First comment.\n\n"
        "  • ferrow_fran 3 hours ago\n\n    Second comment.\n"
    )
    page = pages.split(_raw(text))
    assert [(c.author, c.posted, c.text) for c in page.comments] == [
        ("Rob Kendal", "2 May 2024 at 7:14am", "First comment."),
        ("ferrow_fran", "3 hours ago", "Second comment."),
    ]


def test_thread_depth_lines_badges_and_removed_slots() -> None:
    text = (
        "Headline of a thread\n\nA first paragraph that is long enough to read as prose text.\n\n"
        "3 comments\n\nlevel 1\nann_b\n· 2 hr. ago\nTop comment.\n10\nReply\nShare\n"
        "level 2\nbo_c\nOP\n· 1 hr. ago\nAn answer.\n3\nReply\n"
        "level 2\n[removed]\n· 1 hr. ago\n"
        "level 1\ncy_d\n· 1 hr. ago\nAnother.\nReply\n"
    )
    page = pages.split(_raw(text))
    assert [(c.author, c.reply_to, c.moderated, c.text) for c in page.comments] == [
        ("ann_b", None, False, "Top comment."),
        ("bo_c", "ann_b", False, "An answer."),
        (None, "ann_b", True, ""),
        ("cy_d", None, False, "Another."),
    ]
    assert page.comments[0].posted == "2 hr. ago"


def test_badge_above_a_commenter_is_not_a_comment() -> None:
    text = (
        "Headline of a story\n\nA first paragraph that is long enough to read as prose text.\n\n"
        "Comments (3)\n\nPick\nann_b\n14 Mar 2024 7:12\nFirst.\nShow 25 Recommend\n"
        "Reply | Report\n\nStaff\nbo_c\n14 Mar 2024 7:40\nSecond.\nReply | Report\n\n"
        "This comment was removed by a moderator because it didn't abide by our community "
        "standards. Replies may also be deleted.\n"
    )
    page = pages.split(_raw(text))
    assert [(c.author, c.text, c.moderated) for c in page.comments] == [
        ("ann_b", "First.", False),
        ("bo_c", "Second.", False),
        (None, "", True),
    ]


def test_prompt_before_the_first_comment_header_is_not_a_comment() -> None:
    text = (
        "Headline of a story\n\nA first paragraph that is long enough to read as prose text.\n\n"
        "Responses (3)\n\nShare your experience with other readers below, politely please\n\n"
        "Ann Lee\nMar 4, 2024\nFirst.\nReply\n\nBo Kim\nMar 5, 2024\nSecond.\nReply\n\n"
        "Cy Dunn\nMar 6, 2024\nThird.\nReply\n"
    )
    page = pages.split(_raw(text))
    assert [c.author for c in page.comments] == ["Ann Lee", "Bo Kim", "Cy Dunn"]
    assert page.declared_comment_count == 3


# --- handles, signatures, breadcrumbs, share bars and "Showing N of M" ----------------------

_ARTICLE = (
    "Branch library hours to be cut again across the city\n\nThe council will close its "
    "branch libraries on Mondays from April, the third cut to opening hours in five years.\n\n"
)


@pytest.mark.parametrize(
    "handle", ["GeoffB", "Lou_Marsden", "northern_nurse", "DrPatelGP", "reader99", "j.harper-88"]
)
def test_one_word_handle_above_a_numbered_comment_is_its_author(handle: str) -> None:
    text = (
        _ARTICLE + "COMMENTS (2)\n\n1.\n" + handle + "\nThey said the same last year.\n+12\n\n"
        "2.\nAnn Lee\nLibraries are where half my patients get their prescriptions read.\n+3\n"
    )
    page = pages.split(_raw(text))
    assert [(c.author, c.text) for c in page.comments] == [
        (handle, "They said the same last year."),
        ("Ann Lee", "Libraries are where half my patients get their prescriptions read."),
    ]


@pytest.mark.parametrize("first", ["Agreed", "Rubbish.", "Shameful", "Why?", "COVID-19"])
def test_one_word_opening_line_of_a_comment_is_not_an_author(first: str) -> None:
    text = (
        _ARTICLE + "COMMENTS (2)\n\n1.\n" + first + "\nThey said the same last year.\n+12\n\n"
        "2.\n" + first + "\n+3\n"
    )
    page = pages.split(_raw(text))
    assert [(c.author, c.text) for c in page.comments] == [
        (None, first + "\nThey said the same last year."),
        (None, first),
    ]


@pytest.mark.parametrize(
    ("signature", "is_author"),
    [
        ("SENCO, Kent", True),
        ("Head teacher, Leeds", True),
        ("Jo Bright, Norwich", True),
        ("Yes, Minister", False),
        ("Well, Maybe", False),
        ("Sadly, nobody asked", False),
        ("Retired nurse, Leeds.", False),
    ],
)
def test_name_or_role_and_place_line_signs_a_bullet_comment(
    signature: str, is_author: bool
) -> None:
    text = (
        _ARTICLE + "Readers' comments (2)\n\n  • " + signature + "\n\n"
        "    Our branch is the only warm room some of my neighbours have.\n\n"
        "    Unsuitable or offensive? Report this comment\n\n"
        "  • A second comment that is long enough.\n\n"
        "    Unsuitable or offensive? Report this comment\n"
    )
    first = pages.split(_raw(text)).comments[0]
    assert (first.author == signature) is is_author
    assert first.text.endswith("warm room some of my neighbours have.")
    assert first.text.startswith("Our branch") is is_author


def test_signature_needs_a_blank_line_before_the_text() -> None:
    text = (
        _ARTICLE + "Readers' comments (1)\n\n  • Sadly, Brexit\n    changed all that for us.\n\n"
        "    Unsuitable or offensive? Report this comment\n"
    )
    (only,) = pages.split(_raw(text)).comments
    assert only.author is None
    assert only.text.startswith("Sadly, Brexit")


@pytest.mark.parametrize(
    "crumbs",
    ["Home > News > Health", "Home / News / Health", "Home › News", "News » Local » Leeds"],
)
def test_breadcrumbs_are_chrome_and_never_a_kicker(crumbs: str) -> None:
    text = "THE DAILY LANTERN\n\n" + crumbs + "\n\n" + _ARTICLE
    article = pages.split(_raw(text)).article
    assert article.headline == "Branch library hours to be cut again across the city"
    assert article.kicker is None
    assert crumbs not in article.body


def test_a_slash_or_arrow_in_prose_is_not_a_breadcrumb() -> None:
    text = _ARTICLE + "Costs > benefits, say staff\n\nIt was either/or, and / or worse.\n"
    body = pages.split(_raw(text)).article.body
    assert "It was either/or, and / or worse." in body


@pytest.mark.parametrize(
    "bar",
    [
        "Share: Facebook | X | Email",
        "Share this article: Facebook | WhatsApp | Copy link",
        "Facebook | Twitter | LinkedIn",
        "Follow us: Facebook • X",
        "Privacy policy | Cookie policy | Terms",
    ],
)
def test_share_bars_with_separators_are_chrome(bar: str) -> None:
    text = (
        _ARTICLE + "Readers can still use the mobile library on Mondays, it said.\n\n" + bar + "\n"
    )
    body = pages.split(_raw(text)).article.body
    assert body[-1] == "Readers can still use the mobile library on Mondays, it said."
    assert bar not in body


def test_showing_n_of_m_declares_the_larger_total() -> None:
    text = (
        _ARTICLE + "Comments\n\nShowing 2 of 57 comments\n\n"
        "Ann Lee\n2 hours ago\nFirst.\nReply\n\nBo Kim\n3 hours ago\nSecond.\nReply\n"
    )
    page = pages.split(_raw(text))
    assert page.declared_comment_count == 57
    assert "2 of 57 comments captured" in page.warnings


def test_total_under_the_byline_beats_the_count_on_screen() -> None:
    text = (
        "Library hours cut again\n\n112 comments\n\nThe council will close its branch "
        "libraries on Mondays from April, the third cut to opening hours in five years.\n\n"
        "Comments (2)\n\nAnn Lee\n2 hours ago\nFirst.\nReply\n\nBo Kim\n3 hours ago\nSecond.\n"
        "Reply\n"
    )
    assert pages.split(_raw(text)).declared_comment_count == 112


def test_short_reader_lines_that_look_like_site_prompts_are_kept() -> None:
    # Newsletter and sign-up patterns drop site boxes; a reader's own short lines stay.
    text = (
        "Council closes the library on Fridays\n\n"
        "The council said the library would close on Fridays from March to save money, "
        "and that the mobile library would call at the village twice a month instead.\n\n"
        "3 comments\n\n"
        "Jane Smith\n2 hours ago\nOur email to the council went unanswered.\nReply\n\n"
        "Tom Brown\n1 hour ago\nSign up for the petition here\nReply\n\n"
        "Ann Lee\n5 minutes ago\nWhat a shame.\nReply\n"
    )
    page = pages.split(_raw(text))
    assert [c.text for c in page.comments] == [
        "Our email to the council went unanswered.",
        "Sign up for the petition here",
        "What a shame.",
    ]
    assert [c.author for c in page.comments] == ["Jane Smith", "Tom Brown", "Ann Lee"]


def test_one_word_username_above_a_reply_marker_and_the_time() -> None:
    text = (
        "Rail fares to rise again in March\n\n"
        "Regulated rail fares in England will rise by 4.6% in March, the transport secretary "
        "confirmed, the third rise above inflation in three years.\n\n"
        "2 comments\n\n"
        "commuter\n30 Nov 2026 9.14\nAnother rise and the trains are still late.\nReply\n\n"
        "railfan\n   Reply to commuter\n30 Nov 2026 9.31\nMine was on time today, for once.\n"
        "Reply\n"
    )
    page = pages.split(_raw(text))
    assert [(c.author, c.reply_to) for c in page.comments] == [
        ("commuter", None),
        ("railfan", "commuter"),
    ]


def test_a_comment_opening_with_at_name_replies_to_that_earlier_commenter() -> None:
    text = (
        "Rail fares to rise again in March\n\n"
        "Regulated rail fares in England will rise by 4.6% in March, the transport secretary "
        "confirmed, the third rise above inflation in three years.\n\n"
        "3 comments\n\n"
        "Dave_R\n30 Nov 2026 9.14\nAnother rise and the trains are still late.\nReply\n\n"
        "Kim\n30 Nov 2026 9.31\n@dave_r mine was on time today, for once.\nReply\n\n"
        "Lou\n30 Nov 2026 9.40\n@Nobody_here is not a commenter on this page.\nReply\n"
    )
    page = pages.split(_raw(text))
    assert [c.reply_to for c in page.comments] == [None, "Dave_R", None]


# --------------------------------------------------------------------------- header forms


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Commuter_Carl, Huddersfield, United Kingdom, 3 hours ago",
            ("Commuter_Carl", "3 hours ago"),
        ),
        ("The Real Truth, Surrey, 30 mins ago", ("The Real Truth", "30 mins ago")),
        ("Mags, Sheffield, 2 hours ago", ("Mags", "2 hours ago")),
        ("mjw_sec 5 hours ago | parent | next [–]", ("mjw_sec", "5 hours ago")),
        ("lurker 3 hours ago [flagged] | next [–]", ("lurker", "3 hours ago")),
        ("Jeremy Fane ✓ | 4h", ("Jeremy Fane", "4h")),
        # Not headers: a sentence with places, a time mid-sentence, a long bar.
        ("I moved to Leeds, West Yorkshire, 3 years ago", None),
        ("Well, Leeds, 3 hours ago", None),
        ("It left 5 hours ago | and never came back to the station at all", None),
    ],
)
def test_comment_header_forms(line: str, expected: tuple[str, str] | None) -> None:
    lay = layout.load()
    assert headers.comment_meta(lay, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Published: 07:14 GMT, 13 November 2026 | Updated: 11:52 GMT, 13 November 2026",
            "2026-11-13",
        ),
        ("Monday November 16 2026, 10.00pm GMT, The Examiner", "2026-11-16"),
        ("The minister spoke on 13 November 2026 in Leeds", None),
        ("13 November 2026 was the day the trains stopped", None),
    ],
)
def test_date_lines(line: str, expected: str | None) -> None:
    found = layout.date_line(layout.load(), line)
    assert (found.isoformat() if found else None) == expected


def test_a_role_line_may_name_the_publication() -> None:
    assert layout.role_line("Health correspondent, IBC News")
    assert not layout.role_line("Health correspondent, who asked not to be named, said")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "KellbridgeMum replying to TrevorOnTheNumber9 2 hours ago",
            ("KellbridgeMum", "2 hours ago"),
        ),
        ("Dee in reply to Mark Jones 5 mins ago", ("Dee", "5 mins ago")),
        ("Old Tom of Stokeley says:", ("Old Tom of Stokeley", None)),
        # a blogger signs with their blog after an "@"
        ("Priya @ thriftyhearth says:", ("Priya @ thriftyhearth", None)),
        ("Tom@SpendLessDaily says:", ("Tom@SpendLessDaily", None)),
        ("Fennel OP Wed 18-Nov-26 09:42:13", ("Fennel", "Wed 18-Nov-26 09:42:13")),
        # Not headers: a count, a sentence about replying.
        ("Showing 6 of 41 comments", None),
        ("I keep replying to emails for 3 hours a day", None),
    ],
)
def test_more_comment_header_forms(line: str, expected: tuple[str, str | None] | None) -> None:
    assert headers.comment_meta(layout.load(), line) == expected


def test_a_forum_thread_with_an_op_badge_makes_the_opening_post_the_article() -> None:
    page = """Parents Talk
Bus passes for SEND pupils to be cut, council confirms
(4 Posts)
Mossy OP Wed 18-Nov-26 09:42:13
Has anyone seen this? The council says every eligible child will keep free transport.
It says the change will save £2m a year and affect 300 families across the county.
Add message | Report | Message poster
Bramble Wed 18-Nov-26 09:51:40
Every eligible child. Funny how my son stopped being eligible last week.
Add message | Report | Message poster
Quietly Wed 18-Nov-26 10:31:05
This message has been deleted by Parents Talk HQ. Here's a link to our Talk Guidelines.
Add message | Report
Fern Wed 18-Nov-26 10:44:38
Ours was approved in a fortnight, for what it's worth.
Add message | Report | Message poster
"""
    found = pages.split(sources.read_bytes(page.encode(), page_id="t", source="t.txt"))
    assert [(c.author, c.moderated) for c in found.comments] == [
        ("Bramble", False),
        ("Quietly", True),
        ("Fern", False),
    ]
    assert any("every eligible child will keep free transport" in p for p in found.article.body)


def test_a_reply_opening_with_an_earlier_comments_words_is_quoting_them() -> None:
    page = """Comments (3)

  • Sue Park | 2 hours ago
    Our surgery got two new GPs in March and waits fell a lot.
    Not perfect, but better.
    Reply

  • Tom Reed | 1 hour ago
    two new GPs in March and waits fell
    Lucky you. We lost three and nobody replaced them.
    Reply

  • Ann Bell | 1 hour ago
    Waits fell here too.
    Well, a little.
    Reply
"""
    found = pages.split(sources.read_bytes(page.encode(), page_id="q", source="q.txt"))
    tom = found.comments[1]
    assert tom.text.startswith("Lucky you.") and tom.reply_to == "Sue Park"
    # A short line that happens to echo earlier words is the reader's own.
    assert found.comments[2].text.startswith("Waits fell here too.")


@pytest.mark.parametrize(
    "line",
    [
        # Lines of comments a review found read as headers or notices: each is a reader's.
        "Thames Water replied to my complaint 6 months ago",
        "The Prime Minister said:",
        "My GP wrote:",
        "A welcome step",
    ],
)
def test_readers_lines_that_are_not_headers(line: str) -> None:
    assert headers.comment_meta(layout.load(), line) is None


def test_a_readers_line_about_a_removal_is_not_a_removed_slot() -> None:
    lay = layout.load()
    line = "This comment was removed by the Herald. Apparently asking where the money went is rude."
    assert not lay.moderated.fullmatch(line)
    assert lay.moderated.fullmatch(
        "This message has been deleted by Parents Talk HQ. Here's a link to our Talk Guidelines."
    )


def test_a_later_page_of_a_thread_is_all_comments() -> None:
    page = """Council cutting school transport
(87 Posts)
Page 3 of 4
Plough Wed 18-Nov-26 14:02:10
Same here. They offered a bus pass instead.
Add message | Report | Message poster
Fennel OP Wed 18-Nov-26 14:40:02
Thank you all, I've emailed our councillor.
Add message | Report | Message poster
Greymalkin Wed 18-Nov-26 15:01:19
Good luck. Ask for the decision in writing.
Add message | Report | Message poster
Join the discussion
"""
    found = pages.split(sources.read_bytes(page.encode(), page_id="p3", source="p3.txt"))
    # The OP's reply on a later page is a reply, and the invitation below is no heading.
    assert [c.author for c in found.comments] == ["Plough", "Fennel", "Greymalkin"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Posted by Anon in Chatteris on 18 November 2026 at 10:02am",
            ("Anon in Chatteris", "18 November 2026 at 10:02am"),
        ),
        (
            "Posted by Sue Lee on 18 November 2026 at 12:40pm, in reply to #6",
            ("Sue Lee", "18 November 2026 at 12:40pm"),
        ),
        ("Pauline from Hastings wrote:", ("Pauline", None)),
        ("Coastway Newsdesk from Brighton replied to Kyle:", ("Coastway Newsdesk", None)),
        # A reader's sentence with "from" and "wrote" is no header.
        ("My MP from the other side wrote to me last year", None),
    ],
)
def test_local_site_header_forms(line: str, expected: tuple[str, str | None] | None) -> None:
    assert headers.comment_meta(layout.load(), line) == expected


def test_a_time_under_a_named_comment_closes_it() -> None:
    page = """Your Comments (3)

Pauline from Hastings wrote:
Within a fortnight! Lovely.
12/11/2026 17:41

Dean from Eastbourne wrote:
Utter rubbish.
12/11/2026 17:48

Kyle from Crawley wrote:
How do you get on the list?
12/11/2026 18:02
"""
    found = pages.split(sources.read_bytes(page.encode(), page_id="t", source="t.txt"))
    assert [(c.author, c.text, c.posted) for c in found.comments] == [
        ("Pauline", "Within a fortnight! Lovely.", "12/11/2026 17:41"),
        ("Dean", "Utter rubbish.", "12/11/2026 17:48"),
        ("Kyle", "How do you get on the list?", "12/11/2026 18:02"),
    ]


def test_one_word_comments_and_dated_last_lines_keep_their_places() -> None:
    # A second review: right under a header the next line is the comment's, even one word
    # ("Disgraceful."), and a comment's own last line that is a date is not its time when
    # the real time follows.
    page = """Your Comments (3)

Ruth from Wyrebridge wrote:
Public meeting to save the library, all welcome:
19/11/2026 19:00
12/11/2026 17:48

Dean from Eastbourne wrote:
Disgraceful.
12/11/2026 17:55

Margaret from Bexhill wrote:
Good luck to the volunteers.
12/11/2026 18:02
"""
    found = pages.split(sources.read_bytes(page.encode(), page_id="t", source="t.txt"))
    assert [(c.author, c.posted) for c in found.comments] == [
        ("Ruth", "12/11/2026 17:48"),
        ("Dean", "12/11/2026 17:55"),
        ("Margaret", "12/11/2026 18:02"),
    ]
    assert found.comments[0].text.endswith("19/11/2026 19:00")
    assert found.comments[1].text == "Disgraceful."


# -- saved HTML: what libxml2 and the ranker get wrong alone --------------------------------

_COUNCIL = (
    "The council met on Tuesday evening to weigh the plan for the riverside library, which "
    "has stood half empty since the spring floods. Members heard from residents, from the "
    "head librarian and from the builders who priced the repairs. "
)


def _council_lines(days: tuple[str, ...]) -> list[str]:
    """The council paragraph once for each day, each followed by a blank line."""
    return [line for d in days for line in (_COUNCIL.replace("Tuesday", d).strip(), "")]


def _assert_all_article(text: str, days: tuple[str, ...]) -> None:
    """A copied page read with no comments and every day's paragraph in its article."""
    page = pages.split(sources.read_bytes(text.encode(), page_id="lib", source="lib.txt"))
    assert page.comments == ()
    assert all(f"{d} evening" in " ".join(page.article.body) for d in days)


def _diary_page() -> bytes:
    # An article told as three dated entries, each under its writer's name and a time: the
    # shape of a comment list, with no comments on the page.
    entries = "".join(
        f'<div class="entry"><div class="meta"><span class="name">Ada Brook</span> '
        f"<span>March {day}, 2024 at 9:15 am</span></div><p>{_COUNCIL * n}</p></div>"
        for day, n in ((3, 4), (4, 3), (5, 3))
    )
    return (
        "<!DOCTYPE html><html><head><title>Riverside library to reopen in May</title></head>"
        f'<body><div class="page"><h1>Riverside library to reopen in May</h1>{entries}</div>'
        "</body></html>"
    ).encode()


def test_a_short_doubtful_list_that_is_most_of_the_article_stays_the_article() -> None:
    raw = sources.read_bytes(_diary_page(), page_id="diary", source="diary.html")
    page = pages.split(raw)
    assert page.comments == ()
    assert sum(len(p.split()) for p in page.article.body) >= 0.9 * 10 * len(_COUNCIL.split())
    # The same page with the check off: the entries are read as comments, the article lost.
    base = rules.load()
    off = base.pages.dom.model_copy(update={"article_kept": 0.0})
    unchecked = dataclasses.replace(base, pages=base.pages.model_copy(update={"dom": off}))
    lost = pages.split(raw, unchecked)
    assert len(lost.comments) == 3
    assert sum(len(p.split()) for p in lost.article.body) < 20


def test_a_control_character_in_the_text_does_not_lose_the_rest_of_the_page() -> None:
    # libxml2 stops reading text at a character XML forbids (a stray BEL pasted into a
    # paragraph): trafilatura then found only what came before it.
    friday, monday = (_COUNCIL.replace("Tuesday", day) for day in ("Friday", "Monday"))
    html = (
        "<!DOCTYPE html><html><head><title>Ferry timetable changes</title></head><body>"
        f"<article><h1>Ferry timetable changes</h1><p>{_COUNCIL}</p>"
        f"<p>The bell \x07 rang. {friday}</p><p>{monday}</p></article></body></html>"
    )
    raw = sources.read_bytes(html.encode(), page_id="ferry", source="ferry.html")
    body = " ".join(pages.split(raw).article.body)
    assert all(f"{day} evening" in body for day in ("Tuesday", "Friday", "Monday"))


def test_a_short_opening_post_under_a_long_article_does_not_replace_it() -> None:
    # A readers' thread whose first post (a newsroom note, far longer than the replies) is
    # read as the thread's opening post: it stands for the article only when the extractor
    # found no more than twice its words. Here the article above it is far longer, so the
    # note is the thread's first comment (not lost, and not the article).
    note = (
        "Editor's note from the newsroom: we asked readers to send their memories of the old "
        "reading room, and many of you wrote in with stories of rainy afternoons spent there. "
    ) * 8
    replies = [
        ("Jo Hart", "About time, the kids need it back."),
        ("Sam Lee", "Will the cafe reopen too?"),
        ("Pat Moss", "Good news for the whole street."),
        ("Kim Roe", "I hope they fix the roof properly this time."),
    ]

    def post(i: int, name: str, text: str) -> str:
        return (
            f'<li class="post" id="post-{i}"><div class="byline"><span class="author">{name}'
            f'</span> <span class="date">March {i + 1}, 2024 at 9:{10 + i} am</span></div>'
            f'<div class="text"><p>{text}</p></div><a href="#">Reply</a></li>'
        )

    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday") * 3
    posts = post(1, "Newsdesk", note) + "".join(
        post(i + 2, n, t) for i, (n, t) in enumerate(replies)
    )
    thread = f"<section><h2>Your memories</h2><ol class='posts'>{posts}</ol></section>"
    page = _council_page("Riverside library to reopen in May", thread, days, "lib")
    assert [c.author for c in page.comments] == ["Newsdesk", *(n for n, _ in replies)]
    assert page.comments[0].text == note.strip()
    assert [c.position for c in page.comments] == [1, 2, 3, 4, 5]
    body = " ".join(page.article.body)
    assert all(f"{day} evening" in body for day in days)
    assert "Editor's note" not in body


def test_a_notice_and_a_credit_under_a_comment_heading_are_no_comments() -> None:
    # Copied text: the comment system did not load (its notice is all there is), and the
    # footer's lines follow. Two unsigned blocks on a page that counts no comments are the
    # site's, not readers'.
    days = ("Tuesday", "Friday", "Monday")
    text = "\n".join(
        [
            *("Home", "News", "Sport", "Weather", ""),
            "LOCAL NEWS",
            "Riverside library to reopen in May",
            "By Ada Brook, Local Democracy Reporter",
            "3 March 2024",
            "",
            *_council_lines(days),
            "Comments",
            "",
            "Please enable JavaScript to view the comments powered by Disqus.",
            "",
            *("About us", "Contact", "Privacy", "Site by Northgate Digital", ""),
        ]
    )
    _assert_all_article(text, days)


def test_a_comments_tab_above_the_headline_does_not_make_the_article_comments() -> None:
    # Copied text of a short blog page: its menu holds a "Comments" tab above the headline,
    # and the layout catalogue read every line below it as comments, leaving the article a
    # menu item. Its comments held the article's prose and it kept almost none as article.
    days = ("Tuesday", "Friday", "Monday", "Sunday")
    text = "\n".join(
        [
            *("Follow:", "Libraries", "Parks", "About this blog", "Archives", "Comments"),
            "Riverside library to reopen next spring",
            "",
            "Posted by Ada Brook on March 3, 2024 at 9:15 am",
            "",
            *("Text Size", "Print", "Share:", "Facebook", "Twitter", ""),
            *_council_lines(days),
            "Tags: libraries, council",
        ]
    )
    _assert_all_article(text, days)


def _council_page(
    title: str, thread: str, days: tuple[str, ...], page_id: str, before: str = ""
) -> Page:
    """A saved page (split) of the council article, one paragraph per day, under `title`,
    with `thread` after the article (and `before` it, inside <body>)."""
    article = "".join(f"<p>{_COUNCIL.replace('Tuesday', d)}</p>" for d in days)
    html = (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{before}"
        f"<article><h1>{title}</h1>{article}</article>{thread}</body></html>"
    )
    raw = sources.read_bytes(html.encode(), page_id=page_id, source=f"{page_id}.html")
    return pages.split(raw)


def test_a_reply_button_in_the_writers_box_does_not_start_a_comment() -> None:
    # Each comment's head is a box named for its writer ("user") holding the name and time,
    # and a Reply button of its own. The button's line, inside that box, is not a name: read
    # as one, it split every comment in two (an empty half and the text) and the list of
    # twice as many halves ranked below the threshold.
    said = [
        ("pennyroyal", "Made this for Sunday lunch and it went down very well indeed."),
        ("Tom Quayle", "I swapped the sage for thyme and it still worked nicely."),
        ("bakes_on_tuesdays", "How long did yours need in the oven at the lower heat?"),
        ("Ines", "Lovely photos, the crackling looks perfect in the second one."),
        ("marchmallow", "Could this be made a day ahead and warmed through later?"),
    ]

    def box(i: int, name: str, text: str) -> str:
        return (
            f'<div class="comment"><div class="user"><a href="/u/{i}" class="avatar">'
            f'<img src="/a/{i}.jpg" alt=""></a>\n<div class="user_info">\n'
            f'<a href="/u/{i}" class="username">{name}</a>\n<span class="date">added {i + 1} '
            f'days ago</span>\n</div>\n<a href="#r{i}" class="reply"><span>Reply</span></a>\n'
            f'</div>\n<p class="comment_text">{text}</p></div>\n'
        )

    thread = (
        f"<div id='comments'><div class='list'>{''.join(box(i, *c) for i, c in enumerate(said))}"
    )
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    page = _council_page("Slow roast pork with apples", thread + "</div></div>", days, "pork")
    assert [(c.author, c.text) for c in page.comments] == said


def test_of_near_equal_lists_sharing_comments_the_fuller_stands() -> None:
    # The best list is the page's replies alone; one ranked a little lower holds them and
    # the comments they answer: that one is the page's list. A lower list sharing nothing,
    # or one ranked far lower, leaves the best in place.
    from analysis.pages import html, threads

    page_rules = rules.load().pages
    a, b, c, d = (object() for _ in range(4))

    def cand(p: float, *comments: object) -> threads.Candidate:
        return threads.Candidate([], [], [[x] for x in comments], "tree", {}, p)  # type: ignore[list-item]

    replies = cand(0.90, b)
    whole = cand(0.88, a, b, c)
    assert html._fullest([replies, whole], page_rules) is whole
    apart = cand(0.88, c, d)
    assert html._fullest([replies, apart], page_rules) is replies
    far = cand(0.90 - page_rules.dom.near_equal - 0.01, a, b, c)
    assert html._fullest([replies, far], page_rules) is replies


def test_very_short_comments_stand_when_each_is_signed_and_dated() -> None:
    # Three one- and two-word comments, each under "Posted by: NAME | DATE": short items are
    # usually a menu, but a signature with its time on every one says these are comments.
    said = [("Ruth Abbey", "Lovely news!"), ("Colm", "Agreed."), ("D. Marsh", "About time :)")]

    def signed(i: int, name: str, text: str) -> str:
        return (
            f'<div class="comment" id="comment-{i}"><div class="comment-content"><p>{text}</p>'
            f'</div><p class="comment-footer">Posted by: {name} |'
            f" Monday, May {i + 3}, 2024 at 0{i + 1}:15 PM</p></div>"
        )

    thread = (
        f"<h3>Comments</h3><div class='thread'>{''.join(signed(i, *c) for i, c in enumerate(said))}"
    )
    days = ("Monday", "Tuesday", "Wednesday", "Thursday")
    page = _council_page("Library reopens", thread + "</div>", days, "lib2")
    assert [(c.author, c.text) for c in page.comments] == said


def test_a_dated_sidebar_link_in_the_comments_markup_is_not_a_comment() -> None:
    # A "Recent posts" box repeats the comments' markup (an <li> of the same class, two
    # boxes deep) with a dated link: it joins the list's shape, and its unit is then the
    # whole sidebar. Units outside the element most of the list shares are left out.
    said = [
        ("Quill", "Good to see the library back, the kids missed it badly."),
        ("Hana Roe", "Will the reading room keep its old opening hours?"),
        ("Bert", "The roof was the real problem all along, glad it is fixed."),
        ("Moira Dunn", "Thanks to the volunteers who kept the lending going."),
        ("Sol", "Any news on the cafe at the front?"),
    ]

    def item(i: int, name: str, text: str) -> str:
        return (
            f'<li class="c" id="comment-{100 + i}"><span class="no">#{i + 1}</span>\n'
            f'<a href="/u/{i}">{name}</a>\n<br><a href="#comment-{100 + i}">May {i + 2}, 2024'
            f' at 1{i}:05</a>\n<div class="text"><p>{text}</p></div></li>\n'
        )

    newsletter = "Our newsletter comes out each month with news of events and classes. " * 6
    side = (
        "<div id='side'><div class='box'><h3>Recent posts</h3><ul><li class='c'>"
        "<a href='/p/1'>Summer fair on June 8th, 2024 – stalls wanted</a></li></ul>"
        f"<p>{newsletter}</p></div></div>"
    )
    thread = (
        "<div id='comments'><h3>5 Comments</h3><div class='inner'><ul class='comments'>"
        f"{''.join(item(i, *c) for i, c in enumerate(said))}</ul></div></div></main>{side}</div>"
    )
    days = ("Monday", "Tuesday", "Wednesday", "Thursday")
    page = _council_page("Library reopens", thread, days, "lib3", before="<div id='wrap'><main>")
    assert [(c.author, c.text) for c in page.comments] == said


def test_a_run_of_linked_titles_kept_by_the_extractor_is_not_article() -> None:
    # A blog closes its post with other posts' titles, one link a line. The extractor keeps
    # them as paragraphs of the article; two or more in a row that are each the whole text of
    # one link are a link list. A lone linked line and a sentence with a link in it stay.
    days = ("Monday", "Tuesday", "Wednesday")
    article = "".join(f"<p>{_COUNCIL.replace('Tuesday', d)}</p>" for d in days)
    titles = (
        "Allotment waiting list grows again this year",
        "New bins arrive on the high street",
        "Harbour wall repairs finished early",
    )
    more = "<br>".join(f'<a href="/news/{k}">{t}</a>' for k, t in enumerate(titles))
    html = (
        "<!DOCTYPE html><html><head><title>Library to reopen</title></head><body>"
        f"<div class='post'><h1>Riverside library to reopen</h1>{article}"
        "<p><a href='/papers/8'>Read the minutes of the meeting</a></p>"
        f"<p>The <a href='/papers/7'>full report</a> is at the town hall.</p><p>{more}</p>"
        "</div></body></html>"
    )
    raw = sources.read_bytes(html.encode(), page_id="links", source="links.html")
    body = pages.split(raw).article.body
    assert not set(titles) & set(body)
    assert "The full report is at the town hall." in body
    assert "Read the minutes of the meeting" in body
    assert sum("riverside library" in p for p in body) == len(days)


def test_a_thread_whose_zebra_classes_shift_after_a_reply_stays_one_list() -> None:
    # WordPress marks each comment even or odd, and its thread even or odd too. After a
    # comment with a nested reply the thread classes shift, so the comments after it carry
    # other class words than those before it. Both runs sit in one list element and share
    # the word "comment": they are one list, not two.
    said = [
        ("Marta Quill", "even thread-even", "The cinnamon buns were gone by ten."),
        ("Rob E", "alt odd thread-alt thread-odd", "Parking by the old mill was free."),
        ("Sunny Okafor", "even thread-even", "Does the cheese stall take cards?"),
        ("Dee at Home", "alt odd thread-alt thread-odd", "The honey man is back again."),
        ("Priya N", "even parent thread-even", "Which day is the plant sale?"),
        ("Harriet", "even thread-alt thread-odd", "The children loved the goat pen."),
        ("Col Baines", "alt odd thread-even", "A shame about the rain, but the tents held."),
        ("wendy_w", "even thread-alt thread-odd", "We bought far too many plants again."),
        ("Ade Cole", "alt odd thread-even", "Good to see the brass band back."),
    ]
    reply = (
        "<dl class='children'><dt class='comment byuser bypostauthor odd alt'>"
        "<cite>The Editor</cite> <small>May 4, 2013 at 9:40 am</small></dt>"
        "<dd><p>The plant sale is on the first Saturday.</p></dd></dl>"
    )
    items = "".join(
        f"<dt class='comment {classes}'><span>{i + 1}</span> <cite>{name}</cite> "
        f"<small>May 4, 2013 at {i + 1}:15 pm</small></dt>"
        f"<dd class='comment {classes}'><p>{text}</p>{reply if 'parent' in classes else ''}</dd>"
        for i, (name, classes, text) in enumerate(said)
    )
    thread = f"<div id='comments'><h3>10 Responses</h3><dl class='commentlist'>{items}</dl></div>"
    days = ("Monday", "Tuesday", "Wednesday")
    page = _council_page("Market day in the square", thread, days, "market")
    # every comment whole and apart, and the nested reply a comment of its own, answering
    # the one it sits in
    expected = [(name, text, None) for name, _, text in said]
    expected.insert(5, ("The Editor", "The plant sale is on the first Saturday.", "Priya N"))
    assert [(c.author, c.text, c.reply_to) for c in page.comments] == expected


def test_a_flat_list_between_clearing_blocks_leaves_the_article_out() -> None:
    # Comments as sibling blocks with an empty clearing block between each, under the same
    # parent as the article's block. The article's block has a tag seen between comments but
    # none of their class words: it is no part of the list's first comment.
    said = [("Jo Bloggs", "Lovely news, thanks."), ("Sam Reed", "About time too, frankly.")]
    said.append(("Ann Lee", "See you all there then!"))
    comments = "<div class='clear'></div>".join(
        f"<div class='comment'><div class='meta'><cite>{name}</cite> May {i + 2}, 2013 at "
        f"9:14 pm</div><p>{text}</p></div>"
        for i, (name, text) in enumerate(said)
    )
    article = "".join(f"<p>{_COUNCIL.replace('Tuesday', d)}</p>" for d in ("Monday", "Friday"))
    html = (
        "<!DOCTYPE html><html><head><title>Library to reopen</title></head><body>"
        f"<div id='main'><h1>Riverside library to reopen</h1><div class='entry'>{article}</div>"
        f"<div class='heading'>3 Comments</div>{comments}</div></body></html>"
    )
    page = pages.split(sources.read_bytes(html.encode(), page_id="sep", source="sep.html"))
    assert [(c.author, c.text) for c in page.comments] == said
    assert sum("riverside library" in p for p in page.article.body) == 2
