# Online Haat. `make run` and `make test` do every set-up step on a fresh machine with
# only Python 3.11+.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test lint format migrate seed clean bench-data bench security faults

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	@touch $@

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

## Start the whole marketplace with demo data: web, Celery worker and beat.
run: seed
	$(BIN)/python manage.py run_haat

## The whole test suite, plus lint, the layer contracts (pyproject.toml) and migration drift.
test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## The benchmark's scale data in its own PostgreSQL database (issue 7; BENCH_DATA_ARGS
## passes sizes, e.g. --products 1000000). Needs the machine's PostgreSQL and Redis.
bench-data: $(VENV)/.installed
	$(BIN)/python -m bench.run data $(BENCH_DATA_ARGS)

## The benchmark suite: the production stack on loopback, every scenario with its
## baselines, results under bench/results/. About 25 minutes; not part of `make test`.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run all $(BENCH_ARGS)

## Static security checks: bandit (no high-severity finding) and pip-audit (no known
## vulnerability; a closed network is reported as NOT AUDITED, not as a failure).
security: $(VENV)/.installed
	$(BIN)/bandit -r accounts haat orders vendors -lll -q
	$(BIN)/python tools/audit_dependencies.py

## The faults suite (tests/faults/): real Celery workers, beat, gunicorn and private
## PostgreSQL and Redis servers, each killed or stopped on purpose. About ten minutes.
faults: $(VENV)/.installed
	HAAT_FAULTS=1 $(BIN)/pytest tests/faults -p no:cacheprovider -s $(PYTEST_ARGS)

clean:
	rm -rf var/ media/ db.sqlite3
