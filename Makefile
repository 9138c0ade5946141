# Everything a fresh clone needs, from python3 and make alone.
PYTHON ?= python3
VENV ?= .venv
DJANGO ?= django>=5.2,<5.3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest interop conformance clean bench soak

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

# Two runs, as for pytest: the mounted extensions need a Django project's settings.
interop: $(INTEROP_STAMP)
	FLASKISH_AS_FLASK=1 $(INTEROP_VENV)/bin/pytest tests/interop --ignore=tests/interop/mounted
	PYTHONPATH=tests/interop/mounted FLASKISH_AS_FLASK=1 $(INTEROP_VENV)/bin/pytest \
		tests/interop/mounted --ds=mounted_site.settings

# Flask 3.1.3's own tests against flaskish, in .venv-conformance (downloads; not part of test).
conformance:
	DJANGO='$(DJANGO)' $(PYTHON) conformance/run.py

# Load, soak and faults: the sample site under gunicorn (2 gthread workers), under 5 minutes.
soak: install
	$(BIN)/python -m soak.run

# Benchmarks against Flask and native Django, in their own environment (Flask
# and werkzeug are installed only there). Not part of `make test`.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install -q -e . -r bench/requirements.txt '$(DJANGO)'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python -m bench.run

clean:
	rm -rf $(VENV) .venv-* build *.egg-info
