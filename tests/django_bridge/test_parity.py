"""Every driver behaves alike (issue 12, item 2).

One set of scenario apps, each request sent through five drivers: the test
client, the WSGI app, the ASGI app, and the app mounted in a Django site under
Django's WSGI handler and under its ASGI handler. Every driver sees the app at
the script root ``/p`` on ``localhost``, so each must give the same status,
headers, body, and the same events recorded by the app's hooks.
"""

from __future__ import annotations

import asyncio
import io
import sys
import types
import typing as t
from itertools import count

import pytest
from django.core.handlers.asgi import ASGIHandler as DjangoASGIHandler
from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from django.test import override_settings
from django.urls import clear_url_caches
from itsdangerous.timed import TimestampSigner

from django_bridge import mount
from flaskish import (
    Flask,
    Request,
    Response,
    abort,
    after_this_request,
    g,
    redirect,
    request,
    session,
    stream_with_context,
    url_for,
)

Headers = list[tuple[str, str]]
Result = tuple[int, Headers, bytes, list[str]]
Exchange = tuple[str, str, Headers, bytes]  # method, path (with query), headers, body

PREFIX = "/p"
HOST = "localhost"


# -- the drivers ----------------------------------------------------------------------


def _split(path: str) -> tuple[str, str]:
    path, _, query = path.partition("?")
    return path, query


def _environ(method: str, script_name: str, path: str, headers: Headers, body: bytes) -> dict:
    path, query = _split(path)
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
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
    for name, value in headers:
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    return environ


def _call_wsgi(wsgi_app: t.Callable, environ: dict) -> tuple[int, Headers, bytes]:
    started: list[t.Any] = []

    def start_response(status: str, headers: Headers, exc_info: t.Any = None) -> None:
        started[:] = [status, headers]

    iterable = wsgi_app(environ, start_response)
    try:
        body = b"".join(iterable)
    finally:
        if hasattr(iterable, "close"):
            iterable.close()
    return int(started[0].split()[0]), list(started[1]), body


def _scope(method: str, root_path: str, path: str, headers: Headers) -> dict:
    path, query = _split(path)
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "root_path": root_path,
        "path": root_path + path,
        "raw_path": (root_path + path).encode(),
        "query_string": query.encode(),
        "headers": [(b"host", HOST.encode())]
        + [(k.lower().encode(), v.encode()) for k, v in headers],
        "client": ("127.0.0.1", 50000),
        "server": (HOST, 80),
    }


def _call_asgi(asgi_app: t.Callable, scope: dict, body: bytes) -> tuple[int, Headers, bytes]:
    if body:
        scope["headers"].append((b"content-length", str(len(body)).encode()))
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict] = []

    async def receive() -> dict:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(asgi_app(scope, receive, send))
    start = sent[0]
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]]
    body_out = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], headers, body_out


def via_test_client(app: Flask, exchange: Exchange) -> tuple[int, Headers, bytes]:
    method, path, headers, body = exchange
    client = app.test_client(use_cookies=False)
    rv = client.open(
        path, method=method, headers=headers, data=body, base_url=f"http://{HOST}{PREFIX}/"
    )
    return rv.status_code, list(rv.headers.items()), rv.get_data()


def via_wsgi(app: Flask, exchange: Exchange) -> tuple[int, Headers, bytes]:
    method, path, headers, body = exchange
    return _call_wsgi(app.wsgi_app, _environ(method, PREFIX, path, headers, body))


def via_asgi(app: Flask, exchange: Exchange) -> tuple[int, Headers, bytes]:
    method, path, headers, body = exchange
    return _call_asgi(app.asgi_app, _scope(method, PREFIX, path, headers), body)


_urlconfs = count()


