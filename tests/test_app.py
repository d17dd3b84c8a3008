"""Every dashboard view through streamlit.testing.v1.AppTest: on a hand-built store (all
fields filled, one hostile comment) and on the seeds."""

from __future__ import annotations

import csv
import io
import json
import os
import string
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow.ipc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from analysis import sentiment, store
from analysis.model import MOOD_ORDER, Analysis
from dashboard import data, ui
from tests import dashboard_fixtures as fx
from tests.benchmark_views import run_view

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
# Elements whose text Streamlit reads as Markdown: reader text must never reach them raw.
MARKDOWN_KINDS = ("markdown", "caption", "header", "subheader", "title", "warning", "info",
                  "success", "error")  # fmt: skip


@pytest.fixture
def made_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = fx.build_store(tmp_path / "made.duckdb")
    monkeypatch.setenv("READER_MOOD_DB", str(path))
    return path


@pytest.fixture
def seeds_db(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READER_MOOD_DB", str(seeded_db))
    return seeded_db


def open_view(page: str | None = None, **params: str) -> AppTest:
    """`run_view`, failing on any exception the script raised."""
    at = run_view(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [str(t.value) for t in at.text]


def markdown_values(at: AppTest) -> list[str]:
    values: list[str] = []
    for kind in MARKDOWN_KINDS:
        values += [str(e.value) for e in at.get(kind)]
    return values


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def frame(at: AppTest, column: str) -> Any:
    """The first table shown that has `column` (plain tables carry no key to find them by)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def page_ids_of(table: Any) -> list[str]:
    """The page ids of a table's rows, found by their headlines (tables show no ids)."""
    with store.open_store(os.environ["READER_MOOD_DB"], read_only=True) as st_:
        pages = st_.frame("pages")
    by_headline = {
        " ".join(str(h).split()): str(i)
        for h, i in zip(pages["headline"], pages["id"], strict=True)
    }
    return [by_headline[" ".join(str(h).split())] for h in table["headline"]]


def charts_drawn(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


# -- overview ----------------------------------------------------------------------------------


def test_overview_lists_every_article(made_db: Path) -> None:
    at = open_view()
    assert at.title[0].value == "How readers took each article"
    table = frame(at, "negative share (n)")
    assert sorted(page_ids_of(table)) == sorted(a.page.id for a in fx.analyses())
    nurses = table.assign(id=page_ids_of(table)).set_index("id").loc["nurses-pledge"]
    assert (nurses["negative"], nurses["neutral"], nurses["positive"]) == (3, 2, 1)
    assert nurses["negative share (n)"] == "3 of 6 (50%)"
    assert nurses["comments"] == "7 of 9"
    # Names people read: no column of page ids.
    assert "id" not in table.columns
    assert metric(at, "Articles shown") == "4 of 4"
    # Headlines shown as table cells (plain text), the hostile one too, never as Markdown.
    assert fx.HOSTILE_HEADLINE in list(table["headline"])
    assert not any("**new**" in v for v in markdown_values(at))
    assert charts_drawn(at) >= 3
    assert [b.label for b in at.get("download_button")][-1].startswith("Comments with every score")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"outlet": "Care Weekly"}, {"nurses-pledge", "ambulance-times"}),
        ({"speaker": "Lee Okafor"}, {"pharmacy-cuts"}),
        ({"theme": "burnout"}, {"nurses-pledge"}),
        ({"theme": "distrust,funding"}, {"nurses-pledge", "ambulance-times", "pharmacy-cuts"}),
        ({"from": "2024-05-01"}, {"pharmacy-cuts", "ambulance-times"}),
        ({"outlet": "Nowhere Gazette"}, {"nurses-pledge", "ambulance-times", "pharmacy-cuts",
                                          "quiet-page"}),  # unknown value ignored
    ],
)  # fmt: skip
def test_overview_filters_come_from_the_url(
    made_db: Path, params: dict[str, str], expected: set[str]
) -> None:
    at = open_view(None, **params)
    assert set(page_ids_of(frame(at, "negative share (n)"))) == expected
    assert metric(at, "Articles shown") == f"{len(expected)} of 4"


