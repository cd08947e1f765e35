# The two commands a newcomer needs: `make demo` and `make test`.
# Everything else here is a step they depend on.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-reset test test-lowest quality install system-deps upgrade clean \
	extract_translations compile_translations check_translations_up_to_date

$(BIN)/python:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  echo "$(PYTHON) cannot make a virtualenv: install Debian's python3-venv (apt-get install python3-venv)." >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs the pinned versions (requirements/test.txt), then the package itself.
$(STAMP): $(BIN)/python setup.py requirements/test.txt
	$(BIN)/pip install --quiet -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need (a browser and a database server); skipped when present.
system-deps:
	@bash scripts/system-deps.sh

# DEMO_PORT=8001 LOCALSTRIPE_PORT=8421 PAYPAL_STANDIN_PORT=8431 make demo  picks other ports
# (defaults 8000, 8420 and 8430).
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
	$(LOW_VENV)/bin/pip install --quiet -c requirements/lowest.txt -r requirements/test.in
	$(LOW_VENV)/bin/pip install --quiet --no-deps -e .
	$(LOW_VENV)/bin/pip list 2>/dev/null | grep -iE "^(django|xblock|openedx-filters|stripe|web-fragments) "
	$(LOW_VENV)/bin/python -m pytest --ignore=tests/tutor

# Refresh the pins from the .in files (with requirements/constraints.txt and Open edX's common constraints).
PIP_COMPILE = $(BIN)/pip-compile --quiet --upgrade --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
upgrade: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(PIP_COMPILE) -o requirements/base.txt requirements/base.in
	$(PIP_COMPILE) -o requirements/test.txt requirements/test.in

# Translations (README "Translations"): catalogues in fee_training_xblock/conf/locale/<language>/LC_MESSAGES.
# Extract after changing user-facing text (Python, templates, JavaScript), translate pl and uk, then compile.
# Both need GNU gettext (xgettext, msgmerge, msgfmt), which `make system-deps` installs.
extract_translations: install system-deps
	$(BIN)/python scripts/translations.py extract

compile_translations: install system-deps
	$(BIN)/python scripts/translations.py compile

# Fails when the catalogues miss messages of the code (or keep removed ones), or a .mo/.js lags its .po.
check_translations_up_to_date: install system-deps
	$(BIN)/python scripts/translations.py check

clean:
	rm -rf $(VENV) $(LOW_VENV) var build *.egg-info .pytest_cache test-artifacts
