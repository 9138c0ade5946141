"""The ASGI section's app: hello and JSON (and a 404) on every framework compared.

flaskish with ``async def`` views and with plain ones, Quart, Starlette, and
native Django async views; the content comes from :mod:`bench.apps.data`, as in
the WSGI section.  Two bare ASGI apps give the floor: :func:`create_bare` (no
framework) and the same with one hop to a thread per request, as a plain view
needs.
"""

from __future__ import annotations

import asyncio
import json
import typing as t
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

from . import data


def create_flasklike_async(fl: ModuleType | t.Any) -> t.Any:
    """flaskish (or Quart, whose API is Flask's) with ``async def`` views."""
    app = fl.Flask("bench_asgi", root_path=data.APPS_DIR)
    app.config["SECRET_KEY"] = data.SECRET_KEY

    @app.route("/hello")
    async def hello() -> str:
        return data.HELLO

    @app.route("/users/<int:user_id>")
    async def user(user_id: int) -> t.Any:
        return fl.jsonify(data.user(user_id))

    return app


def create_quart() -> t.Any:
    import quart

    return create_flasklike_async(_QuartModule(quart))


class _QuartModule:
    """``quart`` seen through the names :func:`create_flasklike_async` uses."""

    def __init__(self, quart: ModuleType) -> None:
        self.Flask = quart.Quart
        self.jsonify = quart.jsonify


def create_starlette() -> t.Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    async def hello(request: Request) -> Response:
        return PlainTextResponse(data.HELLO)

    async def user(request: Request) -> Response:
        return JSONResponse(data.user(request.path_params["user_id"]))

    return Starlette(
        routes=[Route("/hello", hello), Route("/users/{user_id:int}", user)],
    )


def django_async_patterns() -> list[t.Any]:
    """Native Django ``async def`` views and their ``path()`` patterns."""
    from django.http import HttpRequest, HttpResponse, JsonResponse
    from django.urls import path

    async def hello(request: HttpRequest) -> HttpResponse:
        return HttpResponse(data.HELLO)

    async def user(request: HttpRequest, user_id: int) -> HttpResponse:
        return JsonResponse(data.user(user_id), json_dumps_params=data.JSON_DUMPS_PARAMS)

    return [
        path("hello", hello, name="hello"),
        path("users/<int:user_id>", user, name="user"),
    ]


def create_bare(hop: bool = False) -> t.Any:
    """The endpoints written against ASGI directly; with ``hop``, each response is made
    in a thread of a one-thread executor (``loop.run_in_executor``), as a plain view is."""
    executor = ThreadPoolExecutor(max_workers=1) if hop else None
    text = [(b"content-type", b"text/plain; charset=utf-8")]
    json_type = [(b"content-type", b"application/json")]

    def respond(path: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if path == "/hello":
            return 200, text, data.HELLO.encode()
        if path.startswith("/users/") and path[7:].isdigit():
            return 200, json_type, json.dumps(data.user(int(path[7:]))).encode()
        return 404, text, b"Not Found"

    async def app(scope: dict[str, t.Any], receive: t.Any, send: t.Any) -> None:
        if executor is None:
            status, headers, body = respond(scope["path"])
        else:
            loop = asyncio.get_running_loop()
            status, headers, body = await loop.run_in_executor(executor, respond, scope["path"])
        length = (b"content-length", str(len(body)).encode())
        await send({"type": "http.response.start", "status": status, "headers": [*headers, length]})
        await send({"type": "http.response.body", "body": body})

    return app
