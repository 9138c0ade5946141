"""``Flask``: the application object and its request pipeline.

The pipeline reads top to bottom: match (in the request context) →
``url_value_preprocessors`` and ``before_request`` → the view →
``make_response`` → ``after_request`` and the session → teardown.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import typing as t
import warnings
import weakref
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from itertools import chain
from types import TracebackType

from django.core import signals as django_signals
from django.core.exceptions import DisallowedHost
from django.http.response import HttpResponseBase
from django.utils.functional import cached_property

from . import signals
from ._legacy_app import LegacyAppMixin
from .config import Config, ConfigAttribute
from .ctx import AppContext, RequestContext, _AppCtxGlobals
from .datastructures import Headers, ImmutableDict
from .embedded import ensure_django, needs_django_request_signals
from .exceptions import (
    HTTP_EXCEPTION_TYPES,
    WERKZEUG_TWINS,
    Aborter,
    BadRequest,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
    NotFound,
    RequestRedirect,
)
from .globals import _cv_app, _cv_request, request_ctx
from .json.provider import DefaultJSONProvider, JSONProvider
from .logging import create_logger
from .routing import BuildError, Map, MapAdapter, Rule
from .scaffold import (
    Scaffold,
    _endpoint_from_view_func,
    find_package,
    registering_decorator,
    setupmethod,
)
from .serving import get_debug_flag
from .sessions import SecureCookieSessionInterface, SessionInterface
from .utils import split_blueprint_path
from .wrappers import Request, Response

if t.TYPE_CHECKING:
    from .asgi import ASGIHandler
    from .blueprints import Blueprint
    from .jinja_env import Environment
    from .testing import FlaskClient, FlaskCliRunner

T = t.TypeVar("T")
F = t.TypeVar("F", bound=t.Callable[..., t.Any])

_sentinel = object()


def _make_timedelta(value: timedelta | int | None) -> timedelta | None:
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(seconds=value)


def _renamed_static_path(static_path: str, static_url_path: str | None) -> str:
    """``Flask(static_path=)``, Flask 0.x's name for ``static_url_path``."""
    if static_url_path is not None:
        raise TypeError(
            "Pass 'static_url_path' only: 'static_path' is its old name, and both were given."
        )
    warnings.warn(
        "The 'static_path' parameter of 'Flask' was renamed to 'static_url_path'."
        " Use 'static_url_path' instead.",
        DeprecationWarning,
        stacklevel=3,
    )
    return static_path


_HOST_REFUSED = "The Host header names a host this site does not serve."


#: ``inspect.iscoroutinefunction``, remembered per view or hook (asked on every
#: request; bounded, as bound methods are new objects each time they are looked up).
_remembered_is_coroutine = functools.lru_cache(maxsize=1024)(inspect.iscoroutinefunction)


def _is_coroutine_function(func: t.Callable[..., t.Any]) -> bool:
    try:
        return _remembered_is_coroutine(func)
    except TypeError:  # an unhashable callable
        return inspect.iscoroutinefunction(func)


class _JinjaEnvironmentClass:
    """``Flask.jinja_environment`` until a subclass sets its own: flaskish's
    :class:`~flaskish.jinja_env.Environment`, imported when first asked for."""

    def __get__(self, obj: object, owner: type | None = None) -> type[Environment]:
        from .jinja_env import Environment

        return Environment


