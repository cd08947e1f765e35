# The two commands a newcomer needs: `make demo` and `make test`.
# Everything else here is a step they depend on.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-reset test test-lowest quality install system-deps clean

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

# The same suite on the lowest versions requirements/base.in declares (CI runs it after `make test`).
LOW_VENV := .venv-lowest
test-lowest: system-deps
	test -x $(LOW_VENV)/bin/python || $(PYTHON) -m venv $(LOW_VENV)
	$(LOW_VENV)/bin/pip install --quiet --upgrade pip
	$(LOW_VENV)/bin/pip install --quiet -c requirements/lowest.txt -e ".[test]"
	$(LOW_VENV)/bin/pip list 2>/dev/null | grep -iE "^(django|xblock|openedx-filters|stripe|web-fragments) "
	$(LOW_VENV)/bin/python -m pytest --ignore=tests/tutor

clean:
	rm -rf $(VENV) $(LOW_VENV) var build *.egg-info .pytest_cache test-artifacts
