"""The Django site of the benchmark, shaped by environment variables.

``BENCH_MIDDLEWARE``: ``default`` (what ``startproject`` writes) or ``none``.
``BENCH_SITE`` (read by :mod:`bench.apps.site_urls`): what the URLconf serves.
Sessions are signed cookies on every variant, so no database is involved.
"""

from __future__ import annotations

import os

from .data import SECRET_KEY as SECRET_KEY
from .data import TEMPLATES_DIR

DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
ROOT_URLCONF = "bench.apps.site_urls"
USE_TZ = True
USE_I18N = False
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
if os.environ.get("BENCH_SITE", "").startswith("mounted"):
    INSTALLED_APPS.append("django_bridge")
DEFAULT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
MIDDLEWARE = DEFAULT_MIDDLEWARE if os.environ.get("BENCH_MIDDLEWARE") == "default" else []
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TEMPLATES = [{"BACKEND": "django.template.backends.jinja2.Jinja2", "DIRS": [TEMPLATES_DIR]}]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