def test_overview_filter_widget_writes_the_url(made_db: Path) -> None:
    at = open_view()
    at.multiselect(key="overview_outlet").set_value(["Pharma Today"]).run()
    assert at.query_params["outlet"] == "Pharma Today"
    assert set(page_ids_of(frame(at, "negative share (n)"))) == {"pharmacy-cuts", "quiet-page"}


def test_overview_without_a_store_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_MOOD_DB", str(tmp_path / "none.duckdb"))
    at = open_view()
    assert any("No articles yet" in v for v in markdown_values(at))


# -- article -----------------------------------------------------------------------------------


def test_article_shows_claims_against_mood(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="nurses-pledge")
    assert at.header[0].value == ui.md_escape("Minister pledges 5,000 more nurses by 2030")
    assert metric(at, "Comments with a mood") == "6"
    assert metric(at, "Negative") == "3 of 6 (50%)"
    claims = frame(at, "claim tone")
    assert list(claims["comments"]) == [2, 2, 2]
    assert claims["claim"].iloc[-1] == "the article in general"
    # Small n is written in the share itself, not as a separate tick box.
    assert "small n" not in claims.columns
    assert list(claims["negative (n)"]) == ["1 of 2 (50%) · small n"] * 3
    # Main chart, share chart, strip, themes, and volume and mood over the posted times.
    assert charts_drawn(at) == 6
    assert any("7 of 9 comments captured" in v for v in markdown_values(at))
    # The body with its claims marked, as plain text.
    assert "▶ We are giving the NHS the staff it needs to succeed." in texts(at)
    assert "She said: 'We are giving the NHS the staff it needs to succeed.'" in texts(at)


def test_headline_claim_is_shown_above_the_body_as_the_headlines(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="ambulance-times")
    shown = texts(at)
    headline_claim = "▶ " + fx.HEADLINE_CLAIM
    body_claim = "▶ thanking crews for their hard work"
    assert headline_claim in shown and body_claim in shown
    first_paragraph = "Waits fell again, Dana Whitfield said, thanking crews for their hard work."
    assert shown.index(headline_claim) < shown.index(first_paragraph)
    captions = [str(c.value) for c in at.caption]
    assert sum(c.startswith("Headline's claim · Claim by") for c in captions) == 1, captions
    # The body's own claims are not called the headline's; no claim is named by its id.
    assert not any("c1" in c or "c2" in c for c in captions)


def test_article_evidence_pack_follows_the_claim_in_the_url(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="nurses-pledge", claim="c2")
    pack = frame(at, "stance")
    assert sorted(pack["comment"]) == [5, 6]
    labels = [b.label for b in at.get("download_button")]
    assert "This claim's evidence pack (CSV)" in labels
    at.selectbox(key="article_claim").set_value("general").run()
    assert sorted(frame(at, "stance")["comment"]) == [2, 4]
    assert at.query_params["claim"] == "general"
    at.selectbox(key="article_claim").set_value("c1").run()
    assert "claim" not in at.query_params  # the default pick (first claim) stays out of the URL


def test_article_unknown_id_falls_back_to_the_busiest(made_db: Path) -> None:
    # Not the first by id (that could be a page without comments): the one with most moods.
    at = open_view(ui.ARTICLE, id="no-such-page")
    assert at.selectbox(key="article_page_id").value == "nurses-pledge"
    at = open_view(ui.ARTICLE)
    assert at.selectbox(key="article_page_id").value == "nurses-pledge"
    assert "id" not in at.query_params  # arriving rewrites nothing


def test_article_without_comments_or_claims(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="quiet-page")
    assert metric(at, "Comments with a mood") == "0"
    assert any("No claims found" in v for v in markdown_values(at))
    assert charts_drawn(at) == 0


def test_article_picker_writes_the_url(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="nurses-pledge")
    at.selectbox(key="article_page_id").set_value("ambulance-times").run()
    assert at.query_params["id"] == "ambulance-times"
    assert at.header[0].value == ui.md_escape("Ambulance waits fall for a third month")


# -- comments ----------------------------------------------------------------------------------


