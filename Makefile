# One command per job. Every target installs what it needs into .venv first.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= kring.settings

.PHONY: demo serve install test test-fast test-sqlite test-postgres test-e2e lint format bench bench-web clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Kring needs $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: set up an SQLite database with a synthetic organisation and serve on 127.0.0.1:8000
demo: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
	$(PY) manage.py load_demo
	$(PY) manage.py run_demo

## serve: the production stack here: PostgreSQL, migrations, gunicorn + WhiteNoise, two db_workers
serve: $(STAMP)
	bash scripts/serve.sh

## test: lint, the whole suite on SQLite, the database tests again on PostgreSQL, browser tests
test: $(STAMP) lint test-sqlite test-postgres test-e2e

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run >/dev/null

test-sqlite: $(STAMP)
	bash scripts/weasyprint.sh
	$(VENV)/bin/pytest -m "not e2e" -p no:cacheprovider

## test-postgres: every Django test again on PostgreSQL (the pure planning tests run once, on SQLite)
test-postgres: $(STAMP)
	bash scripts/weasyprint.sh
	DATABASE_URL="$$(bash scripts/postgres.sh url)" $(VENV)/bin/pytest -m "not e2e" \
		--ignore=tests/planning --ignore=tests/e2e -p no:cacheprovider

test-e2e: $(STAMP)
	bash scripts/chromium.sh
	$(VENV)/bin/pytest -m e2e -p no:cacheprovider

## test-fast: the suite on SQLite without browser tests, for quick local runs
test-fast: $(STAMP)
	$(VENV)/bin/pytest -m "not e2e" -x -q -p no:cacheprovider

format: $(STAMP)
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

## bench: planner benchmarks on S, M, L and repair; writes docs/benchmarks.md (not part of test)
bench: $(STAMP)
	$(PY) -m bench.run

## bench-web: main pages under load (Locust, loopback) against DATABASE_URL loaded by `$(PY) -m bench.scale_data`; writes docs/benchmarks-web.md
bench-web: $(STAMP)
	$(PY) -m bench.web

clean:
	rm -rf $(VENV) .pytest_cache db.sqlite3
