"""Settings of the test site: Django's defaults for auth, sessions and middleware."""

from __future__ import annotations

import os

SECRET_KEY = "django-site-secret-for-tests"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "example.com", ".example.com"]
ROOT_URLCONF = "bridge_site.urls"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_bridge",
    "bridge_site",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bridge_site.middleware.StampMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# The services leg (`make pytest-services`): PostgreSQL and Redis from the environment.
if os.environ.get("DATABASE_URL"):
    import dj_database_url  # only then: the SQLite default imports nothing more

    DATABASES["default"] = dj_database_url.parse(os.environ["DATABASE_URL"])
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
SESSION_ENGINE = os.environ.get("DJANGO_SESSION_ENGINE", "django.contrib.sessions.backends.db")
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
    # The journal's Jinja templates, for the Django views that take its endpoints over.
    {
        "BACKEND": "django_bridge.templates.FlaskishJinja2",
        "NAME": "journal",
        "OPTIONS": {"app": "bridge_site.journal:app"},
    },
]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGIN_URL = "/accounts/login"
STATIC_URL = "/static/"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "django_bridge.staticfiles.FlaskishStaticFinder",
]
# Mounted apps' url_for("static", ...) points at STATIC_URL.
FLASKISH_STATIC_URLS = True
# Apps known by name to `manage.py flask` and the pytest fixtures (mounted ones need no entry).
FLASKISH_APPS = {"tools": "bridge_site.tools:create_app()"}
