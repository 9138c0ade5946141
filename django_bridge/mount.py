"""``mount()``: a flaskish app as an entry of a Django ``urlpatterns`` list."""

from __future__ import annotations

import typing as t
import weakref

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse

from flaskish import Flask
from flaskish.routing import BuildError

from . import conf
from .resolver import FlaskAppResolver

#: Live mounts by namespace, to refuse a second app under the same one.
_mounted: weakref.WeakValueDictionary[str, Flask] = weakref.WeakValueDictionary()


def mount(
    prefix: str, app: Flask, *, namespace: str | None = None, csrf: bool = False
) -> FlaskAppResolver:
    """Serve ``app`` under ``prefix`` in a Django site.

    :param prefix: ``"blog/"``, or ``""`` for the site root (a root mount only
        answers paths its rules match, so later patterns still work).
    :param app: the flaskish application.
    :param namespace: the URL namespace for ``reverse("ns:endpoint")``;
        defaults to ``app.name``.
    :param csrf: enforce Django's CSRF check on the app's views (off by
        default, as in Flask) and add ``csrf_token()`` to its templates.
    """
    if not isinstance(app, Flask):
        raise ImproperlyConfigured(
            f"mount() needs a flaskish Flask application, not {type(app).__name__!r}."
            " Pass the app object itself (for example 'from blog import app')."
        )
    if prefix.startswith("/"):
        raise ImproperlyConfigured(
            f"The mount prefix {prefix!r} starts with '/'. Django URL patterns are"
            f" relative: write {prefix.lstrip('/')!r} instead."
        )
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    namespace = namespace or app.name
    existing = _mounted.get(namespace)
    if existing is not None and existing is not app:
        raise ImproperlyConfigured(
            f"The namespace {namespace!r} is already used by the mounted app"
            f" {existing.name!r}. Give this mount its own: mount(..., namespace='other')."
        )
    _mounted[namespace] = app
    apply_site_defaults(app)
    if csrf:
        enable_csrf(app)
    if _reverse_with_django not in app.url_build_error_handlers:
        app.url_build_error_handlers.append(_reverse_with_django)
    if conf.static_urls_enabled():
        from .staticfiles import use_site_static_urls

        use_site_static_urls(app, namespace)
    return FlaskAppResolver(prefix, app, namespace, csrf)


def apply_site_defaults(app: Flask) -> None:
    """Give the app the site's ``SECRET_KEY`` and ``DEBUG`` unless it set its own."""
    if app.config.get("SECRET_KEY") is None:
        app.config["SECRET_KEY"] = conf.secret_key()
    if not app.config.get("DEBUG"):
        app.config["DEBUG"] = conf.debug()


def enable_csrf(app: Flask) -> None:
    """Put Django's ``csrf_token()`` in the app's Jinja context."""

    @app.context_processor
    def csrf_context() -> dict[str, t.Any]:
        from django.middleware.csrf import get_token

        from flaskish import request

        return {"csrf_token": lambda: get_token(request.django)}


def _reverse_with_django(error: BuildError, endpoint: str, values: dict[str, t.Any]) -> str | None:
    """Build URLs the app does not know (``"admin:index"``, a Django view name) with Django."""
    kwargs = {k: v for k, v in values.items() if not k.startswith("_") and v is not None}
    try:
        url = reverse(endpoint, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    if values.get("_external"):
        from flaskish import request

        url = request.django.build_absolute_uri(url)
    anchor = values.get("_anchor")
    return f"{url}#{anchor}" if anchor else url
