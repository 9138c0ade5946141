"""Flask-CORS on flaskish, used as its documentation shows.

Covers ``CORS(app)``, per-resource options, the ``cross_origin`` decorator,
preflight requests, credentials with an origin list, and blueprints.
"""

from __future__ import annotations

import flask
import pytest
from flask import Blueprint, Flask, jsonify
from flask_cors import CORS, cross_origin


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    CORS(app)

    @app.route("/")
    def hello_world() -> str:
        return "Hello, cross-origin-world!"

    return app


def test_simple_request_gets_its_origin_back(app: Flask) -> None:
    rv = app.test_client().get("/", headers={"Origin": "https://example.com"})
    assert rv.status_code == 200
    assert rv.text == "Hello, cross-origin-world!"
    assert rv.headers["Access-Control-Allow-Origin"] == "https://example.com"
    assert rv.headers["Vary"] == "Origin"
    assert "Access-Control-Allow-Credentials" not in rv.headers


def test_a_request_without_origin_gets_the_wildcard(app: Flask) -> None:
    rv = app.test_client().get("/")
    assert rv.status_code == 200
    assert rv.headers["Access-Control-Allow-Origin"] == "*"
    assert "Vary" not in rv.headers


def test_preflight_is_answered_with_the_allowed_methods_and_headers(app: Flask) -> None:
    rv = app.test_client().options(
        "/",
        headers={
            "Origin": "https://example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-Custom, Content-Type",
        },
    )
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["Access-Control-Allow-Origin"] == "https://example.com"
    assert (
        rv.headers["Access-Control-Allow-Methods"] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    )
    assert rv.headers["Access-Control-Allow-Headers"] == "Content-Type, X-Custom"
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_resources_limit_cors_to_matching_paths() -> None:
    app = Flask(__name__)
    CORS(app, resources={r"/api/*": {"origins": "https://good.example"}})

    @app.route("/api/v1/users")
    def list_users() -> flask.Response:
        return jsonify(user="me")

    @app.route("/private")
    def private() -> str:
        return "private"

    client = app.test_client()
    rv = client.get("/api/v1/users", headers={"Origin": "https://good.example"})
    assert rv.json == {"user": "me"}
    assert rv.headers["Access-Control-Allow-Origin"] == "https://good.example"

    rv = client.get("/api/v1/users", headers={"Origin": "https://evil.example"})
    assert rv.status_code == 200
    assert "Access-Control-Allow-Origin" not in rv.headers

    rv = client.get("/private", headers={"Origin": "https://good.example"})
    assert rv.text == "private"
    assert "Access-Control-Allow-Origin" not in rv.headers


def test_credentials_echo_the_origin_and_expose_headers() -> None:
    app = Flask(__name__)
    CORS(
        app,
        origins=["https://a.example", "https://b.example"],
        supports_credentials=True,
        expose_headers=["X-Total-Count"],
    )

    @app.route("/items")
    def items() -> tuple[str, int, dict[str, str]]:
        return "[]", 200, {"X-Total-Count": "0"}

    rv = app.test_client().get("/items", headers={"Origin": "https://b.example"})
    assert rv.headers["Access-Control-Allow-Origin"] == "https://b.example"
    assert rv.headers["Access-Control-Allow-Credentials"] == "true"
    assert rv.headers["Access-Control-Expose-Headers"] == "X-Total-Count"
    assert rv.headers["X-Total-Count"] == "0"
    assert rv.headers["Vary"] == "Origin"


def test_cross_origin_decorator_on_one_view() -> None:
    app = Flask(__name__)

    @app.route("/open")
    @cross_origin(origins="https://client.example", max_age=600)
    def open_view() -> str:
        return "open"

    @app.route("/closed")
    def closed() -> str:
        return "closed"

    client = app.test_client()
    rv = client.get("/open", headers={"Origin": "https://client.example"})
    assert rv.text == "open"
    assert rv.headers["Access-Control-Allow-Origin"] == "https://client.example"

    rv = client.options(
        "/open",
        headers={"Origin": "https://client.example", "Access-Control-Request-Method": "GET"},
    )
    assert rv.status_code == 200
    assert rv.headers["Access-Control-Max-Age"] == "600"

    rv = client.get("/closed", headers={"Origin": "https://client.example"})
    assert "Access-Control-Allow-Origin" not in rv.headers


def test_cors_on_a_blueprint() -> None:
    app = Flask(__name__)
    api = Blueprint("api", __name__, url_prefix="/api")
    CORS(api)

    @api.route("/ping")
    def ping() -> str:
        return "pong"

    @app.route("/home")
    def home() -> str:
        return "home"

    app.register_blueprint(api)
    client = app.test_client()
    rv = client.get("/api/ping", headers={"Origin": "https://x.example"})
    assert rv.text == "pong"
    assert rv.headers["Access-Control-Allow-Origin"] == "https://x.example"
    rv = client.get("/home", headers={"Origin": "https://x.example"})
    assert "Access-Control-Allow-Origin" not in rv.headers


def test_error_responses_get_cors_headers(app: Flask) -> None:
    rv = app.test_client().get("/missing", headers={"Origin": "https://example.com"})
    assert rv.status_code == 404
    assert rv.headers["Access-Control-Allow-Origin"] == "https://example.com"


def test_the_views_own_repeated_headers_and_cookies_survive(app: Flask) -> None:
    @app.route("/cookies")
    def cookies() -> flask.Response:
        rv = flask.make_response("ok")
        rv.set_cookie("a", "1")
        rv.set_cookie("b", "2")
        rv.headers["Vary"] = "Cookie"
        rv.headers.add("X-Multi", "1")
        rv.headers.add("X-Multi", "2")
        return rv

    client = app.test_client()
    rv = client.get("/cookies", headers={"Origin": "https://example.com"})
    assert rv.headers.getlist("Vary") == ["Cookie", "Origin"]
    assert rv.headers.getlist("X-Multi") == ["1", "2"]
    assert rv.headers.getlist("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/"]
    assert (client.get_cookie("a").value, client.get_cookie("b").value) == ("1", "2")
