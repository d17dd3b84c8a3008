"""The dashboard as an analyst uses it (issue 14), through streamlit.testing.v1.AppTest on the
hand-built store and the seeds: search across every comment, mood over the comments' posted
times, the across-articles view, removing an article, and the fixes to the journeys (views
open on an article with comments, names instead of ids, filters the open comment follows)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from analysis import csvout, store, summary, trends
from dashboard import ui
from tests import dashboard_fixtures as fx
from tests.test_app import charts_drawn, frame, markdown_values, metric, open_view

NURSES = "Minister pledges 5,000 more nurses by 2030"


@pytest.fixture
def made_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = fx.build_store(tmp_path / "made.duckdb")
    monkeypatch.setenv("READER_MOOD_DB", str(path))
    return path


@pytest.fixture
def seeds_db(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READER_MOOD_DB", str(seeded_db))
    return seeded_db


def _scored() -> int:
    return sum(r.mood is not None for a in fx.analyses() for r in a.comments)


def _specs(at: AppTest) -> str:
    return " ".join(str(c.proto.spec) for c in at.get("vega_lite_chart"))


# -- search ------------------------------------------------------------------------------------


def test_search_finds_words_across_articles_and_marks_them_as_plain_text(made_db: Path) -> None:
    at = open_view(ui.SEARCH, q="pay talks")
    hits = frame(at, "found in")
    assert list(hits["#"]) == [5, 6]
    assert set(hits["article"]) == {NURSES}
    assert metric(at, "Comments found") == f"2 of {_scored()}"
    assert metric(at, "In articles") == "1 of 4"
    assert all("talks⟧" in s for s in hits["comment"])
    assert any("⟦Pay⟧ ⟦talks⟧" in s for s in hits["comment"])
    # Comment 5 says "pay talks" and answers the claim about them; the claim's words count.
    assert list(hits["found in"]) == ["text, claim", "text, claim"]
    assert charts_drawn(at) == 1  # the mood of the comments found
    assert at.query_params["q"] == "pay talks"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "nightnurse"}, [("nurses-pledge", 2)]),  # an author, any case
        ({"q": "review body"}, [("nurses-pledge", 5), ("nurses-pledge", 6)]),  # claim words
        ({"theme": "distrust"},
         [("ambulance-times", 2), ("nurses-pledge", 1), ("nurses-pledge", 6)]),
        ({"q": "burnout"}, [("nurses-pledge", 2)]),  # a theme's name
        ({"mood": "positive", "q": "good"}, [("ambulance-times", 3), ("nurses-pledge", 5)]),
        ({"q": '"so never"'}, [("nurses-pledge", 6)]),  # a quoted phrase
    ],
)  # fmt: skip
def test_search_by_author_claim_theme_and_mood(
    made_db: Path, params: dict[str, str], expected: list[tuple[str, int]]
) -> None:
    at = open_view(ui.SEARCH, **params)
    hits = frame(at, "found in")
    names = {a.page.article.headline: a.page.id for a in fx.analyses()}
    assert sorted(zip([names[h] for h in hits["article"]], hits["#"], strict=True)) == expected
    assert metric(at, "Comments found") == f"{len(expected)} of {_scored()}"


def test_search_empty_states(made_db: Path) -> None:
    at = open_view(ui.SEARCH)
    assert any(f"search all {_scored()} comments" in v for v in markdown_values(at))
    assert not at.dataframe
    at = open_view(ui.SEARCH, q="zebra crossing")
    assert metric(at, "Comments found") == f"0 of {_scored()}"
    assert any("No comment matches this search" in v for v in markdown_values(at))
    assert charts_drawn(at) == 0


def test_search_hit_of_a_hostile_comment_stays_inert(made_db: Path) -> None:
    at = open_view(ui.SEARCH, q="onerror")
    hits = frame(at, "found in")
    assert list(hits["#"]) == [4]
    assert "⟦onerror⟧" in hits["comment"].iloc[0]
    assert fx.HOSTILE_AUTHOR in list(hits["author"])
    for value in markdown_values(at):
        assert "<img" not in value and "**bold**" not in value and "<b>" not in value


def test_search_csv_defuses_formulas(made_db: Path) -> None:
    at = open_view(ui.SEARCH, q="fair enough")
    assert [b.label for b in at.get("download_button")][-1] == "These comments (CSV)"
    payload = csvout.to_csv(trends.search(_table(made_db), "fair enough"))
    assert "'" + fx.FORMULA_TEXT in payload or "'@Realist" in payload


def _table(path: Path) -> Any:
    with store.open_store(path, read_only=True) as st_:
        f = {t: st_.frame(t) for t in ("comments", "theme_hits", "links", "claims")}
    return summary.comment_table(f["comments"], f["theme_hits"], f["links"], f["claims"])


# -- time --------------------------------------------------------------------------------------


def test_article_mood_over_posted_times_with_n(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="nurses-pledge")
    # Four of the seven slots carry a readable time ("2 hours ago" cannot be placed; the
    # moderated and the hostile slot carry none); a day and a quarter: hourly points.
    assert any(
        "4 of 7 comment slots carry a posted time; per hour" in v for v in markdown_values(at)
    )
    rows = trends.mood_over_time(trends.with_times(_table(made_db)))
    assert int(rows["n"].sum()) == 4 and list(rows["n"]) == [1, 1, 1, 1]
    spec = _specs(at)
    assert '"mean_mood"' in spec and '"time"' in spec


def test_article_without_posted_times_says_so(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="ambulance-times")
    assert any(
        "None of this page's 3 comment slots carries a posted date" in v
        for v in markdown_values(at)
    )


def test_trends_over_time_split_by_outlet(made_db: Path) -> None:
    at = open_view(ui.TRENDS, by="outlet")
    assert at.selectbox(key="trends_by").value == "outlet"
    slots = sum(len(a.comments) for a in fx.analyses())
    assert any(f"4 of {slots} comment slots carry a posted time" in v for v in markdown_values(at))
    spec = _specs(at)
    assert '"title": "outlet"' in spec  # one line per outlet
    # Mood over time, volume, mood and themes by outlet and by speaker, disputed claims,
    # commenters.
    assert charts_drawn(at) == 8


def test_trends_on_the_seeds_falls_back_clearly(seeds_db: Path) -> None:
    at = open_view(ui.TRENDS)
    assert any("carries a posted date the captures kept" in v for v in markdown_values(at))
    disputed = frame(at, "95% interval")
    # Claims by their words, with their n; the most disputed first.
    assert all(not c.startswith("c") or " " in c for c in disputed["claim"])
    assert all(" of " in s for s in disputed["negative (n)"])
    commenters = frame(at, "commenter")
    assert list(commenters["comments"]) == sorted(commenters["comments"], reverse=True)


def test_mood_over_time_counts_only_readable_times() -> None:
    import pandas as pd

    table = pd.DataFrame(
        {
            "posted": ["2024-01-01T10:00", "1 January 2024 10:30", "yesterday", None],
            "mood": ["negative", "positive", "negative", None],
            "mood_score": [-0.5, 0.5, -0.2, None],
        }
    )
    rows = trends.mood_over_time(trends.with_times(table))
    assert list(rows["n"]) == [2] and list(rows["n_negative"]) == [1]
    assert rows["mean_mood"].iloc[0] == pytest.approx(0.0)


# -- remove ------------------------------------------------------------------------------------


def test_remove_asks_then_removes_in_one_go_and_keeps_the_rest(made_db: Path) -> None:
    with store.open_store(made_db) as st_:
        st_.annotate(store.Annotation("nurses-pledge", 1, "negative", ("distrust",)))
        st_.annotate(store.Annotation("pharmacy-cuts", 1, "negative", ()))
        before = {t: st_.frame(t) for t in ("comments", "claims", "annotations")}
    at = open_view(ui.ARTICLE, id="pharmacy-cuts")
    at.button(key="remove_ask_pharmacy-cuts").click().run()
    warning = " ".join(str(w.value) for w in at.warning)
    assert "with its 2 comment slots and 1 claims" in warning
    with store.open_store(made_db, read_only=True) as st_:
        assert "pharmacy-cuts" in st_.page_ids()  # asked, not yet removed
    at.button(key="remove_yes_pharmacy-cuts").click().run()
    assert not at.exception
    # Back on the overview, told what went; the article no longer listed.
    assert at.title[0].value == "How readers took each article"
    assert any("Removed" in str(s.value) for s in at.success)
    assert metric(at, "Articles shown") == "3 of 3"
    assert fx.HOSTILE_HEADLINE not in list(frame(at, "negative share (n)")["headline"])
    with store.open_store(made_db, read_only=True) as st_:
        assert "pharmacy-cuts" not in st_.page_ids()
        after = {t: st_.frame(t) for t in ("comments", "claims", "annotations")}
    for table, rows in before.items():
        kept = rows[rows["page_id"] != "pharmacy-cuts"].reset_index(drop=True)
        assert len(after[table]) == len(kept), table
        assert set(after[table]["page_id"]) == set(kept["page_id"])


def test_remove_cancelled_keeps_the_article(made_db: Path) -> None:
    at = open_view(ui.ARTICLE, id="quiet-page")
    at.button(key="remove_ask_quiet-page").click().run()
    at.button(key="remove_no_quiet-page").click().run()
    assert not at.exception
    assert at.header[0].value == ui.md_escape("Practice opening hours consultation opens")
    with store.open_store(made_db, read_only=True) as st_:
        assert "quiet-page" in st_.page_ids()


# -- journeys and labels -----------------------------------------------------------------------


def test_views_open_on_articles_with_comments(seeds_db: Path) -> None:
    # Seed 000 (first by id) has no comments; 003 has the most.
    at = open_view(ui.ARTICLE)
    assert at.selectbox(key="article_page_id").value.startswith("003_")
    at = open_view(ui.COMMENTS)
    assert at.selectbox(key="comments_page_id").value.startswith("003_")
    at = open_view(ui.COMPARE)
    assert [v[:4] for v in at.multiselect(key="compare_ids").value] == ["003_", "002_"]
    assert not any("None of these articles has comments" in v for v in markdown_values(at))
    assert "ids" not in at.query_params


def test_no_page_ids_in_labels_charts_or_links(seeds_db: Path) -> None:
    at = open_view(ui.COMPARE)
    shown = " ".join(markdown_values(at)) + _specs(at)
    shown += " ".join(str(p.proto.label) for p in at.get("page_link"))
    assert "002_67f" not in shown and "003_34b" not in shown
    assert "Open “" in " ".join(str(p.proto.label) for p in at.get("page_link"))
    at = open_view(ui.COMMENTS, id=at.multiselect(key="compare_ids").value[0], comment="3")
    assert "answers claim c" not in " ".join(markdown_values(at))
    assert not any(
        str(c).startswith("c") and str(c)[1:].isdigit()
        for c in frame(at, "answers claim")["answers claim"]
    )
    # Word chart: the words themselves, never "66. Please".
    spec = _specs(at)
    assert '"1. ' not in spec and '"2. ' not in spec


def test_compare_leaves_unanswered_claims_out_and_says_so(seeds_db: Path) -> None:
    ids = sorted(p for p in _seed_ids(seeds_db) if p.startswith(("000_", "003_")))
    at = open_view(ui.COMPARE, ids=",".join(ids))
    assert any("31 claims of" in v for v in markdown_values(at))
    spec = next(
        str(c.proto.spec) for c in at.get("vega_lite_chart") if "claim_tone" in str(c.proto.spec)
    )
    assert "no replies" not in spec


def _seed_ids(path: Path) -> list[str]:
    with store.open_store(path, read_only=True) as st_:
        return st_.page_ids()


def test_open_comment_follows_the_filters(made_db: Path) -> None:
    at = open_view(ui.COMMENTS, id="nurses-pledge", comment="1", mood="positive")
    assert list(frame(at, "VADER compound")["#"]) == [5]
    assert at.subheader[0].value == "Comment 5"
    # The first listed needs no parameter: the URL says what is open.
    assert "comment" not in at.query_params
    at = open_view(ui.COMMENTS, id="nurses-pledge", q="zebra")
    assert any("No comment matches these filters" in v for v in markdown_values(at))
    assert not at.subheader


def test_overview_theme_count_on_the_hand_built_store(made_db: Path) -> None:
    at = open_view(None, theme="burnout")
    assert metric(at, "Comments with these themes") == "1 of 6"
    at = open_view()
    assert len(at.date_input) == 2  # three dated articles: a range to pick from


def test_overview_dates_too_few_to_filter(seeds_db: Path) -> None:
    at = open_view()
    assert len(at.date_input) == 0
    assert any("1 of 5 articles carry one, too few to filter by" in v for v in markdown_values(at))
