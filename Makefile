# One place for every task. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.db

WEB_VENDOR := src/storyline/outputs/web/static/vendor/.installed

.PHONY: setup demo serve test lint typecheck fix bench clean

$(BIN)/storyline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The web page's chart scripts: pinned by package-lock.json, copied into the package (offline).
$(WEB_VENDOR): package-lock.json $(BIN)/storyline
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m storyline.outputs.web.assets node_modules
	touch $@

setup: $(BIN)/storyline $(WEB_VENDOR)  ## create .venv, install storyline with its dev tools and the page's npm assets

demo: $(BIN)/storyline  ## (no npm needed) ingest the bundled example story into $(DEMO_DB) and show it
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "# examples/articles/broken/ holds deliberately bad files: expect error lines for them"
	-$(BIN)/storyline --db $(DEMO_DB) ingest examples/articles
	$(BIN)/storyline --db $(DEMO_DB) articles
	$(BIN)/storyline --db $(DEMO_DB) timeline --key 15
	$(BIN)/storyline --db $(DEMO_DB) conflicts --kind conflict
	$(BIN)/storyline --db $(DEMO_DB) conflicts --kind revision

serve: setup  ## open the example story in the browser: ingest it into $(DEMO_DB) if missing, then serve it
	@test -f $(DEMO_DB) || { echo "# ingesting examples/articles (broken/ holds deliberately bad files)"; \
		$(BIN)/storyline --db $(DEMO_DB) ingest examples/articles || true; }
	$(BIN)/storyline --db $(DEMO_DB) serve

test: setup  ## the whole test suite (pytest exits non-zero when no test ran)
	$(BIN)/python -m pytest

lint: setup  ## ruff (rules and format) and mypy, as CI runs them
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/storyline

typecheck: setup
	$(BIN)/mypy src/storyline

fix: setup
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: setup  ## ingest throughput and memory on generated articles
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(DEMO_DB)* node_modules \
		src/storyline/outputs/web/static/vendor