def test_comment_opened_by_url_shows_every_reading(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="1")
    assert at.subheader[0].value == "Comment 1"
    first = next(a for a in fx.analyses() if a.page.id == "nurses-pledge").comments[0]
    assert first.comment.text in texts(at)
    vader = frame(at, "compound").iloc[0]
    assert first.vader is not None
    assert vader["compound"] == pytest.approx(first.vader.compound)
    assert "• sarcasm: rhetorical question" in texts(at)
    evidence = frame(at, "evidence")
    assert list(evidence["match"]) == ["heard this every year"]
    assert "▶ We are giving the NHS the staff it needs to succeed." in texts(at)
    # Link and stance in a sentence, never "link score 0.60 via echo · stance: mock".
    assert any(ui.md_escape("it seems to mock the claim") in v for v in markdown_values(at))
    assert any(ui.md_escape("repeats words of this claim") in v for v in markdown_values(at))
    assert not any("via echo" in v or "stance:" in v for v in markdown_values(at))
    assert charts_drawn(at) == 1  # per-word contributions


def test_comment_table_filters_from_the_url(made_db: Path) -> None:
    at = open_view(
        ui.COMMENTS, id="nurses-pledge", mood="negative", sort="mood score, lowest first"
    )
    table = frame(at, "VADER compound")
    assert list(table["#"]) == [1, 6, 2]  # -0.62, -0.40, then comment 2's VADER score
    at = open_view(ui.COMMENTS, id="nurses-pledge", claim="c2")
    assert list(frame(at, "VADER compound")["#"]) == [5, 6]
    at = open_view(ui.COMMENTS, id="nurses-pledge", claim="general")
    assert list(frame(at, "VADER compound")["#"]) == [2, 4]
    at = open_view(ui.COMMENTS, id="nurses-pledge", q="PAY TALKS")
    assert list(frame(at, "VADER compound")["#"]) == [5, 6]
    at = open_view(ui.COMMENTS, id="nurses-pledge", theme="burnout", author="NightNurse")
    assert list(frame(at, "VADER compound")["#"]) == [2]


def test_moderated_slot_says_so(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="3")
    assert any("removed by a moderator" in v for v in markdown_values(at))


def test_hostile_comment_is_shown_verbatim_and_never_as_markdown(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="4")
    assert fx.HOSTILE_TEXT in texts(at)
    raw_bits = ["<img", "](javascript", "![t]", "$x$", "**bold**", "$5", "<b>Mallory", "$y$"]
    for value in markdown_values(at):
        for bit in raw_bits:
            assert bit not in value, (bit, value)
    assert any(ui.md_escape("by " + fx.HOSTILE_AUTHOR) in v for v in markdown_values(at))


def test_annotation_is_saved_beside_the_reading_and_exported(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="4")
    at.selectbox(key="annotate_mood_nurses-pledge_4").set_value("negative")
    at.multiselect(key="annotate_themes_nurses-pledge_4").set_value(["distrust"])
    at.text_input(key="annotate_note_nurses-pledge_4").input("sarcastic")
    at.button[0].click()  # the form's submit
    submit = next(b for b in at.get("form_submit_button") if b.label == "Save my reading")
    submit.click().run()
    assert not at.exception
    with store.open_store(made_db, read_only=True) as st_:
        notes = st_.frame("annotations")
        comments = st_.frame("comments")
        labels = st_.export_labels()
    assert notes[["page_id", "position", "mood"]].values.tolist() == [
        ["nurses-pledge", 4, "negative"]
    ]
    assert list(notes["themes"].iloc[0]) == ["distrust"]
    assert (
        comments.set_index(["page_id", "position"]).loc[("nurses-pledge", 4), "mood"] == "neutral"
    )
    exported = labels["articles"]["nurses-pledge"]["comments"]
    assert exported[0]["position"] == 4 and exported[0]["mood"] == "negative"
    assert any("Saved your reading of comment 4" in v for v in markdown_values(at))

    remove = next(b for b in at.button if b.label == "Remove my reading")
    remove.click().run()
    with store.open_store(made_db, read_only=True) as st_:
        assert st_.frame("annotations").empty


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another process (as the CLI would) holds the store's write lock for the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_saving_a_reading_while_the_cli_holds_the_store_says_so(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="5")
    at.selectbox(key="annotate_mood_nurses-pledge_5").set_value("negative")
    submit = next(b for b in at.get("form_submit_button") if b.label == "Save my reading")
    with locked(made_db):
        submit.click().run()
        assert not at.exception, [e.value for e in at.exception]
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and "Could not save your reading" in errors[0]
        assert "lock" in errors[0]
        assert errors[0] == ui.md_escape(errors[0].replace("\\", ""))  # escaped, one line
        # The rest of the page is still drawn.
        assert frame(at, "mood vs VADER") is not None
        assert not any("Saved your reading" in v for v in markdown_values(at))
    with store.open_store(made_db, read_only=True) as st_:
        assert st_.frame("annotations").empty
    # Once the lock is gone, the same form saves.
    submit = next(b for b in at.get("form_submit_button") if b.label == "Save my reading")
    submit.click().run()
    assert not at.exception and not at.error
    with store.open_store(made_db, read_only=True) as st_:
        assert st_.frame("annotations")["mood"].tolist() == ["negative"]


