"""A Flask 2.1-era app: the names and habits of that release, unchanged."""

import json
from datetime import date

from flask import Flask, Markup, Request, _request_ctx_stack, escape, jsonify, render_template
from flask.helpers import locked_cached_property
from flask.json import JSONEncoder
from jinja2 import ChoiceLoader, DictLoader


class DateEncoder(JSONEncoder):
    def default(self, o):
        if isinstance(o, date):
            return o.isoformat()
        return super().default(o)


class LowercasePathRequest(Request):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.path = self.path.lower()


class Settings:
    @locked_cached_property
    def motd(self):
        return "hello from " + escape("<2.1>")


def create_app():
    app = Flask(__name__)
    app.secret_key = "legacy secret"
    app.session_cookie_name = "legacy_session"
    app.json_encoder = DateEncoder
    app.request_class = LowercasePathRequest
    app.config["JSON_SORT_KEYS"] = False
    app.jinja_loader = ChoiceLoader(
        [DictLoader({"page.html": "{{ motd }} {{ bold }}"}), app.jinja_loader]
    )
    settings = Settings()
    started = []

    @app.before_first_request
    def warm_up():
        started.append(app.env)

    @app.route("/<name>")
    def page(name):
        return render_template("page.html", motd=settings.motd, bold=Markup("<b>b</b>"))

    @app.route("/api/<name>")
    def api(name):
        ctx = _request_ctx_stack.top
        return jsonify(z=1, a=date(2022, 3, 28), path=ctx.request.path, started=started)

    @app.route("/cookie/<name>")
    def cookie(name):
        response = app.make_response("set")
        response.set_cookie("raw", json.dumps({"n": name}).encode())
        return response

    return app
