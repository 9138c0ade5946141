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
ASGIApp = t.Callable[..., t.Awaitable[None]]

SETTINGS = "bench.apps.site_settings"


@dataclass(frozen=True)
class Variant:
    """One way of serving the benchmark app."""

    name: str
    framework: str  # "flask", "flaskish", "django" (a Django site), "quart", "starlette", "bare"
    site: str = ""  # BENCH_SITE for a Django site: "native", "mounted", "*-async"
    middleware: bool = False  # Django's default middleware on the site
    views: str = "plain"  # "async": the ASGI section's ``async def`` views

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


#: The ASGI section's variants: served by :func:`load_asgi`, in-process and under uvicorn.
ASGI_VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("flaskish-async", "flaskish", views="async"),
        Variant("flaskish-plain", "flaskish"),
        Variant("quart", "quart", views="async"),
        Variant("starlette", "starlette", views="async"),
        Variant("django-async", "django", site="native-async", views="async"),
        Variant("mounted-async", "django", site="mounted-async", views="async"),
        Variant("mounted-plain", "django", site="mounted"),
        Variant("bare-asgi", "bare", views="async"),
        Variant("bare-asgi+hop", "bare"),
    )
}


def find(name: str) -> Variant:
    """The WSGI or ASGI variant called ``name``."""
    return VARIANTS[name] if name in VARIANTS else ASGI_VARIANTS[name]


def load_asgi(name: str) -> ASGIApp:
    """The ASGI application of variant ``name``, as an ASGI server would import it.

    A Django site is served by Django's own ``ASGIHandler`` (a mounted flaskish
    app included); a standalone flaskish app by ``app.asgi_app``.
    """
    variant = ASGI_VARIANTS[name]
    if variant.framework != "quart":  # Quart is built on Flask's sansio layer
        hide_flask()
    if variant.framework == "django":
        from django.core.asgi import get_asgi_application

        return get_asgi_application()  # type: ignore[return-value]
    from . import asgi_apps

    if variant.framework == "quart":
        return asgi_apps.create_quart()  # type: ignore[no-any-return]
    if variant.framework == "starlette":
        return asgi_apps.create_starlette()  # type: ignore[no-any-return]
    if variant.framework == "bare":
        return asgi_apps.create_bare(hop=variant.views != "async")  # type: ignore[no-any-return]
    import flaskish

    if variant.views == "async":
        return asgi_apps.create_flasklike_async(flaskish).asgi_app  # type: ignore[no-any-return]
    from . import flasklike

    return flasklike.create_app(flaskish).asgi_app  # type: ignore[no-any-return]


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
#: The ASGI section: every variant in-process, and these under uvicorn.
ASGI_PER_REQUEST = tuple(ASGI_VARIANTS)
ASGI_SERVED = ("flaskish-async", "flaskish-plain", "quart", "starlette", "django-async")
