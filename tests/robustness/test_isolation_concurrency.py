"""Isolation under concurrency: many overlapping requests each see only their own
``request``, ``g`` and ``session``.

64 requests overlap for real on a threaded WSGI server (a barrier holds every view
until all have arrived), and 500 asyncio tasks overlap on ``app.asgi_app`` (an event
holds every async view until all have arrived). Each request carries its own query
value and session cookie; whatever the view, its hooks and its teardown see must be
that request's own, and each client must get its own values back.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
import typing as t
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from robustness_support import Message, asgi_call

from flaskish import Flask, g, request, session

THREADS = 64
TASKS = 500
# Long enough for a slow, shared machine; reached only if isolation is already broken.
WAIT_LIMIT = 60.0


# -- an app that checks its own state after every request has arrived ------------------


def mine() -> dict[str, t.Any]:
    """What this request sees as its own, from every place a request's state lives."""
    return {"args": request.args.get("who"), "g": g.get("who"), "session": session.get("who")}


def make_app() -> tuple[Flask, list[dict[str, t.Any]]]:
    """An app whose hooks use the request's state; add the views to it.

    Teardown records what each request saw last, for the test to check.
    """
    app = Flask("flaskish_isolation_app")
    app.config.update(SECRET_KEY="isolation key")
    torn_down: list[dict[str, t.Any]] = []

    @app.before_request
    def remember_who() -> None:
        g.who = request.args.get("who")

    @app.after_request
    def tag_response(response: t.Any) -> t.Any:
        response.headers["X-Who"] = g.who
        return response

    @app.teardown_request
    def record(exc: BaseException | None) -> None:
        torn_down.append(mine())

    return app, torn_down


def add_sync_views(app: Flask, barrier: threading.Barrier) -> None:
    @app.get("/login")
    def login() -> dict[str, t.Any]:
        who = request.args["who"]
        barrier.wait(WAIT_LIMIT)
        session["who"] = who
        return mine()

    @app.get("/check")
    def check() -> dict[str, t.Any]:
        before = mine()
        current = request._get_current_object()  # type: ignore[attr-defined]
        barrier.wait(WAIT_LIMIT)
        session["checked"] = request.args["who"]
        return {
            "before": before,
            "after": mine(),
            "same_request_object": request._get_current_object() is current,  # type: ignore[attr-defined]
        }

    @app.get("/whoami")
    def whoami() -> dict[str, t.Any]:
        barrier.wait(WAIT_LIMIT)
        return dict(session)


# -- a threaded WSGI server on 127.0.0.1 -----------------------------------------------


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: t.Any) -> None:
        """The test checks responses; a log line per request is noise."""


class ListeningServer(ThreadedWSGIServer):
    # Every client connects at once: keep them all in the accept queue.
    request_queue_size = THREADS * 2


@pytest.fixture
def threaded_server() -> t.Iterator[t.Callable[[Flask], int]]:
    """Serve an app on a free port of 127.0.0.1 in a thread; stopped however the test ends."""
    servers: list[tuple[ThreadedWSGIServer, threading.Thread]] = []

    def serve(app: Flask) -> int:
        server = ListeningServer(("127.0.0.1", 0), QuietHandler)
        server.set_app(app)
        thread = threading.Thread(target=server.serve_forever, name="isolation-server")
        thread.start()
        servers.append((server, thread))
        return int(server.server_address[1])

    try:
        yield serve
    finally:
        for server, thread in servers:
            server.shutdown()
            server.server_close()
            thread.join()


def http_get(port: int, path: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_LIMIT * 2)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def session_cookie(headers: t.Mapping[str, str]) -> str:
    cookie = SimpleCookie(headers["Set-Cookie"])
    return f"session={cookie['session'].value}"


def all_at_once(count: int, call: t.Callable[[int], t.Any]) -> list[t.Any]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def test_64_overlapping_requests_on_a_threaded_server_each_see_their_own_state(
    threaded_server: t.Callable[[Flask], int],
) -> None:
    barrier = threading.Barrier(THREADS)
    app, torn_down = make_app()
    add_sync_views(app, barrier)
    port = threaded_server(app)

    logins = all_at_once(THREADS, lambda i: http_get(port, f"/login?who=user-{i}"))
    cookies = {}
    for i, (status, headers, body) in enumerate(logins):
        who = f"user-{i}"
        assert status == 200, body
        assert headers["X-Who"] == who
        assert json.loads(body) == {"args": who, "g": who, "session": who}
        cookies[i] = session_cookie(headers)

    checks = all_at_once(THREADS, lambda i: http_get(port, f"/check?who=user-{i}", cookies[i]))
    for i, (status, headers, body) in enumerate(checks):
        who = f"user-{i}"
        state = {"args": who, "g": who, "session": who}
        assert status == 200, body
        assert headers["X-Who"] == who
        assert json.loads(body) == {"before": state, "after": state, "same_request_object": True}
        cookies[i] = session_cookie(headers)

    whoami = all_at_once(THREADS, lambda i: http_get(port, f"/whoami?who=user-{i}", cookies[i]))
    for i, (status, _, body) in enumerate(whoami):
        who = f"user-{i}"
        assert status == 200, body
        assert json.loads(body) == {"who": who, "checked": who}

    # Teardown ran once per request, each time inside that request's own state.
    assert len(torn_down) == 3 * THREADS
    for seen in torn_down:
        assert seen["g"] == seen["args"]
        assert seen["session"] == seen["args"]


