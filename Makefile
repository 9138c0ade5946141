# Everything a fresh clone needs, from python3 and make alone.
PYTHON ?= python3
VENV ?= .venv
DJANGO ?= django>=5.2,<5.3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest interop conformance clean bench bench-both soak

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs whenever pyproject.toml or the Django pin changes.
$(STAMP): pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]' '$(DJANGO)'
	touch $(STAMP)

install: $(STAMP)

# The sample Django site with the Flask-style blog at /blog/ (see sample_project/README.md).
SAMPLE := $(BIN)/python sample_project/manage.py

run: install
	$(SAMPLE) migrate --noinput
	$(SAMPLE) create_demo_user
	$(SAMPLE) runserver 127.0.0.1:8000 --noreload

lint: install
	$(BIN)/ruff check flaskish django_bridge tests examples sample_project soak bench conformance

typecheck: install
	$(BIN)/mypy

# Two runs: Django settings are process-wide, and the flaskish suite exercises
# the embedded configuration while the bridge suite runs a real Django project.
pytest: install
	$(BIN)/pytest tests/flaskish
	$(BIN)/pytest tests/robustness
	$(BIN)/pytest tests/django_bridge --ds=bridge_site.settings
	$(BIN)/pytest examples/flaskr_legacy/tests examples/flaskr/tests
	$(BIN)/pytest sample_project/tests --ds=sample_site.settings

test: lint typecheck pytest interop

# Werkzeug interop and Flask extensions on flaskish, in .venv-interop: werkzeug and the
# extensions are installed only there (extensions with --no-deps: never the real Flask).
INTEROP_VENV := .venv-interop
INTEROP_STAMP := $(INTEROP_VENV)/.installed

$(INTEROP_STAMP): pyproject.toml Makefile tests/interop/requirements.txt tests/interop/extensions.txt
	$(PYTHON) -m venv $(INTEROP_VENV)
	$(INTEROP_VENV)/bin/python -m pip install -q --upgrade pip
	$(INTEROP_VENV)/bin/python -m pip install -q -e '.[test]' '$(DJANGO)' -r tests/interop/requirements.txt
	$(INTEROP_VENV)/bin/python -m pip install -q --no-deps -r tests/interop/extensions.txt
	touch $(INTEROP_STAMP)

interop: $(INTEROP_STAMP)
	FLASKISH_AS_FLASK=1 $(INTEROP_VENV)/bin/pytest tests/interop

# Flask 3.1.3's own tests against flaskish, in .venv-conformance (downloads; not part of test).
conformance:
	DJANGO='$(DJANGO)' $(PYTHON) conformance/run.py

# Load, soak and faults: the sample site under gunicorn (2 gthread workers), under 5 minutes.
soak: install
	$(BIN)/python -m soak.run

# Benchmarks against Flask, Quart and native Django, in their own environment (Flask,
# werkzeug, Quart, Starlette are installed only there). Not part of `make test`.
# One line per run, as CI's two legs: Python 3.11 + Django 5.2 (default), or
# BENCH_LINE=django61 for Python 3.12 + Django 6.1; `make bench-both` runs both, and
# bench/RESULTS.md shows them side by side. BENCH_ARGS: e.g. --quick, --reps 3.
BENCH_LINE ?= django52
ifeq ($(BENCH_LINE),django61)
BENCH_VENV := .venv-bench-django61
BENCH_DJANGO := django>=6.1,<6.2
BENCH_PYTHON ?= $(shell for p in python3.12 $(HOME)/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.12 /usr/local/bin/python3.12; do "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1 && { command -v "$$p" || echo "$$p"; } && break; done)
else
BENCH_VENV := .venv-bench
BENCH_DJANGO := $(DJANGO)
BENCH_PYTHON ?= $(PYTHON)
endif
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml bench/requirements.txt
	@test -n "$(BENCH_PYTHON)" || { echo "No python3.12 found for BENCH_LINE=$(BENCH_LINE): pass BENCH_PYTHON=/path/to/python3.12."; exit 1; }
	command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && apt-get install -y -qq wrk; } || echo "NOTICE: no wrk; bench/load.py generates the load."
	$(BENCH_PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install -q -e . -r bench/requirements.txt '$(BENCH_DJANGO)'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python -m bench.run $(BENCH_ARGS)

bench-both:
	$(MAKE) bench BENCH_LINE=django52
	$(MAKE) bench BENCH_LINE=django61

clean:
	rm -rf $(VENV) .venv-* build *.egg-info
