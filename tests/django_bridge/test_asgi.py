"""A mounted app under the site's own ASGI handler (``get_asgi_application()``).

Django calls the bridge view, a plain function, in a thread; ``async def`` views of
the app are then run back on the event loop by ``ensure_sync``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
import typing as t

import pytest
from django.core.asgi import get_asgi_application

from django_bridge import mount
from flaskish import Flask, g, request

Message = dict[str, t.Any]

app = Flask("asgi_mounted")


@app.get("/async")
async def async_view() -> dict[str, t.Any]:
    g.n = request.args["n"]
    await asyncio.sleep(0)
    return {"thread": threading.get_ident(), "n": g.n, "root": request.script_root}


@app.get("/sync")
def sync_view() -> dict[str, t.Any]:
    return {"thread": threading.get_ident(), "path": request.path}


@app.get("/stream")
def stream() -> t.Iterator[str]:
    yield "a"
    yield "b"


urlpatterns = [mount("live/", app)]


@pytest.fixture(autouse=True)
def urlconf(settings: t.Any) -> None:
    settings.ROOT_URLCONF = __name__


async def call(handler: t.Any, path: str, query: bytes = b"") -> list[Message]:
    sent: list[Message] = []
    incoming = [{"type": "http.request", "body": b""}]
    done = asyncio.Event()

    async def receive() -> Message:
        if incoming:
            return incoming.pop(0)
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    try:
        await handler(scope, receive, send)
    finally:
        done.set()
    return sent


def body(messages: list[Message]) -> bytes:
    return b"".join(m.get("body", b"") for m in messages[1:])


def test_async_view_of_a_mounted_app_runs_on_the_loop() -> None:
    handler = get_asgi_application()

    async def main() -> tuple[int, list[Message]]:
        return threading.get_ident(), await call(handler, "/live/async", b"n=4")

    loop_thread, sent = asyncio.run(main())
    assert sent[0]["status"] == 200
    assert json.loads(body(sent)) == {"thread": loop_thread, "n": "4", "root": "/live"}


def test_sync_view_of_a_mounted_app_runs_in_a_thread() -> None:
    handler = get_asgi_application()

    async def main() -> tuple[int, list[Message]]:
        return threading.get_ident(), await call(handler, "/live/sync")

    loop_thread, sent = asyncio.run(main())
    data = json.loads(body(sent))
    assert data["path"] == "/sync"
    assert data["thread"] != loop_thread


def test_mounted_stream_and_concurrent_requests() -> None:
    handler = get_asgi_application()

    async def main() -> list[list[Message]]:
        calls = [call(handler, "/live/async", f"n={i}".encode()) for i in range(50)]
        return await asyncio.gather(call(handler, "/live/stream"), *calls)

    stream_sent, *sent = asyncio.run(main())
    assert body(stream_sent) == b"ab"
    assert [json.loads(body(s))["n"] for s in sent] == [str(i) for i in range(50)]


def test_under_asgi_the_resolver_hands_django_a_coroutine_view() -> None:
    """Django awaits it on the loop: the request holds no thread while async code runs."""
    from django.urls import resolve

    async def resolve_on_loop() -> object:
        return resolve("/live/async").func

    on_loop = asyncio.run(resolve_on_loop())
    off_loop = resolve("/live/async").func
    assert inspect.iscoroutinefunction(on_loop)
    assert not inspect.iscoroutinefunction(off_loop)
    assert on_loop.csrf_exempt is True
