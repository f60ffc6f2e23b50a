# swv-desktop: two commands do all the set-up. `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test test-sqlite postgresql lint screenshots bench clean migration

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

# PostgreSQL (Debian's package) for the tests on both databases; installed when missing (as root).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || \
	{ if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y postgresql; \
	  else echo "PostgreSQL ontbreekt: sudo apt-get install -y postgresql (of: make test-sqlite)"; \
	  exit 1; fi; }

test: $(TEST_STAMP) lint postgresql
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test-sqlite: $(TEST_STAMP) lint
	SWV_TEST_DB=sqlite QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

screenshots: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/tools/screenshots.py docs/screenshots

bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

migration: $(TEST_STAMP)
	$(BIN)/python scripts/new_migration.py "$(MSG)"
