"""Shared fixtures: the seeds, their labels, analyses, and a store filled from them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from analysis import pipeline, sources, store, themes
from analysis.model import Analysis

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
LABELS_PATH = FIXTURES / "seed-labels.json"


@pytest.fixture(scope="session")
def labels() -> dict[str, Any]:
    """The careful human reading of the seeds."""
    return json.loads(LABELS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_analyses() -> dict[str, Analysis]:
    """Every seed analysed with the default themes, by page id."""
    theme_set = themes.load()
    return {raw.id: pipeline.analyse(raw, theme_set) for raw in sources.iter_pages([SEEDS])}


@pytest.fixture(scope="session")
def seed_json(seed_analyses: dict[str, Analysis]) -> dict[str, dict[str, Any]]:
    """The `inspect --json` object of every seed, by page id."""
    return {pid: pipeline.to_json(a) for pid, a in seed_analyses.items()}


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, seed_analyses: dict[str, Analysis]) -> Path:
    """A DuckDB store holding the five seeds (shared: tests must not write to it)."""
    path = tmp_path_factory.mktemp("store") / "seeds.duckdb"
    save_analyses(path, seed_analyses.values())
    return path


def save_analyses(path: Path, analyses: Iterable[Analysis]) -> None:
    """Store analyses made with the default themes under the keys `analyse` would give them."""
    theme_set = themes.load()
    with store.open_store(path) as st:
        st.save([(a, pipeline.analysis_key(a.page.content_hash, theme_set)) for a in analyses])
