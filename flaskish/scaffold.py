"""What ``Flask`` and ``Blueprint`` share: routes, hooks, error handlers, folders.

Registries are keyed by scope: ``None`` for the app itself, a blueprint's
name for that blueprint, so one app-wide lookup serves both.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
import typing as t
from collections import defaultdict
from functools import update_wrapper

from .exceptions import HTTP_EXCEPTION_TYPES, default_exceptions
from .helpers import get_root_path as get_root_path
from .utils import cached_property

if t.TYPE_CHECKING:
    from . import typing as ft
    from .cli import AppGroup

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
# What each decorator accepts, so a type checker checks the decorated function (the bounds
# are strings: flaskish.typing is for type checkers, never loaded by a worker).
T_after_request = t.TypeVar("T_after_request", bound="ft.AfterRequestCallable[t.Any]")
T_before_request = t.TypeVar("T_before_request", bound="ft.BeforeRequestCallable")
T_error_handler = t.TypeVar("T_error_handler", bound="ft.ErrorHandlerCallable")
T_teardown = t.TypeVar("T_teardown", bound="ft.TeardownCallable")
T_template_context_processor = t.TypeVar(
    "T_template_context_processor", bound="ft.TemplateContextProcessorCallable"
)
T_url_defaults = t.TypeVar("T_url_defaults", bound="ft.URLDefaultCallable")
T_url_value_preprocessor = t.TypeVar(
    "T_url_value_preprocessor", bound="ft.URLValuePreprocessorCallable"
)
T_route = t.TypeVar("T_route", bound="ft.RouteCallable")

_sentinel = object()


def setupmethod(f: F) -> F:
    """Mark a method that may only run before the app handles its first request."""
    name = f.__name__

    def wrapper_func(self: Scaffold, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._check_setup_finished(name)
        return f(self, *args, **kwargs)

    return update_wrapper(wrapper_func, f)  # type: ignore[return-value]


def registering_decorator(add: t.Callable[..., None], name: str | None) -> t.Callable[[F], F]:
    """A decorator that passes the function to ``add(f, name=name)`` and returns it."""

    def decorator(f: F) -> F:
        add(f, name=name)
        return f

    return decorator


def _endpoint_from_view_func(view_func: t.Callable[..., t.Any]) -> str:
    if view_func is None:
        raise TypeError("A view function is required to infer the endpoint name.")
    return view_func.__name__


class Scaffold:
    """The registries and decorators common to apps and blueprints."""

    _static_folder: str | None = None
    _static_url_path: str | None = None

    def __init__(
        self,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        root_path: str | None = None,
    ) -> None:
        self.import_name = import_name
        self.static_folder = static_folder
        self.static_url_path = static_url_path
        self.template_folder = template_folder
        if root_path is None:
            root_path = get_root_path(self.import_name)
        self.root_path = root_path

        self.view_functions: dict[str, t.Callable[..., t.Any]] = {}
        self.error_handler_spec: dict[
            str | None, dict[int | None, dict[type[BaseException], t.Callable[..., t.Any]]]
        ] = defaultdict(lambda: defaultdict(dict))
        self.before_request_funcs: dict[str | None, list[t.Callable[..., t.Any]]] = defaultdict(
            list
        )
        self.after_request_funcs: dict[str | None, list[t.Callable[..., t.Any]]] = defaultdict(list)
        self.teardown_request_funcs: dict[str | None, list[t.Callable[..., t.Any]]] = defaultdict(
            list
        )
        self.template_context_processors: dict[str | None, list[t.Callable[..., t.Any]]] = (
            defaultdict(list)
        )
        self.url_value_preprocessors: dict[str | None, list[t.Callable[..., t.Any]]] = defaultdict(
            list
        )
        self.url_default_functions: dict[str | None, list[t.Callable[..., t.Any]]] = defaultdict(
            list
        )

    @cached_property
    def cli(self) -> AppGroup:
        """The click group for commands; an app's join ``flaskish``'s, a blueprint's its app's.

        Made on first use, so a process that never touches the command line
        (an app mounted in a Django site) does not load click.
        """
        from .cli import AppGroup

        group = AppGroup()
        group.name = self.name
        return group

    @property
    def name(self) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def _check_setup_finished(self, f_name: str) -> None:
        raise NotImplementedError

    # -- folders ---------------------------------------------------------------

    @property
    def static_folder(self) -> str | None:
        """The absolute path of the static folder, if one is configured."""
        if self._static_folder is not None:
            return os.path.join(self.root_path, self._static_folder)
        return None

    @static_folder.setter
    def static_folder(self, value: str | os.PathLike[str] | None) -> None:
        if value is not None:
            value = os.fspath(value).rstrip(r"\/")
        self._static_folder = value

    @property
    def has_static_folder(self) -> bool:
        return self.static_folder is not None

    @property
    def static_url_path(self) -> str | None:
        """The URL prefix of static files; defaults to the static folder's name."""
        if self._static_url_path is not None:
            return self._static_url_path
        if self.static_folder is not None:
            basename = os.path.basename(self.static_folder)
            return f"/{basename}".rstrip("/")
        return None

    @static_url_path.setter
    def static_url_path(self, value: str | None) -> None:
        if value is not None:
            value = value.rstrip("/")
        self._static_url_path = value

    @cached_property
    def jinja_loader(self) -> t.Any:
        """A loader for the ``template_folder`` (None without one); assignable, as
        in Flask (``app.jinja_loader = ChoiceLoader([...])``)."""
        from .jinja_env import folder_loader

        return folder_loader(self)

    def open_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = None
    ) -> t.IO[t.Any]:
        """Open a file relative to :attr:`root_path`, for reading only."""
        if mode not in {"r", "rt", "rb"}:
            raise ValueError("Resources can only be opened for reading.")
        path = os.path.join(self.root_path, resource)
        if mode == "rb":
            return open(path, mode)  # noqa: SIM115 - the caller closes it
        return open(path, mode, encoding=encoding)  # noqa: SIM115

    # -- routes -------------------------------------------------------------------

    def _method_route(
        self, method: str, rule: str, options: dict[str, t.Any]
    ) -> t.Callable[[T_route], T_route]:
        if "methods" in options:
            raise TypeError("Use the 'route' decorator to use the 'methods' argument.")
        return self.route(rule, methods=[method], **options)

    @setupmethod
    def get(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """``route(rule, methods=["GET"])``."""
        return self._method_route("GET", rule, options)

    @setupmethod
    def post(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """``route(rule, methods=["POST"])``."""
        return self._method_route("POST", rule, options)

    @setupmethod
    def put(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """``route(rule, methods=["PUT"])``."""
        return self._method_route("PUT", rule, options)

    @setupmethod
    def delete(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """``route(rule, methods=["DELETE"])``."""
        return self._method_route("DELETE", rule, options)

    @setupmethod
    def patch(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """``route(rule, methods=["PATCH"])``."""
        return self._method_route("PATCH", rule, options)

    @setupmethod
    def route(self, rule: str, **options: t.Any) -> t.Callable[[T_route], T_route]:
        """Register the decorated function as the view for ``rule``.

        :param rule: the URL rule, e.g. ``"/user/<int:id>"``.
        :param options: ``endpoint``, ``methods``, ``defaults``,
            ``strict_slashes``, ``redirect_to``, ``subdomain``, ``host``, ...
        """

        def decorator(f: T_route) -> T_route:
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, f, **options)
            return f

        return decorator

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        raise NotImplementedError

    @setupmethod
    def endpoint(self, endpoint: str) -> t.Callable[[F], F]:
        """Register the decorated function as the view of an existing endpoint."""

        def decorator(f: F) -> F:
            self.view_functions[endpoint] = f
            return f

        return decorator

    # -- hooks -------------------------------------------------------------------

    @setupmethod
    def before_request(self, f: T_before_request) -> T_before_request:
        """Run ``f()`` before each request; a non-None return becomes the response."""
        self.before_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def after_request(self, f: T_after_request) -> T_after_request:
        """Run ``f(response)`` after each request; it returns the response to send."""
        self.after_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def teardown_request(self, f: T_teardown) -> T_teardown:
        """Run ``f(error)`` when the request context is popped, even after errors."""
        self.teardown_request_funcs.setdefault(None, []).append(f)
        return f

    @setupmethod
    def context_processor(self, f: T_template_context_processor) -> T_template_context_processor:
        """Add the dict ``f()`` returns to every template's context."""
        self.template_context_processors[None].append(f)
        return f

    @setupmethod
    def url_value_preprocessor(self, f: T_url_value_preprocessor) -> T_url_value_preprocessor:
        """Run ``f(endpoint, values)`` on matched URL values before the view sees them."""
        self.url_value_preprocessors[None].append(f)
        return f

    @setupmethod
    def url_defaults(self, f: T_url_defaults) -> T_url_defaults:
        """Run ``f(endpoint, values)`` on the values given to ``url_for``, to fill defaults."""
        self.url_default_functions[None].append(f)
        return f

    # -- errors ----------------------------------------------------------------

    @setupmethod
    def errorhandler(
        self, code_or_exception: type[Exception] | int
    ) -> t.Callable[[T_error_handler], T_error_handler]:
        """Register the decorated function for an HTTP code or exception class."""

        def decorator(f: T_error_handler) -> T_error_handler:
            self.register_error_handler(code_or_exception, f)
            return f

        return decorator

    @setupmethod
    def register_error_handler(
        self, code_or_exception: type[Exception] | int, f: t.Callable[..., t.Any]
    ) -> None:
        """Like :meth:`errorhandler`, without the decorator."""
        exc_class, code = self._get_exc_class_and_code(code_or_exception)
        self.error_handler_spec[None][code][exc_class] = f

    @staticmethod
    def _get_exc_class_and_code(
        exc_class_or_code: type[Exception] | int,
    ) -> tuple[type[Exception], int | None]:
        """Normalise a handler key to ``(exception class, HTTP code or None)``."""
        if isinstance(exc_class_or_code, int):
            try:
                exc_class: t.Any = default_exceptions[exc_class_or_code]
            except KeyError:
                raise ValueError(
                    f"'{exc_class_or_code}' is not a recognized HTTP error code. Use a"
                    " subclass of HTTPException with that code instead."
                ) from None
        else:
            exc_class = exc_class_or_code
        if isinstance(exc_class, Exception):
            raise TypeError(
                f"{exc_class!r} is an instance, not a class. Handlers can only be"
                " registered for exception classes or HTTP error codes."
            )
        if not isinstance(exc_class, type) or not issubclass(exc_class, Exception):
            raise ValueError(
                f"'{getattr(exc_class, '__name__', exc_class)}' is not a subclass of"
                " Exception. Handlers can only be registered for Exception classes or"
                " HTTP error codes."
            )
        if issubclass(exc_class, HTTP_EXCEPTION_TYPES):
            return exc_class, exc_class.code  # type: ignore[attr-defined]
        return exc_class, None


def _find_package_path(import_name: str) -> str:
    """The folder containing the top-level package of ``import_name``."""
    root_mod_name, _, _ = import_name.partition(".")
    try:
        spec = importlib.util.find_spec(root_mod_name)
    except (ImportError, ValueError):
        return os.getcwd()
    if spec is not None and spec.origin in (None, "namespace") and spec.submodule_search_locations:
        return _namespace_portion_parent(import_name, list(spec.submodule_search_locations))
    if spec is None or spec.origin in (None, "namespace"):
        return os.getcwd()
    if spec.submodule_search_locations:
        return os.path.dirname(os.path.dirname(spec.origin))
    return os.path.dirname(spec.origin)


def _namespace_portion_parent(import_name: str, portions: list[str]) -> str:
    """The folder holding the portion of a namespace package that ``import_name`` is in
    (a namespace spreads over several folders; the first one when that is unknown)."""
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        spec = None
    origin = getattr(spec, "origin", None)
    if origin not in (None, "namespace"):
        for portion in portions:
            if pathlib.PurePath(origin).is_relative_to(portion):
                return os.path.dirname(portion)
    return os.path.dirname(portions[0])


def find_package(import_name: str) -> tuple[str | None, str]:
    """``(installation prefix or None, package folder)`` for instance folders."""
    package_path = _find_package_path(import_name)
    py_prefix = os.path.abspath(sys.prefix)
    if pathlib.PurePath(package_path).is_relative_to(py_prefix):
        return py_prefix, package_path
    site_parent, site_folder = os.path.split(package_path)
    if site_folder.lower() == "site-packages":
        parent, folder = os.path.split(site_parent)
        if folder.lower() == "lib":
            return parent, package_path
        if os.path.basename(parent).lower() == "lib":
            return os.path.dirname(parent), package_path
        return site_parent, package_path
    return None, package_path