class _Mounted:
    """``app`` mounted at ``p/`` in a Django site of its own (no middleware)."""

    def __init__(self, app: Flask) -> None:
        name = f"parity_urls_{next(_urlconfs)}"
        module = types.ModuleType(name)
        module.urlpatterns = [mount("p/", app, namespace=name)]  # type: ignore[attr-defined]
        sys.modules[name] = module
        self.name = name
        self.settings = override_settings(ROOT_URLCONF=name, MIDDLEWARE=[])

    def __enter__(self) -> _Mounted:
        self.settings.enable()
        clear_url_caches()
        return self

    def __exit__(self, *exc: object) -> None:
        self.settings.disable()
        clear_url_caches()
        del sys.modules[self.name]


def via_mounted_wsgi(app: Flask, exchange: Exchange) -> tuple[int, Headers, bytes]:
    method, path, headers, body = exchange
    with _Mounted(app):
        return _call_wsgi(DjangoWSGIHandler(), _environ(method, "", PREFIX + path, headers, body))


def via_mounted_asgi(app: Flask, exchange: Exchange) -> tuple[int, Headers, bytes]:
    method, path, headers, body = exchange
    with _Mounted(app):
        return _call_asgi(DjangoASGIHandler(), _scope(method, "", PREFIX + path, headers), body)


DRIVERS = {
    "test_client": via_test_client,
    "wsgi": via_wsgi,
    "asgi": via_asgi,
    "mounted_wsgi": via_mounted_wsgi,
    "mounted_asgi": via_mounted_asgi,
}

#: Headers a driver adds for the transport, not for the app.
_TRANSPORT = {"content-length"}


def normalised(result: tuple[int, Headers, bytes], method: str) -> tuple[int, Headers, bytes]:
    """What an HTTP client sees: names without case, values without the white space
    around them (Django's WSGI handler puts a space before a ``Set-Cookie`` value),
    and no body for a HEAD (servers drop it; Django's handlers leave that to them)."""
    status, headers, body = result
    kept = sorted((k.lower(), v.strip()) for k, v in headers if k.lower() not in _TRANSPORT)
    return status, kept, b"" if method == "HEAD" else body


# -- the scenario apps ------------------------------------------------------------------


def base_app(name: str, cls: type[Flask] = Flask) -> Flask:
    app = cls(name)
    app.config.update(
        SECRET_KEY="parity-secret",
        # Set, so a mount does not take the site's cookie settings (issue 13):
        # every driver then sends the same cookie.
        SESSION_COOKIE_NAME="parity_session",
        SESSION_COOKIE_SAMESITE="Lax",
        APPLICATION_ROOT=PREFIX,
        SERVER_NAME=None,
        PROPAGATE_EXCEPTIONS=False,
    )
    app.logger.disabled = True
    app.events = []  # type: ignore[attr-defined]
    return app


def hooks_app() -> Flask:
    app = base_app("parity_hooks")
    events: list[str] = app.events  # type: ignore[attr-defined]

    @app.before_request
    def short_circuit() -> t.Any:
        events.append(f"before {request.path}")
        if request.args.get("stop"):
            return "stopped early", 203
        return None

    @app.after_request
    def add_header(response: Response) -> Response:
        response.headers["X-After"] = "app"
        return response

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        events.append(f"teardown {type(exc).__name__ if exc else None}")

    @app.route("/hello")
    def hello() -> str:
        @after_this_request
        def once(response: Response) -> Response:
            response.headers["X-Once"] = "yes"
            return response

        return f"hello from {request.script_root} {request.path}"

    @app.route("/crash")
    def crash() -> str:
        raise KeyError("boom")

    @app.route("/slash/")
    def slash() -> str:
        return "slashed"

    @app.route("/only-post", methods=["POST"])
    def only_post() -> str:
        return request.get_data(as_text=True)

    @app.route("/go")
    def go() -> Response:
        return redirect(url_for("hello", q=1))

    @app.route("/external")
    def external() -> str:
        return url_for("hello", _external=True)

    @app.route("/items/<int:item_id>")
    def item(item_id: int) -> dict[str, t.Any]:
        return {"id": item_id, "endpoint": request.endpoint}

    @app.route("/form", methods=["POST"])
    def form() -> dict[str, t.Any]:
        return {"form": request.form.to_dict()}

    return app


