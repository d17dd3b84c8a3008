"""The engines of `analyse` (here, worker processes) give identical stores."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

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


def _corpus() -> Any:
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages(tmp_path: Path, synthetic: int = 0) -> list[Path]:
    """The seeds and the written page fixtures (and `synthetic` comments of the synthetic
    corpus of `make bench`), as a folder of pages."""
    folder = tmp_path / "pages"
    folder.mkdir()
    if synthetic:
        _corpus().build(folder, synthetic)
    for path in [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/fixtures/pages/*.txt")]:
        shutil.copy(path, folder / path.name)
    for path in ROOT.glob("tests/fixtures/pages/*.html"):
        shutil.copy(path, folder / path.name)
    return sorted(folder.iterdir())


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            rel = con.execute(
                f"SELECT * EXCLUDE (analysed_at) FROM {table}"
                if table == "pages"
                else f"SELECT * FROM {table}"
            )
            out[table] = sorted(rel.fetchall(), key=repr)
        return out
    finally:
        con.close()


def test_the_engines_give_identical_stores(tmp_path: Path) -> None:
    """One process, two worker processes and a local Dask cluster, on the seeds, the page
    fixtures and a 2,000-comment synthetic corpus."""
    files = _pages(tmp_path, synthetic=2000)
    raws = [sources.read_path(f) for f in files]
    theme_set = themes.load(None)
    engines: dict[str, dict[str, Any]] = {
        "one process": {"jobs": 1},
        "two workers": {"jobs": 2},
        # as the CLI runs it: each page let go of once analysed
        "one process, releasing": {"jobs": 1, "release": True},
        "two workers, releasing": {"jobs": 2, "release": True},
    }
    if importlib.util.find_spec("dask") and importlib.util.find_spec("distributed"):
        engines["dask"] = {"jobs": 2, "scheduler": "local"}
    stores = {}
    for name, how in engines.items():
        db = tmp_path / f"{name}.duckdb"
        given = list(raws)
        with store.open_store(db) as st:
            done, unchanged = pipeline.analyse_into(st, given, theme_set, **how)
        assert (done, unchanged) == (len(raws), 0)
        assert len(given) == (0 if how.get("release") else len(raws))
        stores[name] = _contents(db)
    assert len(stores["one process"]["comments"]) >= 2000
    for name in engines:
        assert stores[name] == stores["one process"], name


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
