"""``app.asgi_app``: a hand-written ASGI server drives the app under ``asyncio.run``."""

from __future__ import annotations

import asyncio
import json
import threading
import typing as t
from dataclasses import dataclass, field

import pytest

from flaskish import (
    Flask,
    Response,
    abort,
    after_this_request,
    g,
    has_request_context,
    request,
    session,
    stream_with_context,
)

Message = dict[str, t.Any]


@dataclass
class Result:
    """What the app sent: the start message, then every body message."""

    messages: list[Message] = field(default_factory=list)

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [(k.decode(), v.decode()) for k, v in self.messages[0]["headers"]]

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[0] if values else None

    @property
    def bodies(self) -> list[Message]:
        return self.messages[1:]

    @property
    def data(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.bodies)

    def json(self) -> t.Any:
        return json.loads(self.data)


def make_scope(
    method: str = "GET",
    path: str = "/",
    query: bytes = b"",
    headers: t.Sequence[tuple[str, str]] = (),
    root_path: str = "",
) -> Message:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": root_path,
        "headers": [(b"host", b"example.test"), *((k.encode(), v.encode()) for k, v in headers)],
        "client": ("203.0.113.7", 51000),
        "server": ("example.test", 80),
    }


async def call(
    app: Flask,
    method: str = "GET",
    path: str = "/",
    *,
    query: bytes = b"",
    headers: t.Sequence[tuple[str, str]] = (),
    body: bytes | list[bytes] = b"",
    root_path: str = "",
    chunked: bool = False,
    on_send: t.Callable[[Message], t.Awaitable[None]] | None = None,
) -> Result:
    """Send one request the way an ASGI server does and collect the answer.

    A body gets a ``Content-Length`` header, as clients send, unless ``chunked``.
    """
    chunks = body if isinstance(body, list) else [body]
    if chunks != [b""] and not chunked:
        headers = [*headers, ("content-length", str(sum(map(len, chunks))))]
    incoming = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    done = asyncio.Event()
    result = Result()

    async def receive() -> Message:
        if incoming:
            return incoming.pop(0)
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        result.messages.append(message)
        if on_send is not None:
            await on_send(message)

    try:
        await app.asgi_app(make_scope(method, path, query, headers, root_path), receive, send)
    finally:
        done.set()
    return result


def run(app: Flask, *args: t.Any, **kwargs: t.Any) -> Result:
    return asyncio.run(call(app, *args, **kwargs))


# -- requests ------------------------------------------------------------------------


def test_get_sees_path_query_headers_and_client(app):
    @app.get("/hello/<name>")
    async def hello(name):
        return {
            "name": name,
            "args": request.args.getlist("a"),
            "agent": request.headers["User-Agent"],
            "remote": request.remote_addr,
            "url": request.url,
            "script_root": request.script_root,
        }

    rv = run(
        app,
        path="/hello/ada",
        query=b"a=1&a=2",
        headers=[("user-agent", "harness/1")],
    )
    assert rv.status == 200
    assert rv.header("content-type") == "application/json"
    assert rv.json() == {
        "name": "ada",
        "args": ["1", "2"],
        "agent": "harness/1",
        "remote": "203.0.113.7",
        "url": "http://example.test/hello/ada?a=1&a=2",
        "script_root": "",
    }


def test_root_path_is_the_script_root(app):
    @app.get("/where")
    def where():
        return f"{request.script_root} {request.path} {request.url}"

    rv = run(app, path="/mount/where", root_path="/mount")
    assert rv.data == b"/mount /where http://example.test/mount/where"


def test_post_body_arrives_whole_across_messages(app):
    @app.post("/echo")
    async def echo():
        return request.get_data()

    rv = run(app, "POST", "/echo", body=[b"one ", b"two ", b"three"])
    assert rv.data == b"one two three"
    assert rv.header("content-length") == "13"


def test_post_form(app):
    @app.post("/form")
    def form():
        return f"{request.form['a']} {request.form.getlist('b')}"

    rv = run(
        app,
        "POST",
        "/form",
        headers=[("content-type", "application/x-www-form-urlencoded")],
        body=b"a=x+y&b=1&b=2",
    )
    assert rv.data == b"x y ['1', '2']"


@pytest.mark.parametrize("chunked", [False, True])
def test_post_multipart_file(app, chunked):
    @app.post("/upload")
    async def upload():
        f = request.files["doc"]
        return f"{f.filename} {f.read().decode()} {request.form['title']}"

    boundary = "XyZ"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="title"\r\n\r\nreport\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="doc"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\n\r\nfile body\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    rv = run(
        app,
        "POST",
        "/upload",
        headers=[("content-type", f"multipart/form-data; boundary={boundary}")],
        body=[body[:20], body[20:]],
        chunked=chunked,
    )
    assert rv.data == b"a.txt file body report"