def errors_app() -> Flask:
    app = base_app("parity_errors")

    class Refused(Exception):
        pass

    @app.errorhandler(404)
    def not_found(e: Exception) -> tuple[str, int]:
        return f"no such page: {request.path}", 404

    @app.errorhandler(Refused)
    def refused(e: Exception) -> tuple[str, int]:
        return "refused by class", 409

    @app.errorhandler(500)
    def server_error(e: Exception) -> tuple[str, int]:
        original = getattr(e, "original_exception", None)
        return f"handled 500 for {type(original).__name__}", 500

    @app.route("/refuse")
    def refuse() -> str:
        raise Refused()

    @app.route("/abort")
    def do_abort() -> str:
        abort(410)

    @app.route("/unhandled")
    def unhandled() -> str:
        raise RuntimeError("no handler")

    return app


def async_app() -> Flask:
    app = base_app("parity_async")
    events: list[str] = app.events  # type: ignore[attr-defined]

    @app.before_request
    async def before() -> None:
        g.seen = "async hook"

    @app.teardown_request
    async def teardown(exc: BaseException | None) -> None:
        events.append("async teardown")

    @app.route("/view")
    async def view() -> str:
        await asyncio.sleep(0)
        return f"{g.seen} and async view at {request.path}"

    @app.errorhandler(418)
    async def teapot(e: Exception) -> tuple[str, int]:
        return "async handler", 418

    @app.route("/tea")
    async def tea() -> str:
        abort(418)

    return app


def session_app() -> Flask:
    app = base_app("parity_session")

    @app.route("/set")
    def set_value() -> str:
        session["name"] = request.args["name"]
        return "set"

    @app.route("/get")
    def get_value() -> str:
        return f"name={session.get('name')}"

    return app


def stream_app() -> Flask:
    app = base_app("parity_stream")

    @app.route("/stream")
    def stream() -> Response:
        def generate() -> t.Iterator[str]:
            yield "start "
            yield f"{request.args['word']} "
            yield "end"

        return Response(stream_with_context(generate()), mimetype="text/plain")

    return app


class CustomRequest(Request):
    @property
    def shout(self) -> str:
        return self.path.upper()


class CustomResponse(Response):
    default_mimetype = "text/x-parity"


class Overriding(Flask):
    """Overrides every public stage: each driver must call the overrides."""

    request_class = CustomRequest
    response_class = CustomResponse

    def full_dispatch_request(self) -> Response:
        self.events.append("full_dispatch_request")  # type: ignore[attr-defined]
        return super().full_dispatch_request()

    def preprocess_request(self) -> t.Any:
        self.events.append("preprocess_request")  # type: ignore[attr-defined]
        return super().preprocess_request()

    def dispatch_request(self) -> t.Any:
        self.events.append("dispatch_request")  # type: ignore[attr-defined]
        return super().dispatch_request()

    def make_response(self, rv: t.Any) -> Response:
        response = super().make_response(rv)
        response.headers["X-Made-By"] = "override"
        return response

    def finalize_request(self, rv: t.Any, from_error_handler: bool = False) -> Response:
        self.events.append(f"finalize_request {from_error_handler}")  # type: ignore[attr-defined]
        return super().finalize_request(rv, from_error_handler)

    def process_response(self, response: Response) -> Response:
        response = super().process_response(response)
        response.headers["X-Processed"] = "override"
        return response

    def handle_http_exception(self, e: t.Any) -> t.Any:
        if e.code == 404:
            return "custom teapot for a missing page", 418
        return super().handle_http_exception(e)

    def handle_user_exception(self, e: Exception) -> t.Any:
        self.events.append(f"handle_user_exception {type(e).__name__}")  # type: ignore[attr-defined]
        return super().handle_user_exception(e)

    def handle_exception(self, e: Exception) -> Response:
        self.events.append(f"handle_exception {type(e).__name__}")  # type: ignore[attr-defined]
        return super().handle_exception(e)

    def do_teardown_request(self, exc: BaseException | None = None) -> None:
        self.events.append(f"do_teardown_request {type(exc).__name__ if exc else None}")  # type: ignore[attr-defined]
        super().do_teardown_request(exc)

    def do_teardown_appcontext(self, exc: BaseException | None = None) -> None:
        self.events.append("do_teardown_appcontext")  # type: ignore[attr-defined]
        super().do_teardown_appcontext(exc)


