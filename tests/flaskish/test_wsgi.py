"""The app as a WSGI application: hand-made environs, middleware, a real server, many apps."""

from __future__ import annotations

import gc
import io
import sys
import threading
import typing as t
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from flaskish import Flask, request

StartResponse = t.Callable[..., t.Any]


def make_environ(
    method: str = "GET", path: str = "/", query: str = "", body: bytes = b""
) -> dict[str, t.Any]:
    """A minimal environ as a WSGI server would build it (PEP 3333's required keys)."""
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    return environ


def call(
    app: t.Callable[..., t.Any], environ: dict[str, t.Any]
) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run a WSGI app the way a server does: start_response, iterate, close."""
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], None]:
        started.append((status, headers))
        return lambda data: None

    app_iter = app(environ, start_response)
    try:
        body = b"".join(app_iter)
    finally:
        close = getattr(app_iter, "close", None)
        if close is not None:
            close()
    status, headers = started[0]
    return status, headers, body


@pytest.fixture
def wsgi_app(app: Flask) -> Flask:
    @app.route("/", methods=["GET", "POST"])
    def index() -> str:
        marker = request.environ.get("test.middleware", "none")
        return f"{request.method} {request.args.get('q', '')} {request.form.get('f', '')} {marker}"

    @app.route("/fixed")
    def fixed() -> str:
        return "fixed body"

    @app.route("/stream")
    def stream() -> t.Any:
        def generate() -> Iterator[str]:
            yield "one "
            yield "two"

        return generate()

    return app


# -- the WSGI callable ---------------------------------------------------------------


def test_app_is_a_wsgi_application(wsgi_app: Flask) -> None:
    status, headers, body = call(wsgi_app, make_environ(query="q=1"))
    assert status == "200 OK"
    assert ("Content-Type", "text/html; charset=utf-8") in headers
    assert ("Content-Length", str(len(body))) in headers
    assert body == b"GET 1  none"


def test_wsgi_app_is_the_same_application(wsgi_app: Flask) -> None:
    body = b"f=form+value"
    status, _, data = call(wsgi_app.wsgi_app, make_environ("POST", body=body))
    assert status == "200 OK"
    assert data == b"POST  form value none"


def test_not_found_and_method_not_allowed(wsgi_app: Flask) -> None:
    status, _, _ = call(wsgi_app, make_environ(path="/missing"))
    assert status == "404 NOT FOUND"
    status, headers, _ = call(wsgi_app, make_environ("DELETE"))
    assert status == "405 METHOD NOT ALLOWED"
    allow = dict(headers)["Allow"]
    assert set(allow.split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_head_sends_headers_only(wsgi_app: Flask) -> None:
    _, get_headers, get_body = call(wsgi_app, make_environ(path="/fixed"))
    status, head_headers, head_body = call(wsgi_app, make_environ("HEAD", path="/fixed"))
    assert status == "200 OK"
    assert head_body == b""
    assert dict(head_headers)["Content-Length"] == dict(get_headers)["Content-Length"]
    assert dict(get_headers)["Content-Length"] == str(len(get_body))


def test_streamed_body_is_an_iterable(wsgi_app: Flask) -> None:
    status, headers, body = call(wsgi_app, make_environ(path="/stream"))
    assert status == "200 OK"
    assert body == b"one two"
    assert "Content-Length" not in dict(headers)


def test_each_call_leaves_no_context_behind(wsgi_app: Flask) -> None:
    from flaskish import has_app_context, has_request_context

    call(wsgi_app, make_environ())
    assert not has_app_context()
    assert not has_request_context()


# -- middleware ----------------------------------------------------------------------


class MarkingMiddleware:
    """WSGI middleware that annotates the environ and adds a response header."""

    def __init__(self, app: t.Callable[..., t.Any]) -> None:
        self.app = app
        self.calls = 0

    def __call__(self, environ: dict[str, t.Any], start_response: StartResponse) -> t.Any:
        self.calls += 1
        environ["test.middleware"] = "marked"

        def add_header(
            status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
        ) -> t.Any:
            return start_response(status, [*headers, ("X-Middleware", "yes")], exc_info)

        return self.app(environ, add_header)


def test_middleware_wrapping_wsgi_app(wsgi_app: Flask) -> None:
    middleware = MarkingMiddleware(wsgi_app.wsgi_app)
    wsgi_app.wsgi_app = middleware  # type: ignore[method-assign]
    status, headers, body = call(wsgi_app, make_environ())
    assert status == "200 OK"
    assert body == b"GET   marked"
    assert dict(headers)["X-Middleware"] == "yes"
    assert middleware.calls == 1


def test_test_client_goes_through_the_middleware(wsgi_app: Flask) -> None:
    wsgi_app.wsgi_app = MarkingMiddleware(wsgi_app.wsgi_app)  # type: ignore[method-assign]
    response = wsgi_app.test_client().get("/?q=2")
    assert response.data == b"GET 2  marked"
    assert response.headers["X-Middleware"] == "yes"


def test_middleware_stack_runs_outermost_first(wsgi_app: Flask) -> None:
    order: list[str] = []

    def tracing(name: str, inner: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        def middleware(environ: dict[str, t.Any], start_response: StartResponse) -> t.Any:
            order.append(name)
            return inner(environ, start_response)

        return middleware

    wsgi_app.wsgi_app = tracing("inner", wsgi_app.wsgi_app)  # type: ignore[method-assign]
    wsgi_app.wsgi_app = tracing("outer", wsgi_app.wsgi_app)  # type: ignore[method-assign]
    call(wsgi_app, make_environ())
    assert order == ["outer", "inner"]


def test_middleware_can_answer_without_the_app(wsgi_app: Flask) -> None:
    inner = wsgi_app.wsgi_app

    def maintenance(environ: dict[str, t.Any], start_response: StartResponse) -> t.Any:
        if environ["PATH_INFO"] == "/down":
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"down"]
        return inner(environ, start_response)

    wsgi_app.wsgi_app = maintenance  # type: ignore[method-assign]
    client = wsgi_app.test_client()
    down = client.get("/down")
    # The status line is kept as the middleware spelled it.
    assert (down.status, down.data) == ("503 Service Unavailable", b"down")
    assert client.get("/").status_code == 200


# -- a real server -------------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: t.Any) -> None:
        pass


@pytest.fixture
def server(wsgi_app: Flask) -> Iterator[WSGIServer]:
    """The app served by wsgiref on an ephemeral port of 127.0.0.1, stopped afterwards."""
    httpd = make_server("127.0.0.1", 0, wsgi_app, handler_class=_QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
    assert not thread.is_alive()


def fetch(
    httpd: WSGIServer, path: str, data: bytes | None = None, method: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    url = f"http://127.0.0.1:{httpd.server_port}{path}"
    req = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def test_real_server_get_and_post(server: WSGIServer) -> None:
    status, headers, body = fetch(server, "/?q=real")
    assert status == 200
    assert body == b"GET real  none"
    assert headers["Content-Length"] == str(len(body))
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, _, body = fetch(server, "/", data=b"f=posted")
    assert (status, body) == (200, b"POST  posted none")


def test_real_server_streams_and_errors(server: WSGIServer) -> None:
    assert fetch(server, "/stream")[::2] == (200, b"one two")
    status, _, body = fetch(server, "/missing")
    assert status == 404
    assert b"Not Found" in body
    status, headers, _ = fetch(server, "/", method="DELETE")
    assert status == 405
    assert "GET" in headers["Allow"]


def test_real_server_head(server: WSGIServer) -> None:
    status, headers, body = fetch(server, "/fixed", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Length"] == str(len(b"fixed body"))


def test_real_server_with_middleware(wsgi_app: Flask, server: WSGIServer) -> None:
    wsgi_app.wsgi_app = MarkingMiddleware(wsgi_app.wsgi_app)  # type: ignore[method-assign]
    status, headers, body = fetch(server, "/")
    assert (status, body) == (200, b"GET   marked")
    assert headers["X-Middleware"] == "yes"


def test_real_server_concurrent_requests_are_isolated(wsgi_app: Flask) -> None:
    """A threading server handles requests at once; each view sees its own request."""
    from socketserver import ThreadingMixIn

    class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    barrier = threading.Barrier(3, timeout=5)

    @wsgi_app.route("/wait/<int:n>")
    def wait(n: int) -> str:
        barrier.wait()  # all three requests are inside their views now
        return f"{n}:{request.view_args['n']}:{request.path}"

    httpd = make_server(
        "127.0.0.1", 0, wsgi_app, server_class=ThreadingWSGIServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    results: dict[int, bytes] = {}
    try:

        def get(n: int) -> None:
            results[n] = fetch(httpd, f"/wait/{n}")[2]

        clients = [threading.Thread(target=get, args=(n,)) for n in range(3)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=10)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
    assert results == {n: f"{n}:{n}:/wait/{n}".encode() for n in range(3)}


# -- many apps in one process ----------------------------------------------------------


def test_thousands_of_apps_do_not_see_each_others_routes() -> None:
    apps: list[Flask] = []
    for i in range(2000):
        app = Flask("many_apps")  # the same import name, as a test suite's fixture gives
        app.add_url_rule(f"/route/{i}", f"route_{i}", lambda i=i: f"app {i}")
        apps.append(app)
    for i in (0, 1, 999, 1999):
        client = apps[i].test_client()
        assert client.get(f"/route/{i}").data == f"app {i}".encode()
        assert client.get(f"/route/{(i + 1) % 2000}").status_code == 404
    fresh = Flask("many_apps")
    for i in (0, 1000, 1999):
        assert fresh.test_client().get(f"/route/{i}").status_code == 404


def test_same_path_in_many_apps_goes_to_each_apps_own_view() -> None:
    for i in range(200):
        app = Flask("same_path")
        app.add_url_rule("/", "index", lambda i=i: str(i))
        assert app.test_client().get("/").data == str(i).encode()


def test_discarded_apps_are_garbage_collected() -> None:
    """Nothing global (settings, resolver caches, signals) keeps an app alive."""
    refs: list[weakref.ref[Flask]] = []
    for i in range(2000):
        app = Flask("discarded")
        app.secret_key = "k"
        app.add_url_rule(f"/r/{i}", "r", lambda: "ok")
        if i % 100 == 0:  # some of them also served requests, through every layer
            client = app.test_client()
            with client:
                assert client.get(f"/r/{i}").data == b"ok"
            with app.test_request_context(f"/r/{i}"):
                pass
            del client
        refs.append(weakref.ref(app))
    del app
    gc.collect()
    alive = [ref for ref in refs if ref() is not None]
    assert alive == []


def test_discarded_apps_that_failed_are_collected() -> None:
    refs: list[weakref.ref[Flask]] = []
    for _ in range(50):
        app = Flask("failing")
        app.config["PROPAGATE_EXCEPTIONS"] = False
        app.logger.disabled = True

        def fail() -> str:
            raise RuntimeError("boom")

        app.add_url_rule("/", "fail", fail)
        assert app.test_client().get("/").status_code == 500
        refs.append(weakref.ref(app))
    del app
    gc.collect()
    assert [ref for ref in refs if ref() is not None] == []
