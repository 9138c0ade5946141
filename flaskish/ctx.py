"""Application and request contexts, kept in context variables.

Pushing a context makes ``current_app``/``g`` (app context) or
``request``/``session`` (request context) point at it for the current thread
or asyncio task; popping runs the teardown functions and restores what was
there before.
"""

from __future__ import annotations

import contextvars
import sys
import typing as t
import warnings
from functools import update_wrapper
from types import TracebackType

from . import signals
from .exceptions import HTTPException
from .globals import _cv_app, _cv_request
from .sansio.steps import MaybeSteps, Steps, run_sync

if t.TYPE_CHECKING:
    from .app import Flask
    from .routing import MapAdapter
    from .sessions import SessionMixin
    from .wrappers import Request

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

_sentinel = object()


#: ``RequestContext._url_adapter`` before the adapter is built.
_UNBOUND = object()


def _restore(var: contextvars.ContextVar[t.Any], token: contextvars.Token[t.Any]) -> None:
    """Undo ``var.set()``, even from a copy of the context that set it.

    Under ASGI a plain view runs in a copy of the task's context (asgiref's hop
    to a thread), and ``stream_with_context`` pushes from there, so a pop may come
    from another copy; ``reset`` refuses that, so the previous value is set back.
    """
    try:
        var.reset(token)
    except ValueError:
        if token.old_value is not contextvars.Token.MISSING:
            var.set(token.old_value)


#: The package name ``repr(g)`` shows (:mod:`flaskish.compat` makes it ``flask``).
display_package = "flaskish"


class _AppCtxGlobals:
    """``g``: a plain namespace for data that lives as long as the app context."""

    def __getattr__(self, name: str) -> t.Any:
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: t.Any) -> None:
        self.__dict__[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: t.Any | None = None) -> t.Any:
        return self.__dict__.get(name, default)

    def pop(self, name: str, default: t.Any = _sentinel) -> t.Any:
        if default is _sentinel:
            return self.__dict__.pop(name)
        return self.__dict__.pop(name, default)

    def setdefault(self, name: str, default: t.Any = None) -> t.Any:
        return self.__dict__.setdefault(name, default)

    def __contains__(self, item: str) -> bool:
        return item in self.__dict__

    def __iter__(self) -> t.Iterator[str]:
        return iter(self.__dict__)

    def __repr__(self) -> str:
        ctx = _cv_app.get(None)
        if ctx is not None:
            return f"<{display_package}.g of '{ctx.app.name}'>"
        return object.__repr__(self)


def after_this_request(f: F) -> F:
    """Run ``f(response)`` after this request's view, before the app's ``after_request``."""
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'after_this_request' can only be used when a request context is active,"
            " such as in a view function."
        )
    ctx._after_request_functions.append(f)
    return f


def copy_current_request_context(f: F) -> F:
    """Wrap ``f`` so it runs in (a copy of) the current request context.

    For work handed to a thread or greenlet that must still see ``request``
    and ``session``.
    """
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'copy_current_request_context' can only be used when a request context"
            " is active, such as in a view function."
        )
    ctx = ctx.copy()

    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        with ctx:
            return ctx.app.ensure_sync(f)(*args, **kwargs)

    return update_wrapper(wrapper, f)  # type: ignore[return-value]


def has_request_context() -> bool:
    """True inside a request (or ``test_request_context``)."""
    return _cv_request.get(None) is not None


def has_app_context() -> bool:
    """True inside an app context (every request has one)."""
    return _cv_app.get(None) is not None


