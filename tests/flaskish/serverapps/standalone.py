"""A standalone app as it would be deployed: ``gunicorn standalone:app``, ``uvicorn standalone:asgi_app``."""

from __future__ import annotations

import asyncio
import os
import time
import typing as t

from flaskish import Flask, request

app = Flask(__name__)


@app.get("/")
def index() -> dict[str, t.Any]:
    return {"hello": "world", "pid": os.getpid()}


@app.get("/cookie")
def cookie() -> t.Any:
    """Echo the ``n`` cookie and set it to text outside latin-1."""
    response = app.make_response(request.cookies.get("n", ""))
    response.set_cookie("n", "日本 é")
    return response


@app.get("/async")
async def async_index() -> str:
    await asyncio.sleep(0)
    return "async hello"


@app.get("/stream")
def stream() -> t.Iterator[str]:
    """Yield a line, then wait for the client to say it got it (a file appears)."""
    release = request.args["release"]

    def generate() -> t.Iterator[str]:
        yield "first\n"
        deadline = time.monotonic() + 10
        while not os.path.exists(release) and time.monotonic() < deadline:
            time.sleep(0.02)
        yield "second\n" if os.path.exists(release) else "never released\n"
        yield "third\n"

    return generate()


@app.get("/astream")
async def astream() -> t.AsyncIterator[str]:
    """``/stream`` with an async generator (served by an ASGI server)."""
    release = request.args["release"]

    async def generate() -> t.AsyncIterator[str]:
        yield "first\n"
        deadline = time.monotonic() + 10
        while not os.path.exists(release) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        yield "second\n" if os.path.exists(release) else "never released\n"
        yield "third\n"

    return generate()


@app.post("/upload")
def upload() -> dict[str, t.Any]:
    f = request.files["doc"]
    data = f.read()
    return {"name": f.filename, "size": len(data), "title": request.form["title"]}


#: What an ASGI server is given.
asgi_app = app.asgi_app


def create_asgi_app() -> t.Any:
    """For ``uvicorn --factory standalone:create_asgi_app``."""
    return app.asgi_app
