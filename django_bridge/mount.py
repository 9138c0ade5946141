"""``mount()``: a flaskish app as an entry of a Django ``urlpatterns`` list."""

from __future__ import annotations

import typing as t

from django.core.exceptions import ImproperlyConfigured

from flaskish import Flask

from .csrf import csrf_mode
from .resolver import FlaskAppResolver
from .site import DjangoSiteMount


def mount(
    prefix: str,
    app: Flask | t.Callable[[], Flask],
    *,
    namespace: str | None = None,
    csrf: bool | str | None = None,
) -> FlaskAppResolver:
    """Serve ``app`` under ``prefix`` in a Django site.

    Nothing is written on the app: what the site provides (its secret key and
    session cookie flags, Django URL names for ``url_for``, the CSRF check)
    reaches the app per request through ``request.site_mount``.

    :param prefix: ``"blog/"``, or ``""`` for the site root (a root mount only
        answers paths its rules match, so later patterns still work).
    :param app: the flaskish application, or an app factory called once with
        no arguments (``create_app``).
    :param namespace: the URL namespace for ``reverse("ns:endpoint")``;
        defaults to ``app.name``.
    :param csrf: ``None`` (default): cross-origin unsafe requests are refused
        when the app shares Django's session or login; ``True``: Django's
        token check, and ``csrf_token()`` in templates; ``False``: no check;
        ``"origin"``: the origin check always. See :mod:`django_bridge.csrf`.
    """
    if prefix.startswith("/"):
        raise ImproperlyConfigured(
            f"The mount prefix {prefix!r} starts with '/'. Django URL patterns are"
            f" relative: write {prefix.lstrip('/')!r} instead."
        )
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    factory = None if isinstance(app, Flask) else app
    app = _application(prefix, app)
    mode = csrf_mode(csrf, prefix=prefix)
    namespace = namespace or app.name
    site = DjangoSiteMount(app, prefix, namespace, mode, factory=factory)
    return FlaskAppResolver(prefix, app, namespace, mode == "token", site=site)


def _application(prefix: str, app: t.Any) -> Flask:
    """The app to mount: ``app`` itself, or what the factory ``app`` returns."""
    if isinstance(app, Flask):
        return app
    if not callable(app) or isinstance(app, type):
        raise ImproperlyConfigured(
            f"mount({prefix!r}, ...) needs a flaskish Flask application or an app"
            f" factory, not {type(app).__name__!r}. Pass the app object itself (for"
            " example 'from blog import app') or its factory ('create_app')."
        )
    try:
        made = app()
    except Exception as e:
        raise ImproperlyConfigured(
            f"The app factory {_name(app)} mounted at {prefix!r} raised {type(e).__name__}: {e}"
        ) from e
    if not isinstance(made, Flask):
        raise ImproperlyConfigured(
            f"The app factory {_name(app)} mounted at {prefix!r} returned"
            f" {type(made).__name__!r}, not a flaskish Flask application."
        )
    return made


def _name(factory: t.Any) -> str:
    module = getattr(factory, "__module__", None)
    name = getattr(factory, "__qualname__", None) or repr(factory)
    return f"'{module}.{name}'" if module else f"'{name}'"
