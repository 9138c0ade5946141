# Everything a fresh clone needs, from python3 and make alone.
PYTHON ?= python3
VENV ?= .venv
DJANGO ?= django>=5.2,<5.3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest pytest-services services-packages interop interop-services conformance clean bench bench-both soak deploy-check

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

LINTED := flaskish django_bridge tests examples sample_project soak bench conformance deploy scale conftest.py

lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: install
	$(BIN)/mypy

# Two runs: Django settings are process-wide, and the flaskish suite exercises
# the embedded configuration while the bridge suite runs a real Django project.
# Tests marked `services` need PostgreSQL and Redis: they run in the services legs below.
pytest: install
	$(BIN)/pytest tests/flaskish
	$(BIN)/pytest tests/robustness
	$(BIN)/pytest tests/django_bridge --ds=bridge_site.settings -m "not services"
	$(BIN)/pytest examples/flaskr_legacy/tests examples/flaskr/tests
	$(BIN)/pytest sample_project/tests --ds=sample_site.settings -m "not services"

# The bridge and sample-site suites again, every test, on PostgreSQL (psycopg 3) and Redis:
# private servers on 127.0.0.1 started by scale/services.py, their files removed after.
SERVICES_APT := postgresql redis-server

services-packages:
	sh deploy/install-system-packages $(SERVICES_APT)

pytest-services: install services-packages
	$(BIN)/python -m scale.services run -- $(BIN)/pytest tests/django_bridge --ds=bridge_site.settings
	$(BIN)/python -m scale.services run -- $(BIN)/pytest sample_project/tests --ds=sample_site.settings

test: lint typecheck pytest pytest-services interop interop-services

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
		tests/interop/mounted --ds=mounted_site.settings -m "not services"

# The mounted extensions again, every test, with Django's cache, Flask-Caching and
# Flask-Limiter on Redis (state shared by app instances).
interop-services: $(INTEROP_STAMP) services-packages
	PYTHONPATH=tests/interop/mounted FLASKISH_AS_FLASK=1 $(INTEROP_VENV)/bin/python -m scale.services \
		run -- $(INTEROP_VENV)/bin/pytest tests/interop/mounted --ds=mounted_site.settings

# Flask 3.1.3's own tests against flaskish, in .venv-conformance (downloads; not part of test).
conformance:
	DJANGO='$(DJANGO)' $(PYTHON) conformance/run.py

# Load, soak and faults: the sample site under uvicorn (2 workers) and gunicorn (2 gthread
# workers), refused uploads included, descriptors and temp files checked; under 4 minutes.
soak: install
	$(BIN)/python -m soak.run

# Scale-out under faults (issue 18): PostgreSQL, Redis, gunicorn + uvicorn (2 workers each)
# behind nginx round robin, a Celery worker; a load through nginx while an app server is
# killed, Redis restarted and PostgreSQL's backends terminated; under 5 minutes. Everything
# runs on 127.0.0.1 from a temporary directory and is stopped afterwards. See docs/scaling.md.
SCALE_APT := postgresql redis-server nginx-light
.PHONY: scale-check
scale-check: install
	deploy/install-system-packages $(SCALE_APT)
	$(BIN)/python -m scale.run

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

# Every deployment recipe of docs/deployment.md started for real (gunicorn, gevent, Twisted,
# uWSGI, nginx, FastCGI, CGI, Apache mod_wsgi) for the sample app and the sample site.
# Servers come from apt-get (as root) and pip, into .venv-deploy. mod_wsgi (Debian's module,
# and mod_wsgi-express) runs the app in APACHE_VENV, made from Debian's python3: mod_wsgi
# embeds the Python it is built against. Its daemons cannot run as root, so as root they run
# as www-data, which may not be able to read this clone (under /root, say): APACHE_VENV lives
# outside it, one per clone, readable by all, with flaskish installed as a copy (not -e), and
# the tests copy the app's files next to its .wsgi file. It is remade when pyproject.toml or
# the Makefile change, and flaskish is reinstalled into it when its sources change.
# mod_wsgi-express is compiled there (--no-cache-dir: never a wheel built for another Python).
# One recipe alone: make deploy-check DEPLOY_ARGS='-k mod_wsgi'.
DEPLOY_VENV := .venv-deploy
DEPLOY_STAMP := $(DEPLOY_VENV)/.installed
APACHE_VENV ?= /var/tmp/flaskish-deploy-apache-$(shell printf '%s' '$(CURDIR)' | md5sum | cut -c1-12)
APACHE_STAMP := $(APACHE_VENV)/.installed
APACHE_APP_STAMP := $(APACHE_VENV)/.flaskish-installed
# Directories too: deleting a module changes its directory's time.
PACKAGE_SOURCES := $(shell find flaskish django_bridge -not -path '*/__pycache__*' -not -name '*.pyc')
DEPLOY_APT := nginx lighttpd apache2 apache2-dev libapache2-mod-wsgi-py3 openssl python3 python3-venv python3-dev build-essential
DEPLOY_ARGS ?=

$(DEPLOY_STAMP): pyproject.toml Makefile deploy/requirements.txt
	deploy/install-system-packages $(DEPLOY_APT)
	$(PYTHON) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/python -m pip install -q --upgrade pip
	$(DEPLOY_VENV)/bin/python -m pip install -q -e '.[test]' '$(DJANGO)' -r deploy/requirements.txt
	touch $(DEPLOY_STAMP)

$(APACHE_STAMP): pyproject.toml Makefile sample_project/requirements.txt | $(DEPLOY_STAMP)
	rm -rf '$(APACHE_VENV)'
	/usr/bin/python3 -m venv '$(APACHE_VENV)'
	'$(APACHE_VENV)/bin/python' -m pip install -q --upgrade pip
	rm -rf build
	'$(APACHE_VENV)/bin/python' -m pip install -q . '$(DJANGO)' -r sample_project/requirements.txt
	'$(APACHE_VENV)/bin/python' -m pip install -q --no-cache-dir --no-binary mod_wsgi 'mod_wsgi>=5.0'
	touch '$(APACHE_STAMP)'

# flaskish's dependencies come with the venv; flaskish itself is copied again whenever its
# sources change, from a fresh build/ (setuptools would keep modules deleted since the last).
$(APACHE_APP_STAMP): $(APACHE_STAMP) pyproject.toml $(PACKAGE_SOURCES)
	rm -rf build
	'$(APACHE_VENV)/bin/python' -m pip install -q --no-deps --force-reinstall .
	rm -rf build
	chmod -R a+rX '$(APACHE_VENV)'
	touch '$(APACHE_APP_STAMP)'

deploy-check: $(DEPLOY_STAMP) $(APACHE_APP_STAMP)
	FLASKISH_APACHE_VENV='$(APACHE_VENV)' $(DEPLOY_VENV)/bin/pytest tests/deploy $(DEPLOY_ARGS)

clean:
	rm -rf $(VENV) .venv-* build *.egg-info '$(APACHE_VENV)'
