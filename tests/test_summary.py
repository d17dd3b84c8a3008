"""analysis.summary: the figures the dashboard draws, on a hand-built store and on the seeds."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from statistics import mean

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import csvout, sentiment, store, summary
from analysis.model import MOOD_ORDER, Analysis
from tests import dashboard_fixtures as fx

TABLES = ("pages", "claims", "comments", "theme_hits", "links", "annotations")


def _frames(path: Path) -> dict[str, pd.DataFrame]:
    with store.open_store(path, read_only=True) as st_:
        return {t: st_.frame(t) for t in TABLES}


def _tables(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return summary.comment_table(
        frames["comments"],
        frames["theme_hits"],
        frames["links"],
        frames["claims"],
        frames["annotations"],
    )


@pytest.fixture
def made(tmp_path: Path) -> dict[str, pd.DataFrame]:
    frames = _frames(fx.build_store(tmp_path / "made.duckdb"))
    frames["table"] = _tables(frames)
    return frames


def _fixture_comments(page_id: str) -> list[fx.C]:
    # The hand-read comments as written in the fixture, independent of the store round trip.
    analysis = next(a for a in fx.analyses() if a.page.id == page_id)
    return [
        fx.C(
            r.comment.text, r.mood.label if r.mood else None, score=r.mood.score if r.mood else None
        )
        for r in analysis.comments
    ]


# -- Wilson intervals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Published values (Newcombe 1998, table I; Brown, Cai & DasGupta 2001).
        (0, 10, 0.0, 0.2775),
        (5, 10, 0.2366, 0.7634),
        (3, 4, 0.3006, 0.9544),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    lo, hi = summary.wilson(k, n)
    assert lo == pytest.approx(low, abs=6e-4)
    assert hi == pytest.approx(high, abs=6e-4)


@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n))
    )
)
def test_wilson_brackets_the_share_inside_zero_one(kn: tuple[int, int]) -> None:
    k, n = kn
    lo, hi = summary.wilson(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert hi - lo > 0


def test_wilson_narrows_as_n_grows() -> None:
    widths = [summary.wilson(n // 2, n)[1] - summary.wilson(n // 2, n)[0] for n in (4, 40, 400)]
    assert widths[0] > widths[1] > widths[2]


def test_wilson_of_nothing_is_the_whole_range() -> None:
    assert summary.wilson(0, 0) == (0.0, 1.0)


def test_share_text_always_gives_n_and_flags_small_n() -> None:
    assert summary.share_text(2, 3) == "2 of 3 (67%) · small n"
    assert summary.share_text(5, 20) == "5 of 20 (25%)"
    assert "small n" not in summary.share_text(0, summary.SMALL_N)
    assert summary.share_text(0, 0) == "none of 0"


# -- comment table -----------------------------------------------------------------------------


def test_comment_table_has_one_row_per_slot_with_every_score(made: dict[str, pd.DataFrame]) -> None:
    table = made["table"]
    nurses = table[table["page_id"] == "nurses-pledge"]
    assert list(nurses["position"]) == [1, 2, 3, 4, 5, 6, 7]
    moderated = nurses[nurses["position"] == 3].iloc[0]
    assert bool(moderated["moderated"]) and moderated["text"] == ""
    assert pd.isna(moderated["mood"]) and pd.isna(moderated["compound"])

    first = nurses[nurses["position"] == 1].iloc[0]
    text = first["text"]
    vader = sentiment.score(text)
    assert (first["neg"], first["neu"], first["pos"], first["compound"]) == pytest.approx(
        (vader.neg, vader.neu, vader.pos, vader.compound)
    )
    assert first["vader_label"] == sentiment.label(vader.compound)
    assert first["mood"] == "negative" and first["mood_score"] == pytest.approx(-0.62)
    assert first["mood_reasons"] == ("sarcasm: rhetorical question",)
    assert first["themes"] == ("distrust",)
    assert first["theme_evidence"] == {"distrust": ("heard this every year",)}
    assert first["claim_id"] == "c1" and first["stance"] == "mock"
    assert first["claim_text"] == "We are giving the NHS the staff it needs to succeed."
    assert first["start"] == text  # short enough to show whole

    multi = nurses[nurses["position"] == 7].iloc[0]
    assert "\n\n" in multi["text"]  # paragraph breaks kept
    assert "\n" not in multi["start"]


def test_comment_table_takes_the_best_ranked_link(tmp_path: Path) -> None:
    from dataclasses import replace

    from analysis.model import Link

    base = fx.analyses()[0]
    first = base.comments[0]
    relinked = replace(
        first, links=(Link("c2", 0.9, "echo", "agree"), Link("c1", 0.3, "tfidf", "mock"))
    )
    changed = replace(base, comments=(relinked, *base.comments[1:]))
    with store.open_store(tmp_path / "s.duckdb") as st_:
        st_.save([(changed, "k")])
    table = _tables(_frames(tmp_path / "s.duckdb"))
    row = table[table["position"] == 1].iloc[0]
    assert (row["claim_id"], row["stance"], row["link_via"]) == ("c2", "agree", "echo")


def test_comment_table_joins_hand_annotations(tmp_path: Path) -> None:
    path = fx.build_store(tmp_path / "a.duckdb")
    with store.open_store(path) as st_:
        st_.annotate(store.Annotation("nurses-pledge", 4, "negative", ("distrust",), "sarcastic"))
    table = _tables(_frames(path))
    row = table[(table["page_id"] == "nurses-pledge") & (table["position"] == 4)].iloc[0]
    assert row["annotated_mood"] == "negative"
    assert row["annotated_themes"] == ("distrust",)
    assert row["note"] == "sarcastic"
    assert row["mood"] == "neutral"  # the automatic reading is untouched
    others = table[table["position"] != 4]
    assert others["annotated_mood"].isna().all()


def test_comment_table_of_an_empty_store_has_the_columns(tmp_path: Path) -> None:
    with store.open_store(tmp_path / "e.duckdb") as st_:
        frames = {t: st_.frame(t) for t in TABLES}
    table = _tables(frames)
    assert table.empty and list(table.columns) == summary.COMMENT_COLUMNS
    assert summary.claim_moods(table, frames["claims"]).empty
    assert summary.article_table(frames["pages"], table, frames["claims"]).empty
    assert summary.mood_mix(table).empty


# -- mood against claims -----------------------------------------------------------------------


def test_claim_moods_pair_each_claims_tone_with_its_answers(made: dict[str, pd.DataFrame]) -> None:
    rows = summary.claim_moods(made["table"], made["claims"])
    nurses = rows[rows["page_id"] == "nurses-pledge"].set_index("claim")
    c1 = nurses.loc["We are giving the NHS the staff it needs to succeed."]
    comments = _fixture_comments("nurses-pledge")
    # Comments 1 and 7 answer c1 (fixture), moods -0.62 and +0.02.
    assert c1["n"] == 2
    assert c1["mean_mood"] == pytest.approx(mean([comments[0].score, comments[6].score]))
    assert c1["claim_tone"] == pytest.approx(
        sentiment.score("We are giving the NHS the staff it needs to succeed.").compound
    )
    assert (c1["n_negative"], c1["share_negative"]) == (1, 0.5)
    assert (c1["ci_low"], c1["ci_high"]) == pytest.approx(summary.wilson(1, 2))
    assert bool(c1["small_n"])
    assert c1["top_themes"] == "distrust (1)"

    general = nurses.loc[summary.GENERAL]
    # Unlinked with a mood: comments 2 and 4; the moderated slot 3 does not count.
    assert general["n"] == 2
    assert general["mean_mood"] == pytest.approx(mean([comments[1].score, comments[3].score]))
    assert pd.isna(general["claim_tone"])
    assert list(nurses.index) == [
        "We are giving the NHS the staff it needs to succeed.",
        "pay talks would resume once the review body reports",
        summary.GENERAL,
    ]


def test_claim_nobody_answered_stays_with_n_zero(made: dict[str, pd.DataFrame]) -> None:
    table = made["table"]
    table = table[~((table["page_id"] == "pharmacy-cuts") & table["claim_id"].notna())]
    rows = summary.claim_moods(table, made["claims"])
    cuts = rows[(rows["page_id"] == "pharmacy-cuts") & (rows["claim_id"] == "c1")].iloc[0]
    assert cuts["n"] == 0 and pd.isna(cuts["mean_mood"]) and pd.isna(cuts["share_negative"])


def test_article_table_mood_mix_tone_and_coverage(made: dict[str, pd.DataFrame]) -> None:
    arts = summary.article_table(made["pages"], made["table"], made["claims"])
    assert list(arts["page_id"]) == sorted(a.page.id for a in fx.analyses())
    nurses = arts.set_index("page_id").loc["nurses-pledge"]
    labels = [c.mood for c in _fixture_comments("nurses-pledge")]
    for mood in MOOD_ORDER:
        assert nurses[mood] == labels.count(mood)
    assert nurses["n"] == 6 and nurses["moderated"] == 1 and nurses["captured"] == 7
    assert nurses["coverage"] == "7 of 9 declared comments captured (7 slots, 1 moderated)"
    body = next(a for a in fx.analyses() if a.page.id == "nurses-pledge").page.article.body
    assert nurses["article_tone"] == pytest.approx(mean(sentiment.score(p).compound for p in body))
    scores = [c.score for c in _fixture_comments("nurses-pledge") if c.mood]
    assert nurses["mean_mood"] == pytest.approx(mean(s for s in scores if s is not None))
    assert nurses["top_themes"].startswith("distrust (2)")
    assert nurses["warnings"] == ("7 of 9 comments captured",)
    assert str(nurses["published"]) == "2024-03-04"

    quiet = arts.set_index("page_id").loc["quiet-page"]
    assert quiet["n"] == 0 and quiet["coverage"] == "no comments captured"
    assert pd.isna(quiet["mean_mood"]) and pd.isna(quiet["published"])


@pytest.mark.parametrize(
    ("declared", "slots", "moderated", "expected"),
    [
        (21, 10, 0, "10 of 21 declared comments captured"),
        (6, 7, 1, "all 6 declared comments captured (7 slots, 1 moderated)"),
        (None, 3, 0, "3 comments captured"),
        (None, 1, 0, "1 comment captured"),
        (None, 0, 0, "no comments captured"),
        (0, 0, 0, "all 0 declared comments captured"),
    ],
)
def test_coverage_text(declared: int | None, slots: int, moderated: int, expected: str) -> None:
    assert summary.coverage_text(declared, slots, moderated) == expected


def test_mood_mix_keeps_every_mood_in_order(made: dict[str, pd.DataFrame]) -> None:
    mix = summary.mood_mix(made["table"])
    cuts = mix[mix["page_id"] == "pharmacy-cuts"]
    assert list(cuts["mood"]) == list(MOOD_ORDER)
    assert list(cuts["count"]) == [1, 0, 1]
    assert set(cuts["n"]) == {2} and cuts["share"].sum() == pytest.approx(1.0)
    assert cuts["small_n"].all()


def test_theme_prevalence_counts_comments_not_evidence(made: dict[str, pd.DataFrame]) -> None:
    prev = summary.theme_prevalence(made["table"]).set_index(["page_id", "theme"])
    burnout = prev.loc[("nurses-pledge", "burnout")]
    # One comment with two pieces of burnout evidence counts once.
    assert (burnout["count"], burnout["n"]) == (1, 6)
    assert (burnout["ci_low"], burnout["ci_high"]) == pytest.approx(summary.wilson(1, 6))
    assert prev.loc[("nurses-pledge", "distrust")]["count"] == 2
    assert prev.loc[("ambulance-times", "burnout")]["count"] == 0  # zeros kept for comparing


def test_mood_by_speaker_pools_their_articles(made: dict[str, pd.DataFrame]) -> None:
    arts = summary.article_table(made["pages"], made["table"], made["claims"])
    by = summary.mood_by(arts, made["table"], "speaker").set_index("speaker")
    whitfield = by.loc["Dana Whitfield"]
    scores = [
        c.score for pid in ("nurses-pledge", "ambulance-times") for c in _fixture_comments(pid)
        if c.mood
    ]  # fmt: skip
    assert whitfield["articles"] == 2 and whitfield["n"] == len(scores) == 9
    assert whitfield["mean_mood"] == pytest.approx(mean(s for s in scores if s is not None))
    months = summary.mood_by(arts, made["table"], "month")
    assert list(months["month"]) == ["2024-03", "2024-05"]  # the undated page left out


def _spread_store(tmp_path: Path, scores: list[float]) -> dict[str, pd.DataFrame]:
    comments = tuple(
        fx.C(f"Comment number {i} about the pledge.",
             "negative" if s < -0.05 else "positive" if s > 0.05 else "neutral",
             f"reader{i}", (), "c1", "unclear", (), s)
        for i, s in enumerate(scores, start=1)
    )  # fmt: skip
    analysis = fx._analysis(
        "spread", "A pledge", "Example", None, "A Person", ("She said: 'A pledge.'",),
        (("c1", "A pledge.", "A Person", "direct", 0),), comments, None,
    )  # fmt: skip
    with store.open_store(tmp_path / "spread.duckdb") as st_:
        st_.save([(analysis, "k")])
    frames = _frames(tmp_path / "spread.duckdb")
    frames["table"] = _tables(frames)
    return frames


def test_evidence_pack_spans_the_mood_range_not_only_extremes(tmp_path: Path) -> None:
    scores = [-0.9, -0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 0.0]
    frames = _spread_store(tmp_path, scores)
    pack = summary.evidence_pack(
        frames["table"], frames["claims"], frames["pages"], "spread", "c1", size=5
    )
    got = list(pack["mood_score"])
    assert len(got) == 5
    assert min(got) == min(scores) and max(got) == max(scores)
    middle = [s for s in got if -0.5 < s < 0.5]
    assert middle, "the pack must include comments from the middle of the range"
    assert got == sorted(got)
    assert set(pack["source"]) == {"captures/spread.txt"}
    assert set(pack["claim"]) == {"A pledge."}
    assert all(t.startswith("Comment number") for t in pack["text"])


def test_evidence_pack_of_few_comments_keeps_them_all(made: dict[str, pd.DataFrame]) -> None:
    pack = summary.evidence_pack(
        made["table"], made["claims"], made["pages"], "nurses-pledge", None
    )
    assert sorted(pack["position"]) == [2, 4]  # the unlinked comments with a mood
    assert set(pack["claim"]) == {summary.GENERAL}


def test_comments_csv_keeps_text_exactly(made: dict[str, pd.DataFrame]) -> None:
    text = csvout.comments_csv(made["table"])
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert len(back) == len(made["table"])
    assert fx.HOSTILE_TEXT in set(back["text"])
    assert any("\n\n" in t for t in back["text"])
    for column in ("neg", "neu", "pos", "compound", "mood", "mood_score", "claim_id", "stance"):
        assert column in back.columns
    first = back[(back["page_id"] == "nurses-pledge") & (back["position"] == 1)].iloc[0]
    assert first["theme_evidence"] == "distrust: heard this every year"


#: Invented comments a spreadsheet would run or mangle, as readers really start them.
FORMULA_COMMENTS = (
    '=HYPERLINK("http://example.org/x","More on the cuts")',
    "+1, couldn't agree more with the minister",
    "-- signed, a tired practice manager",
    "@NightNurse you are right, nothing changes",
    "\tindented reply that the capture kept",
    "\rstray carriage return before the words",
)


def _formula_store(tmp_path: Path) -> dict[str, pd.DataFrame]:
    defused = [
        fx.C(text, "negative", "=cmd|' /C calc'!A0" if i == 0 else f"Reader {i}", (), "c1",
             score=-0.2 - i / 10)
        for i, text in enumerate(FORMULA_COMMENTS)
    ]  # fmt: skip
    plain = fx.C("An ordinary comment, - and = inside are fine.", "neutral", "Plain", (), "c1")
    comments = (*defused, plain)
    analysis = fx._analysis(
        "formulas", "@Minister: =cuts", "Example", None, "A Person", ("She said: 'Cuts.'",),
        (("c1", "-Cuts are needed.", "A Person", "direct", 0),), comments, None,
    )  # fmt: skip
    with store.open_store(tmp_path / "formulas.duckdb") as st_:
        st_.save([(analysis, "k")])
    frames = _frames(tmp_path / "formulas.duckdb")
    frames["table"] = _tables(frames)
    return frames


def _cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_downloads_quote_what_a_spreadsheet_would_run(tmp_path: Path) -> None:
    frames = _formula_store(tmp_path)
    pack = summary.evidence_pack(
        frames["table"], frames["claims"], frames["pages"], "formulas", "c1", size=10
    )
    for text in (csvout.comments_csv(frames["table"]), csvout.to_csv(pack)):
        rows = _cells(text)
        written = {r["text"] for r in rows}
        assert written == {"'" + t for t in FORMULA_COMMENTS} | {
            "An ordinary comment, - and = inside are fine."
        }
        assert "'=cmd|' /C calc'!A0" in {r["author"] for r in rows}
        assert {r["claim"] if "claim" in r else r["claim_text"] for r in rows} == {
            "'-Cuts are needed."
        }
        # Numbers stay numbers: a negative score is not text to defuse.
        scores = [float(r["mood_score"]) for r in rows]
        assert min(scores) < 0
    # The frames the views draw keep the text exactly as written.
    assert set(FORMULA_COMMENTS) <= set(frames["table"]["text"])
    assert set(FORMULA_COMMENTS) <= set(pack["text"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-", "'-"),
        ("@here", "'@here"),
        ("\t=1", "'\t=1"),
        ("\r\n", "'\r\n"),
        ("a = b", "a = b"),
        ("", ""),
        (" =1", " =1"),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_csv_cell(value: object, expected: object) -> None:
    assert csvout.csv_cell(value) == expected


@given(st.text())
def test_csv_cell_only_ever_adds_one_quote(text: str) -> None:
    out = csvout.csv_cell(text)
    assert out in (text, "'" + text)
    assert (out != text) == text.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_start_of_cuts_long_text_on_one_line() -> None:
    long = "word " * 40
    start = summary.start_of(long, 20)
    assert len(start) <= 20 and start.endswith("…")
    assert summary.start_of("a\nb") == "a b"
    assert summary.start_of(None) == ""


# -- the seeds (what the stages produce once they land) ---------------------------------------


def test_seed_articles_all_listed(seeded_db: Path, seed_analyses: dict[str, Analysis]) -> None:
    frames = _frames(seeded_db)
    table = _tables(frames)
    arts = summary.article_table(frames["pages"], table, frames["claims"])
    assert len(arts) == 5
    assert set(arts["page_id"]) == set(seed_analyses)
    for pid, a in seed_analyses.items():
        row = arts.set_index("page_id").loc[pid]
        assert row["captured"] == len(a.comments)
        scored = [r for r in a.comments if r.mood is not None]
        assert row["n"] == len(scored)
        if scored:
            assert row["mean_mood"] == pytest.approx(mean(r.mood.score for r in scored if r.mood))
        assert sum(row[m] for m in MOOD_ORDER) == len(scored)


def test_seed_claim_moods_count_every_scored_comment_once(seeded_db: Path) -> None:
    frames = _frames(seeded_db)
    table = _tables(frames)
    rows = summary.claim_moods(table, frames["claims"])
    scored = table[table["mood"].notna()]
    for pid, group in rows.groupby("page_id"):
        assert group["n"].sum() == (scored["page_id"] == pid).sum()
    assert not any(math.isnan(x) for x in rows["ci_low"].dropna())


def test_missing_author_is_none_not_nan(seeded_db: Path, tmp_path: Path) -> None:
    # Some comments signed, some not: pandas' string columns hold NaN for the NULLs.
    analysis = fx._analysis(
        "anon", "Anonymous readers", "Example", None, None, ("Body.",), (),
        (fx.C("No name here.", "neutral", None, score=0.0),
         fx.C("Signed.", "neutral", "Sam", score=0.0, claim="c9", stance="agree")), None,
    )  # fmt: skip
    with store.open_store(tmp_path / "anon.duckdb") as st_:
        st_.save([(analysis, "k")])
    table = _tables(_frames(tmp_path / "anon.duckdb"))
    assert table["author"].iloc[0] is None
    assert table["claim_id"].iloc[0] is None and table["stance"].iloc[0] is None


def test_missing_article_fields_are_none_not_nan(tmp_path: Path) -> None:
    signed = fx._analysis(
        "signed", "With kicker", "Outlet", None, "Someone", ("Body.",), (), (), None,
        kicker="Kicker",
    )  # fmt: skip
    bare = fx._analysis("bare", "No kicker", None, None, None, ("Body.",), (), (), None)
    with store.open_store(tmp_path / "k.duckdb") as st_:
        st_.save([(signed, "k1"), (bare, "k2")])
    frames = _frames(tmp_path / "k.duckdb")
    arts = summary.article_table(frames["pages"], _tables(frames), frames["claims"])
    row = arts.set_index("page_id").loc["bare"]
    assert row["kicker"] is None and row["outlet"] is None and row["speaker"] is None
