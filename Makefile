# swv-desktop: two commands do all the set-up. `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint screenshots bench clean migration

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e . 
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/swv-desktop --demo

lint: $(TEST_STAMP)
	$(BIN)/ruff check swv_desktop tests bench scripts
	$(BIN)/ruff format --check swv_desktop tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

test: $(TEST_STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

screenshots: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/tools/screenshots.py docs/screenshots

bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

migration: $(TEST_STAMP)
	$(BIN)/python scripts/new_migration.py "$(MSG)"
