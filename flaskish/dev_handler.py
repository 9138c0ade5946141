"""The development server's request handler: Django's, and chunked request bodies de-chunked.

Django's ``runserver`` reads a body by its ``Content-Length`` only: a chunked
body reads as empty, and its chunks are then parsed as the next request on the
connection.  Here a body whose last transfer coding is ``chunked`` is decoded
as the app reads it, passed on as a WSGI server that de-chunks does (no
``CONTENT_LENGTH``, ``wsgi.input_terminated``, so ``MAX_CONTENT_LENGTH`` still
applies while reading), and the connection is closed after the response, so
nothing the app left unread is ever taken for a request.  Any other transfer
coding is refused with 501.  Imported by :mod:`flaskish.serving` when it serves.
"""

from __future__ import annotations

import io
import re
import typing as t
from wsgiref import simple_server

from django.core.servers.basehttp import ServerHandler, WSGIRequestHandler

from .exceptions import BadRequest

__all__ = ["ChunkedInput", "RequestHandler"]

#: The longest chunk-size or trailer line read (werkzeug and gunicorn allow far less than this).
_MAX_LINE = 4096
_MAX_TRAILERS = 100
_CHUNK_SIZE_RE = re.compile(rb"[0-9A-Fa-f]{1,16}")
_MALFORMED = "The chunked request body is malformed."


def _malformed() -> BadRequest:
    return BadRequest(_MALFORMED)


class ChunkedInput(io.RawIOBase):
    """A chunked body, decoded from ``rfile`` as it is read; empty after the last chunk."""

    def __init__(self, rfile: t.BinaryIO) -> None:
        self._rfile = rfile
        self._left = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: t.Any) -> int:
        if not self._chunk_ready():
            return 0
        size = min(len(buffer), self._left)
        data = self._rfile.read(size)
        if len(data) < size:
            raise _malformed()  # the client went away in the middle of a chunk
        buffer[:size] = data
        self._left -= size
        if not self._left and self._line() != b"":
            raise _malformed()  # a chunk's data ends with CRLF
        return size

    def _chunk_ready(self) -> bool:
        """Whether a chunk has data left, reading the next chunk's size when needed."""
        if self._done:
            return False
        if self._left:
            return True
        size = self._line().split(b";", 1)[0].strip()
        if not _CHUNK_SIZE_RE.fullmatch(size):
            raise _malformed()
        self._left = int(size, 16)
        if self._left:
            return True
        for _ in range(_MAX_TRAILERS):
            if self._line() == b"":
                self._done = True
                return False
        raise _malformed()

    def _line(self) -> bytes:
        """One CRLF- (or LF-) terminated line, without its ending."""
        line = self._rfile.readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE or not line.endswith(b"\n"):
            raise _malformed()
        return line.rstrip(b"\r\n")


class _ChunkedServerHandler(ServerHandler):
    """Django's handler, reading the decoded body; what is left unread is not drained:
    the connection closes instead."""

    def __init__(
        self, stdin: t.BinaryIO, stdout: t.Any, stderr: t.Any, environ: dict[str, t.Any]
    ) -> None:
        # Django's __init__ would limit the body to a Content-Length of 0.
        simple_server.ServerHandler.__init__(self, stdin, stdout, stderr, environ)

    def close(self) -> None:
        simple_server.ServerHandler.close(self)


class RequestHandler(WSGIRequestHandler):
    """Django's ``runserver`` request handler, with chunked request bodies."""

    def handle_one_request(self) -> None:
        # Django's own steps up to the headers, then the body as its transfer coding says.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return  # the error was sent
        codings = [
            coding.strip().lower()
            for value in self.headers.get_all("Transfer-Encoding") or ()
            for coding in value.split(",")
            if coding.strip()
        ]
        if codings:
            self.close_connection = True
            if codings[-1] != "chunked":
                self.send_error(
                    501, "Only the chunked transfer coding is supported for request bodies."
                )
                return
        handler = self._server_handler(chunked=bool(codings))
        # As Django's handler does (both attributes are missing from django-stubs).
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def _server_handler(self, chunked: bool) -> ServerHandler:
        environ = t.cast("dict[str, t.Any]", self.get_environ())
        if not chunked:
            return ServerHandler(self.rfile, self.wfile, self.get_stderr(), environ)
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True
        body = io.BufferedReader(ChunkedInput(self.rfile))
        return _ChunkedServerHandler(body, self.wfile, self.get_stderr(), environ)
