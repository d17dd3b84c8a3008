"""The engines of `analyse` (here, worker processes) give identical stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from analysis import pipeline, sources, store, themes

ROOT = Path(__file__).parents[1]
TABLES = {
    "pages": "id",
    "claims": "page_id, claim_id",
    "comments": "page_id, position",
    "theme_hits": "page_id, owner, owner_id, theme",
    "links": "page_id, position, rank",
}


def _pages(tmp_path: Path) -> list[Path]:
    """The seeds and the written page fixtures, as a folder of pages."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for path in [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/fixtures/pages/*.txt")]:
        shutil.copy(path, folder / path.name)
    for path in ROOT.glob("tests/fixtures/pages/*.html"):
        shutil.copy(path, folder / path.name)
    return sorted(folder.iterdir())


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table, order in TABLES.items():
            rel = con.execute(
                f"SELECT * EXCLUDE (analysed_at) FROM {table}"
                if table == "pages"
                else f"SELECT * FROM {table}"
            )
            out[table] = sorted(rel.fetchall(), key=repr)
        return out
    finally:
        con.close()


def test_worker_processes_give_the_store_one_process_gives(tmp_path: Path) -> None:
    files = _pages(tmp_path)
    raws = [sources.read_path(f) for f in files]
    assert len(raws) >= pipeline.MIN_PAGES_PER_JOB * 2, "too few pages to start workers"
    theme_set = themes.load(None)
    stores = {}
    for jobs in (1, 2):
        db = tmp_path / f"jobs{jobs}.duckdb"
        with store.open_store(db) as st:
            done, unchanged = pipeline.analyse_into(st, raws, theme_set, jobs=jobs)
        assert (done, unchanged) == (len(raws), 0)
        stores[jobs] = _contents(db)
    assert sum(len(rows) for rows in stores[1].values()) > len(raws)
    assert stores[1] == stores[2]


def test_a_failing_page_in_a_worker_saves_nothing(tmp_path: Path) -> None:
    files = _pages(tmp_path)
    raws = [sources.read_path(f) for f in files]
    db = tmp_path / "store.duckdb"
    with store.open_store(db) as st:
        pipeline.analyse_into(st, raws[:2], themes.load(None), jobs=1)

    class Boom(Exception):
        pass

    def progress(results, total):  # type: ignore[no-untyped-def]
        for k, a in enumerate(results):
            if k == total - 1:
                raise Boom("stopped on the last page")
            yield a

    with store.open_store(db) as st, pytest.raises(Boom):
        pipeline.analyse_into(st, raws, themes.load(None), force=True, jobs=2, progress=progress)
    with store.open_store(db, read_only=True) as st:
        assert sorted(st.stored_keys()) == sorted(r.id for r in raws[:2])