def test_json_in_and_out(app):
    @app.post("/json")
    async def echo_json():
        return {"got": request.get_json(), "is_json": request.is_json}

    rv = run(
        app,
        "POST",
        "/json",
        headers=[("content-type", "application/json")],
        body=b'{"a": [1, 2]}',
    )
    assert rv.json() == {"got": {"a": [1, 2]}, "is_json": True}


def test_body_over_max_content_length_is_413(app):
    app.config["MAX_CONTENT_LENGTH"] = 4

    @app.post("/small")
    def small():
        return request.get_data()

    assert run(app, "POST", "/small", body=b"far too long").status == 413
    assert run(app, "POST", "/small", body=b"far too long", chunked=True).status == 413


def test_cookies_in_and_out(app):
    @app.get("/cookie")
    def cookie():
        rv = Response(request.cookies.get("flavour", "none"))
        rv.set_cookie("seen", "yes", httponly=True)
        rv.set_cookie("other", "1")
        return rv

    rv = run(app, path="/cookie", headers=[("cookie", "flavour=oat")])
    assert rv.data == b"oat"
    cookies = [v for k, v in rv.headers if k == "Set-Cookie"]
    assert cookies == ["seen=yes; HttpOnly; Path=/", "other=1; Path=/"]


def test_session_round_trip(app):
    @app.get("/count")
    async def count():
        session["n"] = session.get("n", 0) + 1
        return str(session["n"])

    first = run(app, path="/count")
    cookie = first.header("set-cookie").split(";")[0]  # type: ignore[union-attr]
    second = run(app, path="/count", headers=[("cookie", cookie)])
    assert (first.data, second.data) == (b"1", b"2")


def test_head_sends_headers_without_body(app):
    @app.get("/page")
    def page():
        return "twelve bytes"

    rv = run(app, "HEAD", "/page")
    assert rv.status == 200
    assert rv.header("content-length") == "12"
    assert rv.data == b""


# -- where code runs -----------------------------------------------------------------


def test_async_view_and_hooks_run_on_the_event_loop_thread(app):
    seen: dict[str, int] = {}

    @app.before_request
    async def before():
        seen["before"] = threading.get_ident()

    @app.get("/async")
    async def view():
        seen["view"] = threading.get_ident()

        @after_this_request
        async def later(response):
            seen["after_this"] = threading.get_ident()
            return response

        return "ok"

    @app.after_request
    async def after(response):
        seen["after"] = threading.get_ident()
        return response

    @app.teardown_request
    async def teardown(exc):
        seen["teardown"] = threading.get_ident()

    async def main() -> tuple[int, Result]:
        return threading.get_ident(), await call(app, path="/async")

    loop_thread, rv = asyncio.run(main())
    assert rv.data == b"ok"
    assert seen == dict.fromkeys(("before", "view", "after_this", "after", "teardown"), loop_thread)


def test_sync_view_and_hooks_share_one_thread_off_the_loop(app):
    seen: dict[str, int] = {}

    @app.before_request
    def before():
        seen["before"] = threading.get_ident()

    @app.get("/sync")
    def view():
        seen["view"] = threading.get_ident()
        return "ok"

    @app.teardown_request
    def teardown(exc):
        seen["teardown"] = threading.get_ident()

    async def main() -> tuple[int, Result]:
        return threading.get_ident(), await call(app, path="/sync")

    loop_thread, rv = asyncio.run(main())
    assert rv.data == b"ok"
    assert loop_thread not in seen.values()
    assert len(set(seen.values())) == 1


def test_async_error_handler_runs_on_the_loop(app):
    @app.get("/missing")
    async def missing():
        abort(404)

    @app.errorhandler(404)
    async def not_found(e):
        return f"nothing here ({threading.get_ident() == loop_thread[0]})", 404

    loop_thread: list[int] = []

    async def main() -> Result:
        loop_thread.append(threading.get_ident())
        return await call(app, path="/missing")

    rv = asyncio.run(main())
    assert (rv.status, rv.data) == (404, b"nothing here (True)")


def test_signals_with_async_and_sync_receivers(app):
    from flaskish import signals

    got: list[str] = []

    async def started(sender, **extra):
        got.append("started")

    def finished(sender, response, **extra):
        got.append(f"finished {response.status_code}")

    @app.get("/")
    async def index():
        return "ok"

    with (
        signals.request_started.connected_to(started, app),
        signals.request_finished.connected_to(finished, app),
    ):
        run(app)
    assert got == ["started", "finished 200"]


# -- streaming -----------------------------------------------------------------------


