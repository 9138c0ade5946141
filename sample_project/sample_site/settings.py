"""Settings of the sample site: a stock Django 5.2 project plus ``django_bridge``.

Nothing here is specific to the mounted blog except ``"django_bridge"`` in
``INSTALLED_APPS`` and ``LOGIN_URL``, which points Django's ``@login_required``
at the blog's Flask-style login view. Environment variables move the site onto
PostgreSQL and Redis for several app servers (docs/scaling.md).
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-sample-project-key-change-me-in-production"
)
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_bridge",
    "home",
    "posts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sample_site.urls"
WSGI_APPLICATION = "sample_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # Step 3: the blog's Jinja templates, for the views that move to Django.
    {
        "BACKEND": "django_bridge.templates.FlaskishJinja2",
        "NAME": "blog",
        "OPTIONS": {"app": "blog"},
    },
]

# DJANGO_DB_PATH points the site at another SQLite file (``make soak`` uses a throwaway one);
# DATABASE_URL (``postgres://user@host:port/name``) at a real database server instead.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DJANGO_DB_PATH", BASE_DIR / "db.sqlite3"),
    }
}
if os.environ.get("DATABASE_URL"):
    import dj_database_url  # only then: the SQLite default imports nothing more

    DATABASES["default"] = dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0"))
    )
    # A database server can drop a connection mid-request: then a session save fails as
    # the server error it is (500, logged, retried), not as Django's 400 for a session
    # deleted meanwhile (sample_site/middleware.py).
    MIDDLEWARE[MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")] = (
        "sample_site.middleware.DatabaseAwareSessionMiddleware"
    )

# REDIS_URL moves what several app servers must share out of process memory: Django's
# cache (so ``cache``/``cached_db`` sessions and Flask-Caching's Django backend) and
# Celery's broker. Without it the site needs no service at all.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
SESSION_ENGINE = os.environ.get("DJANGO_SESSION_ENGINE", "django.contrib.sessions.backends.db")

# Celery (sample_site/celery.py reads the CELERY_* names). With no broker configured,
# tasks run eagerly in the caller on an in-memory broker, so `make run` needs no worker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis restart must not leave a worker or a web process with dead connections: results
# are stored and read again after a lost connection, and idle Redis connections are
# checked before use (a scale-check run once saw the Celery action time out for the rest
# of the run after a Redis restart without these).
CELERY_RESULT_BACKEND_ALWAYS_RETRY = True
CELERY_RESULT_BACKEND_MAX_RETRIES = 10
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 5
CELERY_BROKER_TRANSPORT_OPTIONS = {"health_check_interval": 5}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's @login_required sends visitors to the blog's Flask-style login view.
LOGIN_URL = "blog:auth.login"
# Step 3: the blog's flash() and Django's messages are one queue.
FLASKISH_SHARED_MESSAGES = True
LOGIN_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
