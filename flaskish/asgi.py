"""Serving a standalone app over ASGI: ``app.asgi_app``.

:class:`ASGIHandler` drives the app's pipeline (the steps in
:mod:`flaskish.sansio.steps`) on the event loop. It builds Django's
``ASGIRequest`` from the scope, with a body received only when the request
reads it (:mod:`flaskish.asgi_body`); ``async def`` views, hooks and handlers are
awaited on the loop, and each stretch of plain code runs in one hop to the
request's own thread (one per request at a time, lent from a pool, so the
request's plain functions share thread-bound state such as Django's database
connections). Nothing else goes to a thread: no signal without receivers, no
listener task, no body spooled for a request that does not read it.

Apps mounted in a Django site are served by the site's ``asgi.py`` instead:
Django's handler calls the bridge view, which drives the same pipeline.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import typing as t
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIRequest

from .asgi_body import ReceivedBody, expects_body
from .embedded import needs_django_request_signals
from .wrappers import Response

if t.TYPE_CHECKING:
    from django.http import HttpResponseBase

    from .app import Flask

__all__ = ["ASGIHandler"]

Scope = dict[str, t.Any]
Receive = t.Callable[[], t.Awaitable[dict[str, t.Any]]]
Send = t.Callable[[dict[str, t.Any]], t.Awaitable[None]]

_END = object()

#: The largest body message sent at once.
_CHUNK_SIZE = 2**16

# Older asgiref (before ThreadSensitiveContext took an executor) starts a thread per request.
_LENDS_EXECUTORS = "executor" in inspect.signature(ThreadSensitiveContext).parameters


class _RequestThreads:
    """Single-thread executors, each lent to one request at a time.

    A request's plain functions must share one thread (Django's database
    connections, ``threading.local``); starting a thread per request costs more
    than the request, so idle ones are kept.

    :param keep: how many idle threads to keep after a burst.
    """

    def __init__(self, keep: int = 64) -> None:
        self.keep = keep
        self._idle: list[ThreadPoolExecutor] = []

    @contextlib.asynccontextmanager
    async def lend(self) -> t.AsyncIterator[ThreadPoolExecutor | None]:
        """An executor for the request, also the one ``sync_to_async`` uses inside it."""
        if not _LENDS_EXECUTORS:
            async with ThreadSensitiveContext():
                yield None
            return
        try:
            executor = self._idle.pop()
        except IndexError:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flaskish-request")
        try:
            async with ThreadSensitiveContext(executor=executor):
                yield executor
        finally:
            if len(self._idle) < self.keep:
                self._idle.append(executor)
            else:
                executor.shutdown(wait=False)


class ASGIHandler:
    """An ASGI 3 application that serves one flaskish app.

    :param app: the app whose pipeline answers every request.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.request_threads = _RequestThreads()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise ValueError(
                f"flaskish serves HTTP and lifespan ASGI connections, not {scope['type']!r}."
                " Route other protocols to another ASGI application."
            )
        # A task of its own: its context variables (the pushed contexts, what a
        # streamed body pushes from the request's thread) end with it.
        await asyncio.create_task(self._serve(scope, receive, send))

    async def lifespan(self, receive: Receive, send: Send) -> None:
        """Acknowledge startup and shutdown: the app needs no setup of its own."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        loop = asyncio.get_running_loop()
        body = ReceivedBody(
            receive, loop, self.app.config["MAX_CONTENT_LENGTH"], expects_body(scope)
        )
        request = ASGIRequest(scope, body)  # type: ignore[arg-type]  # a RawIOBase reads as IO
        try:
            async with self.request_threads.lend() as executor:
                hop = self._hop_in(executor, loop)
                response = await self._dispatch(request, body, hop)
                response._head_only = request.method == "HEAD"
                try:
                    if not body.disconnected:  # nobody is left to answer
                        await self.send_response(response, send, hop)
                finally:
                    if response._resource_closers or needs_django_request_signals():
                        # Closers run user code (a generator's finally), Django's
                        # request_finished recycles database connections.
                        await hop(response.close)
                    else:
                        response.close()
        finally:
            body.close()

    def _hop_in(
        self, executor: ThreadPoolExecutor | None, loop: asyncio.AbstractEventLoop
    ) -> t.Callable[..., t.Awaitable[t.Any]]:
        """``await hop(func, *args)``: ``func`` in the request's thread, and what it
        sets in context variables (the contexts it pushes) seen afterwards here."""
        if executor is None:
            # Older asgiref lends no executor: the app's own hop (asgiref's
            # thread-sensitive ``sync_to_async``) reaches the request's thread.
            return self.app._hop

        async def hop(func: t.Callable[..., t.Any], *args: t.Any) -> t.Any:
            context = contextvars.copy_context()
            try:
                return await loop.run_in_executor(executor, context.run, func, *args)
            finally:
                _adopt(context)

        return hop

    async def _dispatch(
        self, request: ASGIRequest, body: ReceivedBody, hop: t.Callable[..., t.Awaitable[t.Any]]
    ) -> Response:
        """The app's pipeline for the request; the body is received before ``async def``
        code runs, when a rule matched (code on the loop cannot wait for it)."""
        app = self.app
        ctx = app._matched_first_context(request)

        async def before_await() -> None:
            if ctx.request.routing_exception is None and not body.received:
                declared = ctx.request.content_length
                limit = ctx.request.max_content_length
                if declared is None or limit is None or declared <= limit:
                    body.limit = limit
                    await body.receive()

        return await app._run_async(app._request_steps(ctx), hop, before_await=before_await)

    async def send_response(
        self,
        response: HttpResponseBase,
        send: Send,
        hop: t.Callable[..., t.Awaitable[t.Any]],
    ) -> None:
        """Send the status, every header line and the body, a chunk per message when streamed."""
        if not isinstance(response, Response):
            # Django's own answers to a request it could not build (400, 413).
            response = Response.force_type(response)
        headers = [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in response.get_wsgi_headers()
        ]
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": headers}
        )
        if getattr(response, "_head_only", False):
            await send({"type": "http.response.body"})
        elif response.streaming:
            async for part in self._stream(response, hop):
                for chunk, _ in _chunks(part):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body"})
        else:
            for chunk, last in _chunks(response.get_data()):
                await send({"type": "http.response.body", "body": chunk, "more_body": not last})

    async def _stream(
        self, response: Response, hop: t.Callable[..., t.Awaitable[t.Any]]
    ) -> t.AsyncIterator[bytes]:
        """The streamed body: async iterators on the loop, plain ones in the request's thread.

        A plain generator may block (files, sleeps, database cursors), so each chunk
        is pulled off the loop, always in one context so that what the generator
        pushes (``stream_with_context``) it can pop.
        """
        if response.is_async:
            body = response.response
            try:
                async for part in response:
                    yield part
            finally:
                if hasattr(body, "aclose"):
                    await body.aclose()
            return
        iterator = iter(response.streaming_content)
        run = contextvars.copy_context().run
        while True:
            part = await hop(run, next, iterator, _END)
            if part is _END:
                return
            yield part


def _chunks(data: bytes) -> t.Iterator[tuple[bytes, bool]]:
    """``(chunk, last)`` pieces of at most :data:`_CHUNK_SIZE` bytes (one, if empty)."""
    if not data:
        yield data, True
        return
    for position in range(0, len(data), _CHUNK_SIZE):
        yield data[position : position + _CHUNK_SIZE], position + _CHUNK_SIZE >= len(data)


def _adopt(context: contextvars.Context) -> None:
    """Set here what the thread changed in its copy of this context."""
    for var, value in context.items():
        try:
            if var.get() is value:
                continue
        except LookupError:
            pass
        var.set(value)
