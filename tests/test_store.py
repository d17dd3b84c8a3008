"""The DuckDB store: a real file, one transaction a run, annotations beside readings."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis import store
from analysis.errors import StoreError
from tests.factories import make_analysis


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "rm.duckdb"
    analysis = make_analysis("a", [("Nice one.", "negative"), ("", None)])
    with store.open_store(path) as st:
        st.save([(analysis, "key-a")])
    with store.open_store(path, read_only=True) as st:
        pages = st.frame("pages")
        comments = st.frame("comments").sort_values("position")
        links = st.frame("links")
        assert st.stored_keys() == {"a": "key-a"}
    assert pages.loc[0, "headline"] == "Headline of a"
    assert pages.loc[0, "captured_comment_count"] == 2
    assert list(comments["moderated"]) == [False, True]
    assert comments.iloc[0]["text"] == "Nice one."
    assert comments.iloc[0]["mood"] == "negative"
    assert pd.isna(comments.iloc[1]["mood"])
    assert list(links["stance"]) == ["mock"]
    # A real DuckDB file that DuckDB itself can open.
    assert duckdb.connect(str(path), read_only=True).execute(
        "SELECT count(*) FROM comments"
    ).fetchone() == (2,)


def test_saving_a_page_again_replaces_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "rm.duckdb"
    with store.open_store(path) as st:
        st.save([(make_analysis("a", [("x", "negative"), ("y", "positive")]), "k1")])
        st.save([(make_analysis("a", [("z", "neutral")], content_hash="h2"), "k2")])
        comments = st.frame("comments")
        assert list(comments["text"]) == ["z"]
        assert st.stored_keys() == {"a": "k2"}


def test_failed_save_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "rm.duckdb"
    with store.open_store(path) as st:
        st.save([(make_analysis("a"), "k1")])
    # Two claims with one id break the primary key half-way through the second page.
    broken = make_analysis("b", claim_ids=("c1", "c1"))
    with store.open_store(path) as st, pytest.raises(StoreError):
        st.save(
            [
                (make_analysis("a", [("changed", "positive")], content_hash="h9"), "k9"),
                (broken, "kb"),
            ]
        )
    with store.open_store(path, read_only=True) as st:
        assert st.stored_keys() == {"a": "k1"}
        assert list(st.frame("comments")["text"]) == ["Nice one."]


def test_annotations_sit_beside_the_automatic_reading(tmp_path: Path) -> None:
    path = tmp_path / "rm.duckdb"
    with store.open_store(path) as st:
        st.save([(make_analysis("a", [("Nice one.", "positive")]), "k1")])
        st.annotate(store.Annotation("a", 1, "negative", ("distrust",), "sarcastic"))
        st.annotate(store.Annotation("a", 1, "negative", ("distrust", "burnout")))
        assert st.frame("comments").loc[0, "mood"] == "positive"
        notes = st.frame("annotations")
        assert len(notes) == 1 and list(notes.loc[0, "themes"]) == ["distrust", "burnout"]
        labels = st.export_labels()
        exported = labels["articles"]["a"]["comments"]
        assert exported == [
            {
                "position": 1,
                "author": None,
                "moderated": False,
                "starts_with": "Nice one.",
                "mood": "negative",
                "themes": ["distrust", "burnout"],
            }
        ]
        st.remove_annotation("a", 1)
        assert st.frame("annotations").empty


def test_unopenable_store_is_a_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "rm.duckdb"
    not_a_db.write_text("this is not a database")
    with pytest.raises(StoreError, match="cannot open"), store.open_store(not_a_db):
        pass


def test_db_path_prefers_explicit_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_MOOD_DB", "/tmp/env.duckdb")
    assert store.db_path("x.duckdb") == Path("x.duckdb")
    assert store.db_path() == Path("/tmp/env.duckdb")
    monkeypatch.delenv("READER_MOOD_DB")
    assert store.db_path() == store.DEFAULT_DB
