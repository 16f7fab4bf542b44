# Two commands: `make run` serves the platform with demo data; `make test` runs every test.
# Everything else here is what those two need, done once and kept (stamps under .venv/).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
APT := apt-get -o DPkg::Lock::Timeout=600 -y -q
RUN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils

.PHONY: run test setup-run setup-test system-run system-test locale-compiled messages clean

run: setup-run
	$(MANAGE) migrate --noinput
	MUSHARAKA_DEMO=1 $(MANAGE) demo_load --if-empty
	$(MANAGE) collectstatic --noinput -v0
	@$(MANAGE) demo_logins
	bin/serve

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	MUSHARAKA_TESTING=1 $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest -n $${MUSHARAKA_TEST_WORKERS:-2} $(PYTEST_ARGS)

setup-run: system-run $(VENV)/.run-installed node_modules/.installed locale-compiled
setup-test: system-test $(VENV)/.test-installed node_modules/.installed locale-compiled

# System packages: installed when missing, only when we are root (otherwise we say what is missing).
system-run:
	@bin/system-packages $(RUN_PACKAGES)
system-test:
	@bin/system-packages $(TEST_PACKAGES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: requirements/base.txt requirements/constraints.txt $(BIN)/python
	$(BIN)/pip install -q -r requirements/base.txt -c requirements/constraints.txt
	touch $@

$(VENV)/.test-installed: requirements/base.txt requirements/test.txt requirements/constraints.txt $(BIN)/python
	$(BIN)/pip install -q -r requirements/test.txt -c requirements/constraints.txt
	touch $@ $(VENV)/.run-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale-compiled: $(VENV)/.run-installed
	@$(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules

# Refresh the catalogues after changing strings; then translate the new Arabic entries.
messages: setup-run
	$(MANAGE) makemessages -l ar -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var --ignore=tests --ignore=bench

clean:
	rm -rf $(VENV) node_modules staticfiles
