"""The minimal Django configuration flaskish sets up when there is no project.

A standalone ``Flask(__name__)`` needs Django's HTTP layer, which needs
settings.  When neither ``settings.configure()`` was called nor
``DJANGO_SETTINGS_MODULE`` is set, flaskish configures just enough: no
database, no apps, no middleware, and limits left to the Flask app's config.
"""

from __future__ import annotations

import functools
import os
import threading
import typing as t

_lock = threading.Lock()
_ready = False

#: What a standalone flaskish process runs with.
EMBEDDED_SETTINGS: dict[str, object] = {
    "DEBUG": False,
    # Flask does not validate Host; apps opt in with TRUSTED_HOSTS.
    "ALLOWED_HOSTS": ["*"],
    "USE_TZ": True,
    "TIME_ZONE": "UTC",
    "USE_I18N": False,
    "DEFAULT_CHARSET": "utf-8",
    "INSTALLED_APPS": [],
    "MIDDLEWARE": [],
    "ROOT_URLCONF": None,
    "DATABASES": {},
    # Flask's own limits (MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE,
    # MAX_FORM_PARTS) govern bodies, while they are read; Django's memory limit
    # would also refuse the large raw bodies Flask reads. Its count limits stay
    # as a backstop for an app without MAX_FORM_PARTS, and for query strings and
    # urlencoded forms, which Flask does not count: never below Flask's default
    # of 1,000 parts, which stops a multipart parse first, with its own message.
    "DATA_UPLOAD_MAX_MEMORY_SIZE": None,
    "DATA_UPLOAD_MAX_NUMBER_FIELDS": 10_000,
    "DATA_UPLOAD_MAX_NUMBER_FILES": 1_000,
    "LOGGING_CONFIG": None,
}


def ensure_django() -> None:
    """Make Django usable: keep a project's settings, or configure the embedded ones."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        from django.conf import settings

        if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
            settings.configure(**EMBEDDED_SETTINGS)
        import django
        from django.apps import apps

        if not apps.ready and not apps.loading:
            django.setup(set_prefix=False)
        _ready = True


_BUILTIN_CACHE_BACKENDS = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


@functools.lru_cache(maxsize=1)
def needs_django_request_signals() -> bool:
    """Whether Django's ``request_started``/``request_finished`` have work to do.

    Django uses them to recycle database connections and close cache clients.
    With no real database, only in-process caches and no receivers of the
    project's own, they do nothing, so a standalone request can skip them.
    """
    from django.conf import settings
    from django.core import signals

    engines = {db.get("ENGINE", "") for db in settings.DATABASES.values()}
    if engines - {"", "django.db.backends.dummy"}:
        return True
    backends = {cache.get("BACKEND", "") for cache in settings.CACHES.values()}
    if backends - _BUILTIN_CACHE_BACKENDS:
        return True
    return _has_foreign_receivers(signals.request_started) or _has_foreign_receivers(
        signals.request_finished
    )


def _has_foreign_receivers(signal: t.Any) -> bool:
    live = signal._live_receivers(None)
    # Django 5+ returns (sync receivers, async receivers).
    receivers = [*live[0], *live[1]] if isinstance(live, tuple) else list(live)
    for receiver in receivers:
        module = getattr(receiver, "__module__", "") or ""
        if not module.startswith("django."):
            return True
    return False
