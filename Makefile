# Two commands for a newcomer: `make run` and `make test`. Both are idempotent.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint format messages

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST)

test: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make test: SQLite (DATABASE_URL unset): the concurrency tests (marked postgres) need PostgreSQL and will be SKIPPED; CI runs them on PostgreSQL. To run them here: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> make test";; esac
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=bench --ignore=scripts
	cd locale/en/LC_MESSAGES && msgfmt --check -o django.mo django.po
