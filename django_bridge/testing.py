"""``app.test_client()`` for a mounted app, through the whole Django site.

flaskish's test client asks :data:`flaskish.testing.wsgi_target_hooks` where
to send requests. :func:`install` adds :func:`django_site_target`, which for
an app mounted in the URLconf answers with Django's test handler and the
mount prefix: tests keep writing ``client.get("/posts/1")`` as the app sees
it, and the request runs through the site's middleware, URLconf and database
connection handling, as it would in production. Apps that are not mounted
(and every app under flaskish's embedded settings) are untouched.

An app made by the factory a site mounts (``mount("blog/", create_app)``) --
as an app's own tests make one, ``create_app({"TESTING": True, ...})`` -- is
served through the site too, mounted at the site root for its client, so its
unmodified tests still address it at its root (``Location: /auth/login``).

The client's default host (``localhost``) becomes ``testserver`` when the
site does not allow it, as Django's own client uses; a host the site refuses
is a 400 whose body and log say which host and which setting.
"""

from __future__ import annotations

import logging
import sys
import typing as t

from django.core.signals import got_request_exception
from django.http.request import split_domain_port, validate_host
from django.urls import clear_url_caches, get_resolver

from flaskish.wsgi_targets import WSGITarget, wsgi_target_hooks

from . import conf
from .discovery import Mount, find_mount, iter_mounts

logger = logging.getLogger("django_bridge.testing")

#: The host Django's test client uses, allowed by Django's test setup.
TEST_HOST = "testserver"

if t.TYPE_CHECKING:
    from django.http import HttpResponse, StreamingHttpResponse

    from flaskish import Flask


class DjangoSiteWSGI:
    """Django's test ``ClientHandler`` as a WSGI callable for flaskish's client.

    ``ClientHandler`` (not ``WSGIHandler``) keeps the test database connection
    open across requests, as Django's own ``Client`` does. An exception the
    app left to Django is re-raised when the app would propagate it in Flask
    (``PROPAGATE_EXCEPTIONS``, testing or debug), so tests see the traceback.
    """

    def __init__(
        self, app: Flask, *, enforce_csrf_checks: bool = False, urlconf: t.Any = None
    ) -> None:
        from django.test.client import ClientHandler  # django.test: loaded by tests only

        class SiteClientHandler(ClientHandler):
            def get_response(self, request: t.Any) -> t.Any:
                if urlconf is not None:
                    # Django resolves with request.urlconf when it is set.
                    request.urlconf = urlconf
                return super().get_response(request)

        self.app = app
        self.urlconf = urlconf
        self.handler = SiteClientHandler(enforce_csrf_checks=enforce_csrf_checks)

    def __call__(
        self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> t.Iterable[bytes]:
        # A copy: the client keeps its cookies by the host it asked for.
        environ = dict(environ)
        refusal = _use_an_allowed_host(environ)
        if refusal is not None:
            logger.error(refusal)
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [refusal.encode()]
        try:
            return self._run(environ, start_response)
        finally:
            if self.urlconf is not None:
                # The resolver Django cached for this app's URLconf must not keep it alive.
                clear_url_caches()

    def _run(
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
            # A sync handler's response: its content is an iterator of bytes.
            streamed = t.cast("StreamingHttpResponse", response).streaming_content
            return t.cast("t.Iterator[bytes]", streamed)
        # Already closed by the handler: closing again would signal a second request end.
        return [t.cast("HttpResponse", response).content]

    def _propagates(self) -> bool:
        propagate = self.app.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            return bool(self.app.testing or self.app.debug)
        return bool(propagate)


def _use_an_allowed_host(environ: dict[str, t.Any]) -> str | None:
    """Switch the client's default host to ``testserver`` where the site refuses
    ``localhost``; for a host the site refuses, the message saying so."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, port = split_domain_port(host)
    allowed = conf.allowed_hosts()
    if not domain or validate_host(domain, allowed):
        return None
    if domain == "localhost" and validate_host(TEST_HOST, allowed):
        environ["HTTP_HOST"] = f"{TEST_HOST}:{port}" if port else TEST_HOST
        environ["SERVER_NAME"] = TEST_HOST
        return None
    return (
        f"Bad Request (400): the Django site refuses the host {host!r} of this test"
        f" request: it is not in ALLOWED_HOSTS ({allowed!r}). Add {domain!r} to"
        " ALLOWED_HOSTS in the site's settings, or use the client's default host."
    )


def _factory_mount(app: Flask) -> Mount | None:
    """The mount of the factory that made ``app``: one whose factory-made app has
    ``app``'s import name (the factory's ``Flask(__name__)``)."""
    for mount in iter_mounts():
        site = mount.resolver.site
        if getattr(site, "factory", None) is not None and mount.app.import_name == app.import_name:
            return mount
    return None


def _root_urlconf_for(app: Flask, mount: Mount) -> t.Any:
    """The site's URLconf with ``app`` mounted first at the root, under the mount's namespace."""
    from .mount import mount as mount_app

    site = mount.resolver.site
    entry = mount_app("", app, namespace=mount.resolver.namespace, csrf=site.csrf)
    patterns = [entry, *get_resolver().url_patterns]
    return type("FactoryTestURLConf", (), {"urlpatterns": patterns})


def django_site_target(app: Flask) -> WSGITarget | None:
    """The Django site, when ``app`` is mounted in its URLconf or made by a mounted factory."""
    from django.apps import apps

    if not apps.ready:
        return None
    mount = find_mount(app)
    if mount is not None:
        return WSGITarget(DjangoSiteWSGI(app), mount.path_prefix)
    made_by = _factory_mount(app)
    if made_by is not None:
        return WSGITarget(DjangoSiteWSGI(app, urlconf=_root_urlconf_for(app, made_by)))
    return None


def install() -> None:
    """Route test clients of mounted apps through Django (idempotent).

    The app config's stand-in (:func:`django_bridge.apps.site_target`), if there,
    gives way to this hook, so none is asked twice.
    """
    from .apps import site_target

    if site_target in wsgi_target_hooks:
        wsgi_target_hooks[wsgi_target_hooks.index(site_target)] = django_site_target
    elif django_site_target not in wsgi_target_hooks:
        wsgi_target_hooks.append(django_site_target)
