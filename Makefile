# Labo de l'habitat des communs — `make help` lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Every absolute address the demo gives (e-mails, calendar feeds, exports) follows its port.
SITE_URL ?= http://127.0.0.1:$(PORT)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install demo serve test test-sqlite lint check-compose format bench messages constraints backup restore

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev,elasticsearch,sentry,s3]"
	touch $@

install: $(BIN)/.installed ## Install the platform and its tools into .venv (pinned by constraints.txt)

# DEBUG off: the visitor meets the site's own error pages (404, 403, 500), as in production;
# `DEBUG=true make demo` brings Django's technical pages back for a developer.
demo: export SITE_URL := $(SITE_URL)
demo: export DEBUG ?= false
demo: install ## Install, migrate, load the demo data and serve on http://127.0.0.1:$(PORT)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

serve: install ## Serve with gunicorn (production settings: set the environment first)
	DJANGO_SETTINGS_MODULE=labo.settings.production $(BIN)/gunicorn labo.wsgi --bind 127.0.0.1:$(PORT) --workers 2

# Two sessions: the browser journeys, the concurrency tests and the production-process tests
# (web nodes, backups, object storage) commit real transactions, the rest share one demo site
# rolled back after each test (see tests/conftest.py). Both run on two processes, each with its
# own test database and Redis database (labo.settings.test); the second keeps each file's tests
# in one process (--dist loadfile: a module's web nodes, a journey's steps). Every test database
# is a copy of templates (tests/databases.py): the migrated one, kept while no migration
# changes, and the demo one, built once per run: LABO_TEST_RUN names the run for both sessions.
test: export LABO_TEST_RUN := $(shell date +%Y%m%d%H%M%S)
test: install ## Run the whole test suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise)
	$(BIN)/pytest -m "not browser and not transactional and not nodes" -n 2 $(PYTEST_ARGS)
	$(BIN)/pytest -m "browser or transactional or nodes" -n 2 --dist loadfile $(PYTEST_ARGS)

# The embedded default is what newcomers run first: the smoke subset, the hostile-input suite,
# the authorization matrix and the search's query language also run on SQLite in CI.
test-sqlite: install ## Run the smoke subset, hostile input and authorization matrix on SQLite
	env -u DATABASE_URL $(BIN)/pytest -m "(smoke or sqlite) and not browser" -n 2 $(PYTEST_ARGS)

lint: install ## ruff (lint and format check), import layers, missing migrations, bandit (security lint)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/bandit -q -r labo projects events resources forum conversations search announcements -x "*/migrations/*" -ll

# A real Compose parser (Debian's docker-compose 1.29, or Compose v2's `docker compose`) reads
# docker-compose.yml with the variables of .env.example, as an operator's first `up` would.
check-compose: ## Validate docker-compose.yml with a real Compose parser
	@compose="$$(command -v docker-compose || true)"; \
	if [ -z "$$compose" ]; then echo "docker-compose is missing: apt-get install docker-compose" >&2; exit 1; fi; \
	workdir="$$(mktemp -d)"; cp docker-compose.yml "$$workdir/"; cp .env.example "$$workdir/.env"; \
	(cd "$$workdir" && "$$compose" config -q); status=$$?; rm -rf "$$workdir"; \
	[ $$status -eq 0 ] && echo "docker-compose.yml: valid"; exit $$status

# Backups (docs/operations.md): the database of DATABASE_URL (PostgreSQL) and the media and
# private folders, as the settings find them (same defaults).
backup restore: export MEDIA_ROOT ?= var/media
backup restore: export PRIVATE_MEDIA_ROOT ?= var/private
backup: export BACKUP_DIR ?= backups
backup: export BACKUP_KEEP ?= 14
backup: ## Back up the database and uploaded files into backups/labo-<date>/ (keeps BACKUP_KEEP=14)
	sh deploy/backup.sh

restore: install ## Restore a backup into an empty database: make restore FILE=backups/labo-<date>
	@test -n "$(FILE)" || { echo "Indiquez la sauvegarde : make restore FILE=backups/labo-<date>" >&2; exit 2; }
	sh deploy/restore.sh "$(FILE)"
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py refresh_listing --check
	$(BIN)/python manage.py update_index

format: install ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Collect the French interface strings into locale/
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=var

constraints: ## Re-pin constraints.txt from the current .venv (after an upgrade)
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

bench: install ## Load benchmark: national-scale data, wrk against gunicorn, bench/results/<date>.json (bench/README.md)
	$(BIN)/python bench/run.py
