# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test venv test-venv lint fast clean-numba-cache

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

test-venv: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

demo: venv
	$(BIN)/aiguille tour

clean-numba-cache:
	find aiguille -path '*/__pycache__/*' \( -name '*.nbi' -o -name '*.nbc' \) -delete

lint: test-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite: lint, doctests, README code blocks, then every test (exit 5 = no test fails).
test: test-venv clean-numba-cache lint
	$(BIN)/python -m pytest -q --doctest-modules --durations=15 aiguille tests/test_readme.py

# The fast loop while working.
fast: test-venv
	$(BIN)/python -m pytest -q -m "not slow" -x aiguille
