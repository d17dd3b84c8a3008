"""Removing a page: `Store.remove` in one transaction and `reader-mood remove ID`, on a real
DuckDB file; nothing of any other page is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import cli, store
from tests import dashboard_fixtures as fx

TABLES = ("pages", "claims", "comments", "theme_hits", "links", "annotations")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = fx.build_store(tmp_path / "made.duckdb")
    with store.open_store(path) as st_:
        st_.annotate(store.Annotation("nurses-pledge", 1, "negative", ("distrust",), "sarcastic"))
        st_.annotate(store.Annotation("pharmacy-cuts", 2, "positive", ()))
    return path


def _frames(path: Path) -> dict[str, object]:
    with store.open_store(path, read_only=True) as st_:
        return {t: st_.frame(t) for t in TABLES}


def test_cli_remove_says_what_went_and_keeps_every_other_row(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _frames(db)
    assert cli.main(["remove", "nurses-pledge", "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.splitlines() == [
        'removed nurses-pledge ("Minister pledges 5,000 more nurses by 2030"): 7 comment slots, '
        f"2 claims, 1 hand reading from {db}"
    ]
    after = _frames(db)
    for table in TABLES:
        rows = before[table]
        column = "id" if table == "pages" else "page_id"
        kept = rows[rows[column] != "nurses-pledge"]  # type: ignore[index]
        assert len(after[table]) == len(kept), table  # type: ignore[arg-type]
        assert "nurses-pledge" not in set(after[table][column])  # type: ignore[index]
    # The other page's hand reading survives.
    assert list(after["annotations"]["page_id"]) == ["pharmacy-cuts"]  # type: ignore[index]


def test_cli_remove_unknown_id_is_one_line_and_exit_2(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _frames(db)
    assert cli.main(["remove", "no-such-page", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reader-mood: error: no page 'no-such-page'")
    after = _frames(db)
    assert all(len(after[t]) == len(before[t]) for t in TABLES)  # type: ignore[arg-type]


def test_cli_remove_without_a_store_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none" / "store.duckdb"
    assert cli.main(["remove", "x", "--db", str(missing)]) == 2
    assert "no store here" in capsys.readouterr().err
    assert not missing.exists() and not missing.parent.exists()


def test_store_remove_returns_none_for_an_unknown_id(db: Path) -> None:
    with store.open_store(db) as st_:
        assert st_.remove("nope") is None
        removed = st_.remove("quiet-page")
    assert removed == store.Removed("quiet-page", "Practice opening hours consultation opens",
                                    0, 0, 0)  # fmt: skip
