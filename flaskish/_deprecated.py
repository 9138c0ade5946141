"""Names that older Flask code imports and later Flask removed.

They keep working so such code runs unchanged, and warn so it gets updated.
``flaskish.__getattr__`` and ``flaskish.globals.__getattr__`` look names up
here; a plain ``import flaskish`` loads nothing from this module and never warns.
"""

from __future__ import annotations

import typing as t

from .globals import deprecated_stack
from .utils import warn_from_caller

if t.TYPE_CHECKING:
    pass


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
    "signals_available": (lambda: True, "Signals are always available; remove the check."),
}



def lookup(module: str, name: str) -> t.Any:
    """The object behind a removed name of ``module``, with a ``DeprecationWarning``.

    :raise AttributeError: ``name`` is not a removed name either.
    """
    stack = deprecated_stack(module, name)
    if stack is not None:
        return stack
    try:
        load, advice = _ALIASES[name]
    except KeyError:
        raise AttributeError(f"module {module!r} has no attribute {name!r}", name=name) from None
    warn_from_caller(f"'{module}.{name}' is deprecated. {advice}")
    return load()
