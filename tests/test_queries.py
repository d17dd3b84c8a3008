"""The store answers the dashboard's questions (analysis/queries.py): every figure asked of
DuckDB equals the one `summary` computes from whole frames, on the hand-built dashboard store
(every field filled, hostile text, annotations, unlinked and moderated comments) and on the
seeds as the pipeline stores them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis import queries, store, summary, trends
from tests.dashboard_fixtures import build_store


@pytest.fixture(scope="module", params=["invented", "seeds"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "seeds":
        return Path(request.getfixturevalue("seeded_db"))
    return build_store(tmp_path_factory.mktemp("queries") / "store.duckdb")


def _frames(path: Path) -> dict[str, pd.DataFrame]:
    with store.open_store(path, read_only=True) as st_:
        return {
            t: st_.frame(t)
            for t in ("pages", "claims", "comments", "theme_hits", "links", "annotations")
        }


def _none(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _same(value: Any, other: Any) -> bool:
    if _none(value) or _none(other):
        return _none(value) and _none(other)
    if isinstance(value, float) and isinstance(other, float):
        return math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(value, dict) and isinstance(other, dict):
        return value.keys() == other.keys() and all(_same(value[k], other[k]) for k in value)
    if isinstance(value, tuple | list) and isinstance(other, tuple | list):
        pairs = zip(value, other, strict=False)
        return len(value) == len(other) and all(_same(a, b) for a, b in pairs)
    return bool(value == other)


def assert_same(got: pd.DataFrame, want: pd.DataFrame, keys: list[str]) -> None:
    assert list(got.columns[: len(want.columns)]) == list(want.columns)
    assert len(got) == len(want)
    if want.empty:
        return
    got = got.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    want = want.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    for column in want.columns:
        for i, (a, b) in enumerate(zip(got[column], want[column], strict=True)):
            assert _same(a, b), (column, i, a, b)


def test_comment_rows_are_the_comment_table(db: Path) -> None:
    f = _frames(db)
    want = summary.comment_table(
        f["comments"], f["theme_hits"], f["links"], f["claims"], f["annotations"]
    )
    with store.open_store(db, read_only=True) as st_:
        got = queries.comment_rows(st_.con)
        one = sorted(set(want["page_id"]))[0]
        mine = queries.comment_rows(st_.con, [one])
    assert len(want) > 5
    assert_same(got, want, ["page_id", "position"])
    assert_same(mine, want[want["page_id"] == one], ["page_id", "position"])


def test_searching_in_the_store_finds_what_searching_the_table_does(db: Path) -> None:
    f = _frames(db)
    table = summary.comment_table(
        f["comments"], f["theme_hits"], f["links"], f["claims"], f["annotations"]
    )
    scored = summary.scored(table)
    words = [w for w in " ".join(scored["text"].astype(str)).split() if w.isalpha()]
    theme = next(t for ts in scored["themes"] for t in ts)
    with store.open_store(db, read_only=True) as st_:
        for query, moods, themes in (
            (words[3], (), ()),
            (f"{words[0]} {words[-1]}", (), ()),
            ("", ("negative",), ()),
            ("", (), (theme,)),
            (theme, (), ()),
            ("zzqx-not-there", (), ()),
        ):
            found = queries.comment_rows(
                st_.con, contains=trends.words_of(query), moods=moods, themes=themes
            )
            want = trends.search(table, query, moods, themes)
            got = trends.search(found, query, moods, themes)
            assert_same(got, want, ["page_id", "position"])
            assert len(found) == len(want)
            counted = queries.mood_counts(
                st_.con, contains=trends.words_of(query), moods=moods, themes=themes
            )
            per = want.groupby(["page_id", "mood"]).size()
            assert dict(per) == {(p, m): n for p, m, n in counted.itertuples(index=False)}
            first = queries.comment_rows(
                st_.con, contains=trends.words_of(query), moods=moods, themes=themes, limit=2
            )
            assert list(first["position"]) == list(found["position"][:2])


def test_the_article_table_is_counted_in_the_store(db: Path) -> None:
    f = _frames(db)
    table = summary.comment_table(
        f["comments"], f["theme_hits"], f["links"], f["claims"], f["annotations"]
    )
    want = summary.article_table(f["pages"], table, f["claims"])
    with store.open_store(db, read_only=True) as st_:
        got = queries.article_table(st_.con)
    assert_same(got, want, ["page_id"])
    for key in ("speaker", "outlet", "month"):
        assert_same(queries.mood_by(got, key), summary.mood_by(want, table, key), [key])


def test_claim_moods_mood_mix_and_themes_are_counted_in_the_store(db: Path) -> None:
    f = _frames(db)
    table = summary.comment_table(
        f["comments"], f["theme_hits"], f["links"], f["claims"], f["annotations"]
    )
    with store.open_store(db, read_only=True) as st_:
        assert_same(
            queries.claim_moods(st_.con),
            summary.claim_moods(table, f["claims"]),
            ["page_id", "claim_id"],
        )
        assert_same(queries.mood_mix(st_.con), summary.mood_mix(table), ["page_id", "order"])
        arts = f["pages"].rename(columns={"id": "page_id"})[["page_id", "outlet", "speaker"]]
        joined = table.merge(arts, on="page_id", how="left")
        for by in ("page_id", "outlet", "speaker"):
            assert_same(
                queries.theme_prevalence(st_.con, by),
                summary.theme_prevalence(joined, by=by),
                [by, "theme"],
            )
        assert_same(queries.commenters(st_.con), trends.commenters(table), ["author"])
        ids = sorted(set(table["page_id"]))[:2]
        theme = next(t for ts in table["themes"] for t in ts)
        n, with_theme = queries.counts(st_.con, ids, [theme])
    mine = summary.scored(table)
    mine = mine[mine["page_id"].isin(ids)]
    assert n == len(mine)
    assert with_theme == sum(theme in t for t in mine["themes"])


def test_mood_over_time_is_counted_in_the_store(db: Path) -> None:
    f = _frames(db)
    table = summary.comment_table(
        f["comments"], f["theme_hits"], f["links"], f["claims"], f["annotations"]
    )
    arts = f["pages"].rename(columns={"id": "page_id"})[["page_id", "outlet", "speaker"]]
    timed = trends.with_times(table.merge(arts, on="page_id", how="left"))
    with store.open_store(db, read_only=True) as st_:
        assert queries.has_moments(st_.con)
        slots, known, first, last = queries.time_span(st_.con)
        assert (slots, known) == (len(timed), int(timed["time"].notna().sum()))
        if not known:
            return
        assert (first, last) == (timed["time"].min(), timed["time"].max())
        for grain in ("hour", "day", "week", "month"):
            for group in (None, "outlet", "speaker"):
                want = trends.mood_over_time(timed, grain, group)  # type: ignore[arg-type]
                got = queries.mood_over_time(st_.con, grain, group)
                assert_same(got, want, ["time", "group"])
        one = str(table["page_id"].iloc[0])
        mine = timed[timed["page_id"] == one]
        assert_same(
            queries.mood_over_time(st_.con, "day", page_ids=[one]),
            trends.mood_over_time(mine, "day"),
            ["time", "group"],
        )


def test_an_earlier_store_gains_posted_moments_when_opened_for_writing(tmp_path: Path) -> None:
    path = build_store(tmp_path / "old.duckdb")
    with store.open_store(path) as st_:
        want = st_.con.execute("SELECT page_id, position, posted_at FROM comments").fetchall()
        st_.con.execute("ALTER TABLE comments DROP COLUMN posted_at")
        st_.con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with store.open_store(path, read_only=True) as st_:
        assert not queries.has_moments(st_.con)
    with store.open_store(path) as st_:
        got = st_.con.execute("SELECT page_id, position, posted_at FROM comments").fetchall()
        version = st_.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert sorted(got) == sorted(want)
    assert any(m is not None for _, _, m in got)
    assert version == (str(store.SCHEMA_VERSION),)


def test_mood_reasons_come_back_as_the_models_records(
    seeded_db: Path, seed_analyses: dict[str, Any]
) -> None:
    want = {
        (a.page.id, r.comment.position): r.mood.explanation
        for a in seed_analyses.values()
        for r in a.comments
        if r.mood is not None
    }
    assert any(want.values()), "no seed comment's mood differs from VADER's"
    with store.open_store(seeded_db, read_only=True) as st_:
        rows = queries.comment_rows(st_.con)
    got = {
        (p, int(n)): tuple(e)
        for p, n, e, m in zip(
            rows["page_id"], rows["position"], rows["mood_explanation"], rows["mood"], strict=True
        )
        if isinstance(m, str)
    }
    assert got == want
    # Each record renders as the plain reason stored beside it.
    for reasons, plain in zip(rows["mood_explanation"], rows["mood_reasons"], strict=True):
        assert tuple(str(r) for r in reasons) == tuple(plain)


def test_a_store_written_before_the_records_reads_them_from_the_plain_reasons(
    tmp_path: Path,
) -> None:
    path = build_store(tmp_path / "old.duckdb")
    with store.open_store(path) as st_:
        st_.con.execute("ALTER TABLE comments DROP COLUMN mood_explanation")
        st_.con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        plain = st_.con.execute(
            "SELECT mood_reasons FROM comments WHERE len(mood_reasons) > 0"
        ).fetchall()
    assert plain, "the hand-built store has no mood reasons"
    for read_only in (True, False):
        # Read-only: no such column; opened for writing: the column is added, NULL in old rows.
        with store.open_store(path, read_only=read_only) as st_:
            rows = queries.comment_rows(st_.con)
        for reasons, texts in zip(rows["mood_explanation"], rows["mood_reasons"], strict=True):
            assert [r.kind for r in reasons] == [t.split(":", 1)[0] for t in texts]
            assert all(r.effect == 0.0 and not r.evidence for r in reasons)
    with store.open_store(path, read_only=True) as st_:
        version = st_.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(store.SCHEMA_VERSION),)
