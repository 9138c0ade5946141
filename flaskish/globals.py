"""The context-local proxies: ``current_app``, ``g``, ``request`` and ``session``.

Contexts live in :mod:`contextvars`, so threads and asyncio tasks each see
their own.  This module imports nothing from the rest of flaskish.
"""

from __future__ import annotations

import typing as t
import warnings
from contextvars import ContextVar

from .local import LocalProxy
from .utils import warn_from_caller

if t.TYPE_CHECKING:
    from .app import Flask
    from .ctx import AppContext, RequestContext, _AppCtxGlobals
    from .sessions import SessionMixin
    from .wrappers import Request

    # What the proxies are to a type checker: the object, plus the proxy's own method.
    class FlaskProxy(Flask):
        def _get_current_object(self) -> Flask: ...

    class RequestProxy(Request):
        def _get_current_object(self) -> Request: ...


_no_app_msg = (
    "Working outside of application context. This code needs the current"
    " application: push one with 'with app.app_context():', or run it inside a"
    " request."
)
_no_req_msg = (
    "Working outside of request context. This code needs an active HTTP request:"
    " use 'with app.test_request_context():' in tests and scripts, or run it"
    " inside a view."
)

_cv_app: ContextVar[AppContext] = ContextVar("flaskish.app_ctx")
_cv_request: ContextVar[RequestContext] = ContextVar("flaskish.request_ctx")

app_ctx: AppContext = LocalProxy(_cv_app, unbound_message=_no_app_msg)  # type: ignore[assignment]
current_app: FlaskProxy = LocalProxy(  # type: ignore[assignment]
    _cv_app, "app", unbound_message=_no_app_msg
)
g: _AppCtxGlobals = LocalProxy(_cv_app, "g", unbound_message=_no_app_msg)  # type: ignore[assignment]

request_ctx: RequestContext = LocalProxy(  # type: ignore[assignment]
    _cv_request, unbound_message=_no_req_msg
)
request: RequestProxy = LocalProxy(  # type: ignore[assignment]
    _cv_request, "request", unbound_message=_no_req_msg
)
session: SessionMixin = LocalProxy(  # type: ignore[assignment]
    _cv_request, "session", unbound_message=_no_req_msg
)


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
        result: AppContext | RequestContext | None = self._cv.get(None)
        return result

    def __repr__(self) -> str:
        return f"<flaskish _{self.name}_ctx_stack>"


#: Older names of the context stacks (Flask 2.x kept them here): deprecated.
_STACKS = {
    "_request_ctx_stack": (
        _ContextStack("request", _cv_request),
        "Use 'g' to store data, or 'flaskish.globals.request_ctx' to reach the current"
        " request context.",
    ),
    "_app_ctx_stack": (
        _ContextStack("app", _cv_app),
        "Use 'g' to store data, or 'flaskish.globals.app_ctx' to reach the current"
        " application context.",
    ),
}


def deprecated_stack(module: str, name: str) -> _ContextStack | None:
    """The stack an older name stands for, with a ``DeprecationWarning`` (None: no such name)."""
    found = _STACKS.get(name)
    if found is None:
        return None
    stack, advice = found
    warn_from_caller(f"'{module}.{name}' is deprecated. {advice}")
    return stack


def __getattr__(name: str) -> t.Any:
    stack = deprecated_stack(__name__, name)
    if stack is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}", name=name)
    return stack