def test_removing_a_reading_while_the_cli_holds_the_store_says_so(made_db: Path) -> None:
    data.annotate(store.Annotation("pharmacy-cuts", 2, "negative", (), "grudging"), made_db)
    at = open_view(ui.COMMENTS, id="pharmacy-cuts", comment="2")
    remove = next(b for b in at.button if b.label == "Remove my reading")
    with locked(made_db):
        remove.click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("Could not remove your reading" in e.value for e in at.error)
    with store.open_store(made_db, read_only=True) as st_:
        assert len(st_.frame("annotations")) == 1


def test_labels_export_while_the_cli_holds_the_store_says_so(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge")
    data._labels_for.clear()  # as if the store had changed since the labels were last read
    with locked(made_db):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be exported right now" in e.value for e in at.error)
    assert "My readings as a labels file (JSON)" not in [b.label for b in at.get("download_button")]
    assert frame(at, "mood vs VADER") is not None


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """file name -> bytes of every download button's file made during the test's runs (a spy
    on Streamlit's in-memory media store; the files are still stored as usual)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    made: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self: Any, path_or_data: Any, mimetype: str, kind: Any, filename: Any = None) -> str:
        if filename and isinstance(path_or_data, bytes):
            made[str(filename)] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return made


def test_every_csv_download_defuses_spreadsheet_formulas(
    made_db: Path, downloads: dict[str, bytes]
) -> None:
    at = open_view(ui.COMMENTS, id="pharmacy-cuts", comment="2")
    # On screen the reader's words stay exactly as written.
    assert fx.FORMULA_TEXT in texts(at)
    assert fx.FORMULA_TEXT in list(frame(at, "mood vs VADER")["comment"])
    open_view(ui.ARTICLE, id="pharmacy-cuts")
    open_view()
    csvs = {name: body.decode() for name, body in downloads.items() if name.endswith(".csv")}
    assert set(csvs) >= {
        "comments-pharmacy-cuts.csv",
        "evidence-pharmacy-cuts-c1.csv",
        "evidence-pharmacy-cuts.csv",
        "reader-mood-comments.csv",
    }
    for name, text in csvs.items():
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert "'" + fx.FORMULA_TEXT in cells, name
        assert "'" + fx.FORMULA_AUTHOR in cells, name
        assert fx.FORMULA_TEXT not in cells and fx.FORMULA_AUTHOR not in cells, name
        risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
        risky += [c for c in cells if c.startswith("-") and not _is_number(c)]
        assert not risky, (name, risky)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_comments_downloads_are_offered(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge")
    labels = [b.label for b in at.get("download_button")]
    assert "This article's comments with every score (CSV)" in labels
    assert "My readings as a labels file (JSON)" in labels


def test_page_without_comments(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="quiet-page")
    assert any("No reader comments were captured" in v for v in markdown_values(at))
    # said once, in the notice with what to do, not again as a warning above it; the
    # page's other warnings stay
    warnings = [w.value for w in at.warning]
    assert not any("no reader comments in this capture" in w for w in warnings), warnings
    assert any("widget are not in the capture" in w for w in warnings), warnings


def test_comment_table_puts_vader_alone_beside_the_mood_and_marks_overrides(
    made_db: Path,
) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge")
    table = frame(at, "VADER alone").set_index("#")
    cols = list(table.columns)
    assert cols.index("VADER alone") == cols.index("mood") + 1
    assert cols.index("comment") < cols.index("VADER compound")  # the words before the scores
    nurses = next(a for a in fx.analyses() if a.page.id == "nurses-pledge")
    overridden = 0
    for reading in nurses.comments:
        if reading.mood is None:
            continue
        assert reading.vader is not None
        vader = sentiment.label(reading.vader.compound)
        row = table.loc[reading.comment.position]
        assert row["VADER alone"] == vader
        if reading.mood.label == vader:
            assert row["mood vs VADER"] == ""
        else:
            overridden += 1
            assert row["mood vs VADER"].startswith("≠")
    assert overridden >= 1  # the fixture holds readings that overrule VADER


def test_comment_view_names_both_readings_and_the_reasons(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="6")
    badges = [str(b.proto.body) for b in at.get("badge")] if at.get("badge") else []
    shown = " ".join(badges) + " " + " ".join(markdown_values(at))
    assert "mood: negative" in shown
    assert "• sarcasm: ellipsis" in texts(at)


def test_seed_comment_shown_as_paragraphs_and_exactly_as_captured(
    seeds_db: Path, seed_analyses: dict[str, Analysis]
) -> None:
    indented = [
        (pid, r.comment)
        for pid, a in seed_analyses.items()
        for r in a.comments
        if "\n    " in r.comment.text
    ]
    assert indented, "the seeds keep the capture's indentation of continuation lines"
    pid, comment = indented[0]
    at = open_view(ui.COMMENTS, id=pid, comment=str(comment.position))
    lines = [line.strip() for line in comment.text.split("\n")]
    assert "\n".join(lines) in texts(at)  # readable: no capture indentation
    assert comment.text not in texts(at)
    assert [c.value for c in at.code] == [comment.text]  # verbatim, one click away
    assert any("Exactly as captured" in e.label for e in at.expander)


def test_unindented_comment_has_no_second_copy(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="7")
    assert len(at.code) == 0
    assert not any("Exactly as captured" in e.label for e in at.expander)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seems fine.", "Seems fine."),
        (
            "Rubbish plan.\n    Totally rubbish.\n\n    Again.",
            "Rubbish plan.\nTotally rubbish.\n\nAgain.",
        ),
        ("Line one\n\tTabbed", "Line one\nTabbed"),
        # Mixed indents are the reader's own layout: left alone.
        ("List:\n  - a\n    - b", "List:\n  - a\n    - b"),
        ("Flat\nsecond", "Flat\nsecond"),
    ],
)
def test_as_paragraphs_only_removes_a_shared_continuation_indent(text: str, expected: str) -> None:
    assert ui.as_paragraphs(text) == expected


def test_tables_use_plain_column_names(made_db: Path) -> None:
    views = [
        open_view(),
        open_view(ui.ARTICLE, id="nurses-pledge"),
        open_view(ui.COMMENTS, id="nurses-pledge", comment="1"),
        open_view(ui.COMPARE, ids="nurses-pledge,pharmacy-cuts"),
    ]
    for at in views:
        for table in at.dataframe:
            for column in table.value.columns:
                assert "_" not in str(column), column


def test_overview_rows_are_the_way_in_no_duplicate_link_list(made_db: Path) -> None:
    at = open_view()
    assert not any(str(link.label).startswith("Article ") for link in at.get("page_link"))
    assert any("Click a row" in v for v in markdown_values(at))
    assert frame(at, "negative share (n)").columns[0] == "headline"


def test_article_small_n_is_flagged_beside_the_share(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="pharmacy-cuts")
    negative = next(m for m in at.metric if m.label == "Negative")
    assert negative.value == "1 of 2 (50%)"
    assert "small n" in str(negative.proto.delta)


def test_article_without_comments_lists_claims_instead_of_an_empty_chart(
    seeds_db: Path, seed_analyses: dict[str, Analysis]
) -> None:
    silent = [a for a in seed_analyses.values() if a.claims and not any(r.mood for r in a.comments)]
    assert silent, "a seed has claims but no captured comments (Disqus)"
    at = open_view(ui.ARTICLE, id=silent[0].page.id)
    assert any("No reader comments with a mood" in v for v in markdown_values(at))
    assert charts_drawn(at) == 0
    assert len(frame(at, "claim tone")) == len(silent[0].claims)


# -- compare -----------------------------------------------------------------------------------


def test_compare_two_articles_by_url(made_db: Path) -> None:
    at = open_view(ui.COMPARE, ids="nurses-pledge,pharmacy-cuts")
    table = frame(at, "negative, 95% interval")
    assert list(page_ids_of(table)) == ["nurses-pledge", "pharmacy-cuts"]
    assert list(table["negative (n)"]) == ["3 of 6 (50%)", "1 of 2 (50%) · small n"]
    assert charts_drawn(at) == 5  # mood mix, share negative, themes, claims, comments
    assert at.query_params["ids"] == "nurses-pledge,pharmacy-cuts"


def test_compare_keeps_at_most_four_and_needs_two(made_db: Path) -> None:
    at = open_view(ui.COMPARE, ids="quiet-page")
    assert any("at least two" in v for v in markdown_values(at))
    ids = ",".join(["nurses-pledge", "pharmacy-cuts", "ambulance-times", "quiet-page", "x"])
    at = open_view(ui.COMPARE, ids=ids)
    assert len(frame(at, "negative, 95% interval")) == 4


COMMA_IDS = ("budget,2024", "budget")


@pytest.fixture
def comma_db(made_db: Path) -> Path:
    """The made store plus pages whose id and outlet hold a comma, and one whose id is the
    comma id's first half."""
    extra = [
        fx._analysis(
            pid, f"Budget round-up {n}", "Smith, Jones & Co", None, None,
            ("The chancellor set out the budget.",), (),
            (fx.C("Same old story, nothing for primary care.", "negative", "Reader"),), None,
        )
        for n, pid in enumerate(COMMA_IDS)
    ]  # fmt: skip
    with store.open_store(made_db) as st_:
        st_.save([(a, f"key-{a.page.id}") for a in extra])
    return made_db


@pytest.mark.parametrize(
    "ids",
    [
        ui.joined(["budget,2024", "nurses-pledge"]),  # as the app writes it
        "budget,2024,nurses-pledge",  # as typed, per the URL contract ids=ID,ID
        ["budget,2024", "nurses-pledge"],  # ?ids=…&ids=…
    ],
)
def test_compare_reads_ids_holding_commas(comma_db: Path, ids: str | list[str]) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(ui.COMPARE)
    at.query_params["ids"] = ids
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert list(page_ids_of(frame(at, "negative, 95% interval"))) == [
        "budget,2024",
        "nurses-pledge",
    ]


def test_compare_writes_ids_holding_commas_so_they_read_back(comma_db: Path) -> None:
    at = open_view(ui.COMPARE)
    at.multiselect(key="compare_ids").set_value(["budget", "budget,2024"]).run()
    written = at.query_params["ids"]
    assert written == "budget,budget\\,2024"
    at = open_view(ui.COMPARE, ids=written)
    assert list(page_ids_of(frame(at, "negative, 95% interval"))) == ["budget", "budget,2024"]
    # Distinct pickings draw distinct charts (the chart cache is named by the ids).
    assert ui.ids_key(["budget,2024"]) != ui.ids_key(["budget", "2024"])


def test_outlet_filter_holding_a_comma(comma_db: Path) -> None:
    at = open_view(None, outlet="Smith, Jones & Co")
    assert set(page_ids_of(frame(at, "negative share (n)"))) == set(COMMA_IDS)
    at = open_view()
    at.multiselect(key="overview_outlet").set_value(["Smith, Jones & Co", "Pharma Today"]).run()
    at = open_view(None, outlet=at.query_params["outlet"])
    assert set(page_ids_of(frame(at, "negative share (n)"))) == {
        *COMMA_IDS,
        "pharmacy-cuts",
        "quiet-page",
    }


# -- add an article ----------------------------------------------------------------------------

UPLOAD = b"""<html><body><h1>Dental contract reform delayed again</h1>
<p>The health secretary Sam Patel said: "We will publish the new contract this autumn."</p>
</body></html>"""


def test_upload_adds_a_page_and_bad_files_get_one_line(made_db: Path) -> None:
    at = open_view(ui.ADD)
    at.file_uploader(key="add_file").upload("dental-reform.html", UPLOAD, "text/html").run()
    at.button(key="add_file_go").click().run()
    assert not at.exception
    assert any(ui.md_escape("Added dental-reform") in s.value for s in at.success)
    with store.open_store(made_db, read_only=True) as st_:
        assert "dental-reform" in st_.page_ids()

    at.file_uploader(key="add_file").upload("junk.txt", b"\x00\x01binary\x00" * 20).run()
    at.button(key="add_file_go").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "binary" in at.error[0].value
    assert "\n" not in at.error[0].value

    at = open_view()
    assert "dental-reform" in set(page_ids_of(frame(at, "negative share (n)")))


def test_upload_takes_a_comment_export(made_db: Path) -> None:
    export = {
        "data": [
            {"id": "1", "message": "Pull the other one, minister.", "from": {"name": "Gary W"}},
            {"id": "2", "message": "Same here", "from": {"name": "Lee P"}, "parent": {"id": "1"}},
        ],
        "summary": {"total_count": 40},
    }
    at = open_view(ui.ADD)
    body = json.dumps(export).encode("utf-8")
    at.file_uploader(key="add_file").upload("fb-comments.json", body, "application/json").run()
    at.button(key="add_file_go").click().run()
    assert not at.exception
    with store.open_store(made_db, read_only=True) as st_:
        assert "fb-comments" in st_.page_ids()
    at = open_view(ui.COMMENTS, id="fb-comments")
    assert not at.exception


def test_adding_an_unchanged_page_again_says_it_was_already_stored(made_db: Path) -> None:
    at = open_view(ui.ADD)
    at.file_uploader(key="add_file").upload("dental-reform.html", UPLOAD, "text/html").run()
    at.button(key="add_file_go").click().run()
    assert any(ui.md_escape("Added dental-reform") in s.value for s in at.success)
    with store.open_store(made_db, read_only=True) as st_:
        saved_at = st_.frame("pages").set_index("id").loc["dental-reform"].to_dict()

    at.button(key="add_file_go").click().run()
    assert not at.exception
    assert not any("Added" in s.value for s in at.success)
    assert any(
        ui.md_escape("dental-reform") + " was already in the store, unchanged" in i.value
        for i in at.info
    )
    with store.open_store(made_db, read_only=True) as st_:
        pages = st_.frame("pages").set_index("id")
    assert "dental-reform-2" not in pages.index
    assert pages.loc["dental-reform"].to_dict() == saved_at  # not written again

    # Changed text under the same name is a new page, and says so.
    changed = UPLOAD.replace(b"this autumn", b"next spring")
    at.file_uploader(key="add_file").upload("dental-reform.html", changed, "text/html").run()
    at.button(key="add_file_go").click().run()
    assert any(ui.md_escape("Added dental-reform-2") in s.value for s in at.success)


def test_pasted_text_is_added_under_a_safe_name(made_db: Path) -> None:
    at = open_view(ui.ADD)
    at.text_input(key="add_name").input("my page (final)")
    at.text_area(key="add_text").input("A headline\n\nThe minister said it would be fine.")
    at.button(key="add_text_go").click().run()
    assert not at.exception
    with store.open_store(made_db, read_only=True) as st_:
        assert "my-page-final" in st_.page_ids()


def test_empty_paste_is_refused_and_the_app_carries_on(made_db: Path) -> None:
    at = open_view(ui.ADD)
    at.button(key="add_text_go").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "empty" in at.error[0].value


# -- the seeds ---------------------------------------------------------------------------------


def _seed(seed_analyses: dict[str, Analysis], prefix: str) -> str:
    return next(pid for pid in seed_analyses if pid.startswith(prefix))


def test_seeds_overview_lists_five_articles(
    seeds_db: Path, seed_analyses: dict[str, Analysis]
) -> None:
    at = open_view()
    assert sorted(page_ids_of(frame(at, "negative share (n)"))) == sorted(seed_analyses)
    assert metric(at, "Articles shown") == "5 of 5"
    headlines = {a.page.article.headline for a in seed_analyses.values()}
    assert headlines <= set(frame(at, "negative share (n)")["headline"])


def test_seeds_every_article_view_runs(seeds_db: Path, seed_analyses: dict[str, Analysis]) -> None:
    for pid, analysis in seed_analyses.items():
        at = open_view(ui.ARTICLE, id=pid)
        assert at.header[0].value == ui.md_escape(analysis.page.article.headline or "(no headline)")
        assert metric(at, "Comments with a mood") == str(
            sum(r.mood is not None for r in analysis.comments)
        )


def test_seeds_comments_of_002_shown(
    seeds_db: Path, seed_analyses: dict[str, Analysis], labels: dict[str, Any]
) -> None:
    pid = _seed(seed_analyses, "002_")
    at = open_view(ui.COMMENTS, id=pid, comment="1")
    labelled = labels["articles"][pid]["comments"]
    # The careful human reading, not the code under test, says which slots there are.
    assert list(frame(at, "VADER compound")["#"]) == [c["position"] for c in labelled]
    shown = texts(at)
    first = seed_analyses[pid].comments[0].comment
    assert first.text.startswith(labelled[0]["starts_with"])
    # Shown as the reader's paragraphs; when that differs, verbatim in the code block too.
    assert ui.as_paragraphs(first.text) in shown
    if ui.as_paragraphs(first.text) != first.text:
        assert first.text in [c.value for c in at.code]
    moderated = [c["position"] for c in labelled if c["moderated"]]
    assert moderated == [2]
    for position in moderated:
        at = open_view(ui.COMMENTS, id=pid, comment=str(position))
        assert any("removed by a moderator" in v for v in markdown_values(at))


def test_seeds_compare_002_003(seeds_db: Path, seed_analyses: dict[str, Analysis]) -> None:
    a, b = _seed(seed_analyses, "002_"), _seed(seed_analyses, "003_")
    at = open_view(ui.COMPARE, ids=f"{a},{b}")
    table = frame(at, "negative, 95% interval")
    assert list(page_ids_of(table)) == [a, b]
    assert charts_drawn(at) >= 4


# -- safe text ---------------------------------------------------------------------------------


@given(st.text())
def test_md_escape_leaves_no_markdown_character_unescaped(text: str) -> None:
    out = ui.md_escape(text)
    assert "\n" not in out
    i = 0
    while i < len(out):
        if out[i] == "\\":
            i += 2
            continue
        assert out[i] not in string.punctuation, out
        i += 1


def test_md_escape_unescapes_to_the_text() -> None:
    # Undoing the backslashes gives back the text: nothing else is changed.
    for text in (fx.HOSTILE_TEXT, fx.HOSTILE_AUTHOR, "a_b*c `d` :red[e] :material/home: &amp;"):
        assert "".join(_unescape(ui.md_escape(text))) == text


def _unescape(out: str) -> list[str]:
    chars, i = [], 0
    while i < len(out):
        if out[i] == "\\":
            chars.append(out[i + 1])
            i += 2
        else:
            chars.append(out[i])
            i += 1
    return chars


def test_mood_order_and_palette_are_one_everywhere() -> None:
    from dashboard import charts

    assert list(charts.MOOD_COLORS) == list(MOOD_ORDER)
    spec = charts.mood_color().to_dict()
    assert spec["scale"]["domain"] == list(MOOD_ORDER)
    assert spec["scale"]["range"] == [charts.MOOD_COLORS[m] for m in MOOD_ORDER]


def test_a_comments_reasons_are_drawn_from_their_records(
    seeds_db: Path, seed_analyses: dict[str, Analysis]
) -> None:
    # The comment whose mood moved for the most weighed reasons: each reason is shown as its
    # kind and what it says, its evidence on indented lines, and one bar a weighed reason.
    pid, reading = max(
        ((pid, r) for pid, a in seed_analyses.items() for r in a.comments if r.mood),
        key=lambda pr: sum(x.effect > 0 for x in pr[1].mood.explanation),  # type: ignore[union-attr]
    )
    assert reading.mood is not None
    reasons = reading.mood.explanation
    weighed = [r for r in reasons if r.effect > 0]
    assert len(weighed) > 1
    at = open_view(ui.COMMENTS, id=pid, comment=str(reading.comment.position))
    shown = texts(at)
    for reason in reasons:
        head = f"• {reason.kind}: {reason.says}" if reason.says else f"• {reason.kind}"
        block = next(t for t in shown if t.startswith(head))
        assert all(f"    {e}" in block.splitlines() for e in reason.evidence)
    bars = next(c for c in at.get("vega_lite_chart") if "(model logits)" in str(c.proto.spec))
    (dataset,) = bars.proto.datasets
    rows = pyarrow.ipc.open_stream(dataset.data.data).read_all().to_pandas()
    assert list(rows["effect"]) == sorted((r.effect for r in weighed), reverse=True)