class AppContext:
    """Binds ``current_app`` and ``g`` for the code that runs inside it."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._url_adapter: MapAdapter | None | object = _UNBOUND
        self.g = app.app_ctx_globals_class()
        self._cv_tokens: list[contextvars.Token[AppContext]] = []

    @property
    def url_adapter(self) -> MapAdapter | None:
        """The app's URL map bound to ``SERVER_NAME`` (None without it); built on
        first use, as a request builds URLs with its own adapter."""
        adapter = self._url_adapter
        if adapter is _UNBOUND:
            adapter = self._url_adapter = self.app.create_url_adapter(None)
        return adapter  # type: ignore[return-value]

    @url_adapter.setter
    def url_adapter(self, value: MapAdapter | None) -> None:
        self._url_adapter = value

    def push(self) -> None:
        self._cv_tokens.append(_cv_app.set(self))
        if signals.appcontext_pushed.receivers:
            signals.appcontext_pushed.send(self.app, _async_wrapper=self.app.ensure_sync)

    def pop(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Leave the context; the last pop runs the ``teardown_appcontext`` functions."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        run_sync(self._pop_steps(exc), self.app.ensure_sync)

    def _pop_steps(self, exc: BaseException | None) -> MaybeSteps[None]:
        """:meth:`pop` as pipeline steps (teardown functions are user code); done
        at once, with no steps (``()``), when no user code is to run."""
        teardown = (
            self.app._stages["do_teardown_appcontext"](self.app, exc)
            if len(self._cv_tokens) == 1
            else ()
        )
        if teardown or signals.appcontext_popped.receivers:
            return self._pop_hooks(teardown)
        self._check_popped(self._leave())
        return ()

    def _pop_hooks(self, teardown: MaybeSteps[None]) -> Steps[None]:
        try:
            yield from teardown
        finally:
            ctx = self._leave()
        self._check_popped(ctx)
        if signals.appcontext_popped.receivers:
            yield from self.app._send(signals.appcontext_popped)

    def _leave(self) -> AppContext:
        ctx = _cv_app.get()
        _restore(_cv_app, self._cv_tokens.pop())
        return ctx

    def _check_popped(self, ctx: AppContext) -> None:
        if ctx is not self:
            raise AssertionError(f"Popped the wrong app context ({ctx!r} instead of {self!r}).")

    def __enter__(self) -> AppContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)


class RequestContext:
    """Everything about one request: the request, its session, its URL match.

    Pushing it also pushes an app context for its app when none for that app
    is active, then opens the session (or leaves it to first use, for a session
    interface that :attr:`~flaskish.sessions.SessionInterface.opens_lazily`) and
    matches the URL.
    """

    def __init__(
        self,
        app: Flask,
        environ: t.Any,
        request: Request | None = None,
        session: SessionMixin | None = None,
        *,
        defer_url_adapter: bool = False,
    ) -> None:
        self.app = app
        if request is None:
            request = app.request_class(environ)
        self.request: Request = request
        self._url_adapter: MapAdapter | None | object = _UNBOUND
        if not defer_url_adapter:
            self._bind_url_adapter()
        self.flashes: list[tuple[str, str]] | None = None
        #: The session once opened (None until first use, for a lazy interface).
        self._opened: SessionMixin | None = session
        self._after_request_functions: list[t.Callable[[t.Any], t.Any]] = []
        self._cv_tokens: list[tuple[contextvars.Token[RequestContext], AppContext | None]] = []

    @property
    def g(self) -> _AppCtxGlobals:
        """The app context's ``g``, where old code (``_request_ctx_stack.top.g``) looked."""
        warnings.warn(
            "Accessing 'g' on the request context is deprecated. Use 'flaskish.g' or"
            " the application context's 'g' instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return _cv_app.get().g

    @g.setter
    def g(self, value: _AppCtxGlobals) -> None:
        warnings.warn(
            "Setting 'g' on the request context is deprecated. Set it on the"
            " application context instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        _cv_app.get().g = value

    @property
    def url_adapter(self) -> MapAdapter | None:
        """The app's URL map bound to this request (None when the request's host was
        refused); built on first use where the request was matched already."""
        adapter = self._url_adapter
        if adapter is _UNBOUND:
            adapter = self._bind_url_adapter()
        return adapter  # type: ignore[return-value]

    @url_adapter.setter
    def url_adapter(self, value: MapAdapter | None) -> None:
        self._url_adapter = value

    def _bind_url_adapter(self) -> MapAdapter | None:
        adapter = None
        try:
            adapter = self.app.create_url_adapter(self.request)
        except HTTPException as e:
            if self.request.routing_exception is None:
                self.request.routing_exception = e
        self._url_adapter = adapter
        return adapter

    @property
    def session(self) -> SessionMixin:
        """The request's session, opened on first use; using it marks it accessed."""
        session = self._opened
        if session is None:
            session = self._opened = self._open_session()
        session.accessed = True
        return session

    @session.setter
    def session(self, value: SessionMixin) -> None:
        self._opened = value

    @property
    def _session(self) -> SessionMixin:
        """The session, opened if need be, without marking it accessed (Flask's name)."""
        if self._opened is None:
            self._opened = self._open_session()
        return self._opened

    @_session.setter
    def _session(self, value: SessionMixin | None) -> None:
        self._opened = value

    def _open_session(self) -> SessionMixin:
        interface = self.app.session_interface
        session = interface.open_session(self.app, self.request)
        if session is None:
            session = interface.make_null_session(self.app)
        return session

    def session_to_save(self) -> SessionMixin | None:
        """The session to save at the end of the request, without marking it accessed.

        A session the request never used is opened now only if the request
        brought one: a new, untouched session has nothing to save.
        """
        if self._opened is None:
            if not self.app.session_interface.has_session_data(self.app, self.request):
                return None
            self._opened = self._open_session()
        return self._opened

    def copy(self) -> RequestContext:
        """A new context for the same request and session (for another thread)."""
        if self._opened is None:
            self._opened = self._open_session()
        return self.__class__(
            self.app, environ=self.request.environ, request=self.request, session=self._opened
        )

    def match_request(self) -> None:
        """Find the URL rule for the request, or remember why none matched."""
        try:
            rule, view_args = self.url_adapter.match(return_rule=True)  # type: ignore[union-attr]
        except HTTPException as e:
            self.request.routing_exception = e
        else:
            self.request.url_rule = rule
            self.request.view_args = view_args

    def push(self) -> None:
        app_ctx = _cv_app.get(None)
        if app_ctx is None or app_ctx.app is not self.app:
            app_ctx = self.app.app_context()
            app_ctx.push()
        else:
            app_ctx = None
        self._cv_tokens.append((_cv_request.set(self), app_ctx))
        if self._opened is None and not self.app.session_interface.opens_lazily:
            self._opened = self._open_session()
        request = self.request
        if (
            request.url_rule is None
            and request.routing_exception is None
            and self.url_adapter is not None
        ):
            self.match_request()

    def pop(self, exc: BaseException | None = _sentinel) -> None:  # type: ignore[assignment]
        """Leave the context; the last pop runs teardown and closes the request."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        run_sync(self._pop_steps(exc), self.app.ensure_sync)

    def _pop_steps(self, exc: BaseException | None) -> Steps[None]:
        """:meth:`pop` as pipeline steps (teardown functions are user code)."""
        try:
            if len(self._cv_tokens) == 1:
                teardown = self.app._stages["do_teardown_request"](self.app, exc)
                if teardown:
                    yield from teardown
                self.request.close()
        finally:
            ctx, app_ctx = self._leave()
            if app_ctx is not None:
                app_pop = app_ctx._pop_steps(exc)
                if app_pop:
                    yield from app_pop
            self._check_popped(ctx)

    def _leave(self) -> tuple[RequestContext, AppContext | None]:
        ctx = _cv_request.get()
        token, app_ctx = self._cv_tokens.pop()
        _restore(_cv_request, token)
        return ctx, app_ctx

    def _check_popped(self, ctx: RequestContext) -> None:
        if ctx is not self:
            raise AssertionError(f"Popped the wrong request context ({ctx!r} instead of {self!r}).")

    def __enter__(self) -> RequestContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.request.url!r}"
            f" [{self.request.method}] of {self.app.name}>"
        )
