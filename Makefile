# Everything a fresh clone needs, from python3 and make alone.
PYTHON ?= python3
VENV ?= .venv
DJANGO ?= django>=5.2,<5.3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs whenever pyproject.toml or the Django pin changes.
$(STAMP): pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]' '$(DJANGO)'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python examples/hello.py

lint: install
	$(BIN)/ruff check flaskish django_bridge tests examples

typecheck: install
	$(BIN)/mypy

# Two runs: Django settings are process-wide, and the flaskish suite exercises
# the embedded configuration while the bridge suite runs a real Django project.
pytest: install
	$(BIN)/pytest tests/flaskish
	$(BIN)/pytest tests/django_bridge --ds=bridge_site.settings

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .venv-* build *.egg-info
