"""Flask-JWT-Extended on flaskish, used as its documentation shows.

Access tokens in headers, ``jwt_required``/``get_jwt_identity``, refresh tokens,
token expiry, and tokens in cookies with double-submit CSRF protection.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask, jsonify, request
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    decode_token,
    get_jwt_identity,
    jwt_required,
    set_access_cookies,
    unset_jwt_cookies,
)


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config["JWT_SECRET_KEY"] = "super-secret-key-of-at-least-32-bytes!"
    app.config["JWT_TOKEN_LOCATION"] = ["headers", "cookies"]
    JWTManager(app)

    @app.route("/login", methods=["POST"])
    def login():
        username = request.json.get("username")
        if username != "test":
            return jsonify({"msg": "Bad username or password"}), 401
        return jsonify(
            access_token=create_access_token(identity=username),
            refresh_token=create_refresh_token(identity=username),
        )

    @app.route("/protected")
    @jwt_required()
    def protected():
        return jsonify(logged_in_as=get_jwt_identity())

    @app.route("/refresh", methods=["POST"])
    @jwt_required(refresh=True)
    def refresh():
        return jsonify(access_token=create_access_token(identity=get_jwt_identity()))

    @app.route("/login_with_cookies", methods=["POST"])
    def login_with_cookies():
        response = jsonify({"msg": "login successful"})
        set_access_cookies(response, create_access_token(identity="cookie-user"))
        return response

    @app.route("/write", methods=["POST"])
    @jwt_required()
    def write():
        return jsonify(wrote_as=get_jwt_identity())

    @app.route("/logout_with_cookies", methods=["POST"])
    def logout_with_cookies():
        response = jsonify({"msg": "logout successful"})
        unset_jwt_cookies(response)
        return response

    return app


def test_access_token_in_the_header(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/login", json={"username": "nobody"}).status_code == 401
    tokens = client.post("/login", json={"username": "test"}).get_json()
    rv = client.get("/protected", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert rv.get_json() == {"logged_in_as": "test"}
    missing = client.get("/protected")
    assert missing.status_code == 401
    assert missing.get_json() == {
        "msg": 'Missing JWT in headers or cookies (Missing Authorization Header; Missing cookie "access_token_cookie")'
    }


def test_refresh_token_gives_a_new_access_token(app: Flask) -> None:
    client = app.test_client()
    tokens = client.post("/login", json={"username": "test"}).get_json()
    refused = client.post("/refresh", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert refused.status_code == 422
    assert refused.get_json() == {"msg": "Only refresh tokens are allowed"}
    rv = client.post("/refresh", headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    with app.app_context():
        assert decode_token(rv.get_json()["access_token"])["sub"] == "test"


def test_expired_token_is_refused(app: Flask) -> None:
    with app.app_context():
        token = create_access_token("test", expires_delta=timedelta(seconds=-1))
    rv = app.test_client().get("/protected", headers={"Authorization": f"Bearer {token}"})
    assert rv.status_code == 401
    assert rv.get_json() == {"msg": "Token has expired"}


def test_cookies_with_csrf_double_submit(app: Flask) -> None:
    client = app.test_client()
    client.post("/login_with_cookies")
    access = client.get_cookie("access_token_cookie")
    csrf = client.get_cookie("csrf_access_token")
    assert access is not None and csrf is not None
    assert access.http_only and not csrf.http_only
    # A safe method needs no CSRF token; an unsafe one needs the header.
    assert client.get("/protected").get_json() == {"logged_in_as": "cookie-user"}
    refused = client.post("/write")
    assert refused.status_code == 401
    assert refused.get_json() == {"msg": "Missing CSRF token"}
    wrong = client.post("/write", headers={"X-CSRF-TOKEN": "not-it"})
    assert wrong.get_json() == {"msg": "CSRF double submit tokens do not match"}
    ok = client.post("/write", headers={"X-CSRF-TOKEN": csrf.decoded_value})
    assert ok.get_json() == {"wrote_as": "cookie-user"}

    client.post("/logout_with_cookies")
    assert client.get_cookie("access_token_cookie") is None
    assert client.get("/protected").status_code == 401
