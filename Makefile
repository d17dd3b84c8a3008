# reader-mood: `make dashboard` to look, `make test` to check. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/reader-mood.duckdb
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: dashboard test lint format bench bench-views train setup seeds clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

seeds: $(STAMP)
	$(PY) -m analysis analyse seeds --db $(DB)

dashboard: seeds
	READER_MOOD_DB=$(DB) $(VENV)/bin/streamlit run dashboard/app.py \
		--server.port $(PORT) --server.showEmailPrompt false --browser.gatherUsageStats false

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Reports targets, never fails on them. SIZE: comments in the scale benchmark's corpus.
SIZE ?= 100000
bench: $(STAMP)
	$(PY) benchmarks/hostile.py
	$(PY) benchmarks/page_speed.py
	$(PY) tests/benchmark.py
	$(PY) benchmarks/scale.py --size $(SIZE)
	OPENBLAS_NUM_THREADS=1 $(PY) benchmarks/mood_speed.py
	OPENBLAS_NUM_THREADS=1 $(PY) benchmarks/mood_quality.py

# Each dashboard view on a store of VIEWS comments (default a million), built by copying an
# analysed 2,000-comment corpus: minutes, where analysing a million comments takes an hour.
VIEWS ?= 1000000
bench-views: $(STAMP)
	$(PY) benchmarks/view_scale.py --size $(VIEWS)

# Refit the mood model (analysis/mood/mood_model.npz) from the real dev labels, GoEmotions and
# the written sets; deterministic (no randomness; one BLAS thread). Needs ../shared.
train: $(STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(PY) -m analysis.mood.train

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
