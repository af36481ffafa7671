# Kinship Hub. The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
PORT ?= 8000
UV := uv
MANAGE := $(UV) run --frozen python manage.py
SGDS := node_modules/@scottish-government/design-system/dist
DEMO_SCALE ?= 1

.PHONY: run test test-fast install install-test uv assets otp lint bench clean

## run: install everything, prepare the SQLite database with demo data, and serve on $(PORT)
run: install assets
	$(MANAGE) bootstrap --demo-scale $(DEMO_SCALE)
	$(MANAGE) collectstatic --noinput -v 0
	PORT=$(PORT) $(MANAGE) serve

## test: install what the tests need (Chromium, PostgreSQL, axe-core) and run the whole suite
test: install-test assets
	$(UV) run --frozen ruff check .
	$(UV) run --frozen pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

uv:
	@scripts/ensure-uv.sh

## test-fast: the suite without the slow tests (real PolicyEngine) and the browser tests
test-fast: install-test assets
	$(UV) run --frozen pytest -n 2 --dist loadgroup -m "not slow and not browser" $(PYTEST_ARGS)

install: uv
	scripts/system-deps.sh run
	$(UV) sync --frozen --no-dev

install-test: uv
	scripts/system-deps.sh test
	$(UV) sync --frozen

## assets: the Scottish Government Design System (npm) copied into static files
assets: node_modules/.installed
	mkdir -p kinship/static/sgds
	cp $(SGDS)/css/design-system.min.css kinship/static/sgds/
	cp $(SGDS)/images/icons/icons.stack.svg kinship/static/sgds/

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## otp: print a current sign-in code for each demo user
otp:
	@$(MANAGE) otp

## lint: ruff, the format check (see [tool.ruff.format] exclude) and mypy on the logic layer
lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy

## bench: run every benchmark (see docs/benchmarks.md)
bench: install-test
	$(UV) run --frozen python -m bench

clean:
	rm -rf var node_modules kinship/static/sgds
