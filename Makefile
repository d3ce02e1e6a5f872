PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-clock lint format bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cicero demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# Issue 13: the date-sensitive tests again with the business clock pinned at edge instants:
# month end on a Sunday, the Monday (and month) after, New Year's Eve, and the WIB day edge at
# 16:59:59 / 17:00:01 UTC. Two runs at a time; each run has its own database.
CLOCK_EDGES := 2027-01-31T23:59:30+07:00 2027-02-01T00:00:30+07:00 2026-12-31T23:59:30+07:00 \
	2026-12-31T16:59:59+00:00 2026-12-31T17:00:01+00:00
DATE_TESTS := tests/reports tests/jobs tests/dirrequest tests/menus tests/amplify tests/ingest \
	tests/api/test_link_reports.py tests/runtime/test_chat_cli.py tests/unit/test_timewindow.py

test-clock: $(STAMP)
	@printf '%s\n' $(CLOCK_EDGES) | xargs -P 2 -I{} sh -c \
		'CICERO_NOW={} $(BIN)/pytest -q -p no:cacheprovider $(DATE_TESTS) > .clock-{}.log 2>&1 \
		&& echo "clock {}: $$(tail -1 .clock-{}.log)" \
		|| { echo "clock {} FAILED:"; tail -80 .clock-{}.log; exit 255; }'
	@rm -f .clock-*.log

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/pytest -m bench tests/bench -s -p no:logging

clean:
	rm -rf $(VENV) .pytest_cache
