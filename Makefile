# Renda. `make run` serves the demo on SQLite; `make test` runs the whole suite.
# Needs only Python 3.11 and make; everything else is installed here.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test install migrate demo lint format schema bench browser clean help

help:
	@echo "make run    - install, migrate, load the demo city and serve http://$(HOST):$(PORT)"
	@echo "make test   - the whole suite on SQLite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make bench  - benchmarks; results go in docs/performance.md"
	@echo "make lint   - ruff check and format check"
	@echo "make schema - rewrite docs/openapi.json from the code"

$(BIN)/.installed: requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Renda needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(BIN)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_load --if-empty

# gunicorn and the task worker (qcluster) together; Ctrl-C stops both.
run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py schedules_sync
	$(PY) manage.py demo_logins
	$(PY) scripts/run_demo.py --bind $(HOST):$(PORT) --workers $(WORKERS)

# Browser tests drive Debian's chromium, with fonts-noto-cjk so that Chinese
# renders in screenshots; install them when they are absent.
browser:
	@{ command -v chromium >/dev/null 2>&1 && dpkg -s fonts-noto-cjk >/dev/null 2>&1; } || { \
		echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# The suite runs on every core (pytest-xdist); a test module stays on one worker
# so that its module-wide fixtures are built once, and so does a package whose
# modules share one (the demo city: conftest.py's scheduler).
# PYTEST_ARGS="-n 0" runs it in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

test: install browser
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py export_openapi docs/openapi.json

# Bench-only tools (locust, for bench/load.py; issue 13 §4): never in
# requirements.lock, which CI and production install.
$(BIN)/.bench-installed: requirements-bench.lock $(BIN)/.installed
	$(PY) -m pip install --quiet -r requirements-bench.lock
	touch $@

bench: install $(BIN)/.bench-installed
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var
