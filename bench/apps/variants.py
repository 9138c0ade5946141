"""The variants under test: how to start each one's process, and how to load its WSGI app.

A variant that runs on a Django site needs that site's settings, which are
process-global: the orchestrator starts every variant in its own process with
:meth:`Variant.environment`, and :func:`load` runs inside it.  Every variant
but Flask runs with Flask and werkzeug hidden (:mod:`bench.apps.isolation`).
"""

from __future__ import annotations

import os
import typing as t
from dataclasses import dataclass

from .isolation import hide_flask

WSGIApp = t.Callable[[dict[str, t.Any], t.Callable[..., t.Any]], t.Iterable[bytes]]

SETTINGS = "bench.apps.site_settings"


@dataclass(frozen=True)
class Variant:
    """One way of serving the benchmark app."""

    name: str
    framework: str  # "flask", "flaskish" or "django" (a Django site)
    site: str = ""  # BENCH_SITE for a Django site: "native" or "mounted"
    middleware: bool = False  # Django's default middleware on the site

    def environment(self, **extra: str) -> dict[str, str]:
        """The process environment this variant runs in."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BENCH_"))}
        if self.framework == "django":
            env["DJANGO_SETTINGS_MODULE"] = SETTINGS
            env["BENCH_SITE"] = self.site
            env["BENCH_MIDDLEWARE"] = "default" if self.middleware else "none"
        env["BENCH_VARIANT"] = self.name
        env.update(extra)
        return env


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("flask", "flask"),
        Variant("flaskish", "flaskish"),
        Variant("flaskish-mounted", "django", site="mounted"),
        Variant("django", "django", site="native"),
        Variant("flaskish-mounted+mw", "django", site="mounted", middleware=True),
        Variant("django+mw", "django", site="native", middleware=True),
    )
}


def load(name: str, rules: int | None = None) -> WSGIApp:
    """The WSGI callable of variant ``name``, in a process started with its environment.

    :param rules: serve ``rules`` parametrized rules instead of the benchmark app
        (a Django site gets them from its ``*-table`` URLconf).
    """
    variant = VARIANTS[name]
    if variant.framework != "flask":
        hide_flask()
    if variant.framework == "django":
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()  # type: ignore[return-value]
    from . import flasklike

    fl = _framework(variant.framework)
    if rules is not None:
        return flasklike.create_table(fl, rules)  # type: ignore[no-any-return]
    return flasklike.create_app(fl)  # type: ignore[no-any-return]


def prepare(name: str) -> None:
    """Import and set up the framework, so timing a build times the routes, not imports."""
    variant = VARIANTS[name]
    if variant.framework != "flask":
        hide_flask()
    if variant.framework == "django":
        import django

        django.setup(set_prefix=False)
    elif variant.framework == "flaskish":
        from flaskish.embedded import ensure_django

        ensure_django()
    else:
        import flask  # noqa: F401


def _framework(name: str) -> t.Any:
    import importlib

    return importlib.import_module(name)


#: The variants each measurement covers.
PER_REQUEST = tuple(VARIANTS)
#: (flaskish variant, its reference) pairs compared per endpoint.
PAIRS = (
    ("flaskish", "flask"),
    ("flaskish-mounted", "django"),
    ("flaskish-mounted+mw", "django+mw"),
)
TABLE_VARIANTS = ("flask", "flaskish", "flaskish-mounted", "django")
SERVED = ("flask", "flaskish", "flaskish-mounted", "django")
GROWTH = ("flask", "flaskish", "flaskish-mounted", "flaskish-mounted+mw", "django")
