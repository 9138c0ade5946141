"""The ASGI section's requests, as scopes, and one in-process ASGI call as a server makes it."""

from __future__ import annotations

import asyncio
import typing as t

from .apps.variants import ASGIApp
from .endpoints import ENDPOINTS, Endpoint, Response

#: The endpoints every ASGI variant serves (the WSGI section's, by name).
ASGI_ENDPOINTS: tuple[Endpoint, ...] = tuple(
    e for e in ENDPOINTS if e.name in ("hello", "json", "404")
)


def scope(method: str, path: str) -> dict[str, t.Any]:
    """An HTTP scope as uvicorn builds it for a request from 127.0.0.1."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
        "method": method,
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [
            (b"host", b"localhost"),
            (b"user-agent", b"flaskish-bench"),
            (b"accept", b"*/*"),
        ],
        "state": {},
    }


async def acall(app: ASGIApp, request: dict[str, t.Any], body: bytes = b"") -> Response:
    """One request through ``app``: the body in one message, then (as uvicorn does) the
    connection's ``receive`` waits until the response is complete and says disconnected."""
    sent: list[dict[str, t.Any]] = []
    complete = asyncio.Event()
    delivered = False

    async def receive() -> dict[str, t.Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await complete.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, t.Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            complete.set()

    await app(dict(request), receive, send)
    start = sent[0]
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]]
    content = b"".join(m.get("body", b"") for m in sent[1:])
    return Response(start["status"], headers, content)
