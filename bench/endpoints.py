"""The benchmarked requests, as WSGI environs, and one in-process WSGI call."""

from __future__ import annotations

import io
import typing as t
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .apps.variants import WSGIApp

FORM_BODY = urlencode({f"field{i}": f"value {i}" for i in range(10)}).encode()


@dataclass(frozen=True)
class Endpoint:
    """One benchmarked request and the status every variant must answer it with."""

    name: str
    path: str
    method: str = "GET"
    body: bytes = b""
    status: int = 200
    #: Replay the cookies of a first response (a session that exists).
    with_cookies: bool = False


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("hello", "/hello"),
    Endpoint("json", "/users/42"),
    Endpoint("page", "/page"),
    Endpoint("form", "/form", method="POST", body=FORM_BODY),
    Endpoint("404", "/missing/page", status=404),
    Endpoint("session", "/session", with_cookies=True),
    Endpoint("url_for", "/link"),
    Endpoint("blueprint", "/shop/items/7"),
)


def environ(method: str, path: str, body: bytes = b"", cookie: str = "") -> dict[str, t.Any]:
    """A WSGI environ as a server on 127.0.0.1 would build it (body stream not included)."""
    env: dict[str, t.Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "HTTP_USER_AGENT": "flaskish-bench",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if body:
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        env["CONTENT_LENGTH"] = str(len(body))
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


class Response(t.NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def call(app: WSGIApp, env: dict[str, t.Any], body: bytes = b"") -> Response:
    """One request through ``app``: a fresh copy of ``env``, the body read, the result closed."""
    request = dict(env)
    request["wsgi.input"] = io.BytesIO(body)
    started: list[t.Any] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        started[:] = [status, headers]
        return None

    result = app(request, start_response)
    try:
        content = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return Response(int(started[0].split(" ", 1)[0]), started[1], content)


def cookies_of(response: Response) -> str:
    """The ``Cookie`` header a browser would send back after ``response``."""
    jar: SimpleCookie = SimpleCookie()
    for name, value in response.headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())


def prepared(app: WSGIApp, endpoint: Endpoint) -> dict[str, t.Any]:
    """The environ to time for ``endpoint`` (with the cookies of a first visit if it needs them)."""
    env = environ(endpoint.method, endpoint.path, endpoint.body)
    if endpoint.with_cookies:
        first = call(app, env, endpoint.body)
        env = environ(endpoint.method, endpoint.path, endpoint.body, cookies_of(first))
    return env
