# One place for every task. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: setup demo test lint fix bench clean

$(BIN)/storyline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(BIN)/storyline  ## create .venv and install storyline with its dev tools

demo: setup  ## ingest the bundled example story into $(DEMO_DB) and show it
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "# examples/articles/broken/ holds deliberately bad files: expect error lines for them"
	-$(BIN)/storyline --db $(DEMO_DB) ingest examples/articles
	$(BIN)/storyline --db $(DEMO_DB) articles

test: setup  ## the whole test suite (pytest exits non-zero when no test ran)
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

fix: setup
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: setup  ## ingest throughput and memory on generated articles
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(DEMO_DB)*
