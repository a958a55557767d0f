# The README's two commands: `make run` and `make test`. CI runs `make test` verbatim.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out/demo
APP_HOME ?= out/app

.PHONY: setup run report test lint typecheck unit bench bench-insights bench-pages bench-journal calibrate clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## run: the web app on 127.0.0.1:8000 over a fresh SQLite journal (in out/app) holding a
## demo household with a simulated child; prints the address and the demo sign-in.
run: setup
	rm -rf $(APP_HOME)
	BESIDE_DATA_HOME=$(APP_HOME) $(BIN)/beside demo --months 4
	BESIDE_DATA_HOME=$(APP_HOME) $(BIN)/beside serve

## report: a small seeded cohort compared across strategies, written as an HTML report.
report: setup
	$(BIN)/beside compare --strategies responsive,present-nearby,graduated-extinction,extinction \
		--children 400 --months 24 --seed 1 --out $(OUT)
	@echo "Open $(OUT)/report.html in a browser."

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

unit: setup
	scripts/pdf-libraries
	scripts/chromium
	scripts/with-postgres $(BIN)/pytest -n auto -q

test: lint typecheck unit

bench: setup
	$(BIN)/python benchmarks/bench_simulator.py --ratio-children 2500 --ratio-months 6

bench-insights: setup
	$(BIN)/python benchmarks/bench_insights.py

## bench-pages: the app's pages over a demo child's five years (issue 12's speed figures)
bench-pages: setup
	$(BIN)/python benchmarks/bench_pages.py

## bench-journal: Beside's journal alone; with BABYBUDDY="URL TOKEN CHILD" (what
## ../shared/anchors/babybuddy-serve prints) also side by side with Baby Buddy, into RESULTS.md.
bench-journal: setup
	$(BIN)/python benchmarks/bench_journal.py
	@if [ -n "$(BABYBUDDY)" ]; then set -- $(BABYBUDDY); \
	  $(BIN)/python benchmarks/bench_side_by_side.py --babybuddy-url $$1 \
	    --babybuddy-token $$2 --babybuddy-child $$3 --write-results; fi

calibrate: setup
	$(BIN)/beside calibrate --write

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
