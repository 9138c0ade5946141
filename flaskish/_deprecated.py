"""Names that older Flask code imports and later Flask removed.

They keep working so such code runs unchanged, and warn so it gets updated.
``flaskish.__getattr__`` (and, for the other modules, the hook
:mod:`flaskish.compat` installs) looks names up here; a plain ``import flaskish`` loads nothing from this module and never warns.
"""

from __future__ import annotations

import ipaddress
import os
import typing as t
from threading import RLock

from .globals import deprecated_stack
from .utils import cached_property, warn_from_caller


def safe_join(directory: str, *pathnames: str) -> str:
    """Join paths under ``directory``; 404 (not None) if the result would leave it."""
    from .exceptions import NotFound
    from .helpers import safe_join as _safe_join

    path = _safe_join(directory, *pathnames)
    if path is None:
        raise NotFound()
    return path


def _markupsafe(name: str) -> t.Any:
    import markupsafe

    return getattr(markupsafe, name)


def _session_class() -> t.Any:
    from .sessions import SecureCookieSession

    return SecureCookieSession


class locked_cached_property(cached_property[t.Any]):  # noqa: N801 - Flask 2.2's name
    """A ``cached_property`` whose computation holds a lock (Flask <= 2.2).

    Flask 2.3 dropped it: app attributes built once need no lock any more.
    """

    def __init__(
        self, fget: t.Callable[[t.Any], t.Any], name: str | None = None, doc: str | None = None
    ) -> None:
        super().__init__(fget, name=name, doc=doc)
        self.lock = RLock()

    def __get__(self, obj: t.Any, owner: type | None = None) -> t.Any:
        if obj is None:
            return self
        with self.lock:
            return super().__get__(obj, owner)

    def __set__(self, obj: t.Any, value: t.Any) -> None:
        with self.lock:
            super().__set__(obj, value)

    def __delete__(self, obj: t.Any) -> None:
        with self.lock:
            super().__delete__(obj)


def get_env() -> str:
    """``FLASK_ENV``, or ``"production"``: what ``app.env`` was (Flask <= 2.2)."""
    return os.environ.get("FLASK_ENV") or "production"


def is_ip(value: str) -> bool:
    """Whether ``value`` is an IPv4 or IPv6 address (Flask <= 2.2 checked cookie domains)."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


_LOCKED = (
    lambda: locked_cached_property,
    "Use 'functools.cached_property' (or 'werkzeug.utils.cached_property'), with a"
    " lock of your own if the value must be computed once.",
)

#: Names a module other than the package itself had, by module (Flask 0.10 to 2.2).
_MODULE_ALIASES: dict[str, dict[str, tuple[t.Callable[[], t.Any], str]]] = {
    "flaskish.helpers": {
        "locked_cached_property": _LOCKED,
        "get_env": (lambda: get_env, "Use 'app.debug' (FLASK_DEBUG) instead of the environment."),
        "is_ip": (lambda: is_ip, "Use 'ipaddress.ip_address' instead."),
    },
    "flaskish.app": {"locked_cached_property": _LOCKED},
}


# name -> (load the object, what to do instead)
_ALIASES: dict[str, tuple[t.Callable[[], t.Any], str]] = {
    "escape": (lambda: _markupsafe("escape"), "Import 'markupsafe.escape' instead."),
    "Markup": (lambda: _markupsafe("Markup"), "Import 'markupsafe.Markup' instead."),
    "safe_join": (
        lambda: safe_join,
        "Use 'flaskish.helpers.safe_join', which returns None rather than raising"
        " NotFound, or 'send_from_directory'.",
    ),
    "Session": (
        _session_class,
        "Use 'flaskish.sessions.SecureCookieSession', or 'SessionMixin' for type hints.",
    ),
    "signals_available": (lambda: True, "Signals are always available; remove the check."),
}


def lookup(module: str, name: str, package_names: bool = True) -> t.Any:
    """The object behind a removed name of ``module``, with a ``DeprecationWarning``.

    ``module``'s own removed names are looked up, else (``package_names``) those
    the package had.

    :raise AttributeError: ``name`` is not a removed name either.
    """
    if package_names:
        stack = deprecated_stack(module, name)
        if stack is not None:
            return stack
    table = _MODULE_ALIASES.get(module, _ALIASES if package_names else {})
    try:
        load, advice = table[name]
    except KeyError:
        raise AttributeError(f"module {module!r} has no attribute {name!r}", name=name) from None
    warn_from_caller(f"'{module}.{name}' is deprecated. {advice}")
    return load()
