"""The private and legacy Flask names extensions reach for, under ``install_as_flask()``.

Each is used the way extensions use it, and checked by what a request sees.
"""

from __future__ import annotations

import datetime
import decimal
import os
import typing as t

import flask
import pytest
from flask import Flask
from flask.ctx import _AppCtxGlobals
from flask.globals import app_ctx, request_ctx
from flask.helpers import get_root_path
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask.signals import Namespace
from flask.testing import FlaskClient


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "secret"
    return app


def test_request_ctx_and_app_ctx_are_the_current_contexts(app: Flask) -> None:
    @app.route("/where")
    def where() -> str:
        app_ctx.g.seen = "yes"
        return f"{request_ctx.request.path} {app_ctx.app.name} {flask.g.seen}"

    assert app.test_client().get("/where?x=1").text == "/where test_private_names yes"
    with pytest.raises(RuntimeError) as exc_info:
        request_ctx.request  # noqa: B018
    assert str(exc_info.value).startswith("Working outside of request context.")


def test_request_ctx_stack_top_is_the_request_context(app: Flask) -> None:
    with pytest.deprecated_call():
        from flask import _app_ctx_stack, _request_ctx_stack

    @app.route("/top")
    def top() -> str:
        with pytest.deprecated_call():
            ctx = _request_ctx_stack.top
        with pytest.deprecated_call():
            actx = _app_ctx_stack.top
        ctx.session["seen"] = True
        return f"{ctx.request.path} {actx.app is flask.current_app._get_current_object()}"

    client = app.test_client()
    assert client.get("/top").text == "/top True"
    with client.session_transaction() as sess:
        assert sess["seen"] is True
    with pytest.deprecated_call():
        assert _request_ctx_stack.top is None


def test_app_ctx_globals_class_can_be_replaced(app: Flask) -> None:
    class Globals(_AppCtxGlobals):
        def greeting(self) -> str:
            return f"hello {self.get('name', 'nobody')}"

    app.app_ctx_globals_class = Globals

    @app.route("/")
    def index() -> str:
        flask.g.name = "ada"
        return f"{isinstance(flask.g._get_current_object(), Globals)} {flask.g.greeting()}"

    assert app.test_client().get("/").text == "True hello ada"


def test_a_flask_client_subclass_takes_its_own_arguments(app: Flask) -> None:
    class LoggedInClient(FlaskClient):
        def __init__(self, *args: t.Any, user: str, **kwargs: t.Any) -> None:
            super().__init__(*args, **kwargs)
            with self.session_transaction() as sess:
                sess["user"] = user

    @app.route("/me")
    def me() -> str:
        return flask.session.get("user", "anonymous")

    app.test_client_class = LoggedInClient
    client = app.test_client(user="ada")
    assert isinstance(client, FlaskClient)
    assert client.get("/me").text == "ada"


def test_default_json_provider_subclass_serializes_more_types(app: Flask) -> None:
    class Provider(DefaultJSONProvider):
        sort_keys = False

        @staticmethod
        def default(o: t.Any) -> t.Any:
            if isinstance(o, set):
                return sorted(o)
            return DefaultJSONProvider.default(o)

    app.json_provider_class = Provider
    app.json = Provider(app)

    @app.route("/data")
    def data() -> t.Any:
        return flask.jsonify(
            z=1,
            tags={"b", "a"},
            price=decimal.Decimal("1.50"),
            when=datetime.date(2024, 2, 29),
        )

    rv = app.test_client().get("/data")
    assert rv.text == (
        '{"z":1,"tags":["a","b"],"price":"1.50","when":"Thu, 29 Feb 2024 00:00:00 GMT"}\n'
    )


def test_secure_cookie_session_interface_subclass_can_skip_saving(app: Flask) -> None:
    class NoApiSessions(SecureCookieSessionInterface):
        def save_session(self, app: Flask, session: t.Any, response: flask.Response) -> None:
            if flask.request.path.startswith("/api/"):
                return
            super().save_session(app, session, response)

    app.session_interface = NoApiSessions()

    @app.route("/api/login")
    def api_login() -> str:
        flask.session["user"] = "ada"
        return "api"

    @app.route("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        return "web"

    client = app.test_client()
    assert "Set-Cookie" not in client.get("/api/login").headers
    rv = client.get("/login")
    assert rv.headers["Set-Cookie"].startswith("session=")
    assert "HttpOnly" in rv.headers["Set-Cookie"]


def test_get_root_path_is_the_modules_folder() -> None:
    assert get_root_path(__name__) == os.path.dirname(os.path.abspath(__file__))
    assert get_root_path("flask_login") == os.path.dirname(__import__("flask_login").__file__)


def test_signals_namespace_makes_extension_signals() -> None:
    signals = Namespace()
    user_logged_in = signals.signal("logged-in")
    received: list[tuple[t.Any, dict[str, t.Any]]] = []

    def receiver(sender: t.Any, **extra: t.Any) -> None:
        received.append((sender, extra))

    with user_logged_in.connected_to(receiver):
        user_logged_in.send("app", user="ada")
    user_logged_in.send("app", user="bob")
    assert received == [("app", {"user": "ada"})]
