"""``App``: the application without I/O, and its request pipeline written once.

Config, registries, URL binding and building, error-handler lookup and
``make_response`` live here, with the pipeline as steps (:mod:`.steps`) that yield
where user code runs. It reads top to bottom: match (in the request context) →
``url_value_preprocessors`` and ``before_request`` → the view → ``make_response``
→ ``after_request`` and the session → teardown. :class:`flaskish.Flask` adds the
drivers (WSGI, ASGI, a request Django routed to a mounted app).
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
from types import MethodType, TracebackType

from django.core.exceptions import DisallowedHost
from django.http.response import HttpResponseBase
from django.utils.functional import cached_property

from .. import signals
from .._legacy_app import LegacyAppMixin
from ..config import Config, ConfigAttribute
from ..ctx import RequestContext, _AppCtxGlobals
from ..datastructures import Headers, ImmutableDict
from ..embedded import ensure_django
from ..exceptions import (
    HTTP_EXCEPTION_TYPES,
    WERKZEUG_TWINS,
    Aborter,
    BadRequest,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
)
from ..globals import _cv_app, _cv_request, request_ctx
from ..helpers import get_debug_flag
from ..json.provider import DefaultJSONProvider, JSONProvider
from ..logging import create_logger
from ..routing import BuildError, Map, MapAdapter, RequestRedirect, Rule
from ..routing.map import _ascii_server_name
from ..scaffold import (
    Scaffold,
    _endpoint_from_view_func,
    find_package,
    registering_decorator,
    setupmethod,
)
from ..sessions import SecureCookieSessionInterface, SessionInterface
from ..utils import split_blueprint_path
from ..wrappers import Request, Response
from .steps import NO_KWARGS, MaybeSteps, Steps, call, run_sync

if t.TYPE_CHECKING:
    import logging

    from ..blueprints import Blueprint
    from ..cli_runner import FlaskCliRunner
    from ..jinja_env import DispatchingJinjaLoader, Environment
    from ..testing import FlaskClient
    from ..typing import ResponseReturnValue

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
    if isinstance(func, MethodType):
        # Asked of the function: a bound method is new at each lookup, and
        # remembering it would keep its object (an app) alive.
        func = func.__func__
    try:
        return _remembered_is_coroutine(func)
    except TypeError:  # an unhashable callable
        return inspect.iscoroutinefunction(func)


#: The public stage methods and the steps behind each; a subclass's override of a
#: stage is called in their place, under every driver.
_STAGE_STEPS = {
    name: f"_{name}_steps"
    for name in (
        "full_dispatch_request",
        "preprocess_request",
        "dispatch_request",
        "finalize_request",
        "process_response",
        "handle_user_exception",
        "handle_http_exception",
        "handle_exception",
        "do_teardown_request",
        "do_teardown_appcontext",
    )
}


def _stage_table(cls: type) -> dict[str, t.Callable[..., Steps[t.Any]]]:
    """For each stage, what makes its steps for an app of ``cls``: flaskish's own
    steps, or one call of the override ``cls`` defines."""
    table: dict[str, t.Callable[..., Steps[t.Any]]] = {}
    for name, steps_name in _STAGE_STEPS.items():
        if getattr(cls, name) is getattr(App, name):
            table[name] = getattr(cls, steps_name)
        else:
            table[name] = functools.partial(_call_override, name)
    return table


def _call_override(name: str, app: App, *args: t.Any) -> Steps[t.Any]:
    return call(getattr(app, name), *args)


def _call_replaced(func: t.Callable[..., t.Any], app: App, *args: t.Any) -> Steps[t.Any]:
    return call(func, *args)


class _JinjaEnvironmentClass:
    """``Flask.jinja_environment`` until a subclass sets its own: flaskish's
    :class:`~flaskish.jinja_env.Environment`, imported when first asked for."""

    def __get__(self, obj: object, owner: type | None = None) -> type[Environment]:
        from ..jinja_env import Environment

        return Environment


class App(LegacyAppMixin, Scaffold):
    """The application without I/O: config, registries, routing, URL building, error
    handlers, ``make_response`` and the request pipeline (as steps).

    :class:`flaskish.Flask` is the class to use; it adds the servers' drivers.
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
    def name(self) -> str:
        """The import name, or the script's file name when run as ``__main__``."""
        if self.import_name == "__main__":
            fn: str | None = getattr(sys.modules["__main__"], "__file__", None)
            if fn is None:
                return "__main__"
            return os.path.splitext(os.path.basename(fn))[0]
        return self.import_name

    @property
    def debug(self) -> bool:
        """``DEBUG`` from the config (or, mounted, the site's): unhandled errors
        propagate, JSON is indented."""
        if self.config["DEBUG"]:
            return True
        req_ctx = _cv_request.get(None)
        site_mount = req_ctx.request.site_mount if req_ctx is not None else None
        return bool(site_mount is not None and site_mount.debug)

    @debug.setter
    def debug(self, value: bool) -> None:
        self.config["DEBUG"] = value
        if self.config["TEMPLATES_AUTO_RELOAD"] is None and "jinja_env" in self.__dict__:
            self.jinja_env.auto_reload = value

    @property
    def logger(self) -> logging.Logger:
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
    ) -> t.IO[t.Any]:
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
            raise self._host_refused(exc) from None
        trusted = self.config["TRUSTED_HOSTS"]
        if trusted is not None and not _host_is_trusted(host, trusted):
            raise BadRequest(f"The host {host!r} is not trusted by this application.")
        return host

    def _matches_unbound(self) -> bool:
        """Whether a rule found by path and method alone is the request's rule: no
        host or subdomain decides, and no subclass binds its own adapter."""
        return not (
            self.url_map.host_matching
            or self.subdomain_matching
            or type(self).create_url_adapter is not App.create_url_adapter
            or "create_url_adapter" in self.__dict__
        )

    def _unbound_adapter(self) -> MapAdapter:
        """An adapter for matching by path and method (:meth:`_matches_unbound`),
        bound once per default subdomain; the map's index is always current."""
        subdomain = self.url_map.default_subdomain or ""
        cached = self.__dict__.get("_unbound_adapter_for")
        if cached is None or cached[0] != subdomain:
            cached = self.__dict__["_unbound_adapter_for"] = (
                subdomain,
                self.url_map.bind("localhost", subdomain=subdomain),
            )
        adapter: MapAdapter = cached[1]
        return adapter

    def _refuse_host(self, request: Request) -> None:
        """Refuse the request's host as binding its URL adapter would, for a request
        matched already: with no ``TRUSTED_HOSTS``, Django's verdict and the host's
        IDNA form are all there is to ask, and the host without its default port
        (which needs the scheme) is not built.

        :raises BadRequest: Django's ``ALLOWED_HOSTS`` or ``TRUSTED_HOSTS`` refuses
            it, or it has no IDNA form.
        """
        if self.config["TRUSTED_HOSTS"] is not None:
            self._checked_host(request)
            return
        try:
            host = request._check_allowed_host()
        except DisallowedHost as exc:
            raise self._host_refused(exc) from None
        # Binding refuses a host that has no IDNA form (BadHost): so does this.
        _ascii_server_name(host.lower())

    def _host_refused(self, exc: DisallowedHost) -> BadRequest:
        # Django's message suggests an ALLOWED_HOSTS entry: for the debug page only.
        return BadRequest(str(exc) if self.debug else _HOST_REFUSED)

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

    # -- one request, whatever drives it ----------------------------------------

    def _run_sync(self, steps: MaybeSteps[T]) -> T:
        return run_sync(steps, self.ensure_sync)

    def _request_steps(
        self,
        ctx: RequestContext,
        *,
        respond: t.Callable[[Response], t.Any] | None = None,
        leave_unhandled: bool = False,
    ) -> Steps[t.Any]:
        """One request, whatever drives it: push the contexts, dispatch, answer an
        unhandled error, pop the contexts (teardown).

        :param respond: turns the response into what the driver returns, while
            the contexts are still pushed (the WSGI driver calls the response).
        :param leave_unhandled: raise an error the app has no handler for (nor a
            500 handler) to the caller, Django, instead of answering 500.
        """
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                response = yield from self._stages["full_dispatch_request"](self)
            except Exception as e:
                error = e
                if leave_unhandled and not self._handles_unhandled(e):
                    yield from self._send(signals.got_request_exception, exception=e)
                    raise
                response = yield from self._stages["handle_exception"](self, e)
            except BaseException as e:
                error = e
                raise
            return response if respond is None else respond(response)
        finally:
            preserve = ctx.request.environ.get("werkzeug.debug.preserve_context")
            if preserve is not None:
                preserve(_cv_app.get())
                preserve(_cv_request.get())
            if error is not None and self.should_ignore_error(error):
                error = None
            yield from ctx._pop_steps(error)

    def _handles_unhandled(self, e: Exception) -> bool:
        """Whether this app answers an unhandled error itself (a 500/Exception handler)."""
        if self.config["PROPAGATE_EXCEPTIONS"] is False:
            return True
        server_error = InternalServerError(original_exception=e)
        return self._find_error_handler(server_error, request_ctx.request.blueprints) is not None

    # -- the pipeline, once ---------------------------------------------------------
    # Each public stage method runs its steps to the end in this thread; the steps
    # yield where user code runs. A stage a subclass overrides is called as user code
    # (``_stages``), so every driver honours the override.

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._stages = _stage_table(cls)

    #: ``self._stages[name](self, ...)`` is the steps of stage ``name``, or one call of
    #: what replaced it: a subclass's method (:func:`_stage_table`, set for each class
    #: as it is defined), or a callable set on the app, as Flask-RESTX wraps
    #: ``app.handle_exception`` (then the app has its own table, see :meth:`_restage`).
    _stages: t.ClassVar[dict[str, t.Callable[..., Steps[t.Any]]]]

    def __setattr__(self, name: str, value: t.Any) -> None:
        super().__setattr__(name, value)
        if name in _STAGE_STEPS:
            self._restage()

    def __delattr__(self, name: str) -> None:
        super().__delattr__(name)
        if name in _STAGE_STEPS:
            self._restage()

    def _restage(self) -> None:
        """Give this app its own stage table while a stage is set on it (and
        drop it when none is): the pipeline then calls what was set."""
        table = dict(type(self)._stages)
        replaced = False
        for name in _STAGE_STEPS:
            func = self.__dict__.get(name)
            if func is not None:
                table[name] = functools.partial(_call_replaced, func)
                replaced = True
        if replaced:
            self.__dict__["_stages"] = table
        else:
            self.__dict__.pop("_stages", None)

    def _send(self, signal: t.Any, **kwargs: t.Any) -> MaybeSteps[None]:
        """Send a signal as user code runs: only when something is connected to it."""
        if signal.receivers:
            return call(self._send_now, signal, kwargs)
        return ()

    def _send_now(self, signal: t.Any, kwargs: dict[str, t.Any]) -> None:
        signal.send(self, _async_wrapper=self.ensure_sync, **kwargs)

    def full_dispatch_request(self) -> Response:
        """Hooks, the view, error handling and response processing for one request."""
        return self._run_sync(self._full_dispatch_request_steps())

    def _full_dispatch_request_steps(self) -> Steps[Response]:
        if not self._got_first_request:
            self._got_first_request = True
        try:
            if signals.request_started.receivers:
                yield from self._send(signals.request_started)
            rv = yield from self._stages["preprocess_request"](self)
            if rv is None:
                rv = yield from self._stages["dispatch_request"](self)
        except Exception as e:
            rv = yield from self._stages["handle_user_exception"](self, e)
        response: Response = yield from self._stages["finalize_request"](self, rv)
        return response

    def preprocess_request(self) -> ResponseReturnValue | None:
        """Run URL value preprocessors, then ``before_request`` until one returns a value."""
        rv: ResponseReturnValue | None = self._run_sync(self._preprocess_request_steps())
        return rv

    def _preprocess_request_steps(self) -> MaybeSteps[t.Any]:
        if not self.before_request_funcs and not self.url_value_preprocessors:
            return ()  # nothing to run: no generator to step through
        return self._preprocess_hooks()

    def _preprocess_hooks(self) -> Steps[t.Any]:
        req = _cv_request.get().request
        names = (None, *reversed(req.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(req.endpoint, req.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = yield before_func, (), NO_KWARGS
                    if rv is not None:
                        return rv
        return None

    def dispatch_request(self) -> ResponseReturnValue:
        """Call the matched view (or answer OPTIONS) and return its value."""
        rv: ResponseReturnValue = self._run_sync(self._dispatch_request_steps())
        return rv

    def _dispatch_request_steps(self) -> Steps[t.Any]:
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        view = self.view_functions[rule.endpoint]  # type: ignore[union-attr]
        return (yield view, (), req.view_args)  # type: ignore[misc]

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
        from ..debughelpers import FormDataRoutingRedirect

        raise FormDataRoutingRedirect(request)

    def make_default_options_response(self) -> Response:
        """An empty 200 whose ``Allow`` lists the methods the URL accepts."""
        adapter: MapAdapter = request_ctx.url_adapter  # type: ignore[assignment]
        rv = self.response_class()
        rv.allow.update(adapter.allowed_methods())
        return rv

    def finalize_request(
        self, rv: ResponseReturnValue | HTTPException, from_error_handler: bool = False
    ) -> Response:
        """Turn a view's return value into the response and run ``after_request``."""
        return self._run_sync(self._finalize_request_steps(rv, from_error_handler))

    def _finalize_request_steps(
        self, rv: t.Any, from_error_handler: bool = False
    ) -> Steps[Response]:
        response = self.make_response(rv)
        try:
            processing = self._stages["process_response"](self, response)
            if processing:  # ``()``: nothing to run, the response is as it was
                response = yield from processing
            if signals.request_finished.receivers:
                yield from self._send(signals.request_finished, response=response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def process_response(self, response: Response) -> Response:
        """``after_this_request``, blueprint then app ``after_request``, session save."""
        processing = self._process_response_steps(response)
        return self._run_sync(processing) if processing else response

    def _process_response_steps(self, response: Response) -> MaybeSteps[Response]:
        """The steps of :meth:`process_response`, or ``()`` when it has nothing to
        run (no after-request function, no session to save): the response stands."""
        ctx = _cv_request.get()
        if not ctx._after_request_functions and not self.after_request_funcs:
            # No user code runs before the session is asked for: ask now.
            session = ctx.session_to_save()
            if session is None or self.session_interface.is_null_session(session):
                return ()
            return self._save_session_steps(session, response)
        return self._process_response_hooks(ctx, response)

    def _process_response_hooks(self, ctx: RequestContext, response: Response) -> Steps[Response]:
        for func in ctx._after_request_functions:
            response = yield func, (response,), NO_KWARGS
        for name in chain(ctx.request.blueprints, (None,)):
            if name in self.after_request_funcs:
                for func in reversed(self.after_request_funcs[name]):
                    response = yield func, (response,), NO_KWARGS
        session = ctx.session_to_save()
        if session is not None and not self.session_interface.is_null_session(session):
            # A session interface may write to a database: never on the event loop.
            yield self.session_interface.save_session, (self, session, response), NO_KWARGS
        return response

    def _save_session_steps(self, session: t.Any, response: Response) -> Steps[Response]:
        # A session interface may write to a database: never on the event loop.
        yield self.session_interface.save_session, (self, session, response), NO_KWARGS
        return response

    def make_response(self, rv: t.Any) -> Response:
        """Convert a view's return value into a :class:`Response`.

        Accepts ``str``/``bytes``, ``dict``/``list`` (JSON), iterators and async
        iterators (streamed), responses (flaskish, Django, or any WSGI application),
        and tuples of ``(body, status)``, ``(body, headers)`` or ``(body, status, headers)``.
        """
        if type(rv) is str:  # what views return most: nothing else to look at
            return self.response_class(rv)
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
        response = t.cast(Response, rv)
        if status is not None:
            response.status = status
        if headers:
            response.headers.update(headers)
        return response

    # -- errors -------------------------------------------------------------------

    def handle_user_exception(self, e: Exception) -> HTTPException | ResponseReturnValue:
        """Find a handler for an exception raised by a hook or view, or re-raise it."""
        rv: HTTPException | ResponseReturnValue = self._run_sync(
            self._handle_user_exception_steps(e)
        )
        return rv

    def _handle_user_exception_steps(self, e: Exception) -> Steps[t.Any]:
        if isinstance(e, BadRequestKeyError) and (
            self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]
        ):
            e.show_exception = True
        if isinstance(e, HTTP_EXCEPTION_TYPES) and not self.trap_http_exception(e):
            return (yield from self._stages["handle_http_exception"](self, e))
        handler = self._find_error_handler(e, request_ctx.request.blueprints)
        if handler is None:
            raise e
        return (yield handler, (e,), NO_KWARGS)

    def handle_http_exception(self, e: HTTPException) -> HTTPException | ResponseReturnValue:
        """Call the registered handler for an HTTP error, or use the error as the response."""
        rv: HTTPException | ResponseReturnValue = self._run_sync(
            self._handle_http_exception_steps(e)
        )
        return rv

    def _handle_http_exception_steps(self, e: HTTPException) -> Steps[t.Any]:
        if e.code is None or isinstance(e, RequestRedirect):
            return e
        handler = self._find_error_handler(e, request_ctx.request.blueprints)
        if handler is None:
            return e
        return (yield handler, (e,), NO_KWARGS)

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
        return self._run_sync(self._handle_exception_steps(e))

    def _handle_exception_steps(self, e: Exception) -> Steps[Response]:
        yield from self._send(signals.got_request_exception, exception=e)
        propagate = self.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            propagate = self.testing or self.debug
        if propagate:
            raise e
        # Loggers write to files and sockets: user code, never on the event loop.
        yield self.log_exception, ((type(e), e, e.__traceback__),), NO_KWARGS
        server_error: t.Any = InternalServerError(original_exception=e)
        handler = self._find_error_handler(server_error, request_ctx.request.blueprints)
        if handler is not None:
            server_error = yield handler, (server_error,), NO_KWARGS
        response: Response = yield from self._stages["finalize_request"](self, server_error, True)
        return response

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
        from ..globals import g

        rv: dict[str, t.Any] = {"app": self, "g": g}
        for processor in self.shell_context_processors:
            rv.update(processor())
        return rv

    def do_teardown_request(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Call the ``teardown_request`` functions, blueprints' first, last added first."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        self._run_sync(self._do_teardown_request_steps(exc))

    def _do_teardown_request_steps(self, exc: BaseException | None) -> MaybeSteps[None]:
        if not self.teardown_request_funcs and not signals.request_tearing_down.receivers:
            return ()
        return self._teardown_request_hooks(exc)

    def _teardown_request_hooks(self, exc: BaseException | None) -> Steps[None]:
        req = _cv_request.get().request
        for name in chain(req.blueprints, (None,)):
            if name in self.teardown_request_funcs:
                for func in reversed(self.teardown_request_funcs[name]):
                    yield func, (exc,), NO_KWARGS
        yield from self._send(signals.request_tearing_down, exc=exc)

    def do_teardown_appcontext(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Call the ``teardown_appcontext`` functions, last added first."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        self._run_sync(self._do_teardown_appcontext_steps(exc))

    def _do_teardown_appcontext_steps(self, exc: BaseException | None) -> MaybeSteps[None]:
        if not self.teardown_appcontext_funcs and not signals.appcontext_tearing_down.receivers:
            return ()
        return self._teardown_appcontext_hooks(exc)

    def _teardown_appcontext_hooks(self, exc: BaseException | None) -> Steps[None]:
        for func in reversed(self.teardown_appcontext_funcs):
            yield func, (exc,), NO_KWARGS
        yield from self._send(signals.appcontext_tearing_down, exc=exc)

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
        if req_ctx is not None and endpoint[-6:] == "static" and req_ctx.request.site_mount:
            site_url = req_ctx.request.site_mount.static_url(
                endpoint, {**values, "_anchor": _anchor, "_external": _external}
            )
            if site_url is not None:
                return site_url
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
        return rv

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
        """Give the site mount (a Django URL name) and then ``url_build_error_handlers``
        a chance to return a URL, else re-raise."""
        req_ctx = _cv_request.get(None)
        site_mount = req_ctx.request.site_mount if req_ctx is not None else None
        if site_mount is not None:
            rv = site_mount.build_url(endpoint, values)
            if rv is not None:
                return rv
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
        from ..response import redirect

        return redirect(location, code, self.response_class)

    # -- templates ---------------------------------------------------------------

    #: The Jinja environment class; subclass it to customise Jinja. (Read from
    #: :mod:`flaskish.jinja_env` on first use: Jinja loads when templates are used.)
    jinja_environment: type[Environment] = _JinjaEnvironmentClass()  # type: ignore[assignment]

    #: Extra options for the Jinja environment (set before first use).
    jinja_options: dict[str, t.Any] = {}

    @cached_property
    def jinja_env(self) -> Environment:
        """The app's Jinja environment, created on first use."""
        return self.create_jinja_environment()

    def create_jinja_environment(self) -> Environment:
        """Build the Jinja environment: loaders, autoescape, globals and filters."""
        from ..jinja_env import create_jinja_environment

        return create_jinja_environment(self)

    def create_global_jinja_loader(self) -> DispatchingJinjaLoader:
        """The loader that looks in the app's and then the blueprints' folders."""
        from ..jinja_env import DispatchingJinjaLoader

        return DispatchingJinjaLoader(self)

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        """Autoescape templates from strings and ``.html/.htm/.xml/.xhtml/.svg`` files."""
        if filename is None:
            return True
        return filename.endswith((".html", ".htm", ".xml", ".xhtml", ".svg"))

    def update_template_context(self, context: dict[str, t.Any]) -> None:
        """Add ``request``, ``session``, ``g``, and context processors' values."""
        from ..templating import update_template_context

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


App._stages = _stage_table(App)


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
