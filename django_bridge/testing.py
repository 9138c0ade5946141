"""``app.test_client()`` for a mounted app, through the whole Django site.

flaskish's test client asks :data:`flaskish.testing.wsgi_target_hooks` where
to send requests. :func:`install` adds :func:`django_site_target`, which for
an app mounted in the URLconf answers with Django's test handler and the
mount prefix: tests keep writing ``client.get("/posts/1")`` as the app sees
it, and the request runs through the site's middleware, URLconf and database
connection handling, as it would in production. Apps that are not mounted
(and every app under flaskish's embedded settings) are untouched.
"""

from __future__ import annotations

import sys
import typing as t

from django.core.signals import got_request_exception

from flaskish.wsgi_targets import WSGITarget, wsgi_target_hooks

from .discovery import find_mount

if t.TYPE_CHECKING:
    from flaskish import Flask


class DjangoSiteWSGI:
    """Django's test ``ClientHandler`` as a WSGI callable for flaskish's client.

    ``ClientHandler`` (not ``WSGIHandler``) keeps the test database connection
    open across requests, as Django's own ``Client`` does. An exception the
    app left to Django is re-raised when the app would propagate it in Flask
    (``PROPAGATE_EXCEPTIONS``, testing or debug), so tests see the traceback.
    """

    def __init__(self, app: Flask, *, enforce_csrf_checks: bool = False) -> None:
        from django.test.client import ClientHandler  # django.test: loaded by tests only

        self.app = app
        self.handler = ClientHandler(enforce_csrf_checks=enforce_csrf_checks)

    def __call__(
        self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> t.Iterable[bytes]:
        caught: list[BaseException] = []

        def store(**kwargs: t.Any) -> None:
            error = sys.exc_info()[1]
            if error is not None:
                caught.append(error)

        uid = f"django_bridge-client-{id(environ)}"
        got_request_exception.connect(store, dispatch_uid=uid, weak=False)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        if caught and self._propagates():
            raise caught[0]
        headers = [
            *response.items(),
            *(("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()),
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.streaming:
            # Django's handler wrapped it to close the response once consumed.
            return response.streaming_content  # type: ignore[no-any-return]
        # Already closed by the handler: closing again would signal a second request end.
        return [response.content]

    def _propagates(self) -> bool:
        propagate = self.app.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            return bool(self.app.testing or self.app.debug)
        return bool(propagate)


def django_site_target(app: Flask) -> WSGITarget | None:
    """The Django site, when ``app`` is mounted in its URLconf."""
    from django.apps import apps

    if not apps.ready:
        return None
    mount = find_mount(app)
    if mount is None:
        return None
    return WSGITarget(DjangoSiteWSGI(app), mount.path_prefix)


def install() -> None:
    """Route test clients of mounted apps through Django (idempotent)."""
    if django_site_target not in wsgi_target_hooks:
        wsgi_target_hooks.append(django_site_target)