def overriding_app() -> Flask:
    app = base_app("parity_overrides", Overriding)

    @app.route("/shout")
    def shout() -> str:
        return request.shout  # type: ignore[attr-defined, no-any-return]

    @app.route("/fail")
    def fail() -> str:
        raise ValueError("unhandled")

    return app


def replaced_on_instance_app() -> Flask:
    """Stages replaced on the app object, as Flask-RESTX wraps ``handle_exception``."""
    app = base_app("parity_instance")
    original = app.handle_user_exception

    def routed(e: Exception) -> t.Any:
        if isinstance(e, LookupError):
            return {"message": f"routed {type(e).__name__}"}, 422
        return original(e)

    app.handle_user_exception = routed  # type: ignore[method-assign]

    @app.route("/lookup")
    def lookup() -> str:
        raise KeyError("x")

    @app.route("/fine")
    def fine() -> str:
        abort(409)

    return app


FORM = [("Content-Type", "application/x-www-form-urlencoded")]

#: (scenario, app factory, the requests, in order: a later one may use an earlier
#: one's cookies through ``{cookie}`` in a header value).
SCENARIOS: dict[str, tuple[t.Callable[[], Flask], list[Exchange]]] = {
    "hooks": (
        hooks_app,
        [
            ("GET", "/hello", [], b""),
            ("GET", "/hello?stop=1", [], b""),
            ("GET", "/crash", [], b""),
            ("GET", "/slash", [], b""),
            ("GET", "/slash/", [], b""),
            ("GET", "/only-post", [], b""),
            ("POST", "/only-post", [], b"posted body"),
            ("GET", "/go", [], b""),
            ("GET", "/external", [], b""),
            ("GET", "/items/7", [], b""),
            ("GET", "/items/x", [], b""),
            ("POST", "/form", FORM, b"a=1&b=two"),
            ("OPTIONS", "/hello", [], b""),
            ("HEAD", "/hello", [], b""),
        ],
    ),
    "errors": (
        errors_app,
        [
            ("GET", "/nowhere", [], b""),
            ("GET", "/refuse", [], b""),
            ("GET", "/abort", [], b""),
            ("GET", "/unhandled", [], b""),
        ],
    ),
    "async": (async_app, [("GET", "/view", [], b""), ("GET", "/tea", [], b"")]),
    "session": (
        session_app,
        [("GET", "/set?name=ada", [], b""), ("GET", "/get", [("Cookie", "{cookie}")], b"")],
    ),
    "stream": (stream_app, [("GET", "/stream?word=middle", [], b"")]),
    "instance": (
        replaced_on_instance_app,
        [("GET", "/lookup", [], b""), ("GET", "/fine", [], b"")],
    ),
    "overrides": (
        overriding_app,
        [
            ("GET", "/shout", [], b""),
            ("GET", "/missing", [], b""),
            ("GET", "/fail", [], b""),
        ],
    ),
}


def run_scenario(
    driver: t.Callable, factory: t.Callable[[], Flask], exchanges: list[Exchange]
) -> list[Result]:
    app = factory()
    results: list[Result] = []
    cookie = ""
    for method, path, headers, body in exchanges:
        headers = [(k, v.format(cookie=cookie)) for k, v in headers]
        status, out_headers, out_body = normalised(
            driver(app, (method, path, headers, body)), method
        )
        for name, value in out_headers:
            if name == "set-cookie":
                cookie = value.split(";", 1)[0]
        events = list(app.events)  # type: ignore[attr-defined]
        app.events.clear()  # type: ignore[attr-defined]
        results.append((status, out_headers, out_body, events))
    return results


# Django's request signals recycle database connections.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session cookies carry a signing time: one second for every driver."""
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: 1_800_000_000)


