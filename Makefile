# Inspectorate — the two commands of the quick start are `make demo` and `make test`.
# The distribution's Python 3.11 when it can make a virtualenv (Debian's python3.11-venv): what a
# production host runs (docs/operations.md), built with profile-guided optimisation; pyenv's and
# other builds without it ran the same pages' Python 12-27 % slower (docs/performance.md §37).
# Else the first python3.11 on the path. `make PYTHON=…` chooses another.
PYTHON ?= $(shell /usr/bin/python3.11 -c 'import ensurepip' >/dev/null 2>&1 && echo /usr/bin/python3.11 || echo python3.11)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DJANGO_SETTINGS_MODULE ?= inspectorate.settings.dev

.PHONY: demo test venv system-deps migrate messages-compiled seed serve lint check messages worker beat clean bench loadtest restore-drill

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

system-deps:
	@bash scripts/system-deps.sh

migrate: venv
	$(PY) manage.py migrate --noinput

# The demo's first reports are built while seeding, in Indonesian: the catalogue must be compiled first.
messages-compiled: venv
	$(PY) manage.py compilemessages -v 0 --ignore=.venv

seed: migrate messages-compiled
	$(PY) manage.py seed_demo

## make demo: set everything up, load the demo data and serve on http://127.0.0.1:8000
demo: venv system-deps seed
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: the whole test suite (SQLite unless DATABASE_URL says otherwise), in TEST_PROCESSES
## processes side by side (pytest-xdist, each in pytest-django's order: tests/scheduling.py; 0: all in this one)
TEST_PROCESSES ?= 2
test: venv system-deps
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	DJANGO_SETTINGS_MODULE=inspectorate.settings.test $(PY) -m pytest -n $(TEST_PROCESSES) --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: venv
	DJANGO_SETTINGS_MODULE=inspectorate.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=inspectorate.settings.test $(PY) manage.py makemigrations --check --dry-run

messages: venv
	$(PY) manage.py makemessages -l id --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=static --ignore=media --ignore=docs
	$(PY) manage.py compilemessages --ignore=.venv

worker: venv
	$(VENV)/bin/celery -A inspectorate worker -l info

beat: venv
	$(VENV)/bin/celery -A inspectorate beat -l info

## make bench: the page/PDF/batch benchmark against the bench database (see docs/performance.md);
## growth report: make bench BENCH_ARGS="--growth postgres://…/full_size_database --no-pdf"
bench: venv
	DJANGO_SETTINGS_MODULE=inspectorate.settings.bench $(PY) manage.py bench $(BENCH_ARGS)

## make loadtest: gunicorn on 127.0.0.1 + locust headless (LOAD_USERS, LOAD_RATE, LOAD_TIME, LOAD_PORT)
loadtest: venv
	bash scripts/loadtest.sh

## make restore-drill: dump DATABASE_URL, restore it into a new database, verify_audit and row counts
## (DRILL_MEDIA_ROOT=<dir> also archives and restores local files; see docs/operations.md)
restore-drill: venv
	bash scripts/restore_drill.sh

clean:
	rm -rf $(VENV) .venv-load db.sqlite3 media staticfiles .pytest_cache