# -- 500 tasks on app.asgi_app ---------------------------------------------------------


async def asgi_get(app: Flask, path: str, query: str, cookie: str | None = None) -> Message:
    """One GET the way an ASGI server sends it; the answer as status, headers and body."""
    headers = [(b"cookie", cookie.encode("latin-1"))] if cookie else []
    sent = await asgi_call(app, path, query=query, headers=headers, host="example.test")
    start, bodies = sent[0], sent[1:]
    return {
        "status": start["status"],
        "headers": {k.decode("latin-1"): v.decode("latin-1") for k, v in start["headers"]},
        "body": b"".join(m.get("body", b"") for m in bodies),
    }


class Arrivals:
    """Lets each async view wait, without blocking the loop, until all have arrived."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.count = 0
        self.everyone = asyncio.Event()

    async def wait(self) -> None:
        self.count += 1
        if self.count == self.expected:
            self.everyone.set()
        await asyncio.wait_for(self.everyone.wait(), WAIT_LIMIT)


def add_async_views(app: Flask, arrivals: dict[str, Arrivals]) -> None:
    @app.get("/login")
    async def login() -> dict[str, t.Any]:
        who = request.args["who"]
        await asyncio.sleep(0)
        await arrivals["login"].wait()
        session["who"] = who
        await asyncio.sleep(0)
        return mine()

    @app.get("/check")
    async def check() -> dict[str, t.Any]:
        before = mine()
        current = request._get_current_object()  # type: ignore[attr-defined]
        for _ in range(3):
            await asyncio.sleep(0)
        await arrivals["check"].wait()
        for _ in range(3):
            await asyncio.sleep(0)
        session["checked"] = request.args["who"]
        return {
            "before": before,
            "after": mine(),
            "same_request_object": request._get_current_object() is current,  # type: ignore[attr-defined]
        }


def test_500_concurrent_asgi_tasks_each_see_their_own_state() -> None:
    async def scenario() -> tuple[list[Message], list[Message], list[dict[str, t.Any]]]:
        arrivals = {"login": Arrivals(TASKS), "check": Arrivals(TASKS)}
        app, torn_down = make_app()
        add_async_views(app, arrivals)
        logins = await asyncio.gather(
            *(asgi_get(app, "/login", f"who=user-{i}") for i in range(TASKS))
        )
        cookies = [session_cookie(r["headers"]) if r["status"] == 200 else None for r in logins]
        checks = await asyncio.gather(
            *(asgi_get(app, "/check", f"who=user-{i}", cookies[i]) for i in range(TASKS))
        )
        return logins, checks, torn_down

    logins, checks, torn_down = asyncio.run(scenario())

    for i, response in enumerate(logins):
        who = f"user-{i}"
        assert response["status"] == 200, response["body"]
        assert response["headers"]["X-Who"] == who
        assert json.loads(response["body"]) == {
            "args": who,
            "g": who,
            "session": who,
        }
    for i, response in enumerate(checks):
        who = f"user-{i}"
        state = {"args": who, "g": who, "session": who}
        assert response["status"] == 200, response["body"]
        assert response["headers"]["X-Who"] == who
        assert json.loads(response["body"]) == {
            "before": state,
            "after": state,
            "same_request_object": True,
        }
    assert len(torn_down) == 2 * TASKS
    for seen in torn_down:
        assert seen["g"] == seen["args"]
        assert seen["session"] == seen["args"]


def test_64_overlapping_plain_views_under_asgi_each_run_in_their_own_thread() -> None:
    """Plain views under ASGI run off the loop, one thread per request: a barrier that
    all 64 must reach together only passes if none waits for another's thread."""
    barrier = threading.Barrier(THREADS)
    app, torn_down = make_app()
    add_sync_views(app, barrier)

    async def scenario() -> tuple[list[Message], list[Message]]:
        logins = await asyncio.gather(
            *(asgi_get(app, "/login", f"who=user-{i}") for i in range(THREADS))
        )
        cookies = [session_cookie(r["headers"]) if r["status"] == 200 else None for r in logins]
        checks = await asyncio.gather(
            *(asgi_get(app, "/check", f"who=user-{i}", cookies[i]) for i in range(THREADS))
        )
        return logins, checks

    logins, checks = asyncio.run(scenario())

    for i, (login, check) in enumerate(zip(logins, checks, strict=True)):
        who = f"user-{i}"
        state = {"args": who, "g": who, "session": who}
        assert login["status"] == 200, login["body"]
        assert json.loads(login["body"]) == state
        assert check["status"] == 200, check["body"]
        assert check["headers"]["X-Who"] == who
        assert json.loads(check["body"]) == {
            "before": state,
            "after": state,
            "same_request_object": True,
        }
    assert len(torn_down) == 2 * THREADS
    assert all(seen["g"] == seen["args"] == seen["session"] for seen in torn_down)