@pytest.fixture
def reference(fixed_clock: None) -> dict[str, list[Result]]:
    """Each scenario through the test client: what every other driver must match."""
    return {name: run_scenario(via_test_client, *spec) for name, spec in SCENARIOS.items()}


@pytest.mark.parametrize("driver", [d for d in DRIVERS if d != "test_client"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_drivers_agree(scenario: str, driver: str, reference: dict[str, list[Result]]) -> None:
    results = run_scenario(DRIVERS[driver], *SCENARIOS[scenario])
    for exchange, got, expected in zip(
        SCENARIOS[scenario][1], results, reference[scenario], strict=True
    ):
        assert got == expected, f"{driver} differs for {exchange[0]} {exchange[1]}"


def test_the_reference_is_what_flask_semantics_say(reference: dict[str, list[Result]]) -> None:
    """The shared answers are the right ones, not only equal (spot checks)."""
    hooks = reference["hooks"]
    hello, stopped, crash, slash, slashed, get_post, post, go, external, item, bad_item, form = (
        hooks[:12]
    )
    assert hello[0] == 200 and hello[2] == b"hello from /p /hello"
    assert ("x-once", "yes") in hello[1] and ("x-after", "app") in hello[1]
    assert hello[3] == ["before /hello", "teardown None"]
    assert (stopped[0], stopped[2]) == (203, b"stopped early")
    assert crash[0] == 500 and crash[3] == ["before /crash", "teardown KeyError"]
    assert (slash[0], dict(slash[1])["location"]) == (308, "http://localhost/p/slash/")
    assert slashed[2] == b"slashed"
    assert (get_post[0], dict(get_post[1])["allow"]) == (405, "OPTIONS, POST")
    assert post[2] == b"posted body"
    assert (go[0], dict(go[1])["location"]) == (302, "/p/hello?q=1")
    assert external[2] == b"http://localhost/p/hello"
    assert item[2] == b'{"endpoint":"item","id":7}\n'
    assert bad_item[0] == 404
    assert form[2] == b'{"form":{"a":"1","b":"two"}}\n'
    options, head = hooks[12:]
    assert (options[0], dict(options[1])["allow"]) == (200, "GET, HEAD, OPTIONS")
    assert (head[0], head[2]) == (200, b"")

    nowhere, refused, aborted, unhandled = reference["errors"]
    assert (nowhere[0], nowhere[2]) == (404, b"no such page: /nowhere")
    assert (refused[0], refused[2]) == (409, b"refused by class")
    assert aborted[0] == 410
    assert (unhandled[0], unhandled[2]) == (500, b"handled 500 for RuntimeError")

    view, tea = reference["async"]
    assert view[2] == b"async hook and async view at /view" and view[3] == ["async teardown"]
    assert (tea[0], tea[2]) == (418, b"async handler")

    set_, get = reference["session"]
    cookie = dict(set_[1])["set-cookie"]
    assert cookie.startswith("parity_session=") and "Path=/p; SameSite=Lax" in cookie
    assert get[2] == b"name=ada"

    (stream,) = reference["stream"]
    assert stream[2] == b"start middle end"

    lookup, fine = reference["instance"]
    assert (lookup[0], lookup[2]) == (422, b'{"message":"routed KeyError"}\n')
    assert fine[0] == 409

    shout, missing, fail = reference["overrides"]
    assert (shout[2], dict(shout[1])["content-type"]) == (b"/SHOUT", "text/x-parity; charset=utf-8")
    assert ("x-made-by", "override") in shout[1] and ("x-processed", "override") in shout[1]
    assert shout[3] == [
        "full_dispatch_request",
        "preprocess_request",
        "dispatch_request",
        "finalize_request False",
        "do_teardown_request None",
        "do_teardown_appcontext",
    ]
    assert (missing[0], missing[2]) == (418, b"custom teapot for a missing page")
    assert fail[0] == 500
    assert fail[3] == [
        "full_dispatch_request",
        "preprocess_request",
        "dispatch_request",
        "handle_user_exception ValueError",
        "handle_exception ValueError",
        "finalize_request True",
        "do_teardown_request ValueError",
        "do_teardown_appcontext",
    ]
