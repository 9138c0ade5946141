"""Flask-HTTPAuth on flaskish, used as its documentation shows.

Basic auth with password hashes (flaskish's hashes, and werkzeug's as a Flask
app stored them), roles, a custom error handler, token auth, digest auth
through the session, and ``MultiAuth``.
"""

from __future__ import annotations

import base64
import hashlib
import re

import flask
import pytest
from flask import Flask
from flask_httpauth import HTTPBasicAuth, HTTPDigestAuth, HTTPTokenAuth, MultiAuth
from werkzeug.security import check_password_hash as werkzeug_check_password_hash
from werkzeug.security import generate_password_hash as werkzeug_generate_password_hash

from flaskish.security import check_password_hash, generate_password_hash


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


# Hashed once: scrypt and pbkdf2 are slow on purpose.
users = {
    "john": generate_password_hash("hello"),
    "susan": generate_password_hash("bye", method="pbkdf2:sha256:10000"),
    # Stored by the Flask app before it moved to flaskish.
    "ana": werkzeug_generate_password_hash("olá"),
}
roles = {"susan": "admin"}


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    auth = HTTPBasicAuth()

    @auth.verify_password
    def verify_password(username: str, password: str) -> str | None:
        if username in users and check_password_hash(users[username], password):
            return username
        return None

    @auth.get_user_roles
    def get_user_roles(user: str) -> str | None:
        return roles.get(user)

    @app.route("/")
    @auth.login_required
    def index() -> str:
        return f"Hello, {auth.current_user()}!"

    @app.route("/admin")
    @auth.login_required(role="admin")
    def admin() -> str:
        return f"Hello {auth.current_user()}, you are an admin!"

    @app.route("/maybe")
    @auth.login_required(optional=True)
    def maybe() -> str:
        return f"Hello, {auth.current_user() or 'anonymous'}!"

    return app


@pytest.mark.parametrize(
    ("username", "password"), [("john", "hello"), ("susan", "bye"), ("ana", "olá")]
)
def test_basic_auth_lets_known_users_in(app: Flask, username: str, password: str) -> None:
    rv = app.test_client().get("/", headers=basic(username, password))
    assert (rv.status_code, rv.text) == (200, f"Hello, {username}!")


def test_flaskish_hashes_verify_with_werkzeug_too() -> None:
    # The stored hashes stay valid if the app goes back to Flask.
    assert werkzeug_check_password_hash(users["john"], "hello")
    assert werkzeug_check_password_hash(users["susan"], "bye")
    assert not werkzeug_check_password_hash(users["john"], "bye")


def test_the_test_clients_auth_argument_is_basic_auth(app: Flask) -> None:
    rv = app.test_client().get("/", auth=("john", "hello"))
    assert (rv.status_code, rv.text) == (200, "Hello, john!")


@pytest.mark.parametrize(
    "headers",
    [{}, basic("john", "wrong"), basic("nobody", "hello"), {"Authorization": "Basic %%%"}],
)
def test_missing_or_wrong_credentials_get_a_401_challenge(
    app: Flask, headers: dict[str, str]
) -> None:
    rv = app.test_client().get("/", headers=headers)
    assert rv.status_code == 401
    assert rv.text == "Unauthorized Access"
    assert rv.headers["WWW-Authenticate"] == 'Basic realm="Authentication Required"'


def test_roles(app: Flask) -> None:
    client = app.test_client()
    rv = client.get("/admin", headers=basic("susan", "bye"))
    assert (rv.status_code, rv.text) == (200, "Hello susan, you are an admin!")
    rv = client.get("/admin", headers=basic("john", "hello"))
    assert (rv.status_code, rv.text) == (403, "Unauthorized Access")
    assert rv.headers["WWW-Authenticate"] == 'Basic realm="Authentication Required"'


