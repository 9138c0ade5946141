"""The context-local proxies: ``current_app``, ``g``, ``request`` and ``session``.

Contexts live in :mod:`contextvars`, so threads and asyncio tasks each see
their own.  This module imports nothing from the rest of flaskish.
"""

from __future__ import annotations

import typing as t
from contextvars import ContextVar

from .local import LocalProxy

if t.TYPE_CHECKING:
    from .app import Flask
    from .ctx import AppContext, RequestContext, _AppCtxGlobals
    from .sessions import SessionMixin
    from .wrappers import Request

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
current_app: Flask = LocalProxy(  # type: ignore[assignment]
    _cv_app, "app", unbound_message=_no_app_msg
)
g: _AppCtxGlobals = LocalProxy(_cv_app, "g", unbound_message=_no_app_msg)  # type: ignore[assignment]

request_ctx: RequestContext = LocalProxy(  # type: ignore[assignment]
    _cv_request, unbound_message=_no_req_msg
)
request: Request = LocalProxy(  # type: ignore[assignment]
    _cv_request, "request", unbound_message=_no_req_msg
)
session: SessionMixin = LocalProxy(  # type: ignore[assignment]
    _cv_request, "session", unbound_message=_no_req_msg
)


def __getattr__(name: str) -> t.Any:
    # ``_request_ctx_stack`` and ``_app_ctx_stack``, which extensions imported from
    # here; they warn, so they resolve lazily.
    from . import _deprecated

    if name in _deprecated.GLOBALS_NAMES:
        return _deprecated.lookup(__name__, name)
    from .compat import missing_name

    raise missing_name(__name__, name)
