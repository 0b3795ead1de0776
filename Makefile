# Twinning: everyday commands. Needs GNU make and Python 3.11; everything else is installed into .venv.
#
#   make run           install, migrate, load the demo data, serve on http://127.0.0.1:8000 (with a task worker)
#   make test          install, then run the whole test suite (browser tests need Debian's chromium)
#   make lint          ruff, mypy, Django's checks, missing migrations, deployment checks
#   make bench         seed a large separate database (var/bench.sqlite3) and print timings
#   make requirements  re-pin requirements/*.txt from requirements/*.in
#   make messages      extract translatable strings into the Spanish catalogues
#   make format        format and auto-fix the code

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-requirements
REQUIREMENTS := requirements/base.txt requirements/dev.txt

RUN_ADDRESS ?= 127.0.0.1:8000
# make bench BENCH_DB=var/bench-1m.sqlite3 BENCH_TEACHERS=1000000 BENCH_SCHOOLS=300000 BENCH_RELATIONS=5000000
BENCH_DB ?= var/bench.sqlite3
BENCH_ENV := DATABASE_URL=sqlite:///$(abspath $(BENCH_DB))
BENCH_TEACHERS ?= 20000
BENCH_SCHOOLS ?= 5000
BENCH_RELATIONS ?= 100000
BENCH_REQUESTS ?= 100

.PHONY: help install run worker test lint bench requirements messages format clean

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check uv

# Re-installs only when a requirements file changes.
$(STAMP): $(REQUIREMENTS) | $(UV)
	$(UV) pip install --quiet --python $(PY) $(addprefix -r ,$(REQUIREMENTS))
	@touch $@

install: $(STAMP)

run: install
	@mkdir -p "$${TWINNING_VAR_DIR:-var}"
	$(MANAGE) migrate --noinput
	@# The compiled catalogues are committed; refresh them when gettext is installed.
	@if command -v msgfmt >/dev/null 2>&1 && [ -n "$$(find locale twinning -name '*.po' 2>/dev/null | head -n 1)" ]; then \
		$(MANAGE) compilemessages --ignore=$(VENV) -v0; fi
	$(MANAGE) seed_demo
	$(MANAGE) schedule_notification_digest
	$(MANAGE) schedule_project_reminders
	$(MANAGE) schedule_event_offers
	@echo "Task worker started in the background (emails print in this terminal)."
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(MANAGE) db_worker & worker=$$!; \
	$(MANAGE) runserver $(RUN_ADDRESS)

# The task worker alone, for when the server runs elsewhere.
worker: install
	$(MANAGE) db_worker

# On SQLite the test database is a file, not memory, so the tests that fire simultaneous
# requests (contacts, messages) run on SQLite too; PostgreSQL ignores it.
test: install
	@mkdir -p "$${TWINNING_VAR_DIR:-var}"
	TWINNING_TEST_SQLITE="$${TWINNING_TEST_SQLITE:-$${TWINNING_VAR_DIR:-var}/test.sqlite3}" \
	$(VENV)/bin/pytest --create-db $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	@echo "manage.py check --deploy (production-like settings)"
	@DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=example.org \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	$(MANAGE) check --deploy --fail-level WARNING

bench: install
	@mkdir -p var
	$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(PY) bench/seed_scale.py --teachers $(BENCH_TEACHERS) --schools $(BENCH_SCHOOLS) \
		--relations $(BENCH_RELATIONS)
	$(BENCH_ENV) $(PY) bench/run.py --requests $(BENCH_REQUESTS)

requirements: | $(UV)
	cd requirements && ../$(UV) pip compile --quiet --no-header --python-version 3.11 base.in -o base.txt
	cd requirements && ../$(UV) pip compile --quiet --no-header --python-version 3.11 dev.in -o dev.txt

messages: install
	@mkdir -p locale
	$(MANAGE) makemessages -l es --ignore=$(VENV) --ignore=var --ignore=tests --ignore=bench

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var/bench.sqlite3* .mypy_cache .ruff_cache
