"""Names that older Flask code imports and later Flask removed.

They keep working so such code runs unchanged, and warn so it gets updated.
``flaskish.__getattr__`` and ``flaskish.globals.__getattr__`` look names up
here; a plain ``import flaskish`` loads nothing from this module and never warns.
"""

from __future__ import annotations

import typing as t
import warnings
from contextvars import ContextVar

from .globals import _cv_app, _cv_request

if t.TYPE_CHECKING:
    from .ctx import AppContext, RequestContext


class _ContextStack:
    """What ``_request_ctx_stack``/``_app_ctx_stack`` were: only ``top`` is kept.

    Contexts now live in context variables, not stacks; ``top`` is the current one.
    """

    def __init__(self, name: str, cv: ContextVar[t.Any]) -> None:
        self.name = name
        self._cv = cv

    @property
    def top(self) -> AppContext | RequestContext | None:
        """The active context, or None; it has ``app``, ``g`` and ``url_adapter``
        (and ``request``, ``session`` and ``flashes`` for the request context)."""
        warnings.warn(
            f"'_{self.name}_ctx_stack.top' is deprecated. Use 'g' to store data, or"
            f" 'flaskish.globals.{self.name}_ctx' to reach the current context.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self._cv.get(None)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<flaskish _{self.name}_ctx_stack>"


_request_ctx_stack = _ContextStack("request", _cv_request)
_app_ctx_stack = _ContextStack("app", _cv_app)


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
    "_request_ctx_stack": (
        lambda: _request_ctx_stack,
        "Use 'g' to store data, or 'flaskish.globals.request_ctx' to reach the current"
        " request context.",
    ),
    "_app_ctx_stack": (
        lambda: _app_ctx_stack,
        "Use 'g' to store data, or 'flaskish.globals.app_ctx' to reach the current"
        " application context.",
    ),
    "signals_available": (lambda: True, "Signals are always available; remove the check."),
}

#: The aliases ``flaskish.globals`` also offers (where Flask 2.x kept them).
GLOBALS_NAMES = frozenset({"_request_ctx_stack", "_app_ctx_stack"})


def lookup(module: str, name: str) -> t.Any:
    """The object behind a removed name of ``module``, with a ``DeprecationWarning``.

    :raise AttributeError: ``name`` is not a removed name either.
    """
    try:
        load, advice = _ALIASES[name]
    except KeyError:
        from .compat import missing_name

        raise missing_name(module, name) from None
    warnings.warn(f"'{module}.{name}' is deprecated. {advice}", DeprecationWarning, stacklevel=3)
    return load()
