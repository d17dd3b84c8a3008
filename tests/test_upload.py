"""Dashboard uploads: read in a worker process within a time budget, stored through the same
`pipeline.analyse_into` as the CLI's `analyse`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import offload, pipeline, sources, store, themes
from analysis.cli import main
from analysis.errors import AnalysisError
from dashboard import data, ui
from tests.benchmark_views import run_view

PAGE = (
    b"Clinic hours to be cut, board confirms\n\n"
    b'The board chair Rosa Lind said: "No patient will wait longer because of this."\n\n'
    b"3 Comments\n\n"
    b"Maya says:\n"
    b"4 March 2025 at 9:12 am\n"
    b"Nobody believes that. The queue is already out the door.\n\n"
    b"Tom says:\n"
    b"4 March 2025 at 10:40 am\n"
    b"Good to see the board being honest about the money for once.\n"
)


def _big_export(n: int) -> bytes:
    # A comment export long enough that reading it takes seconds, not a fraction of one.
    comments = [
        {"text": f"Reply {i}: the minister promised more clinics and we got fewer. Shameful."}
        for i in range(n)
    ]
    return json.dumps({"headline": "Clinics", "comments": comments}).encode("utf-8")


def test_an_upload_is_stored_as_the_cli_stores_the_same_file(tmp_path: Path) -> None:
    db = tmp_path / "app.duckdb"
    waited: list[float] = []
    added = data.add_upload(PAGE, "clinic-hours.txt", db, on_wait=waited.append)
    assert added.outcome == "added" and added.page_id == "clinic-hours"
    assert waited == sorted(waited)  # elapsed seconds, told while the worker read

    page = tmp_path / "clinic-hours.txt"
    page.write_bytes(PAGE)
    cli_db = tmp_path / "cli.duckdb"
    assert main(["analyse", str(page), "--db", str(cli_db), "--quiet"]) == 0
    with (
        store.open_store(db, read_only=True) as app,
        store.open_store(cli_db, read_only=True) as cli,
    ):
        assert app.stored_keys() == cli.stored_keys()
        for table in ("comments", "claims", "links", "theme_hits"):
            mine, theirs = app.frame(table), cli.frame(table)
            assert mine.drop(columns=["page_id"]).equals(theirs.drop(columns=["page_id"])), table
        assert (added.comments, added.claims) == (
            len(cli.frame("comments")),
            len(cli.frame("claims")),
        )

    again = data.add_upload(PAGE, "clinic-hours.txt", db, on_wait=waited.append)
    assert (again.page_id, again.outcome, again.comments) == ("clinic-hours", "unchanged", 2)


def test_the_worker_reads_the_page_as_the_pipeline_does() -> None:
    raw = sources.read_bytes(PAGE, page_id="p", source="p.txt")
    theme_set = themes.load()
    assert offload.analyse_within(raw, theme_set, None, 120) == pipeline.analyse(raw, theme_set)


def test_an_upload_over_its_budget_is_stopped_and_nothing_is_stored(tmp_path: Path) -> None:
    db = tmp_path / "app.duckdb"
    data.add_upload(PAGE, "kept.txt", db)
    with store.open_store(db, read_only=True) as st:
        before = st.stored_keys(), len(st.frame("comments"))
    with pytest.raises(offload.TooSlow) as caught:
        data.add_upload(_big_export(3000), "big.json", db, seconds=0.5)
    message = str(caught.value)
    assert "took longer than 0.5 s" in message and "nothing was stored" in message
    assert "\n" not in message
    with store.open_store(db, read_only=True) as st:
        assert (st.stored_keys(), len(st.frame("comments"))) == before


def test_a_page_the_worker_cannot_read_fails_with_its_own_line() -> None:
    # A theme set the worker cannot use (no themes object at all): the worker's error comes
    # back as one line, not a traceback from another process.
    raw = sources.read_bytes(PAGE, page_id="p", source="p.txt")
    with pytest.raises(AnalysisError) as caught:
        offload.analyse_within(raw, None, None, 60)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value) and "AttributeError" in str(caught.value)


def test_the_add_page_says_in_one_line_when_an_upload_runs_out_of_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "app.duckdb"
    monkeypatch.setenv("READER_MOOD_DB", str(db))
    monkeypatch.setenv("READER_MOOD_UPLOAD_SECONDS", "0.5")
    at: AppTest = run_view(ui.ADD)
    at.file_uploader(key="add_file").upload("big.json", _big_export(3000), "application/json").run()
    at.button(key="add_file_go").click().run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    assert ui.md_escape("'big.json' took longer than 0.5 s") in at.error[0].value
    assert "\n" not in at.error[0].value
    assert not db.exists()  # nothing was stored, not even an empty store
