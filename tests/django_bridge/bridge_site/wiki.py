"""A third flaskish app, made by a factory, with Flask cookie sessions and no key of its own."""

from __future__ import annotations

from flaskish import Flask, redirect, request, session, url_for


def create_app() -> Flask:
    app = Flask("wiki")

    @app.route("/login/<name>")
    def login(name):
        session.clear()
        session["user"] = name
        return f"wiki login {name}"

    @app.route("/whoami")
    def whoami():
        return f"wiki sees {session.get('user', 'anonymous')}"

    @app.route("/go")
    def go():
        return redirect(url_for("whoami"))

    @app.route("/where")
    def where():
        return {"host": request.host, "stamp": getattr(request.django, "stamp", None)}

    return app
