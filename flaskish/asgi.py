"""Serving a standalone app over ASGI: ``app.asgi_app``, on Django's ASGI handler.

:class:`ASGIHandler` is Django's own handler with the app in place of Django's
middleware and URL resolver: Django reads the body (spooled to disk when large),
builds the ``ASGIRequest`` from the scope, watches for the client going away and
closes the response; the app's pipeline runs on the event loop
(:meth:`Flask.async_full_dispatch_request`), so ``async def`` views and hooks never
leave it, while plain functions run in the request's own thread.

Apps mounted in a Django site are served by the site's ``asgi.py`` instead: there
Django calls the bridge view, a plain function, in a thread, and ``async def`` views
are run back on the event loop by ``ensure_sync``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import os
import typing as t
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers import asgi as django_asgi
from django.core.handlers.base import BaseHandler

from .wrappers import Response

if t.TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

    from .app import Flask

__all__ = ["ASGIHandler"]

Scope = dict[str, t.Any]
Receive = t.Callable[[], t.Awaitable[dict[str, t.Any]]]
Send = t.Callable[[dict[str, t.Any]], t.Awaitable[None]]

_END = object()

# Older asgiref (before ThreadSensitiveContext took an executor) starts a thread per request.
_LENDS_EXECUTORS = "executor" in inspect.signature(ThreadSensitiveContext).parameters


class _RequestThreads:
    """Single-thread executors, each lent to one request at a time.

    A request's plain functions must share one thread (see ``Flask.sync_to_async``);
    asgiref's own per-request executor starts a thread to work and one to join it
    for every request, even one that never leaves the loop; lending kept threads
    starts none.

    :param keep: how many idle threads to keep after a burst.
    """

    def __init__(self, keep: int = 64) -> None:
        self.keep = keep
        self._idle: list[ThreadPoolExecutor] = []

    @contextlib.asynccontextmanager
    async def lend(self) -> t.AsyncIterator[None]:
        if not _LENDS_EXECUTORS:
            async with ThreadSensitiveContext():
                yield
            return
        try:
            executor = self._idle.pop()
        except IndexError:
            executor = self._new_executor()
        try:
            async with ThreadSensitiveContext(executor=executor):
                yield
        finally:
            if len(self._idle) < self.keep:
                self._idle.append(executor)
            else:
                executor.shutdown(wait=False)

    @staticmethod
    def _new_executor() -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="flaskish-request")


class ASGIHandler(django_asgi.ASGIHandler):
    """An ASGI 3 application that serves one flaskish app.

    :param app: the app whose pipeline answers every request.
    """

    def __init__(self, app: Flask) -> None:
        # No load_middleware(): a standalone app is the whole handler, and a
        # Django project's MIDDLEWARE belongs to the site, not to this app.
        BaseHandler.__init__(self)
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
        # streamed body pushes from the view's thread) end with it. Django 6's
        # handler runs the response in the caller's task, where they would stay.
        await asyncio.create_task(self._serve(scope, receive, send))

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        # One thread per request for its plain functions; see Flask.sync_to_async.
        async with self.request_threads.lend():
            await self.handle(scope, receive, send)

    async def lifespan(self, receive: Receive, send: Send) -> None:
        """Acknowledge startup and shutdown: the app needs no setup of its own."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    def create_request(
        self, scope: Scope, body_file: t.IO[bytes]
    ) -> tuple[HttpRequest | None, HttpResponseBase | None]:
        """Django's ``ASGIRequest``, with ``Content-Length`` filled in for a chunked body.

        The body is already whole, so its size is known: with it, a chunked upload
        parses as multipart and ``MAX_CONTENT_LENGTH`` applies, as under WSGI.
        """
        request, error_response = super().create_request(scope, body_file)
        if request is not None and "CONTENT_LENGTH" not in request.META:
            size = body_file.seek(0, os.SEEK_END)
            body_file.seek(0)
            if size:
                request.META["CONTENT_LENGTH"] = str(size)
        return request, error_response

    async def run_get_response(self, request: HttpRequest) -> Response:
        """Push the contexts, run the app's pipeline on the loop, pop the contexts.

        The ASGI twin of :meth:`Flask.wsgi_app`: the contexts are popped before the
        body is sent, so a streamed body needs ``stream_with_context`` as under WSGI.
        """
        try:
            response = await self._dispatch(request)
        except Exception:
            # Propagated to the server (a teardown error too); Django's handle() only
            # closes the request's body after a response was sent.
            request.close()
            raise
        # Closing the response closes the request, as in Django's get_response().
        response._resource_closers.append(request.close)
        response._handler_class = self.__class__  # type: ignore[attr-defined]
        response._head_only = request.method == "HEAD"  # type: ignore[attr-defined]
        return response

    async def _dispatch(self, request: HttpRequest) -> Response:
        app = self.app
        return await app._run_async(app._request_steps(app.request_context(request)))  # type: ignore[no-any-return]

    async def send_response(self, response: HttpResponseBase, send: Send) -> None:
        """Send the status, every header line and the body, a chunk per message when streamed."""
        try:
            await self._send(response, send)
        except Exception:
            # A streamed body failed: Django's handle() closes the response only after
            # a send that finished or was cancelled.
            await sync_to_async(response.close)()
            raise

    async def _send(self, response: HttpResponseBase, send: Send) -> None:
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
            async for part in self._stream(response):
                for chunk, _ in self.chunk_bytes(part):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body"})
        else:
            for chunk, last in self.chunk_bytes(response.get_data()):
                await send({"type": "http.response.body", "body": chunk, "more_body": not last})

    async def _stream(self, response: Response) -> t.AsyncIterator[bytes]:
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
        step = self.app.sync_to_async(contextvars.copy_context().run)
        while True:
            part = await step(next, iterator, _END)
            if part is _END:
                return
            yield part
