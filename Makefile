# Two entry points for a fresh machine: `make run` (the bot, or the offline chat with no token)
# and `make test`. Both create the virtualenv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast lint bench clean

$(BIN)/python: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/python

run: $(BIN)/python
	$(BIN)/python bot.py run

test: $(BIN)/python
	$(BIN)/python -m pytest

# the inner loop: everything but the tests marked slow (load, processes, fuzzing)
test-fast: $(BIN)/python
	$(BIN)/python -m pytest -m "not slow"

# ruff on everything; mypy --strict on the code and the tests
lint: $(BIN)/python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot.py settings.py knowledge replies handlers cli bench tests

bench: $(BIN)/python
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
