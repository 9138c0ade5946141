"""Flask-Principal on flaskish, used as its documentation shows.

Identity loaded from the session, ``identity_changed``/``identity_loaded``
signals adding needs, ``Permission``s guarding views (403) and checked in code.
"""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask, abort, current_app, session
from flask_principal import (
    AnonymousIdentity,
    Identity,
    Permission,
    Principal,
    RoleNeed,
    UserNeed,
    identity_changed,
    identity_loaded,
)

ROLES = {"ann": ["admin"], "bob": []}

admin_permission = Permission(RoleNeed("admin"))


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "principal test key"
    Principal(app)

    @identity_loaded.connect_via(app)
    def on_identity_loaded(sender: t.Any, identity: Identity) -> None:
        if identity.id is None:
            return
        identity.provides.add(UserNeed(identity.id))
        for role in ROLES[identity.id]:
            identity.provides.add(RoleNeed(role))

    @app.route("/login/<name>")
    def login(name: str) -> str:
        identity_changed.send(current_app._get_current_object(), identity=Identity(name))
        return f"logged in as {name}"

    @app.route("/logout")
    def logout() -> str:
        for key in ("identity.name", "identity.auth_type"):
            session.pop(key, None)
        identity_changed.send(current_app._get_current_object(), identity=AnonymousIdentity())
        return "logged out"

    @app.route("/admin")
    @admin_permission.require(http_exception=403)
    def admin() -> str:
        return "admin area"

    @app.route("/report")
    def report() -> str:
        if not admin_permission.can():
            abort(403)
        return "report"

    return app


def test_permission_follows_the_identity(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/admin").status_code == 403
    client.get("/login/bob")
    assert client.get("/admin").status_code == 403
    assert client.get("/report").status_code == 403
    client.get("/login/ann")
    assert client.get("/admin").text == "admin area"
    assert client.get("/report").text == "report"
    client.get("/logout")
    assert client.get("/admin").status_code == 403


def test_identity_is_kept_in_the_session(app: Flask) -> None:
    client = app.test_client()
    client.get("/login/ann")
    with client.session_transaction() as sess:
        assert sess["identity.id"] == "ann"
