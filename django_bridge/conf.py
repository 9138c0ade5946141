"""The one reader of Django settings for django_bridge, with its defaults.

Every value is read when asked, never cached, so ``override_settings`` in a
test is seen at once.
"""

from __future__ import annotations

import typing as t

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: ``FLASKISH_APPS = {"blog": "blogapp:app"}``: apps known to commands and tests.
DEFAULT_APPS: dict[str, str] = {}


def flaskish_apps() -> dict[str, str]:
    """Named app import strings from ``settings.FLASKISH_APPS``."""
    return dict(getattr(settings, "FLASKISH_APPS", DEFAULT_APPS))


def raw_flaskish_apps() -> object:
    """``settings.FLASKISH_APPS`` as written, for the finder's check to validate."""
    return getattr(settings, "FLASKISH_APPS", DEFAULT_APPS)


def static_url() -> str | None:
    return getattr(settings, "STATIC_URL", None)


def secret_key() -> t.Any:
    """The site's ``SECRET_KEY``, or None when it has none (Django refuses an empty one)."""
    try:
        return getattr(settings, "SECRET_KEY", None) or None
    except ImproperlyConfigured:
        return None


def secret_key_fallbacks() -> list[t.Any]:
    """The site's ``SECRET_KEY_FALLBACKS``: older keys that still verify."""
    return list(getattr(settings, "SECRET_KEY_FALLBACKS", None) or ())


def debug() -> bool:
    return bool(getattr(settings, "DEBUG", False))


def static_urls_enabled() -> bool:
    """``FLASKISH_STATIC_URLS``: mounted apps' ``url_for("static")`` points at ``STATIC_URL``."""
    return bool(getattr(settings, "FLASKISH_STATIC_URLS", False))


def as_flask() -> bool:
    """``FLASKISH_AS_FLASK`` in the settings or the environment: install flaskish as ``flask``."""
    from flaskish.compat import env_requests_install

    return bool(getattr(settings, "FLASKISH_AS_FLASK", False)) or env_requests_install()


def session_cookie_flags() -> dict[str, t.Any]:
    """The site's ``SESSION_COOKIE_*`` flags, by the Flask config key they stand in for."""
    return {
        "SESSION_COOKIE_SECURE": bool(settings.SESSION_COOKIE_SECURE),
        "SESSION_COOKIE_HTTPONLY": bool(settings.SESSION_COOKIE_HTTPONLY),
        "SESSION_COOKIE_SAMESITE": settings.SESSION_COOKIE_SAMESITE or None,
        "SESSION_COOKIE_DOMAIN": settings.SESSION_COOKIE_DOMAIN,
    }


def session_cookie_name() -> str:
    """The name of Django's own session cookie (``SESSION_COOKIE_NAME``)."""
    return str(settings.SESSION_COOKIE_NAME)


def root_urlconf() -> t.Any:
    """``ROOT_URLCONF``, or None where the settings have none (no URLconf to walk)."""
    return getattr(settings, "ROOT_URLCONF", None)


def allowed_hosts() -> list[str]:
    """The hosts Django accepts: ``ALLOWED_HOSTS``, or in DEBUG with none set,
    the local ones ``HttpRequest.get_host()`` then allows."""
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return allowed
