# The two commands: `make run` (set up and serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

# The embedded default is a development set-up: DEBUG on and a generated SECRET_KEY, kept in .env
# (written once by `make setup`, never overwritten; governance/settings.py reads it, and a variable
# exported in the environment wins over it). Production has no .env: it sets DEBUG=0 and SECRET_KEY
# itself (see README and docker-compose.yml).
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run setup install migrate starter-data test lint check-migrations worker beat bench drills fuzz clean

run: setup
	@echo "Serving http://$(HOST):$(PORT)/ (admin at /admin/, create a login with: $(BIN)/python manage.py createsuperuser)"
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

setup: .env install migrate starter-data

# A file target with no prerequisites: made only when .env is absent, so a developer's edits stay.
.env:
	@$(PYTHON) -c 'import secrets; print("# Development settings for this checkout, written by make setup (never used in production).\nDEBUG=1\nSECRET_KEY=" + secrets.token_urlsafe(50))' > $@.tmp && mv $@.tmp $@
	@echo "Wrote .env (DEBUG=1 and a generated SECRET_KEY)"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

starter-data: install
	$(DEV_ENV) $(BIN)/python manage.py load_starter_data

lint: install
	$(BIN)/ruff check .

check-migrations: install
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: install lint check-migrations
	$(BIN)/python -m pytest

# Hypothesis fuzzing of feed parsing, URL handling, addresses, extraction and analysis (tests/fuzz/):
# FUZZ_INPUTS inputs in all, fresh ones each run; make test runs a short, repeatable version.
FUZZ_INPUTS ?= 12000
fuzz: install
	FUZZ_INPUTS=$(FUZZ_INPUTS) $(BIN)/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

worker: install
	$(DEV_ENV) $(BIN)/celery -A governance worker --loglevel=info

beat: install
	$(DEV_ENV) $(BIN)/celery -A governance beat --loglevel=info

# PostgreSQL only: DATABASE_URL names a scratch database (default postgres://postgres@127.0.0.1:5432/bench).
bench: install
	$(BIN)/python benchmarks/run_all.py

# Fault drills (PostgreSQL and redis-server needed; each uses its own database and its own Redis on
# port 6390): kill -9 a worker mid-queue, restart Redis mid-poll. CI runs them after the tests.
drills: install
	bash benchmarks/drills/drill_worker_kill.sh
	bash benchmarks/drills/drill_redis_restart.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
