"""An ASGI request's body, received when the request first reads it.

The ASGI server hands the body over in ``http.request`` messages. Receiving them
all before the view runs (as Django's handler does) stores a body nobody reads
(a 404, a 405, a view that ignores it) and lets a body over ``MAX_CONTENT_LENGTH``
fill a temporary file before it is refused. :class:`ReceivedBody` is the file the
request reads instead: nothing is received until the first read, a declared
length over the limit is refused without receiving a byte (the request checks it
first), and an undeclared one stops at one byte past the limit.

Reads come from plain code in the request's thread, which waits for the event
loop to receive; ``async def`` code runs on the loop, where nothing may wait, so
the driver calls :meth:`ReceivedBody.receive` before it (when a view matched).
"""

from __future__ import annotations

import asyncio
import io
import tempfile
import threading
import typing as t

from django.conf import settings

from .exceptions import ClientDisconnected, RequestEntityTooLarge

Receive = t.Callable[[], t.Awaitable[dict[str, t.Any]]]

__all__ = ["ReceivedBody", "expects_body"]


#: Methods whose requests have no body unless a header announces one.
_BODILESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "TRACE"})


def expects_body(scope: dict[str, t.Any]) -> bool:
    """Whether the request may have a body: a length above 0, chunks, or (with
    neither header, as HTTP/2 sends bodies) a method that usually has one."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return value.strip() not in (b"0", b"")
        if name == b"transfer-encoding":
            return True
    return scope["method"] not in _BODILESS_METHODS


class ReceivedBody(io.RawIOBase):
    """The request body as a file, received from the ASGI server on first read.

    :param receive: the connection's ``receive``.
    :param loop: the event loop ``receive`` belongs to.
    :param limit: receive at most this many bytes (``MAX_CONTENT_LENGTH``); past
        it, reading raises :class:`~flaskish.exceptions.RequestEntityTooLarge`. The
        request sets :attr:`limit` to its own ``max_content_length`` before it reads.
    :param expected: whether the request announces a body at all.
    """

    def __init__(
        self, receive: Receive, loop: asyncio.AbstractEventLoop, limit: int | None, expected: bool
    ) -> None:
        super().__init__()
        self._receive = receive
        self._loop = loop
        #: The most bytes to receive; the request's ``max_content_length`` once it reads.
        self.limit = limit
        self._expected = expected
        self._file: t.IO[bytes] | None = None
        self._size = 0
        self._too_large = False
        self._disconnected = False
        self._lock = threading.Lock()

    @property
    def disconnected(self) -> bool:
        """Whether the client went away while its body was being received."""
        return self._disconnected

    @property
    def received(self) -> bool:
        return self._file is not None or not self._expected

    async def receive(self) -> None:
        """Receive the whole body (up to one byte past the limit), once."""
        if self.received:
            return
        spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        try:
            await self._receive_into(spool)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        self._file = spool

    async def _receive_into(self, spool: t.IO[bytes]) -> None:
        limit = self.limit
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                self._disconnected = True
                return
            chunk = message.get("body", b"")
            self._size += len(chunk)
            if limit is not None and self._size > limit:
                # Stop here: the rest is never read, let alone stored.
                self._too_large = True
                return
            spool.write(chunk)
            if not message.get("more_body", False):
                return

    def size(self) -> int:
        """The body's length, once it is received (receiving it if need be)."""
        self._ensure_received()
        return self._size

    def _ensure_received(self) -> None:
        if self.received:
            return
        with self._lock:
            if self.received:
                return
            if _running_loop() is self._loop:
                raise RuntimeError(
                    "The request body was read on the event loop before it was received."
                    " Read it from a plain function, or await it first in async code."
                )
            asyncio.run_coroutine_threadsafe(self.receive(), self._loop).result()

    def _checked_file(self) -> t.IO[bytes]:
        self._ensure_received()
        if self._too_large:
            raise RequestEntityTooLarge()
        if self._disconnected:
            raise ClientDisconnected()
        if self._file is None:
            self._file = io.BytesIO()
        return self._file

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._checked_file().read(-1 if size is None else size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._checked_file().readline(-1 if size is None else size)

    def readinto(self, buffer: t.Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
