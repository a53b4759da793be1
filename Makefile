# Tuchtdossier: build, run and test.
#
#   make run            set up (venv, migrate, demo data) and serve on http://127.0.0.1:8000
#                       (another port: make run PORT=8080)
#   make setup          everything `run` does except serving
#   make test           the whole test suite (SQLite unless DATABASE_URL is set)
#   make bench          the daily pages, writes and documents at 1,000 and 100,000 cases on
#                       SQLite; writes its section of docs/performance.md (about 30 minutes on
#                       a loaded 2-core machine; smaller:
#                       BENCH_ARGS="--small 200 --large 2000 --employees 500 --users 500")
#   make bench-postgres the same on a throw-away PostgreSQL cluster, plus gunicorn under load
#   make mutate         mutation testing of the core modules (cosmic-ray; its duration: docs/testing.md):
#                       scores in docs/testing.md, every survivor in var/mutation/report.md
#   make mutate-ci      the fast subset CI runs: dropped queryset calls of the visibility rule
#   make messages       refresh the Dutch catalogue (no line numbers, so merges stay small)
#                       and compile it; fill in the new msgstr entries before committing
#   make test-postgres  the whole test suite against PostgreSQL:
#                         DATABASE_URL=postgres://USER@/tuchtdossier?host=/socket/dir make test-postgres
#                         DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/tuchtdossier make test-postgres
#                       (the role must be allowed to create the test database test_tuchtdossier)
#
# Extra pytest arguments: make test PYTEST_ARGS="-k login -x"
# Pictures for the docs:  SCREENSHOTS=1 make test   (rewrites docs/screenshots/*.png)
#
# Needs only python3 (>= 3.11) with venv and pip; the browser tests need Debian's chromium.
# The virtualenv is (re)installed only when pyproject.toml changes (stamp files in .venv/).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PIP := $(VPY) -m pip
PYTEST_ARGS ?=
PORT ?= 8000

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

# Development: debug on, so no secret key is needed and, unless DATABASE_URL is set, the SQLite
# database db.sqlite3 is used.
DEV_ENV := DJANGO_DEBUG=1
# compilemessages walks the whole tree: keep it out of the virtualenv's packages.
COMPILEMESSAGES_ARGS := --ignore=$(VENV) --ignore=node_modules

.PHONY: help run setup test test-postgres bench bench-postgres clean-venv messages mutate mutate-ci

help:
	@awk '/^#/ { sub(/^# ?/, ""); print; next } { exit }' Makefile

$(VPY):
	$(PYTHON) -m venv $(VENV)

# Application only (make setup / make run).
$(VENV)/.stamp-install: pyproject.toml | $(VPY)
	$(PIP) install --quiet -e .
	touch $@

# Application plus the test extras (make test).
$(VENV)/.stamp-install-test: pyproject.toml | $(VPY)
	$(PIP) install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.stamp-install
	$(DEV_ENV) $(VPY) manage.py migrate --noinput
	@if command -v msgfmt >/dev/null 2>&1; then \
		echo "$(DEV_ENV) $(VPY) manage.py compilemessages $(COMPILEMESSAGES_ARGS)"; \
		$(DEV_ENV) $(VPY) manage.py compilemessages $(COMPILEMESSAGES_ARGS); \
	else \
		echo "msgfmt (gettext) not found: using the committed .mo files"; \
	fi
	$(DEV_ENV) PORT=$(PORT) $(VPY) manage.py seed_demo

run: setup
	$(DEV_ENV) $(VPY) manage.py runserver 127.0.0.1:$(PORT)

# Any non-zero pytest exit fails the target (make then exits 2): 1 for failed tests, 5 for
# "no tests collected", which is not masked.
test: $(VENV)/.stamp-install-test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.stamp-install-test
	@if [[ "$${DATABASE_URL:-}" != postgres* ]]; then \
		echo "test-postgres: set DATABASE_URL to a PostgreSQL URL, e.g." >&2; \
		echo "  DATABASE_URL='postgres://postgres@/tuchtdossier?host=/path/to/socket/dir' make test-postgres" >&2; \
		exit 2; \
	fi
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Application, test extras and the mutation tools.
$(VENV)/.stamp-install-mutation: pyproject.toml | $(VPY)
	$(PIP) install --quiet -e ".[test,mutation]"
	touch $@

mutate: $(VENV)/.stamp-install-mutation
	$(VPY) -m mutation

mutate-ci: $(VENV)/.stamp-install-mutation
	$(VPY) -m mutation --ci

messages: $(VENV)/.stamp-install
	$(DEV_ENV) $(VPY) manage.py makemessages -l nl --no-location --no-obsolete $(COMPILEMESSAGES_ARGS)
	$(DEV_ENV) $(VPY) manage.py compilemessages $(COMPILEMESSAGES_ARGS)

clean-venv:
	rm -rf $(VENV)

BENCH_ARGS ?=

bench: $(VENV)/.stamp-install
	env -u DATABASE_URL $(VPY) -m benchmarks $(BENCH_ARGS) --output docs/performance.md

bench-postgres: $(VENV)/.stamp-install
	scripts/bench-postgres $(BENCH_ARGS) --output docs/performance.md
