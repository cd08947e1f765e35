# The two commands a newcomer needs: `make demo` and `make test`.
# Everything else here is a step they depend on.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-reset test quality install system-deps clean

$(BIN)/python:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  echo "$(PYTHON) cannot make a virtualenv: install Debian's python3-venv (apt-get install python3-venv)." >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.py requirements/base.in requirements/test.in
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need (a browser and a database server); skipped when present.
system-deps:
	@bash scripts/system-deps.sh

# DEMO_PORT=8001 LOCALSTRIPE_PORT=8421 make demo  picks other ports (defaults 8000 and 8420).
demo: install
	@bash scripts/demo.sh

# Empty the demo's data (database, logs); the installed .venv stays.
demo-reset:
	rm -rf var

# Lint (ruff: pyflakes, pycodestyle, import order, docstrings) and the import contracts (.importlinter).
quality: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: install system-deps quality
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache test-artifacts
