"""Helpers for the robustness suite: raw WSGI and ASGI requests and the "clean error page" check.

The test client builds well-formed requests; a WSGI server passes on whatever
the network sent.  :func:`environ` builds what a server would hand over (the
path and headers as latin-1 text, one character per byte) and :func:`call_wsgi`
runs the app on it, keeping the status line and headers exactly as emitted.
:func:`asgi_call` does the same for ``app.asgi_app``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import os
import typing as t

import django

import flaskish
from flaskish import Flask

#: The start of a request's headers in a raw environ.
_BASE_ENVIRON: dict[str, t.Any] = {
    "SCRIPT_NAME": "",
    "SERVER_NAME": "localhost",
    "SERVER_PORT": "80",
    "HTTP_HOST": "localhost",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "127.0.0.1",
    "wsgi.version": (1, 0),
    "wsgi.url_scheme": "http",
    "wsgi.multithread": False,
    "wsgi.multiprocess": False,
    "wsgi.run_once": False,
}

#: Text that gives away the code behind an error page.
_SOURCE_MARKERS = (
    "Traceback",
    'File "',
    os.path.dirname(flaskish.__file__),
    os.path.dirname(django.__file__),
    os.path.dirname(__file__),
    "site-packages",
)


class GeneratedInput(io.RawIOBase):
    """A body made as it is read: ``head``, ``size`` copies of the byte ``fill``, ``tail``.

    A multi-megabyte body costs no memory until the app reads it, and
    ``consumed`` tells how much of it the app read.
    """

    def __init__(self, head: bytes = b"", size: int = 0, tail: bytes = b"", fill: bytes = b"x"):
        self._segments = ((head, None), (fill, size), (tail, None))
        self.length = len(head) + size + len(tail)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: t.Any) -> int:
        size = min(len(buffer), self.length - self.consumed)
        buffer[:size] = self._bytes(self.consumed, self.consumed + size)
        self.consumed += size
        return size

    def _bytes(self, start: int, end: int) -> bytes:
        out = bytearray()
        offset = 0
        for data, repeat in self._segments:
            length = len(data) if repeat is None else repeat
            low, high = max(start, offset) - offset, min(end, offset + length) - offset
            if low < high:
                out += data[low:high] if repeat is None else data * (high - low)
            offset += length
        return bytes(out)


def multipart_file(boundary: str, name: str, data: bytes) -> bytes:
    """One file part of a multipart body (``name.bin``, ``application/octet-stream``)."""
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{name}"; filename="{name}.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + b"\r\n"


def multipart_field(boundary: str, name: str, value: bytes) -> bytes:
    """One field part of a multipart body."""
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
    return head.encode() + value + b"\r\n"


def wsgi_text(raw: bytes | str) -> str:
    """Bytes as a WSGI server puts them in the environ: one latin-1 character per byte."""
    return raw.decode("latin-1") if isinstance(raw, bytes) else raw


def environ(
    path: bytes | str = "/",
    *,
    method: str = "GET",
    query: bytes | str = "",
    body: bytes = b"",
    content_type: str | None = None,
    **headers: bytes | str | None,
) -> dict[str, t.Any]:
    """A WSGI environ as a server builds it.

    ``headers`` are environ keys (``HTTP_X_FOO=...``); ``None`` leaves a default out.
    """
    env = dict(_BASE_ENVIRON)
    env.update(
        REQUEST_METHOD=method,
        PATH_INFO=wsgi_text(path),
        QUERY_STRING=wsgi_text(query),
        **{"wsgi.input": io.BytesIO(body), "wsgi.errors": io.StringIO()},
    )
    if body or method == "POST":
        env["CONTENT_LENGTH"] = str(len(body))
    if content_type is not None:
        env["CONTENT_TYPE"] = content_type
    for key, value in headers.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = wsgi_text(value)
    return env


@dataclasses.dataclass
class WSGIResult:
    """What the app handed to the server: status line, header lines and body."""

    status: str
    headers: list[tuple[str, str]]
    data: bytes

    @property
    def status_code(self) -> int:
        return int(self.status.split(" ", 1)[0])

    def header(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def json(self) -> t.Any:
        return json.loads(self.data)


def call_wsgi(app: Flask, env: dict[str, t.Any]) -> WSGIResult:
    """Run ``app`` as a WSGI server would and keep what it sent, byte for byte."""
    sent: dict[str, t.Any] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        sent["status"], sent["headers"] = status, headers
        return lambda data: None

    app_iter = app(env, start_response)
    try:
        data = b"".join(app_iter)
    finally:
        close = getattr(app_iter, "close", None)
        if close is not None:
            close()
    return WSGIResult(sent["status"], list(sent["headers"]), data)


def _header_pairs(response: t.Any) -> list[tuple[str, str]]:
    headers = response.headers
    return list(headers.items()) if hasattr(headers, "items") else list(headers)


def _secrets(app: Flask) -> list[str]:
    keys = [app.config["SECRET_KEY"], *(app.config.get("SECRET_KEY_FALLBACKS") or ())]
    return [key.decode() if isinstance(key, bytes) else key for key in keys if key]


def assert_clean(response: t.Any, status: int, app: Flask) -> None:
    """Exactly ``status``, and neither the body nor a header gives away a secret or the code.

    Checked: the app's secret keys, tracebacks, and paths of flaskish's, Django's
    and these tests' sources.
    """
    assert response.status_code == status, response.data[:500]
    body = response.data.decode("latin-1")
    header_text = "\n".join(f"{key}: {value}" for key, value in _header_pairs(response))
    for text in (body, header_text):
        for secret in _secrets(app):
            assert secret not in text
        for marker in _SOURCE_MARKERS:
            assert marker not in text, f"{marker!r} in the response"


def assert_no_injected_headers(result: WSGIResult) -> None:
    """Every status and header line as sent is a single line."""
    assert "\r" not in result.status and "\n" not in result.status
    for key, value in result.headers:
        for text in (key, value):
            assert "\r" not in text and "\n" not in text, (key, value)


__all__ = [
    "GeneratedInput",
    "WSGIResult",
    "assert_clean",
    "assert_no_injected_headers",
    "call_wsgi",
    "environ",
    "multipart_field",
    "multipart_file",
    "wsgi_text",
]


#: An ASGI message.
Message = dict[str, t.Any]


async def asgi_call(
    app: Flask,
    path: str,
    *,
    query: str = "",
    body: bytes = b"",
    headers: t.Sequence[tuple[bytes, bytes]] = (),
    host: str = "localhost",
    sent: list[Message] | None = None,
) -> list[Message]:
    """One request the way an ASGI server sends it (a POST when there is a body).

    Returns the messages the app sent, also appended to ``sent`` when given (so
    a caller still sees them when the app raises). The client only "leaves"
    (``http.disconnect``) once the app has finished.
    """
    all_headers = [(b"host", host.encode()), *headers]
    if body:
        all_headers.append((b"content-length", str(len(body)).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST" if body else "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": all_headers,
        "client": ("127.0.0.1", 50000),
        "server": (host, 80),
    }
    messages: list[Message] = [] if sent is None else sent
    finished = asyncio.Event()
    requested = False

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        messages.append(message)

    try:
        await app.asgi_app(scope, receive, send)
    finally:
        finished.set()
    return messages