class Flask(LegacyAppMixin, Scaffold):
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

    request_class: type[Request] = Request
    response_class: type[Response] = Response
    aborter_class = Aborter
    app_ctx_globals_class = _AppCtxGlobals
    config_class = Config
    url_rule_class = Rule
    url_map_class = Map
    json_provider_class: type[JSONProvider] = DefaultJSONProvider
    test_client_class: type[FlaskClient] | None = None
    test_cli_runner_class: type[FlaskCliRunner] | None = None
    session_interface: SessionInterface = SecureCookieSessionInterface()

    testing = ConfigAttribute[bool]("TESTING")
    secret_key = ConfigAttribute[str | bytes | None]("SECRET_KEY")
    permanent_session_lifetime = ConfigAttribute[timedelta](
        "PERMANENT_SESSION_LIFETIME",
        get_converter=_make_timedelta,  # type: ignore[arg-type]
    )

    default_config = ImmutableDict(
        {
            "DEBUG": None,
            "TESTING": False,
            "PROPAGATE_EXCEPTIONS": None,
            "SECRET_KEY": None,
            "SECRET_KEY_FALLBACKS": None,
            "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
            "USE_X_SENDFILE": False,
            "TRUSTED_HOSTS": None,
            "SERVER_NAME": None,
            "APPLICATION_ROOT": "/",
            "SESSION_COOKIE_NAME": "session",
            "SESSION_COOKIE_DOMAIN": None,
            "SESSION_COOKIE_PATH": None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_PARTITIONED": False,
            "SESSION_COOKIE_SAMESITE": None,
            "SESSION_REFRESH_EACH_REQUEST": True,
            "MAX_CONTENT_LENGTH": None,
            "MAX_FORM_MEMORY_SIZE": 500_000,
            "MAX_FORM_PARTS": 1_000,
            "SEND_FILE_MAX_AGE_DEFAULT": None,
            "TRAP_BAD_REQUEST_ERRORS": None,
            "TRAP_HTTP_EXCEPTIONS": False,
            "EXPLAIN_TEMPLATE_LOADING": False,
            "PREFERRED_URL_SCHEME": "http",
            "TEMPLATES_AUTO_RELOAD": None,
            "MAX_COOKIE_SIZE": 4093,
            "PROVIDE_AUTOMATIC_OPTIONS": True,
        }
    )

    def __init__(
        self,
        import_name: str,
        static_url_path: str | None = None,
        static_folder: str | os.PathLike[str] | None = "static",
        static_host: str | None = None,
        host_matching: bool = False,
        subdomain_matching: bool = False,
        template_folder: str | os.PathLike[str] | None = "templates",
        instance_path: str | None = None,
        instance_relative_config: bool = False,
        root_path: str | None = None,
        *,
        static_path: str | None = None,
    ) -> None:
        ensure_django()
        if static_path is not None:
            static_url_path = _renamed_static_path(static_path, static_url_path)
        super().__init__(
            import_name=import_name,
            static_folder=static_folder,
            static_url_path=static_url_path,
            template_folder=template_folder,
            root_path=root_path,
        )
        if instance_path is None:
            instance_path = self.auto_find_instance_path()
        elif not os.path.isabs(instance_path):
            raise ValueError(
                "If an instance path is provided it must be absolute. A relative path"
                " was given instead."
            )
        self.instance_path = instance_path
        self.config = self.make_config(instance_relative_config)
        self.aborter = self.make_aborter()
        self.json: JSONProvider = self.json_provider_class(self)
        self.url_build_error_handlers: list[
            t.Callable[[BuildError, str, dict[str, t.Any]], str | None]
        ] = []
        self.teardown_appcontext_funcs: list[t.Callable[[BaseException | None], None]] = []
        self.shell_context_processors: list[t.Callable[[], dict[str, t.Any]]] = []
        self.blueprints: dict[str, Blueprint] = {}
        self.extensions: dict[str, t.Any] = {}
        self.url_map = self.url_map_class(host_matching=host_matching)
        self.subdomain_matching = subdomain_matching
        self._got_first_request = False

        if self.has_static_folder:
            if bool(static_host) != host_matching:
                raise ValueError(
                    "Invalid static_host/host_matching combination: static_host is"
                    " needed exactly when host_matching is enabled."
                )
            self_ref = weakref.ref(self)
            self.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                endpoint="static",
                host=static_host,
                view_func=lambda **kw: self_ref().send_static_file(**kw),  # type: ignore[union-attr]
            )

    # -- identity and config ---------------------------------------------------

    @property
    def name(self) -> str:  # type: ignore[override]
        """The import name, or the script's file name when run as ``__main__``."""
        if self.import_name == "__main__":
            fn = getattr(sys.modules["__main__"], "__file__", None)
            if fn is None:
                return "__main__"
            return os.path.splitext(os.path.basename(fn))[0]
        return self.import_name

    @property
    def debug(self) -> bool:
        """``DEBUG`` from the config: unhandled errors propagate, JSON is indented."""
        return bool(self.config["DEBUG"])

    @debug.setter
    def debug(self, value: bool) -> None:
        self.config["DEBUG"] = value
        if self.config["TEMPLATES_AUTO_RELOAD"] is None and "jinja_env" in self.__dict__:
            self.jinja_env.auto_reload = value

    @property
    def logger(self) -> t.Any:
        """The ``logging.Logger`` named after the app."""
        logger = self.__dict__.get("_logger")
        if logger is None:
            logger = self.__dict__["_logger"] = create_logger(self)
        return logger

    def make_config(self, instance_relative: bool = False) -> Config:
        root_path = self.instance_path if instance_relative else self.root_path
        defaults = dict(self.default_config)
        defaults["DEBUG"] = get_debug_flag()
        return self.config_class(root_path, defaults)

    def make_aborter(self) -> Aborter:
        return self.aborter_class()

    def auto_find_instance_path(self) -> str:
        """``instance`` beside the package, or under ``<prefix>/var`` when installed."""
        prefix, package_path = find_package(self.import_name)
        if prefix is None:
            return os.path.join(package_path, "instance")
        return os.path.join(prefix, "var", f"{self.name}-instance")

    def open_instance_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO:
        """Open a file in the instance folder (writing allowed)."""
        path = os.path.join(self.instance_path, resource)
        if "b" in mode:
            return open(path, mode)  # noqa: SIM115 - the caller closes it
        return open(path, mode, encoding=encoding)  # noqa: SIM115

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_first_request:
            raise AssertionError(
                f"The setup method '{f_name}' can no longer be called on the application."
                " It has already handled its first request, any changes will not be"
                " applied consistently. Make sure all imports, decorators, functions,"
                " etc. needed to set up the application are done before running it."
            )

    # -- routes -----------------------------------------------------------------

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Connect a URL rule to an endpoint and, if given, its view function.

        :param rule: the URL rule string.
        :param endpoint: the endpoint name; defaults to the view function's name.
        :param view_func: the function to call for the endpoint.
        :param provide_automatic_options: answer OPTIONS automatically.
        :param options: ``methods``, ``defaults``, ``strict_slashes``,
            ``redirect_to``, ``subdomain``, ``host``, ... passed to the rule.
        """
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)  # type: ignore[arg-type]
        options["endpoint"] = endpoint
        methods = options.pop("methods", None)
        if methods is None:
            methods = getattr(view_func, "methods", None) or ("GET",)
        if isinstance(methods, str):
            raise TypeError(
                "Allowed methods must be a list of strings, for example:"
                ' @app.route(..., methods=["POST"])'
            )
        methods = {item.upper() for item in methods}
        required_methods = set(getattr(view_func, "required_methods", ()))
        if provide_automatic_options is None:
            provide_automatic_options = getattr(view_func, "provide_automatic_options", None)
        if provide_automatic_options is None:
            if "OPTIONS" not in methods and self.config["PROVIDE_AUTOMATIC_OPTIONS"]:
                provide_automatic_options = True
                required_methods.add("OPTIONS")
            else:
                provide_automatic_options = False
        methods |= required_methods

        rule_obj = self.url_rule_class(rule, methods=methods, **options)
        rule_obj.provide_automatic_options = provide_automatic_options  # type: ignore[attr-defined]
        self.url_map.add(rule_obj)
        if view_func is not None:
            old_func = self.view_functions.get(endpoint)
            if old_func is not None and old_func != view_func:
                raise AssertionError(
                    "View function mapping is overwriting an existing endpoint function:"
                    f" {endpoint}"
                )
            self.view_functions[endpoint] = view_func

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """The URL adapter for a request, or for building URLs without one."""
        if request is not None:
            return self._bind_request(request)
        server_name = self.config["SERVER_NAME"]
        if server_name is not None:
            return self.url_map.bind(
                server_name,
                script_name=self.config["APPLICATION_ROOT"],
                url_scheme=self.config["PREFERRED_URL_SCHEME"],
            )
        return None

    def _checked_host(self, request: Request) -> str:
        """The request's host, lower-cased, once Django's ``ALLOWED_HOSTS`` and the
        app's ``TRUSTED_HOSTS`` accept it.

        :raises BadRequest: either refuses it.
        """
        try:
            host = request.host.lower()
        except DisallowedHost as exc:
            # Django's message suggests an ALLOWED_HOSTS entry: for the debug page only.
            raise BadRequest(str(exc) if self.debug else _HOST_REFUSED) from None
        trusted = self.config["TRUSTED_HOSTS"]
        if trusted is not None and not _host_is_trusted(host, trusted):
            raise BadRequest(f"The host {host!r} is not trusted by this application.")
        return host

    def _bind_request(self, request: Request) -> MapAdapter:
        host = self._checked_host(request)
        scheme = request.scheme
        host = _strip_default_port(host, scheme)
        server_name = self.config["SERVER_NAME"]
        subdomain: str | None = None
        if self.url_map.host_matching or server_name is None:
            server_name = host
            if not self.url_map.host_matching:
                subdomain = self.url_map.default_subdomain or ""
        else:
            server_name = _strip_default_port(server_name.lower(), scheme)
            if not self.subdomain_matching:
                subdomain = self.url_map.default_subdomain or ""
            else:
                subdomain = _subdomain_of(host, server_name)
        return self.url_map.bind(
            server_name,
            script_name=request.script_root or "/",
            subdomain=subdomain,
            url_scheme=scheme,
            default_method=request.method,
            path_info=request.path,
            query_args=request.query_string.decode("latin-1"),
        )

    # -- contexts -----------------------------------------------------------------

    def app_context(self) -> AppContext:
        """A new app context (``with app.app_context(): ...``)."""
        return AppContext(self)

    def request_context(self, environ: t.Any) -> RequestContext:
        """A new request context for a WSGI environ or a Django request."""
        return RequestContext(self, environ)

    def test_request_context(self, *args: t.Any, **kwargs: t.Any) -> RequestContext:
        """A request context for a request built from test-client arguments."""
        from .testing import build_environ

        return self.request_context(build_environ(self, *args, **kwargs))

    # -- the pipeline -------------------------------------------------------------

    def wsgi_app(self, environ: dict[str, t.Any], start_response: t.Callable) -> t.Any:
        """The WSGI application; wrap this attribute to add WSGI middleware."""
        if needs_django_request_signals():
            # A real database or cache client: let Django recycle connections,
            # as its own handler would (the response's close() ends the pair).
            django_signals.request_started.send(sender=type(self), environ=environ)
        ctx = self.request_context(environ)
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                response = self.full_dispatch_request()
            except Exception as e:
                error = e
                response = self.handle_exception(e)
            except BaseException:
                error = sys.exc_info()[1]
                raise
            return response(environ, start_response)
        finally:
            if "werkzeug.debug.preserve_context" in environ:
                environ["werkzeug.debug.preserve_context"](_cv_app.get())
                environ["werkzeug.debug.preserve_context"](_cv_request.get())
            if error is not None and self.should_ignore_error(error):
                error = None
            ctx.pop(error)

    def dispatch_django_request(
        self,
        django_request: t.Any,
        *,
        script_root: str,
        path: str,
        match: tuple[Rule, dict[str, t.Any]] | NotFound | None = None,
    ) -> Response:
        """Run the pipeline for a request Django routed here (a mounted app).

        :param script_root: where the app is mounted, e.g. ``"/blog"``.
        :param path: the path below it, e.g. ``"/posts/1"``.
        :param match: the resolver's match of ``path`` for a GET, reused rather
            than matching twice when the request is a GET.

        An exception with no handler in the app (for it or for 500) is left to
        Django: its logging, ``handler500`` and debug page.
        """
        ctx = self._mounted_request_context(django_request, script_root, path, match)
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                return self.full_dispatch_request()
            except Exception as e:
                error = e
                if not self._handles_unhandled(e):
                    signals.got_request_exception.send(
                        self, _async_wrapper=self.ensure_sync, exception=e
                    )
                    raise
                return self.handle_exception(e)
        finally:
            preserve = django_request.META.get("werkzeug.debug.preserve_context")
            if preserve is not None:
                preserve(_cv_app.get())
                preserve(_cv_request.get())
            if error is not None and self.should_ignore_error(error):
                error = None
            ctx.pop(error)

    async def async_dispatch_django_request(
        self,
        django_request: t.Any,
        *,
        script_root: str,
        path: str,
        match: tuple[Rule, dict[str, t.Any]] | NotFound | None = None,
    ) -> Response:
        """:meth:`dispatch_django_request` on the event loop (Django's ASGI handler).

        ``async def`` views and hooks are awaited where they are; plain ones run
        in the request's thread (Django wraps each ASGI request in a
        ``ThreadSensitiveContext``).
        """
        ctx = self._mounted_request_context(django_request, script_root, path, match)
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                return await self.async_full_dispatch_request()
            except Exception as e:
                error = e
                if not self._handles_unhandled(e):
                    await signals.got_request_exception.send_async(
                        self, _sync_wrapper=self.ensure_async, exception=e
                    )
                    raise
                return await self.async_handle_exception(e)
        finally:
            if error is not None and self.should_ignore_error(error):
                error = None
            await ctx.async_pop(error)

    def _mounted_request_context(
        self,
        django_request: t.Any,
        script_root: str,
        path: str,
        match: tuple[Rule, dict[str, t.Any]] | NotFound | None,
    ) -> RequestContext:
        """The request context of a mounted request, matched already when ``match`` applies.

        The resolver matched the path for a GET without the request's host: the
        same answer when neither host matching nor subdomain matching is on, for
        a GET, and for a path no rule has (a 404 whatever the method).
        """
        req = self.request_class(django_request)
        req.mount(script_root, path)
        if (
            match is None
            or self.subdomain_matching
            or self.url_map.host_matching
            or (req.method != "GET" and not isinstance(match, NotFound))
            or type(self).create_url_adapter is not Flask.create_url_adapter
        ):
            return RequestContext(self, None, request=req)
        # Matched already: the URL adapter is built when something builds a URL,
        # but the host is refused now, before the view, as binding would.
        ctx = RequestContext(self, None, request=req, defer_url_adapter=True)
        try:
            self._checked_host(req)
        except HTTPException as e:
            req.routing_exception = e
            return ctx
        if isinstance(match, NotFound):
            req.routing_exception = match
        else:
            req.url_rule, req.view_args = match
        return ctx

    def _handles_unhandled(self, e: Exception) -> bool:
        """Whether this app answers an unhandled error itself (a 500/Exception handler)."""
        if self.config["PROPAGATE_EXCEPTIONS"] is False:
            return True
        server_error = InternalServerError(original_exception=e)
        return self._find_error_handler(server_error, request_ctx.request.blueprints) is not None

    def __call__(self, environ: dict[str, t.Any], start_response: t.Callable) -> t.Any:
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

    def full_dispatch_request(self) -> Response:
        """Hooks, the view, error handling and response processing for one request."""
        self._got_first_request = True
        try:
            signals.request_started.send(self, _async_wrapper=self.ensure_sync)
            rv = self.preprocess_request()
            if rv is None:
                rv = self.dispatch_request()
        except Exception as e:
            rv = self.handle_user_exception(e)
        return self.finalize_request(rv)

    def preprocess_request(self) -> t.Any:
        """Run URL value preprocessors, then ``before_request`` until one returns a value."""
        req = _cv_request.get().request
        names = (None, *reversed(req.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(req.endpoint, req.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = self.ensure_sync(before_func)()
                    if rv is not None:
                        return rv
        return None

    def dispatch_request(self) -> t.Any:
        """Call the matched view (or answer OPTIONS) and return its value."""
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        view_args: dict[str, t.Any] = req.view_args  # type: ignore[assignment]
        return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)  # type: ignore[union-attr]

    def raise_routing_exception(self, request: Request) -> t.NoReturn:
        """Raise the request's routing error; in debug mode, a redirect that would
        make the browser drop a form body raises ``FormDataRoutingRedirect`` instead."""
        exc = request.routing_exception
        if (
            not self.debug
            or not isinstance(exc, RequestRedirect)
            or exc.code in (307, 308)
            or request.method in ("GET", "HEAD", "OPTIONS")
        ):
            raise exc  # type: ignore[misc]
        from .debughelpers import FormDataRoutingRedirect

        raise FormDataRoutingRedirect(request)

    def make_default_options_response(self) -> Response:
        """An empty 200 whose ``Allow`` lists the methods the URL accepts."""
        adapter: MapAdapter = request_ctx.url_adapter  # type: ignore[assignment]
        rv = self.response_class()
        rv.allow.update(adapter.allowed_methods())
        return rv

    def finalize_request(self, rv: t.Any, from_error_handler: bool = False) -> Response:
        """Turn a view's return value into the response and run ``after_request``."""
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
            signals.request_finished.send(self, _async_wrapper=self.ensure_sync, response=response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def process_response(self, response: Response) -> Response:
        """``after_this_request``, blueprint then app ``after_request``, session save."""
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
        for name in chain(ctx.request.blueprints, (None,)):
            if name in self.after_request_funcs:
                for func in reversed(self.after_request_funcs[name]):
                    response = self.ensure_sync(func)(response)
        session = ctx.session_to_save()
        if session is not None and not self.session_interface.is_null_session(session):
            self.session_interface.save_session(self, session, response)
        return response

    def make_response(self, rv: t.Any) -> Response:
        """Convert a view's return value into a :class:`Response`.

        Accepts ``str``/``bytes``, ``dict``/``list`` (JSON), iterators and async
        iterators (streamed), responses (flaskish, Django, or any WSGI application),
        and tuples of ``(body, status)``, ``(body, headers)`` or ``(body, status, headers)``.
        """
        status = headers = None
        if isinstance(rv, tuple):
            len_rv = len(rv)
            if len_rv == 3:
                rv, status, headers = rv
            elif len_rv == 2:
                if isinstance(rv[1], (Headers, dict, tuple, list)):
                    rv, headers = rv
                else:
                    rv, status = rv
            else:
                raise TypeError(
                    "The view function did not return a valid response tuple. The tuple"
                    " must have the form (body, status, headers), (body, status), or"
                    " (body, headers)."
                )
        if rv is None:
            raise TypeError(
                f"The view function for {request_ctx.request.endpoint!r} did not return a"
                " valid response. The function either returned None or ended without a"
                " return statement."
            )
        if not isinstance(rv, self.response_class):
            if isinstance(rv, (str, bytes, bytearray, Iterator, AsyncIterator)):
                rv = self.response_class(rv, status=status, headers=headers)
                status = headers = None
            elif isinstance(rv, (dict, list)):
                rv = self.json.response(rv)
            elif isinstance(rv, (HttpResponseBase, HTTPException)) or callable(rv):
                try:
                    rv = self.response_class.force_type(rv, request_ctx.request.environ)
                except TypeError as e:
                    raise TypeError(
                        f"{e}\nThe view function for {request_ctx.request.endpoint!r} did"
                        " not return a valid response. The return type must be a string,"
                        " dict, list, tuple with headers or status, Response instance, or"
                        f" WSGI callable, but it was a {type(rv).__name__}."
                    ).with_traceback(sys.exc_info()[2]) from None
            else:
                raise TypeError(
                    f"The view function for {request_ctx.request.endpoint!r} did not"
                    " return a valid response. The return type must be a string, dict,"
                    " list, tuple with headers or status, Response instance, or WSGI"
                    f" callable, but it was a {type(rv).__name__}."
                )
        rv = t.cast(Response, rv)
        if status is not None:
            rv.status = status
        if headers:
            rv.headers.update(headers)
        return rv

    # -- errors -------------------------------------------------------------------

    def handle_user_exception(self, e: Exception) -> t.Any:
        """Find a handler for an exception raised by a hook or view, or re-raise it."""
        if isinstance(e, BadRequestKeyError) and (
            self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]
        ):
            e.show_exception = True
        if isinstance(e, HTTP_EXCEPTION_TYPES) and not self.trap_http_exception(e):
            return self.handle_http_exception(e)  # type: ignore[arg-type]
        handler = self._find_error_handler(e, request_ctx.request.blueprints)
        if handler is None:
            raise
        return self.ensure_sync(handler)(e)

    def handle_http_exception(self, e: HTTPException) -> t.Any:
        """Call the registered handler for an HTTP error, or use the error as the response."""
        if e.code is None or isinstance(e, RequestRedirect):
            return e
        handler = self._find_error_handler(e, request_ctx.request.blueprints)
        if handler is None:
            return e
        return self.ensure_sync(handler)(e)

    def trap_http_exception(self, e: Exception) -> bool:
        """Whether an HTTP error should propagate like any other exception (debugging)."""
        if self.config["TRAP_HTTP_EXCEPTIONS"]:
            return True
        trap_bad_request = self.config["TRAP_BAD_REQUEST_ERRORS"]
        if trap_bad_request is None and self.debug and isinstance(e, BadRequestKeyError):
            return True
        if trap_bad_request:
            return isinstance(e, BadRequest)
        return False

    def handle_exception(self, e: Exception) -> Response:
        """An exception no handler took: propagate it (debug/testing) or answer 500."""
        exc_info = sys.exc_info()
        signals.got_request_exception.send(self, _async_wrapper=self.ensure_sync, exception=e)
        propagate = self.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            propagate = self.testing or self.debug
        if propagate:
            if exc_info[1] is e:
                raise
            raise e
        self.log_exception(exc_info)
        server_error: t.Any = InternalServerError(original_exception=e)
        handler = self._find_error_handler(server_error, request_ctx.request.blueprints)
        if handler is not None:
            server_error = self.ensure_sync(handler)(server_error)
        return self.finalize_request(server_error, from_error_handler=True)

    def log_exception(
        self,
        exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None],
    ) -> None:
        self.logger.error(
            f"Exception on {request_ctx.request.path} [{request_ctx.request.method}]",
            exc_info=exc_info,
        )

    def _find_error_handler(
        self, e: Exception, blueprints: list[str]
    ) -> t.Callable[[Exception], t.Any] | None:
        """The most specific handler: by code then class, blueprint before app, MRO order."""
        exc_class, code = self._get_exc_class_and_code(type(e))
        names = (*blueprints, None)
        for c in (code, None) if code is not None else (None,):
            for name in names:
                scope = self.error_handler_spec.get(name)
                if not scope:
                    continue
                handler_map = scope.get(c)
                if not handler_map:
                    continue
                for cls in exc_class.__mro__:
                    handler = handler_map.get(cls) or handler_map.get(WERKZEUG_TWINS.get(cls, cls))
                    if handler is not None:
                        return handler
        return None

    def should_ignore_error(self, error: BaseException | None) -> bool:
        """Hide an error from teardown functions (never, by default)."""
        return False

    # -- teardown -----------------------------------------------------------------

    @setupmethod
    def teardown_appcontext(self, f: T) -> T:
        """Run ``f(error)`` when the app context is popped."""
        self.teardown_appcontext_funcs.append(f)  # type: ignore[arg-type]
        return f

    @setupmethod
    def shell_context_processor(self, f: T) -> T:
        """Add the dict ``f()`` returns to the ``flaskish shell`` namespace."""
        self.shell_context_processors.append(f)  # type: ignore[arg-type]
        return f

    def make_shell_context(self) -> dict[str, t.Any]:
        """The ``flaskish shell`` namespace: ``app``, ``g`` and the processors' values."""
        from .globals import g

        rv: dict[str, t.Any] = {"app": self, "g": g}
        for processor in self.shell_context_processors:
            rv.update(processor())
        return rv

    def do_teardown_request(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        req = _cv_request.get().request
        for name in chain(req.blueprints, (None,)):
            if name in self.teardown_request_funcs:
                for func in reversed(self.teardown_request_funcs[name]):
                    self.ensure_sync(func)(exc)
        signals.request_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    def do_teardown_appcontext(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        for func in reversed(self.teardown_appcontext_funcs):
            self.ensure_sync(func)(exc)
        signals.appcontext_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    # -- URLs ---------------------------------------------------------------------

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: t.Any,
    ) -> str:
        """Build the URL of an endpoint; see :func:`flaskish.url_for`."""
        req_ctx = _cv_request.get(None)
        if req_ctx is not None:
            url_adapter = req_ctx.url_adapter
            blueprint_name = req_ctx.request.blueprint
            if endpoint[:1] == ".":
                endpoint = f"{blueprint_name}{endpoint}" if blueprint_name else endpoint[1:]
            if _external is None:
                _external = _scheme is not None
        else:
            app_ctx = _cv_app.get(None)
            if app_ctx is not None:
                url_adapter = app_ctx.url_adapter
            else:
                url_adapter = self.create_url_adapter(None)
            if url_adapter is None:
                raise RuntimeError(
                    "Unable to build URLs outside an active request without 'SERVER_NAME'"
                    " configured. Also configure 'APPLICATION_ROOT' and"
                    " 'PREFERRED_URL_SCHEME' as needed."
                )
            if _external is None:
                _external = True
        if _scheme is not None and not _external:
            raise ValueError("When specifying '_scheme', '_external' must be True.")
        self.inject_url_defaults(endpoint, values)
        try:
            rv = url_adapter.build(  # type: ignore[union-attr]
                endpoint,
                values,
                method=_method,
                url_scheme=_scheme,
                force_external=_external,
            )
        except BuildError as error:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
            return self.handle_url_build_error(error, endpoint, values)
        if _anchor is not None:
            from urllib.parse import quote

            rv = f"{rv}#{quote(_anchor, safe='%!#$&()*+,/:;=?@' + chr(39))}"
        return rv  # type: ignore[no-any-return]

    def inject_url_defaults(self, endpoint: str, values: dict[str, t.Any]) -> None:
        """Let ``url_defaults`` functions of the app and the endpoint's blueprints fill values."""
        names: t.Iterable[str | None] = (None,)
        if "." in endpoint:
            names = chain(names, reversed(split_blueprint_path(endpoint.rpartition(".")[0])))
        for name in names:
            if name in self.url_default_functions:
                for func in self.url_default_functions[name]:
                    func(endpoint, values)

    def handle_url_build_error(
        self, error: BuildError, endpoint: str, values: dict[str, t.Any]
    ) -> str:
        """Give ``url_build_error_handlers`` a chance to return a URL, else re-raise."""
        for handler in self.url_build_error_handlers:
            try:
                rv = handler(error, endpoint, values)
            except BuildError as e:
                error = e
            else:
                if rv is not None:
                    return rv
        if error is sys.exc_info()[1]:
            raise
        raise error

    def redirect(self, location: str, code: int = 302) -> Response:
        """A redirect response of this app's response class."""
        from .helpers import _make_redirect

        return _make_redirect(location, code, self.response_class)

    # -- templates ---------------------------------------------------------------

    #: The Jinja environment class; subclass it to customise Jinja. (Read from
    #: :mod:`flaskish.jinja_env` on first use: Jinja loads when templates are used.)
    jinja_environment: type[Environment] = _JinjaEnvironmentClass()  # type: ignore[assignment]

    #: Extra options for the Jinja environment (set before first use).
    jinja_options: dict[str, t.Any] = {}

    @cached_property
    def jinja_env(self) -> t.Any:
        """The app's Jinja environment, created on first use."""
        return self.create_jinja_environment()

    def create_jinja_environment(self) -> t.Any:
        """Build the Jinja environment: loaders, autoescape, globals and filters."""
        from .jinja_env import create_jinja_environment

        return create_jinja_environment(self)

    def create_global_jinja_loader(self) -> t.Any:
        """The loader that looks in the app's and then the blueprints' folders."""
        from .jinja_env import DispatchingJinjaLoader

        return DispatchingJinjaLoader(self)

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        """Autoescape templates from strings and ``.html/.htm/.xml/.xhtml/.svg`` files."""
        if filename is None:
            return True
        return filename.endswith((".html", ".htm", ".xml", ".xhtml", ".svg"))

    def update_template_context(self, context: dict[str, t.Any]) -> None:
        """Add ``request``, ``session``, ``g``, and context processors' values."""
        from .templating import update_template_context

        update_template_context(self, context)

    @setupmethod
    def template_filter(self, name: str | None = None) -> t.Callable[[F], F]:
        """Register the decorated function as a Jinja filter."""

        return registering_decorator(self.add_template_filter, name)

    @setupmethod
    def add_template_filter(self, f: t.Callable[..., t.Any], name: str | None = None) -> None:
        self.jinja_env.filters[name or f.__name__] = f

    @setupmethod
    def template_test(self, name: str | None = None) -> t.Callable[[F], F]:
        """Register the decorated function as a Jinja test."""

        return registering_decorator(self.add_template_test, name)

    @setupmethod
    def add_template_test(self, f: t.Callable[..., bool], name: str | None = None) -> None:
        self.jinja_env.tests[name or f.__name__] = f

    @setupmethod
    def template_global(self, name: str | None = None) -> t.Callable[[F], F]:
        """Register the decorated function as a Jinja global."""

        return registering_decorator(self.add_template_global, name)

    @setupmethod
    def add_template_global(self, f: t.Callable[..., t.Any], name: str | None = None) -> None:
        self.jinja_env.globals[name or f.__name__] = f

    # -- static files ------------------------------------------------------------

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

    # -- async --------------------------------------------------------------------

    def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        """Make an ``async def`` view or hook callable from synchronous code."""
        if _is_coroutine_function(func):
            return self.async_to_sync(func)
        return func

    def async_to_sync(
        self, func: t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]]
    ) -> t.Callable[..., t.Any]:
        from asgiref.sync import async_to_sync

        return async_to_sync(func)

    def ensure_async(
        self, func: t.Callable[..., t.Any]
    ) -> t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]]:
        """Make a view or hook awaitable: coroutine functions as they are, others in a thread."""
        if _is_coroutine_function(func):
            return func
        return self.sync_to_async(func)

    def sync_to_async(
        self, func: t.Callable[..., t.Any]
    ) -> t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]]:
        """Run a plain function off the event loop, in the thread of the current request.

        Thread-sensitive mode, inside the ``ThreadSensitiveContext`` the ASGI handler
        enters per request, gives each request one thread of its own: its hooks, view,
        teardown and streamed body share thread-bound state (Django's database
        connections, ``threading.local``), while other requests run on theirs.
        """
        from asgiref.sync import sync_to_async

        return sync_to_async(func, thread_sensitive=True)

    # -- the pipeline under ASGI ---------------------------------------------------
    # The stages of the pipeline above, awaited: whatever the synchronous pipeline
    # passes through ``ensure_sync`` goes through ``ensure_async`` here, so coroutine
    # functions run on the event loop and plain ones in the request's thread.

    async def async_full_dispatch_request(self) -> Response:
        """:meth:`full_dispatch_request` for the event loop (the ASGI handler's pipeline)."""
        self._got_first_request = True
        try:
            await signals.request_started.send_async(self, _sync_wrapper=self.ensure_async)
            rv = await self.async_preprocess_request()
            if rv is None:
                rv = await self.async_dispatch_request()
        except Exception as e:
            rv = await self.async_handle_user_exception(e)
        return await self.async_finalize_request(rv)

    async def async_preprocess_request(self) -> t.Any:
        """:meth:`preprocess_request`, awaiting each ``before_request`` function."""
        req = _cv_request.get().request
        names = (None, *reversed(req.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(req.endpoint, req.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = await self.ensure_async(before_func)()
                    if rv is not None:
                        return rv
        return None

    async def async_dispatch_request(self) -> t.Any:
        """:meth:`dispatch_request`, awaiting the view."""
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        view = self.view_functions[rule.endpoint]  # type: ignore[union-attr]
        return await self.ensure_async(view)(**req.view_args)  # type: ignore[arg-type]

    async def async_finalize_request(self, rv: t.Any, from_error_handler: bool = False) -> Response:
        """:meth:`finalize_request`, awaiting the ``after_request`` functions."""
        response = self.make_response(rv)
        try:
            response = await self.async_process_response(response)
            await signals.request_finished.send_async(
                self, _sync_wrapper=self.ensure_async, response=response
            )
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    async def async_process_response(self, response: Response) -> Response:
        """:meth:`process_response`, awaiting each ``after_request`` function."""
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = await self.ensure_async(func)(response)
        for name in chain(ctx.request.blueprints, (None,)):
            if name in self.after_request_funcs:
                for func in reversed(self.after_request_funcs[name]):
                    response = await self.ensure_async(func)(response)
        session = ctx.session_to_save()
        if session is not None and not self.session_interface.is_null_session(session):
            self.session_interface.save_session(self, session, response)
        return response

    async def async_handle_user_exception(self, e: Exception) -> t.Any:
        """:meth:`handle_user_exception` and :meth:`handle_http_exception`, awaiting the handler."""
        if isinstance(e, BadRequestKeyError) and (
            self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]
        ):
            e.show_exception = True
        is_http = isinstance(e, HTTP_EXCEPTION_TYPES) and not self.trap_http_exception(e)
        if is_http and (e.code is None or isinstance(e, RequestRedirect)):  # type: ignore[attr-defined]
            return e
        handler = self._find_error_handler(e, request_ctx.request.blueprints)
        if handler is not None:
            return await self.ensure_async(handler)(e)
        if is_http:
            return e
        raise e

    async def async_handle_exception(self, e: Exception) -> Response:
        """:meth:`handle_exception`, awaiting the 500 handler."""
        await signals.got_request_exception.send_async(
            self, _sync_wrapper=self.ensure_async, exception=e
        )
        propagate = self.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            propagate = self.testing or self.debug
        if propagate:
            raise e
        self.log_exception((type(e), e, e.__traceback__))  # type: ignore[arg-type]
        server_error: t.Any = InternalServerError(original_exception=e)
        handler = self._find_error_handler(server_error, request_ctx.request.blueprints)
        if handler is not None:
            server_error = await self.ensure_async(handler)(server_error)
        return await self.async_finalize_request(server_error, from_error_handler=True)

    async def async_do_teardown_request(self, exc: BaseException | None) -> None:
        """:meth:`do_teardown_request`, awaiting each ``teardown_request`` function."""
        req = _cv_request.get().request
        for name in chain(req.blueprints, (None,)):
            if name in self.teardown_request_funcs:
                for func in reversed(self.teardown_request_funcs[name]):
                    await self.ensure_async(func)(exc)
        await signals.request_tearing_down.send_async(
            self, _sync_wrapper=self.ensure_async, exc=exc
        )

    async def async_do_teardown_appcontext(self, exc: BaseException | None) -> None:
        """:meth:`do_teardown_appcontext`, awaiting each ``teardown_appcontext`` function."""
        for func in reversed(self.teardown_appcontext_funcs):
            await self.ensure_async(func)(exc)
        await signals.appcontext_tearing_down.send_async(
            self, _sync_wrapper=self.ensure_async, exc=exc
        )

    # -- testing ------------------------------------------------------------------

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> FlaskClient:
        """A client that sends requests to this app without a server."""
        cls = self.test_client_class
        if cls is None:
            from .testing import FlaskClient as cls  # type: ignore[assignment]
        return cls(self, self.response_class, use_cookies=use_cookies, **kwargs)  # type: ignore[misc]

    def test_cli_runner(self, **kwargs: t.Any) -> FlaskCliRunner:
        """A click runner that invokes this app's CLI commands in isolation."""
        cls = self.test_cli_runner_class
        if cls is None:
            from .testing import FlaskCliRunner as cls  # type: ignore[assignment]
        return cls(self, **kwargs)  # type: ignore[misc]

    # -- blueprints -------------------------------------------------------------

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Add a blueprint's routes, hooks and handlers to the app.

        :param options: ``url_prefix``, ``subdomain``, ``url_defaults`` and
            ``name`` override the blueprint's own for this registration.
        """
        blueprint.register(self, options)

    def iter_blueprints(self) -> t.ValuesView[Blueprint]:
        """The registered blueprints, in registration order."""
        return self.blueprints.values()

    # -- serving ------------------------------------------------------------------

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


def _strip_default_port(host: str, scheme: str) -> str:
    if scheme in ("http", "ws") and host.endswith(":80"):
        return host[:-3]
    if scheme in ("https", "wss") and host.endswith(":443"):
        return host[:-4]
    return host


def _subdomain_of(host: str, server_name: str) -> str:
    if host == server_name:
        return ""
    suffix = "." + server_name
    if host.endswith(suffix):
        return host[: -len(suffix)]
    return "<invalid>"


def _host_is_trusted(host: str, trusted: t.Iterable[str]) -> bool:
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    for entry in trusted:
        entry = entry.lower()
        if entry.startswith("."):
            if hostname == entry[1:] or hostname.endswith(entry):
                return True
        elif hostname == entry or host == entry:
            return True
    return False