def test_sync_generator_streams_chunk_by_chunk(app):
    @app.get("/stream")
    def stream():
        def generate():
            yield "one "
            yield b"two "
            yield "three"

        return generate(), {"Content-Type": "text/plain"}

    rv = run(app, path="/stream")
    assert rv.header("content-length") is None
    assert [(m.get("body", b""), m.get("more_body", False)) for m in rv.bodies] == [
        (b"one ", True),
        (b"two ", True),
        (b"three", True),
        (b"", False),
    ]


def test_async_generator_streams_before_it_finishes(app):
    # The generator waits for the harness to receive its first chunk: only a
    # response that really streams can finish.
    first_sent = asyncio.Event()

    @app.get("/live")
    async def live():
        async def generate():
            yield "first"
            await asyncio.wait_for(first_sent.wait(), timeout=5)
            yield "second"

        return generate()

    async def on_send(message: Message) -> None:
        if message.get("body") == b"first":
            first_sent.set()

    rv = asyncio.run(call(app, path="/live", on_send=on_send))
    assert [m.get("body", b"") for m in rv.bodies] == [b"first", b"second", b""]


def test_stream_with_context_from_a_sync_view(app):
    @app.get("/ctx")
    def ctx_stream():
        @stream_with_context
        def generate():
            yield "hello "
            yield request.args["name"]

        return generate()

    torn_down: list[bool] = []

    @app.teardown_request
    def teardown(exc):
        torn_down.append(True)

    rv = run(app, path="/ctx", query=b"name=ada")
    assert rv.data == b"hello ada"
    assert torn_down == [True]


def test_stream_with_context_from_an_async_view(app):
    @app.get("/ctx")
    async def ctx_stream():
        def generate():
            yield "path "
            yield request.path

        return stream_with_context(generate())

    assert run(app, path="/ctx").data == b"path /ctx"


# -- errors --------------------------------------------------------------------------


def test_404_and_405(app):
    @app.post("/only-post")
    async def only_post():
        return "posted"

    assert run(app, path="/nowhere").status == 404
    rv = run(app, "GET", "/only-post")
    assert rv.status == 405
    assert sorted(rv.header("allow").split(", ")) == ["OPTIONS", "POST"]  # type: ignore[union-attr]


def test_unhandled_error_is_a_500(app):
    app.config["TESTING"] = False

    @app.get("/boom")
    async def boom():
        raise RuntimeError("secret detail")

    rv = run(app, path="/boom")
    assert rv.status == 500
    assert b"Internal Server Error" in rv.data
    assert b"secret detail" not in rv.data


def test_500_handler_and_teardown_see_the_error(app):
    app.config["TESTING"] = False
    errors: list[BaseException | None] = []

    @app.get("/boom")
    def boom():
        raise KeyError("k")

    @app.errorhandler(500)
    async def server_error(e):
        return f"handled {type(e.original_exception).__name__}", 500

    @app.teardown_request
    async def teardown(exc):
        errors.append(exc)

    rv = run(app, path="/boom")
    assert (rv.status, rv.data) == (500, b"handled KeyError")
    assert [type(e) for e in errors] == [KeyError]


def test_unhandled_error_propagates_when_testing(app):
    @app.get("/boom")
    async def boom():
        raise RuntimeError("to the server")

    with pytest.raises(RuntimeError, match="to the server"):
        run(app, path="/boom")


# -- isolation -----------------------------------------------------------------------


def test_500_concurrent_tasks_each_see_their_own_request_g_and_session(app):
    @app.get("/mine")
    async def mine():
        n = request.args["n"]
        g.n = n
        session["n"] = n
        for _ in range(3):
            await asyncio.sleep(0)
        assert request.args["n"] == g.n == session["n"] == n
        return n

    @app.get("/mine-sync")
    def mine_sync():
        g.n = request.args["n"]
        return g.n

    async def main() -> list[Result]:
        calls = [
            call(app, path="/mine" if i % 5 else "/mine-sync", query=f"n={i}".encode())
            for i in range(500)
        ]
        results = await asyncio.gather(*calls)
        assert not has_request_context()
        return results

    results = asyncio.run(main())
    assert [r.data for r in results] == [str(i).encode() for i in range(500)]


# -- the protocol --------------------------------------------------------------------


def test_lifespan_startup_and_shutdown(app):
    sent: list[Message] = []
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app.asgi_app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert sent == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    ]


def test_websocket_scope_is_refused(app):
    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        pass

    with pytest.raises(ValueError) as info:
        asyncio.run(app.asgi_app({"type": "websocket"}, receive, send))
    assert str(info.value) == (
        "flaskish serves HTTP and lifespan ASGI connections, not 'websocket'."
        " Route other protocols to another ASGI application."
    )


