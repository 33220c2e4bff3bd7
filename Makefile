# Two commands on a fresh machine with Python >= 3.11 and make:
#   make run    the main job: write the demo ledger (planwatch-demo.db, SQLite) from the
#               sample plans shipped in the package and serve the web app on
#               http://127.0.0.1:8000/ until Ctrl+C (CI never runs it: it only runs make test)
#   make test   run the test suite, then the checks of make lint (ruff, mypy, import contracts)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM := $(VENV)/.system

.PHONY: run test check lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planwatch demo

# Debian's chromium and fonts-noto-cjk for the browser tests and the charts (root only;
# elsewhere the tests that need them skip, saying why).
$(SYSTEM): scripts/setup-system.sh
	sh scripts/setup-system.sh
	@mkdir -p $(VENV) && touch $(SYSTEM)

test: $(STAMP) $(SYSTEM)
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory lint

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/lint-imports

check: lint test

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_ingest.py --count 1000
	$(BIN)/python benchmarks/score_check.py
	$(BIN)/python benchmarks/bench_analyze.py --count 1000
	$(BIN)/python benchmarks/score_review.py
	$(BIN)/python benchmarks/bench_tracking.py --rows 200000 --targets 10000
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_web_write.py
	$(BIN)/python benchmarks/bench_scale.py --plans 1000

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
