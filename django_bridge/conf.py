"""The one reader of Django settings for django_bridge, with its defaults."""

from __future__ import annotations

import typing as t

from django.conf import settings

#: ``FLASKISH_APPS = {"blog": "blogapp:app"}``: apps known to commands and tests.
DEFAULT_APPS: dict[str, str] = {}


def flaskish_apps() -> dict[str, str]:
    """Named app import strings from ``settings.FLASKISH_APPS``."""
    return dict(getattr(settings, "FLASKISH_APPS", DEFAULT_APPS))


def secret_key() -> t.Any:
    return getattr(settings, "SECRET_KEY", None)


def debug() -> bool:
    return bool(getattr(settings, "DEBUG", False))


def static_url() -> str | None:
    return getattr(settings, "STATIC_URL", None)


def static_urls_enabled() -> bool:
    """``FLASKISH_STATIC_URLS``: mounted apps' ``url_for("static")`` points at ``STATIC_URL``."""
    return bool(getattr(settings, "FLASKISH_STATIC_URLS", False))
