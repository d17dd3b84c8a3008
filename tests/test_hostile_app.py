"""Issue 13 in the dashboard (AppTest): rows 3 (an upload of very long words), 12 (an SQLite
file as the store) and 14 (a truncated store); the numbering is tests/test_hostile.py's.

Each view shows one clear message and no traceback; inputs are made here.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from dashboard import data, ui
from tests.benchmark_views import run_view

VIEWS = [
    (None, {}),
    (ui.ARTICLE, {"id": "nurses-pledge"}),
    (ui.COMMENTS, {"id": "nurses-pledge", "comment": "1"}),
    (ui.COMPARE, {"ids": "nurses-pledge,pharmacy-cuts"}),
]


def _assert_one_clear_message(page: str | None, params: dict[str, str], *words: str) -> None:
    data._load.clear()
    at = run_view(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert "\n" not in errors[0] and "Traceback" not in errors[0]
    for word in words:
        assert word in errors[0], errors[0]


@pytest.mark.parametrize(("page", "params"), VIEWS)
def test_row12_an_sqlite_store_is_one_message_in_every_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str | None, params: dict[str, str]
) -> None:
    db = tmp_path / "store.duckdb"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE pages (id TEXT)")
    con.commit()
    con.close()
    monkeypatch.setenv("READER_MOOD_DB", str(db))
    _assert_one_clear_message(page, params, "SQLite", "cannot be used")


@pytest.mark.parametrize(("page", "params"), VIEWS)
@pytest.mark.parametrize("keep", [0.5, 100])
def test_row14_a_truncated_store_is_one_message_in_every_view(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seeded_db: Path,
    page: str | None,
    params: dict[str, str],
    keep: float,
) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copy(seeded_db, db)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(int(size * keep) if keep < 1 else int(keep))
    monkeypatch.setattr(data, "PAUSE_S", 0.0)
    monkeypatch.setenv("READER_MOOD_DB", str(db))
    _assert_one_clear_message(page, params, "store")


def test_row03_an_upload_of_20000_letter_words_is_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report's upload froze every user's dashboard (health check 52.7 s): the emphasis
    # regex was quadratic in a word's length. The same shape of upload now adds in its stride.
    monkeypatch.setenv("READER_MOOD_DB", str(tmp_path / "store.duckdb"))
    words = [chr(ord("a") + n % 26) * 20_000 + "!" for n in range(20)]
    body = json.dumps(
        {"headline": "Pool to close", "comments": [{"text": w, "author": "R"} for w in words]}
    ).encode("utf-8")
    at = run_view(ui.ADD)
    at.file_uploader(key="add_file").upload("long-words.json", body, "application/json").run()
    at.button(key="add_file_go").click().run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert any(ui.md_escape("Added long-words") in s.value for s in at.success)
