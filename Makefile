# Kompeten: the two commands a newcomer needs are `make up` and `make test` (see README.md).
SHELL := /bin/bash
UV_VERSION := 0.9.30
UV := .tools/bin/uv
STACK := python3 deploy/local/stack.py
export UV_PYTHON_DOWNLOADS := never

.PHONY: up down test sync stack lint unit bench demo status screenshots lighthouse

$(UV):
	@command -v python3 >/dev/null || { echo "python3 (3.11) is required"; exit 1; }
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

sync: $(UV)
	$(UV) sync --all-packages --frozen --quiet

## Start the whole system on the local stack and load demo data.
up: sync
	$(STACK) up --services
	KOMPETEN_DEVELOPMENT=1 $(UV) run --no-sync python deploy/local/demo.py

## Stop everything `make up` or `make stack` started.
down:
	$(STACK) down

## Start only the infrastructure (PostgreSQL, Kafka, SMTP sink).
stack: sync
	$(STACK) up

status:
	@$(STACK) status

## Quality gates and every test tier; starts what the tests need and stops what it started.
test: sync
	bash deploy/local/run-tests.sh

lint: sync
	bash deploy/local/run-tests.sh --lint-only

bench: sync
	bash deploy/local/run-bench.sh

## Screenshots of every main screen (candidate app and console) into DIR; needs `make stack`.
screenshots: sync
	$(UV) run --no-sync python deploy/local/screenshots.py $(DIR)

## The candidate app's Lighthouse budgets per main screen (bench/README.md); needs `make stack`.
lighthouse: sync
	KOMPETEN_DEVELOPMENT=1 $(UV) run --no-sync python -m bench.web_budgets $(ARGS)
