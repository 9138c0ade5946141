"""Stepping through the request pipeline, which is written once as generators.

Each stage of the pipeline (``App._full_dispatch_request_steps`` and the rest) is a
generator that yields a :data:`Call` wherever user code runs (a hook, the view, an
error handler, a signal, a stage a subclass overrides) and is sent back what the
call returned, or has its exception thrown in. A driver decides how a call runs:

- :func:`run_sync` calls each one in the current thread (``ensure_sync`` turns an
  ``async def`` into a blocking call): the WSGI driver and the public stage methods.
- :func:`run_async` awaits coroutine functions on the event loop and runs a stretch
  of plain calls in one hop to a thread, where it keeps stepping until the pipeline
  ends or reaches the next coroutine function: the ASGI drivers.

This module does no I/O and knows nothing of apps: it only moves values and
exceptions between a generator and the functions it asks for.
"""

from __future__ import annotations

import typing as t
from collections.abc import Awaitable, Callable, Generator

R = t.TypeVar("R")

#: A function the pipeline wants called, with its arguments.
Call = tuple[Callable[..., t.Any], tuple[t.Any, ...], dict[str, t.Any]]
#: A pipeline stage: yields calls, is sent their results, returns its own result.
#: A stage with nothing to run may be ``()`` instead (``yield from ()`` is None).
Steps = Generator[Call, t.Any, R]
MaybeSteps = Steps[R] | tuple[()]

#: ``(finished, value)``: the steps' result when finished, else the next call.
_Advance = tuple[bool, t.Any]


#: The keyword arguments of a call that has none (never changed).
NO_KWARGS: dict[str, t.Any] = {}


def call(func: Callable[..., t.Any], *args: t.Any, **kwargs: t.Any) -> Steps[t.Any]:
    """Steps that make one call and return its result (``yield from call(f, x)``)."""
    return (yield func, args, kwargs)


def _advance(steps: Steps[t.Any], value: t.Any, error: BaseException | None) -> _Advance:
    """Resume the steps with a call's result (or its exception)."""
    try:
        if error is not None:
            return False, steps.throw(error)
        return False, steps.send(value)
    except StopIteration as stop:
        return True, stop.value


def _run_plain(
    steps: Steps[t.Any],
    pending: Call,
    wrap: Callable[[Callable[..., t.Any]], Callable[..., t.Any]],
    is_async: Callable[[Callable[..., t.Any]], bool] | None,
) -> _Advance:
    """Make calls in this thread until the steps end, or (``is_async`` given) until
    the next call is a coroutine function, which is handed back unmade."""
    send, throw = steps.send, steps.throw
    while True:
        func, args, kwargs = pending
        if is_async is not None and is_async(func):
            return False, pending
        try:
            value = wrap(func)(*args, **kwargs)
        except BaseException as e:  # noqa: BLE001 - the steps decide what propagates
            try:
                pending = throw(e)
            except StopIteration as stop:
                return True, stop.value
        else:
            try:
                pending = send(value)
            except StopIteration as stop:
                return True, stop.value


def _same(func: Callable[..., t.Any]) -> Callable[..., t.Any]:
    return func


def run_sync(
    steps: MaybeSteps[R], wrap: Callable[[Callable[..., t.Any]], Callable[..., t.Any]] = _same
) -> R:
    """Run the steps to the end in this thread, calling ``wrap(func)(*args, **kwargs)`` for each call.

    :param wrap: ``app.ensure_sync`` in a pipeline, so ``async def`` code runs too.
    """
    if isinstance(steps, tuple):  # a stage with nothing to do: its steps are ``()``
        return None  # type: ignore[return-value]
    try:
        pending = steps.send(None)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    return _run_plain(steps, pending, wrap, None)[1]  # type: ignore[no-any-return]


async def run_async(
    steps: MaybeSteps[R],
    is_async: Callable[[Callable[..., t.Any]], bool],
    hop: Callable[..., Awaitable[_Advance]],
    before_await: Callable[[], Awaitable[None]] | None = None,
) -> R:
    """Run the steps to the end on the event loop.

    :param is_async: whether a function is a coroutine function (awaited here).
    :param hop: ``await hop(func, *args)`` runs ``func(*args)`` in the request's
        thread; a whole stretch of plain calls is one hop.
    :param before_await: awaited before each coroutine function is (the ASGI
        driver receives the body there, if the request may read it).
    """
    if isinstance(steps, tuple):
        return None  # type: ignore[return-value]
    finished, pending = _advance(steps, None, None)
    while not finished:
        func, args, kwargs = pending
        if is_async(func):
            if before_await is not None:
                await before_await()
            try:
                value = await func(*args, **kwargs)
            except BaseException as e:  # noqa: BLE001 - the steps decide what propagates
                finished, pending = _advance(steps, None, e)
            else:
                finished, pending = _advance(steps, value, None)
        else:
            finished, pending = await hop(_run_plain, steps, pending, _same, is_async)
    return pending  # type: ignore[no-any-return]
