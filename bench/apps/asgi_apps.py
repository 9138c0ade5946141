"""The ASGI section's app: hello and JSON (and a 404) on every framework compared.

flaskish with ``async def`` views and with plain ones, Quart, Starlette, and
native Django async views; the content comes from :mod:`bench.apps.data`, as in
the WSGI section.
"""

from __future__ import annotations

import typing as t
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
        return JsonResponse(data.user(user_id))

    return [
        path("hello", hello, name="hello"),
        path("users/<int:user_id>", user, name="user"),
    ]
