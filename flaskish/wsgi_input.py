"""Where a WSGI request's body ends: at its ``Content-Length``, or where the server ends the input.

Django reads ``Content-Length`` bytes and sees no body without one.  A chunked
upload has no length: a server that de-chunks it (gunicorn, uWSGI, werkzeug's)
says so with ``wsgi.input_terminated``, and then, as in Flask, the body is the
input up to its end, with ``MAX_CONTENT_LENGTH`` checked while reading since no
header declared a length to check before.
"""

from __future__ import annotations

import io
import sys
import typing as t

from .exceptions import RequestEntityTooLarge

#: How much of an unbounded read is asked of the server at a time.
_READ_SIZE = 64 * 1024


def is_chunked(environ: t.Mapping[str, t.Any]) -> bool:
    """Whether ``Transfer-Encoding`` says the body is chunked; it then overrides ``Content-Length``."""
    codings = environ.get("HTTP_TRANSFER_ENCODING", "")
    return "chunked" in (coding.strip().lower() for coding in codings.split(","))


def body_stream(environ: t.Mapping[str, t.Any], limit: int | None) -> io.IOBase | None:
    """The stream to read the body from when ``Content-Length`` does not frame it.

    None: the declared length does (or there is no body), and Django's own
    stream reads it.  An undeclared body is read to the end of a terminated
    input; a chunked one the server did not terminate is left unread (empty),
    as Flask does: its raw chunks are no body, and nothing says where they end.
    """
    chunked = is_chunked(environ)
    if not chunked and environ.get("CONTENT_LENGTH"):
        return None
    if environ.get("wsgi.input_terminated"):
        return TerminatedInput(environ["wsgi.input"], limit)
    return io.BytesIO() if chunked else None


class TerminatedInput(io.IOBase):
    """The server's input, read to its end, and refused (413) past ``limit`` bytes.

    At most one byte past the limit is ever read, however long the client
    goes on sending.
    """

    def __init__(self, stream: t.IO[bytes], limit: int | None) -> None:
        self._stream = stream
        self.limit = limit
        self._position = 0

    @property
    def max_length(self) -> int:
        """The most the body can be: the limit, or as much as a process can address."""
        return sys.maxsize if self.limit is None else self.limit

    def tighten(self, limit: int | None) -> None:
        """Lower the limit, for a body about to be held in memory whole."""
        if limit is not None and (self.limit is None or limit < self.limit):
            self.limit = limit

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_READ_SIZE), b""))
        return self._counted(self._stream.read(self._allowed(size)))

    def readline(self, size: int | None = -1, /) -> bytes:
        if size is None or size < 0:
            size = self.max_length
        return self._counted(self._stream.readline(self._allowed(size)))

    def _allowed(self, size: int) -> int:
        """``size``, but never more than one byte past the limit: enough to tell it was passed."""
        return size if self.limit is None else min(size, self.limit - self._position + 1)

    def _counted(self, data: bytes) -> bytes:
        self._position += len(data)
        if self.limit is not None and self._position > self.limit:
            raise RequestEntityTooLarge()
        return data
