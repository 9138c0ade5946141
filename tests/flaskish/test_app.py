"""The application object: registration, the url map, config basics, setup rules."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from flaskish import Flask
from flaskish.config import Config


def test_add_url_rule_and_view_functions(app, client):
    def hello():
        return "hello"

    app.add_url_rule("/hello", view_func=hello)
    app.add_url_rule("/bonjour", "greeting", hello, methods=["GET", "POST"])

    assert app.view_functions["hello"] is hello
    assert app.view_functions["greeting"] is hello
    assert client.get("/hello").data == b"hello"
    assert client.post("/bonjour").data == b"hello"
    assert client.post("/hello").status_code == 405


def test_endpoint_decorator_binds_a_view_to_an_existing_rule(app, client):
    app.add_url_rule("/later", endpoint="later")

    @app.endpoint("later")
    def later():
        return "bound later"

    assert client.get("/later").data == b"bound later"


def test_method_shortcuts(app, client):
    @app.get("/r")
    def read():
        return "get"

    @app.post("/r")
    def create():
        return "post"

    @app.put("/r")
    def replace():
        return "put"

    @app.delete("/r")
    def remove():
        return "delete"

    @app.patch("/r")
    def update():
        return "patch"

    for method in ("get", "post", "put", "delete", "patch"):
        assert getattr(client, method)("/r").data == method.encode()


def test_method_shortcut_refuses_methods_argument(app):
    with pytest.raises(TypeError, match="Use the 'route' decorator to use the 'methods' argument."):
        app.get("/x", methods=["POST"])


def test_methods_given_as_a_string_is_refused(app):
    with pytest.raises(TypeError, match="Allowed methods must be a list of strings"):
        app.add_url_rule("/x", "x", lambda: "", methods="POST")


def test_url_map_exposes_rules(app):
    @app.route("/users/<int:user_id>", methods=["GET", "POST"], defaults={"page": 1})
    def user(user_id, page):
        return ""

    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    assert set(rules) == {"static", "user"}
    rule = rules["user"]
    assert rule.rule == "/users/<int:user_id>"
    assert rule.methods == {"GET", "HEAD", "POST", "OPTIONS"}
    assert rule.arguments == {"user_id", "page"}
    assert rule.defaults == {"page": 1}
    assert rules["static"].rule == "/static/<path:filename>"


def test_view_function_attributes_are_honoured(app, client):
    def view():
        return "ok"

    view.methods = ["POST"]
    view.required_methods = ["PUT"]
    view.provide_automatic_options = False
    app.add_url_rule("/v", view_func=view)

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "view")
    assert rule.methods == {"POST", "PUT"}
    assert client.put("/v").data == b"ok"
    assert client.options("/v").status_code == 405


def test_automatic_options_lists_allowed_methods(app, client):
    @app.route("/item", methods=["GET", "POST"])
    def item():
        return ""

    rv = client.options("/item")
    assert rv.status_code == 200
    assert sorted(m.strip() for m in rv.headers["Allow"].split(",")) == [
        "GET",
        "HEAD",
        "OPTIONS",
        "POST",
    ]
    assert rv.data == b""


def test_provide_automatic_options_config_off(app, client):
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False

    @app.route("/item")
    def item():
        return ""

    assert client.options("/item").status_code == 405


def test_explicit_options_view_is_used(app, client):
    @app.route("/item", methods=["OPTIONS"])
    def item():
        return "mine"

    assert client.options("/item").data == b"mine"


def test_head_is_answered_by_get_views_without_a_body(app, client):
    @app.route("/page")
    def page():
        return "body text"

    rv = client.head("/page")
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["Content-Length"] == "9"


def test_overwriting_an_endpoint_with_another_function_is_refused(app):
    @app.route("/a")
    def index():
        return ""

    def other():
        return ""

    with pytest.raises(AssertionError, match="overwriting an existing endpoint function: index"):
        app.add_url_rule("/b", "index", other)


def test_same_function_for_several_rules_is_allowed(app, client):
    @app.route("/one")
    @app.route("/two")
    def both():
        return "both"

    assert client.get("/one").data == client.get("/two").data == b"both"


def test_setup_after_first_request_is_refused(app, client):
    @app.route("/")
    def index():
        return ""

    client.get("/")
    with pytest.raises(AssertionError) as exc:

        @app.route("/late")
        def late():
            return ""

    assert str(exc.value).startswith(
        "The setup method 'route' can no longer be called on the application."
    )
    with pytest.raises(AssertionError, match="'before_request' can no longer be called"):
        app.before_request(lambda: None)


def test_routes_of_one_app_are_invisible_to_another():
    first = Flask("first")
    second = Flask("second")

    @first.route("/only-first")
    def only_first():
        return "first"

    assert first.test_client().get("/only-first").data == b"first"
    assert second.test_client().get("/only-first").status_code == 404


def test_config_defaults_match_flask():
    app = Flask("defaults")
    config = app.config
    assert isinstance(config, Config)
    assert config["TESTING"] is False
    assert config["SECRET_KEY"] is None
    assert config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=31)
    assert config["SESSION_COOKIE_NAME"] == "session"
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["MAX_CONTENT_LENGTH"] is None
    assert config["MAX_FORM_MEMORY_SIZE"] == 500_000
    assert config["MAX_FORM_PARTS"] == 1_000
    assert config["APPLICATION_ROOT"] == "/"
    assert config["PREFERRED_URL_SCHEME"] == "http"
    assert config["TRAP_HTTP_EXCEPTIONS"] is False
    assert config["MAX_COOKIE_SIZE"] == 4093
    assert config["PROVIDE_AUTOMATIC_OPTIONS"] is True


def test_config_attributes_forward_to_config():
    app = Flask("attrs")
    app.debug = True
    app.testing = True
    app.secret_key = "s3cret"
    app.permanent_session_lifetime = 60
    assert app.config["DEBUG"] is True
    assert app.config["TESTING"] is True
    assert app.config["SECRET_KEY"] == "s3cret"
    assert app.permanent_session_lifetime == timedelta(seconds=60)
    app.config["DEBUG"] = False
    assert app.debug is False


def test_debug_default_comes_from_flask_debug_env(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert Flask("dbg").debug is True
    monkeypatch.setenv("FLASK_DEBUG", "0")
    assert Flask("dbg").debug is False


def test_name_and_logger():
    app = Flask("my.package.app")
    assert app.name == "my.package.app"
    assert isinstance(app.logger, logging.Logger)
    assert app.logger.name == "my.package.app"
    assert repr(app) == "<Flask 'my.package.app'>"


def test_static_files_are_served(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("body { color: red }")
    app = Flask("static_app", root_path=str(tmp_path))
    client = app.test_client()

    rv = client.get("/static/style.css")
    assert rv.status_code == 200
    assert rv.data == b"body { color: red }"
    assert rv.mimetype == "text/css"
    assert rv.headers["Content-Length"] == "19"
    assert client.get("/static/missing.css").status_code == 404
    assert client.get("/static/../secret").status_code == 404
    rv.close()


def test_static_folder_and_url_path_can_be_changed(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.txt").write_text("A")
    app = Flask("assets_app", root_path=str(tmp_path), static_folder="assets", static_url_path="/s")
    rv = app.test_client().get("/s/a.txt")
    assert rv.data == b"A"
    rv.close()
    assert app.static_folder == str(tmp_path / "assets")


def test_no_static_route_without_static_folder():
    app = Flask("nostatic", static_folder=None)
    assert [r.endpoint for r in app.url_map.iter_rules()] == []


def test_static_host_requires_host_matching():
    with pytest.raises(ValueError, match="static_host"):
        Flask("bad", static_host="static.example.com")


def test_instance_path_must_be_absolute():
    with pytest.raises(ValueError, match="must be absolute"):
        Flask("inst", instance_path="relative/path")


def test_instance_path_defaults_beside_the_app(tmp_path):
    app = Flask("inst2", instance_path=str(tmp_path / "inst"))
    assert app.instance_path == str(tmp_path / "inst")


def test_instance_path_of_a_package_in_a_namespace_spread_over_folders(tmp_path, monkeypatch):
    import sys

    for package in ("first", "second"):
        portion = tmp_path / f"project-{package}" / "ns_for_instance" / package
        portion.mkdir(parents=True)
        (portion / "__init__.py").write_text("from flaskish import Flask\napp = Flask(__name__)\n")
        monkeypatch.syspath_prepend(str(tmp_path / f"project-{package}"))
    for name in ("ns_for_instance", "ns_for_instance.second"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    try:
        from ns_for_instance.second import app  # type: ignore[import-not-found]

        assert app.instance_path == str(tmp_path / "project-second" / "instance")
    finally:
        for name in ("ns_for_instance", "ns_for_instance.second"):
            sys.modules.pop(name, None)


def test_unhashable_callable_views_and_async_views_still_dispatch(app, client):
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self) -> str:
            return "called"

    async def async_view() -> str:
        return "awaited"

    app.add_url_rule("/unhashable", "unhashable", Unhashable())
    app.add_url_rule("/async", "async_view", async_view)
    for _ in range(2):  # the second time from the remembered answer
        assert client.get("/unhashable").data == b"called"
        assert client.get("/async").data == b"awaited"