def test_client_gone_before_the_body_sends_nothing(app):
    seen: list[str] = []

    @app.post("/")
    def index():
        try:
            request.get_data()
        except Exception as e:
            seen.append(type(e).__name__)
            raise
        return "never"

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app.asgi_app(make_scope("POST"), receive, send))
    assert (sent, seen) == ([], ["ClientDisconnected"])


def _endless_body(received: list[Message]) -> t.Callable[[], t.Awaitable[Message]]:
    """A client that keeps sending 1,000-byte body messages; each one is recorded."""

    async def receive() -> Message:
        message = {"type": "http.request", "body": b"x" * 1000, "more_body": True}
        received.append(message)
        return message

    return receive


def _collect_into(sent: list[Message]) -> t.Callable[[Message], t.Awaitable[None]]:
    async def send(message: Message) -> None:
        sent.append(message)

    return send


def test_a_body_nobody_reads_is_never_received(app):
    """The body is received when the request reads it: a view that does not, a 405
    and a 404 leave it with the server."""
    received: list[Message] = []

    @app.post("/ignore")
    def ignore():
        return "ignored"

    statuses = []
    for method, path in (("POST", "/ignore"), ("PUT", "/ignore"), ("POST", "/no")):
        sent: list[Message] = []
        scope = make_scope(method, path, headers=[("content-length", "64000000")])
        asyncio.run(app.asgi_app(scope, _endless_body(received), _collect_into(sent)))
        statuses.append(sent[0]["status"])
    assert (statuses, received) == ([200, 405, 404], [])


def test_a_declared_body_over_the_limit_is_refused_unreceived(app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    received: list[Message] = []
    sent: list[Message] = []

    @app.post("/")
    async def index():
        return request.get_data()

    scope = make_scope("POST", "/", headers=[("content-length", "64000000")])
    asyncio.run(app.asgi_app(scope, _endless_body(received), _collect_into(sent)))
    assert (sent[0]["status"], received) == (413, [])


def _post_endless_chunks(app, view_kind: str = "sync") -> tuple[int, int]:
    """POST an endless chunked body to a view reading it; the status sent and how many
    1,000-byte body messages were received."""
    received: list[Message] = []
    sent: list[Message] = []

    def read() -> bytes:
        return request.get_data()

    async def read_async() -> bytes:
        return request.get_data()

    app.add_url_rule("/", "index", read if view_kind == "sync" else read_async, methods=["POST"])
    scope = make_scope("POST", "/", headers=[("transfer-encoding", "chunked")])
    asyncio.run(app.asgi_app(scope, _endless_body(received), _collect_into(sent)))
    return sent[0]["status"], len(received)


@pytest.mark.parametrize("view_kind", ["sync", "async"])
def test_a_chunked_body_stops_one_message_past_the_limit(app, view_kind):
    app.config["MAX_CONTENT_LENGTH"] = 2500
    # 3,000 bytes received: the first byte past the limit is in the third message.
    assert _post_endless_chunks(app, view_kind) == (413, 3)


@pytest.mark.parametrize("view_kind", ["sync", "async"])
def test_a_chunked_body_stops_past_the_requests_own_limit(app, view_kind):
    """``request.max_content_length`` set per request bounds a chunked ASGI body too
    (with no app-wide limit, an endless body would otherwise be received forever)."""

    class SmallRequests(app.request_class):  # type: ignore[name-defined, misc]
        max_content_length = 2500

    app.request_class = SmallRequests
    assert _post_endless_chunks(app, view_kind) == (413, 3)


def test_a_hook_lowering_the_limit_bounds_a_chunked_body(app):
    """A before-request hook may lower the limit for one request, as in Flask 3.1."""

    @app.before_request
    def small() -> None:
        request.max_content_length = 1500

    assert _post_endless_chunks(app) == (413, 2)


def test_a_matched_request_binds_a_url_adapter_only_to_build_a_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flaskish.sansio.app import App

    bound: list[str] = []
    original = App._bind_request

    def bind(self: App, req: t.Any) -> t.Any:
        adapter = original(self, req)
        bound.append(adapter.server_name)
        return adapter

    monkeypatch.setattr(App, "_bind_request", bind)
    app = Flask(__name__)

    @app.route("/items/<int:n>")
    async def item(n: int) -> str:
        return f"item {n}"

    @app.route("/link")
    def link() -> str:
        return app.url_for("item", n=2, _external=True)

    assert run(app, "GET", "/items/7").data == b"item 7"
    assert run(app, "GET", "/missing").status == 404
    assert bound == []
    assert run(app, "GET", "/link").data == b"http://example.test/items/2"
    assert bound == ["example.test"]
