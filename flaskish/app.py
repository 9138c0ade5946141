"""``Flask``: the application, with the drivers that run its pipeline.

:class:`~flaskish.sansio.app.App` holds everything that does no I/O (config,
registries, URL building, error-handler lookup, ``make_response``) and the request
pipeline, written once as steps. ``Flask`` adds what serves it: the WSGI app, the
ASGI app (:mod:`flaskish.asgi`), the entry for a request Django routed to a mounted
app, the test client and the development server.
"""

from __future__ import annotations

import typing as t
from datetime import timedelta

from django.core import signals as django_signals
from django.http.response import HttpResponseBase
from django.utils.functional import cached_property

from .ctx import AppContext, RequestContext
from .embedded import needs_django_request_signals
from .exceptions import HTTPException
from .logging import create_logger as create_logger
from .routing import RequestRedirect
from .sansio.app import App, _is_coroutine_function
from .sansio.steps import MaybeSteps, run_async, run_sync
from .scaffold import find_package as find_package
from .scaffold import setupmethod as setupmethod
from .wrappers import Response

if t.TYPE_CHECKING:
    from django.http import HttpRequest

    from .asgi import ASGIHandler
    from .cli_runner import FlaskCliRunner
    from .routing import Rule
    from .testing import FlaskClient
    from .typing import MountMatch
    from .wrappers import Request

T = t.TypeVar("T")

__all__ = ["Flask"]


