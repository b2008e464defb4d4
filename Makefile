# `make run` starts the app on the embedded default with demo data; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres test-fuzz bench lint migrate messages setup system clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Need $(PYTHON) on PATH (or set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP) system

system:
	bash scripts/setup-system.sh

run: setup
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite on the embedded default (SQLite); set DATABASE_URL to run it on PostgreSQL.
test: setup
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) -m pytest -n 2 --dist loadfile -q -m "not serial" --durations=15 $(PYTEST_ARGS)
	$(PY) -m pytest -q -m serial --durations=5 $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(MAKE) test

# Hostile input at strength (the nightly job, outside the CI gate): 200 hypothesis examples per
# form of the site, of the admin and of the page editor, from a fixed seed so that a result can be
# reproduced. `make test` sweeps the known payloads through every field and draws a few examples
# (new ones on each run; CI fixes the seed).
test-fuzz: setup
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} FUZZ_STAFF_EXAMPLES=$${FUZZ_STAFF_EXAMPLES:-200} \
		FUZZ_SWEEP=$${FUZZ_SWEEP:-0} FUZZ_DERANDOMIZE=$${FUZZ_DERANDOMIZE:-1} \
		$(PY) -m pytest -n 2 -q tests/security/test_fuzz_*.py

# Load and scale benchmarks against PostgreSQL (bench/README.md).
bench: setup
	$(PY) bench/run_all.py

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Refresh catalogues from the source. Chinese msgids make zh_Hans the identity (filled by script);
# new English entries must then be translated in locale/en/LC_MESSAGES/django.po.
ZH_PO := locale/zh_Hans/LC_MESSAGES/django.po
messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=var --ignore=tests --ignore=artifacts --ignore=bench
	$(PY) scripts/fill_identity_catalogue.py $(ZH_PO)
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache
