"""The two Flask-style apps the site mounts, written as on Flask (``import flask``)."""

from __future__ import annotations

import typing as t

from flaskish.compat import install_as_flask

install_as_flask()

from flask import Flask, jsonify  # noqa: E402 - flask is flaskish from here on
from flask_jwt_extended import (  # noqa: E402
    JWTManager,
    create_access_token,
    get_jwt_identity,
    jwt_required,
    set_access_cookies,
)
from flask_restx import Api, Resource, fields  # noqa: E402


def create_restx_app() -> Flask:
    app = Flask("mounted_restx")
    api = Api(app, version="1.0", title="Mounted API", doc="/docs/")
    ns = api.namespace("items", description="Items")
    item = api.model("Item", {"id": fields.Integer, "name": fields.String(required=True)})

    @ns.route("/<int:item_id>")
    class Item(Resource):
        @ns.marshal_with(item)
        def get(self, item_id: int) -> dict[str, t.Any]:
            return {"id": item_id, "name": f"item {item_id}"}

    return app


def create_jwt_app() -> Flask:
    app = Flask("mounted_jwt")
    app.config.update(
        JWT_SECRET_KEY="mounted-jwt-secret-of-at-least-32-bytes",
        JWT_TOKEN_LOCATION=["cookies"],
        # Scoped to the mount, as Flask-JWT-Extended documents for an app under a prefix.
        JWT_ACCESS_COOKIE_PATH="/auth/",
        JWT_ACCESS_CSRF_COOKIE_PATH="/",
    )
    JWTManager(app)

    @app.post("/login")
    def login() -> t.Any:
        response = jsonify(msg="ok")
        set_access_cookies(response, create_access_token(identity="mounted-user"))
        return response

    @app.route("/me", methods=["GET", "POST"])
    @jwt_required()
    def me() -> t.Any:
        return jsonify(user=get_jwt_identity())

    return app


restx_app = create_restx_app()
jwt_app = create_jwt_app()
