"""The standalone app every recipe in docs/deployment.md serves, one route per thing a server can get wrong.

``gunicorn sampleapp:app`` from this directory, or any other server's recipe.
The routes are what ``make deploy-check`` asks each server for: a page, a
multipart upload, a streamed response, a session, an external URL, a
redirect, a file, a body of unknown length, a non-ASCII path, and what the
app saw of the request (``/environ``).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import typing as t
from pathlib import Path

import flaskish
from flaskish import Flask, Response, redirect, request, send_file, session, url_for

HERE = Path(__file__).resolve().parent

app = Flask(__name__)
# Every worker process must sign sessions with the same key.
app.config["SECRET_KEY"] = os.environ.get("SAMPLEAPP_SECRET_KEY", "sampleapp-dev-key-change-me")

#: When this process imported the app (a server that reloads it imports it again).
STARTED = time.time()
#: How long /stream waits for the client to ask for the rest.
STREAM_WAIT_S = 10.0


@app.get("/")
def index() -> str:
    return "<!doctype html><title>Sample</title><h1>Hello from flaskish</h1>"


@app.post("/upload")
def upload() -> dict[str, t.Any]:
    doc = request.files["doc"]
    data = doc.read()
    return {
        "title": request.form["title"],
        "name": doc.filename,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


@app.get("/stream")
def stream() -> Response:
    """A line, then the rest once ``release`` (a file path) exists: proof the body is streamed.

    ``X-Accel-Buffering: no`` tells nginx to pass each chunk on as it comes.
    """
    release = Path(request.args["release"])

    def generate() -> t.Iterator[str]:
        yield "first\n"
        deadline = time.monotonic() + STREAM_WAIT_S
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        yield "second\n" if release.exists() else "never released\n"
        yield "third\n"

    return Response(generate(), mimetype="text/plain", headers={"X-Accel-Buffering": "no"})


@app.get("/session/set/<value>")
def set_session(value: str) -> str:
    session["value"] = value
    return "stored"


@app.get("/session")
def get_session() -> str:
    return session.get("value", "<empty>")


@app.get("/external")
def external() -> str:
    return url_for("index", _external=True)


@app.get("/go")
def go() -> Response:
    return redirect(url_for("index"))


@app.get("/folder/")
def folder() -> str:
    return "folder"


@app.get("/hello/<name>")
def hello(name: str) -> str:
    return f"Hello, {name}!"


@app.post("/echo")
def echo() -> dict[str, t.Any]:
    """The body's length and digest, however it was framed (``Content-Length`` or chunked)."""
    data = request.get_data()
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


@app.get("/file")
def file() -> Response:
    return send_file(HERE / "sampleapp.py", mimetype="text/plain")


@app.get("/private/whoami")
def whoami() -> str:
    """Behind the server's own login (Apache's ``Require valid-user``): who it let in."""
    return request.remote_user or "<nobody>"


@app.get("/environ")
def environ() -> dict[str, t.Any]:
    """What the app made of the request, and where it runs."""
    return {
        "script_root": request.script_root,
        "path": request.path,
        "url": request.url,
        "scheme": request.scheme,
        "host": request.host,
        "remote_addr": request.remote_addr,
        "remote_user": request.remote_user,
        "file_wrapper": "wsgi.file_wrapper" in request.environ,
        "prefix": sys.prefix,
        "flaskish": flaskish.__file__,
        "app_file": __file__,
        "pid": os.getpid(),
        "started": STARTED,
    }
