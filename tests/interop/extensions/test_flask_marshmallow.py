"""flask-marshmallow on flaskish, used as its documentation shows.

``Marshmallow(app)``, schemas with ``URLFor``/``AbsoluteURLFor``/``Hyperlinks``
fields (built with flaskish's ``url_for``), and ``jsonify`` on a schema.
"""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from flask_marshmallow import Marshmallow

USERS = {1: {"id": 1, "email": "ann@example.com", "name": "Ann"}}


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    ma = Marshmallow(app)

    class UserSchema(ma.Schema):
        id = ma.Integer()
        email = ma.Email()
        _links = ma.Hyperlinks(
            {
                "self": ma.URLFor("user_detail", values=dict(id="<id>")),
                "collection": ma.URLFor("users"),
            }
        )
        absolute = ma.AbsoluteURLFor("user_detail", values=dict(id="<id>"))

    user_schema = UserSchema()
    users_schema = UserSchema(many=True)

    @app.route("/api/users/")
    def users() -> t.Any:
        return users_schema.dump(list(USERS.values()))

    @app.route("/api/users/<int:id>")
    def user_detail(id: int) -> t.Any:
        return user_schema.jsonify(USERS[id])

    return app


def test_schema_dumps_with_links(app: Flask) -> None:
    rv = app.test_client().get("/api/users/1")
    assert rv.status_code == 200
    assert rv.mimetype == "application/json"
    assert rv.get_json() == {
        "id": 1,
        "email": "ann@example.com",
        "_links": {"self": "/api/users/1", "collection": "/api/users/"},
        "absolute": "http://localhost/api/users/1",
    }


def test_many_and_extension_registration(app: Flask) -> None:
    assert app.test_client().get("/api/users/").get_json()[0]["_links"]["self"] == "/api/users/1"
    assert "flask-marshmallow" in app.extensions