class Flask(App):
    """A Flask-style application, served by Django.

    :param import_name: the application's module or package (``__name__``).
    :param static_url_path: URL prefix for static files (default: ``/static``).
    :param static_folder: folder of static files, relative to ``root_path``.
    :param static_host: the host of the static route when ``host_matching`` is on.
    :param host_matching: match rules on ``host`` as well as the path.
    :param subdomain_matching: match rules on the subdomain of ``SERVER_NAME``.
    :param template_folder: folder of Jinja templates, relative to ``root_path``.
    :param instance_path: the instance folder (default: ``instance`` beside the package).
    :param instance_relative_config: load config files relative to the instance folder.
    :param root_path: the application's folder, when it cannot be found from ``import_name``.
    :param static_path: the old name of ``static_url_path`` (deprecated).
    """

    def app_context(self) -> AppContext:
        """A new app context (``with app.app_context(): ...``)."""
        return AppContext(self)

    def request_context(self, environ: t.Any) -> RequestContext:
        """A new request context for a WSGI environ or a Django request."""
        return RequestContext(self, environ)

    # -- drivers ------------------------------------------------------------------
    # The pipeline is written once, as steps (:class:`~flaskish.sansio.app.App`);
    # these entries drive it: WSGI here, ASGI in :mod:`flaskish.asgi`, and a request
    # Django routed to a mounted app (sync and async) in ``dispatch_django_request``.

    def test_request_context(self, *args: t.Any, **kwargs: t.Any) -> RequestContext:
        """A request context for a request built from test-client arguments."""
        from .testing import build_environ

        return self.request_context(build_environ(self, *args, **kwargs))

    def wsgi_app(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Any:
        """The WSGI application; wrap this attribute to add WSGI middleware."""
        if needs_django_request_signals():
            # A real database or cache client: let Django recycle connections,
            # as its own handler would (the response's close() ends the pair).
            django_signals.request_started.send(sender=type(self), environ=environ)
        ctx = self._matched_first_context(environ)
        return run_sync(
            self._request_steps(ctx, respond=lambda response: response(environ, start_response)),
            self.ensure_sync,
        )

    def dispatch_django_request(
        self, django_request: HttpRequest, match: MountMatch
    ) -> HttpResponseBase:
        """Run the pipeline for a request Django routed to this app (a mounted app).

        :param match: the site's match: where the app is mounted, the path below
            it and the rule (or routing error) for it.

        An exception with no handler in the app (for it or for 500) is left to
        Django: its logging, ``handler500`` and debug page.
        """
        refused = self._refused_by_site(django_request, match)
        if refused is not None:
            return refused
        ctx = self._mounted_request_context(django_request, match)
        steps = self._request_steps(ctx, leave_unhandled=True)
        response: HttpResponseBase = run_sync(steps, self.ensure_sync)
        return response

    async def async_dispatch_django_request(
        self, django_request: HttpRequest, match: MountMatch
    ) -> HttpResponseBase:
        """:meth:`dispatch_django_request` on the event loop (Django's ASGI handler):
        ``async def`` code runs on the loop, each stretch of plain code in one hop."""
        refused = self._refused_by_site(django_request, match)
        if refused is not None:
            return refused
        ctx = self._mounted_request_context(django_request, match)
        response: HttpResponseBase = await self._run_async(
            self._request_steps(ctx, leave_unhandled=True)
        )
        return response

    @staticmethod
    def _refused_by_site(django_request: HttpRequest, match: MountMatch) -> HttpResponseBase | None:
        """The site's refusal of the request before the app sees it (a cross-site
        POST to an app sharing the site's login), or None."""
        site_mount = match.site_mount
        return None if site_mount is None else site_mount.refuse(django_request)

    async def _run_async(
        self,
        steps: MaybeSteps[T],
        hop: t.Callable[..., t.Awaitable[t.Any]] | None = None,
        before_await: t.Callable[[], t.Awaitable[None]] | None = None,
    ) -> T:
        """Step through the pipeline on the loop; plain code goes through ``hop``
        (by default :meth:`sync_to_async`: the thread of the request)."""
        if hop is None:
            hop = self._hop
        return await run_async(steps, _is_coroutine_function, hop, before_await)

    async def _hop(self, func: t.Callable[..., T], *args: t.Any) -> T:
        return await self.sync_to_async(func)(*args)  # type: ignore[no-any-return]

    def _mounted_request_context(
        self, django_request: HttpRequest, match: MountMatch
    ) -> RequestContext:
        """The request context of a mounted request, matched already by the site.

        The URL adapter is built when something builds a URL, but the host is
        refused now, before the view, as binding would.
        """
        req = self.request_class(django_request)
        req.mount(match.script_root, match.path)
        req.site_mount = match.site_mount
        rule = match.rule
        if (
            not match.complete
            or type(self).create_url_adapter is not App.create_url_adapter
            or (rule is not None and rule.methods is not None and req.method not in rule.methods)
        ):
            # The request's method or host decides, or a subclass binds its own
            # adapter: the app matches the request itself.
            return RequestContext(self, None, request=req)
        if match.routing_exception is not None:
            return self._matched_request_context(req, None, match.routing_exception)
        return self._matched_request_context(req, (rule, dict(match.values)))

    def _matched_first_context(self, environ: t.Any) -> RequestContext:
        """The request context of a served request (a WSGI environ, or the ASGI
        driver's Django request): matched without binding a URL adapter, which is
        bound when something builds a URL; a redirect goes the way binding takes it."""
        if type(self).request_context is not Flask.request_context or not self._matches_unbound():
            return self.request_context(environ)
        req = self.request_class(environ)
        try:
            found = self._unbound_adapter().match(req.path, req.method, return_rule=True)
        except RequestRedirect:  # its URL names the host: the bound adapter makes it
            return RequestContext(self, None, request=req)
        except HTTPException as e:  # a 404 or 405 is the same whatever the host
            return self._matched_request_context(req, None, e)
        return self._matched_request_context(req, found)

    def _matched_request_context(
        self,
        req: Request,
        found: tuple[Rule, dict[str, t.Any]] | None,
        routing_exception: HTTPException | None = None,
    ) -> RequestContext:
        """The context of a request whose rule (or routing error) is known: the URL
        adapter is bound when something builds a URL, but the host is refused now,
        before the view, as binding would."""
        ctx = RequestContext(self, None, request=req, defer_url_adapter=True)
        try:
            self._refuse_host(req)
        except HTTPException as e:
            req.routing_exception = e
            return ctx
        if found is None:
            req.routing_exception = routing_exception
        else:
            req.url_rule, req.view_args = found
        return ctx

    def __call__(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Any:
        return self.wsgi_app(environ, start_response)

    @cached_property
    def asgi_app(self) -> ASGIHandler:
        """The ASGI application, for an ASGI server (``uvicorn module:app.asgi_app``).

        Assign a wrapped one (``app.asgi_app = Middleware(app.asgi_app)``) to add
        ASGI middleware. ``async def`` views and hooks run on the event loop; see
        :mod:`flaskish.asgi`.
        """
        from .asgi import ASGIHandler

        return ASGIHandler(self)

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """``SEND_FILE_MAX_AGE_DEFAULT`` in seconds (None: browsers revalidate)."""
        value = self.config["SEND_FILE_MAX_AGE_DEFAULT"]
        if value is None:
            return None
        if isinstance(value, timedelta):
            return int(value.total_seconds())
        return int(value)

    def send_static_file(self, filename: str) -> Response:
        """Serve a file from the static folder (the view of the ``static`` endpoint)."""
        if not self.has_static_folder:
            raise RuntimeError("'static_folder' must be set to serve static_files.")
        from .helpers import send_from_directory

        max_age = self.get_send_file_max_age(filename)
        return send_from_directory(self.static_folder, filename, max_age=max_age)  # type: ignore[arg-type]

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> FlaskClient:
        """A client that sends requests to this app without a server."""
        cls = self.test_client_class
        if cls is None:
            from .testing import FlaskClient as cls
        return cls(self, self.response_class, use_cookies=use_cookies, **kwargs)  # type: ignore[misc]

    def test_cli_runner(self, **kwargs: t.Any) -> FlaskCliRunner:
        """A click runner that invokes this app's CLI commands in isolation."""
        cls = self.test_cli_runner_class
        if cls is None:
            from .cli_runner import FlaskCliRunner as cls
        return cls(self, **kwargs)  # type: ignore[misc]

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: t.Any,
    ) -> None:
        """Serve the app on Django's development server (for development only).

        :param host: the interface to bind to (default: ``SERVER_NAME``'s host or ``127.0.0.1``).
        :param port: the port (default: ``SERVER_NAME``'s port or ``5000``).
        :param debug: turn debug mode on or off; with it come the reloader and the
            traceback page.
        :param load_dotenv: load ``.flaskenv`` and ``.env`` first.
        :param options: passed to :func:`flaskish.serving.run_simple`
            (``use_reloader``, ``use_debugger``, ``threaded``, ``extra_files``, ...).
        """
        from .serving import run_app

        run_app(self, host, port, debug, load_dotenv, **options)