def test_optional_login(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/maybe").text == "Hello, anonymous!"
    assert client.get("/maybe", headers=basic("john", "hello")).text == "Hello, john!"


def test_custom_error_handler() -> None:
    app = Flask(__name__)
    auth = HTTPBasicAuth()

    @auth.verify_password
    def verify_password(username: str, password: str) -> bool:
        return False

    @auth.error_handler
    def auth_error(status: int) -> tuple[flask.Response, int]:
        return flask.jsonify(error="Access Denied", status=status), status

    @app.route("/")
    @auth.login_required
    def index() -> str:
        return "never"

    rv = app.test_client().get("/")
    assert rv.status_code == 401
    assert rv.json == {"error": "Access Denied", "status": 401}
    assert rv.headers["WWW-Authenticate"] == 'Basic realm="Authentication Required"'


def make_token_app() -> Flask:
    app = Flask(__name__)
    auth = HTTPTokenAuth(scheme="Bearer")
    tokens = {"secret-token-1": "john", "secret-token-2": "susan"}

    @auth.verify_token
    def verify_token(token: str) -> str | None:
        return tokens.get(token)

    @app.route("/")
    @auth.login_required
    def index() -> str:
        return f"Hello, {auth.current_user()}!"

    return app


def test_token_auth() -> None:
    client = make_token_app().test_client()
    rv = client.get("/", headers={"Authorization": "Bearer secret-token-2"})
    assert (rv.status_code, rv.text) == (200, "Hello, susan!")
    rv = client.get("/", headers={"Authorization": "Bearer nope"})
    assert rv.status_code == 401
    assert rv.headers["WWW-Authenticate"] == 'Bearer realm="Authentication Required"'
    # Another scheme is as good as no credentials.
    assert client.get("/", headers=basic("john", "hello")).status_code == 401


def test_multi_auth_accepts_either_scheme() -> None:
    app = Flask(__name__)
    basic_auth = HTTPBasicAuth()
    token_auth = HTTPTokenAuth("Bearer")
    multi_auth = MultiAuth(basic_auth, token_auth)

    @basic_auth.verify_password
    def verify_password(username: str, password: str) -> str | None:
        return username if (username, password) == ("john", "hello") else None

    @token_auth.verify_token
    def verify_token(token: str) -> str | None:
        return "susan" if token == "t0k3n" else None

    @app.route("/")
    @multi_auth.login_required
    def index() -> str:
        return f"Hello, {multi_auth.current_user()}!"

    client = app.test_client()
    assert client.get("/", headers=basic("john", "hello")).text == "Hello, john!"
    assert client.get("/", headers={"Authorization": "Bearer t0k3n"}).text == "Hello, susan!"
    assert client.get("/").status_code == 401


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def test_digest_auth_keeps_its_nonce_in_the_session() -> None:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "secret key here"
    auth = HTTPDigestAuth()
    users = {"john": "hello"}

    @auth.get_password
    def get_pw(username: str) -> str | None:
        return users.get(username)

    @app.route("/")
    @auth.login_required
    def index() -> str:
        return f"Hello, {auth.username()}!"

    client = app.test_client()
    rv = client.get("/")
    assert rv.status_code == 401
    challenge = rv.headers["WWW-Authenticate"]
    assert challenge.startswith('Digest realm="Authentication Required",nonce="')
    params = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
    assert client.get_cookie("session") is not None

    realm, nonce, opaque = params["realm"], params["nonce"], params["opaque"]
    ha1 = _md5(f"john:{realm}:hello")
    response = _md5(f"{ha1}:{nonce}:{_md5('GET:/')}")
    header = (
        f'Digest username="john",realm="{realm}",nonce="{nonce}",uri="/",'
        f'response="{response}",opaque="{opaque}"'
    )
    rv = client.get("/", headers={"Authorization": header})
    assert (rv.status_code, rv.text) == (200, "Hello, john!")

    wrong = header.replace(response, _md5("nope"))
    assert client.get("/", headers={"Authorization": wrong}).status_code == 401
