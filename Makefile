# Bashu — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(BIN)/pip install --quiet -e '.[dev]' 2>&1 | grep -v "is ignored" || true
	@$(BIN)/python -c "import django, stdnum, pytest, playwright, tqdm, gunicorn, whitenoise, csp" && touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(BIN)/.installed node_modules/.installed ## create .venv and install Python and npm dependencies

browser: ## install Debian's headless chromium and CJK fonts for the browser tests (if missing)
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then \
		echo "installing chromium and fonts-wqy-microhei from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

run: export DJANGO_SETTINGS_MODULE := config.settings.local
run: setup ## set up, migrate SQLite, load demo data, serve http://127.0.0.1:8000 (gunicorn + task worker, DEBUG off)
	$(BIN)/bashu migrate --no-input
	$(BIN)/bashu demo
	$(BIN)/bashu headlines_refresh
	$(BIN)/bashu collectstatic --no-input --verbosity 0
	BIN=$(BIN) scripts/with-worker.sh $(BIN)/gunicorn --config config/gunicorn.conf.py

dev: setup ## like run, but Django's development server with DEBUG on (reloads on change) and the worker
	$(BIN)/bashu migrate --no-input
	$(BIN)/bashu demo
	$(BIN)/bashu headlines_refresh
	BASHU_DEBUG=true BIN=$(BIN) scripts/with-worker.sh $(BIN)/bashu runserver 127.0.0.1:8000

lint: setup ## ruff, mypy and import-linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bashu config indices
	$(BIN)/lint-imports

test: setup browser ## run every check and test (DATABASE_URL selects the database)
	$(MAKE) --no-print-directory lint
	$(BIN)/bashu makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest

.PHONY: help setup browser run dev lint test
