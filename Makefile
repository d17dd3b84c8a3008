# reader-mood: `make dashboard` to look, `make test` to check. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/reader-mood.duckdb
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: dashboard test lint format bench setup seeds clean

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

bench: $(STAMP)
	$(PY) benchmarks/hostile.py
	$(PY) tests/benchmark.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
