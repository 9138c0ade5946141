"""A second flaskish app with its own secret key, mounted beside the blog."""

from __future__ import annotations

from flaskish import Flask, session, url_for

app = Flask("shop")
app.config["SECRET_KEY"] = "shop-own-key"


@app.route("/")
def index():
    return url_for("index")


@app.route("/whoami")
def whoami():
    return f"shop sees {session.get('user', 'anonymous')}"


@app.route("/crash")
def crash():
    raise KeyError("shop")


@app.errorhandler(500)
def server_error(error):
    return "shop handled 500", 500
