"""Flask-Session on flaskish, used as its documentation shows.

Server-side sessions in the filesystem (cachelib): the cookie carries only a
session id, the data is in files, and it survives across requests and clients.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cachelib.file import FileSystemCache
from flask import Flask, session
from flask_session import Session


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="flask-session test key",
        SESSION_TYPE="cachelib",
        SESSION_SERIALIZATION_FORMAT="json",
        SESSION_CACHELIB=FileSystemCache(threshold=500, cache_dir=str(tmp_path / "sessions")),
    )
    Session(app)

    @app.route("/set/")
    def set_value() -> str:
        session["key"] = "value"
        return "ok"

    @app.route("/get/")
    def get_value() -> str:
        return session.get("key", "not set")

    @app.route("/clear/")
    def clear() -> str:
        session.clear()
        return "cleared"

    return app


def test_data_lives_on_the_server(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/get/").text == "not set"
    assert client.get("/set/").text == "ok"
    assert client.get("/get/").text == "value"
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert "value" not in cookie.value
    cache = app.config["SESSION_CACHELIB"]
    assert cache.has(f"session:{cookie.decoded_value}")

    # Another client holding the same session id sees the same data.
    other = app.test_client()
    other.set_cookie("session", cookie.decoded_value)
    assert other.get("/get/").text == "value"


def test_clearing_the_session(app: Flask) -> None:
    client = app.test_client()
    client.get("/set/")
    client.get("/clear/")
    assert client.get("/get/").text == "not set"
