"""Flask-Login on flaskish, used as its documentation's quickstart shows.

Covers logging in through a form, ``login_required`` (401 handler and login
view redirect), the remember-me cookie, logout, ``request_loader``, the
signals and ``FlaskLoginClient``.
"""

from __future__ import annotations

import typing as t
from urllib.parse import parse_qs, urlsplit

import flask
import flask_login
import pytest
from flask_login import FlaskLoginClient

users = {"foo@bar.tld": {"password": "secret"}}


class User(flask_login.UserMixin):
    pass


def _user(email: str | None) -> User | None:
    if email not in users:
        return None
    user = User()
    user.id = email
    return user


def make_app() -> tuple[flask.Flask, flask_login.LoginManager]:
    app = flask.Flask(__name__)
    app.secret_key = "super secret string"

    login_manager = flask_login.LoginManager()
    login_manager.init_app(app)

    @login_manager.user_loader
    def user_loader(email: str) -> User | None:
        return _user(email)

    @login_manager.request_loader
    def request_loader(request: flask.Request) -> User | None:
        return _user(request.headers.get("X-Api-User"))

    @app.route("/login", methods=["GET", "POST"])
    def login() -> t.Any:
        if flask.request.method == "GET":
            return "<form action='login' method='POST'></form>"
        email = flask.request.form["email"]
        if email in users and flask.request.form["password"] == users[email]["password"]:
            remember = flask.request.form.get("remember") == "yes"
            flask_login.login_user(_user(email), remember=remember)
            return flask.redirect(flask.url_for("protected"))
        return "Bad login"

    @app.route("/protected")
    @flask_login.login_required
    def protected() -> str:
        return "Logged in as: " + flask_login.current_user.id

    @app.route("/fresh")
    @flask_login.fresh_login_required
    def fresh() -> str:
        return "Fresh: " + flask_login.current_user.id

    @app.route("/dashboard")
    @flask_login.login_required
    def dashboard() -> str:
        return f"authenticated: {flask_login.current_user.is_authenticated}"

    @app.route("/whoami")
    def whoami() -> str:
        return flask.render_template_string(
            "{% if current_user.is_authenticated %}{{ current_user.id }}"
            "{% else %}anonymous{% endif %}"
        )

    @app.route("/logout")
    def logout() -> str:
        flask_login.logout_user()
        return "Logged out"

    @login_manager.unauthorized_handler
    def unauthorized_handler() -> tuple[str, int]:
        return "Unauthorized", 401

    return app, login_manager


@pytest.fixture
def app() -> flask.Flask:
    return make_app()[0]


def log_in(client: t.Any, password: str = "secret", remember: bool = False) -> t.Any:
    data = {"email": "foo@bar.tld", "password": password}
    if remember:
        data["remember"] = "yes"
    return client.post("/login", data=data)


def test_login_form_logs_in_and_redirects_to_the_protected_page(app: flask.Flask) -> None:
    client = app.test_client()
    assert client.get("/login").text.startswith("<form")
    rv = log_in(client)
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/protected"
    assert client.get_cookie("session") is not None
    rv = client.get("/protected")
    assert (rv.status_code, rv.text) == (200, "Logged in as: foo@bar.tld")


def test_wrong_password_stays_anonymous(app: flask.Flask) -> None:
    client = app.test_client()
    assert log_in(client, password="nope").text == "Bad login"
    rv = client.get("/protected")
    assert (rv.status_code, rv.text) == (401, "Unauthorized")


def test_current_user_in_templates(app: flask.Flask) -> None:
    client = app.test_client()
    assert client.get("/whoami").text == "anonymous"
    log_in(client)
    assert client.get("/whoami").text == "foo@bar.tld"


def test_logout_ends_the_session(app: flask.Flask) -> None:
    client = app.test_client()
    log_in(client)
    assert client.get("/logout").text == "Logged out"
    assert client.get("/protected").status_code == 401


def test_login_view_redirects_with_the_next_url() -> None:
    app, login_manager = make_app()
    login_manager.unauthorized_callback = None
    login_manager.login_view = "login"
    login_manager.login_message = "Log in first."
    client = app.test_client()
    rv = client.get("/protected?page=2")
    assert rv.status_code == 302
    location = urlsplit(rv.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": ["/protected?page=2"]}
    with client.session_transaction() as sess:
        assert sess["_flashes"] == [("message", "Log in first.")]


def remember_headers(rv: t.Any) -> list[str]:
    return [h for h in rv.headers.getlist("Set-Cookie") if h.startswith("remember_token=")]


def test_remember_cookie_logs_a_new_session_back_in(app: flask.Flask) -> None:
    client = app.test_client()
    rv = log_in(client, remember=True)
    # Sent unquoted, as Flask sends it: browsers would keep quotes in the value.
    (header,) = remember_headers(rv)
    assert header.startswith("remember_token=foo@bar.tld|")
    # The cookie is set on the response after login (an after_request hook).
    remember = client.get_cookie("remember_token")
    assert remember is not None
    assert remember.value.startswith("foo@bar.tld|")
    assert remember.http_only

    fresh_client = app.test_client()
    fresh_client.set_cookie("remember_token", remember.value)
    rv = fresh_client.get("/protected")
    assert (rv.status_code, rv.text) == (200, "Logged in as: foo@bar.tld")
    # A login from the cookie is not fresh.
    assert fresh_client.get("/fresh").status_code == 401


def test_tampered_remember_cookie_is_ignored(app: flask.Flask) -> None:
    client = app.test_client()
    client.set_cookie("remember_token", "foo@bar.tld|" + "0" * 128)
    assert client.get("/protected").status_code == 401


def test_logout_deletes_the_remember_cookie(app: flask.Flask) -> None:
    client = app.test_client()
    log_in(client, remember=True)
    assert client.get_cookie("remember_token") is not None
    rv = client.get("/logout")
    (deleted,) = remember_headers(rv)
    assert deleted.startswith("remember_token=; ")
    assert "Max-Age=0" in deleted
    assert client.get_cookie("remember_token") is None
    assert client.get("/protected").status_code == 401


def test_request_loader_authenticates_without_a_session(app: flask.Flask) -> None:
    client = app.test_client()
    rv = client.get("/protected", headers={"X-Api-User": "foo@bar.tld"})
    assert (rv.status_code, rv.text) == (200, "Logged in as: foo@bar.tld")
    assert client.get("/protected", headers={"X-Api-User": "who@else"}).status_code == 401


def test_login_and_logout_signals(app: flask.Flask) -> None:
    seen: list[tuple[str, str]] = []

    def on_login(sender: flask.Flask, user: User) -> None:
        seen.append(("in", user.id))

    def on_logout(sender: flask.Flask, user: User) -> None:
        seen.append(("out", user.id))

    with (
        flask_login.user_logged_in.connected_to(on_login, app),
        flask_login.user_logged_out.connected_to(on_logout, app),
    ):
        client = app.test_client()
        log_in(client)
        client.get("/logout")
    assert seen == [("in", "foo@bar.tld"), ("out", "foo@bar.tld")]


def test_flask_login_client_logs_the_user_in() -> None:
    app, _ = make_app()
    app.test_client_class = FlaskLoginClient
    client = app.test_client(user=_user("foo@bar.tld"))
    assert client.get("/protected").text == "Logged in as: foo@bar.tld"
    assert app.test_client().get("/protected").status_code == 401


def test_login_disabled_config_lets_everyone_in_to_login_required(app: flask.Flask) -> None:
    app.config["LOGIN_DISABLED"] = True
    rv = app.test_client().get("/dashboard")
    assert (rv.status_code, rv.text) == (200, "authenticated: False")


def test_strong_session_protection_drops_a_session_from_another_browser(app: flask.Flask) -> None:
    app.config["SESSION_PROTECTION"] = "strong"
    client = app.test_client()
    client.post(
        "/login",
        data={"email": "foo@bar.tld", "password": "secret"},
        headers={"User-Agent": "Browser A"},
    )
    rv = client.get("/protected", headers={"User-Agent": "Browser A"})
    assert (rv.status_code, rv.text) == (200, "Logged in as: foo@bar.tld")
    rv = client.get("/protected", headers={"User-Agent": "Browser B"})
    assert rv.status_code == 401
    # The session was cleared: even the first browser is logged out now.
    assert client.get("/protected", headers={"User-Agent": "Browser A"}).status_code == 401


def test_blueprint_login_views_pick_the_blueprints_login_page() -> None:
    app, login_manager = make_app()
    login_manager.unauthorized_callback = None
    login_manager.login_view = "login"
    admin = flask.Blueprint("admin", __name__, url_prefix="/admin")

    @admin.route("/login")
    def admin_login() -> str:
        return "admin login"

    @admin.route("/panel")
    @flask_login.login_required
    def panel() -> str:
        return "panel"

    app.register_blueprint(admin)
    login_manager.blueprint_login_views = {"admin": "admin.admin_login"}
    client = app.test_client()
    rv = client.get("/admin/panel")
    assert rv.status_code == 302
    assert urlsplit(rv.headers["Location"]).path == "/admin/login"
    rv = client.get("/protected")
    assert urlsplit(rv.headers["Location"]).path == "/login"


def test_remember_cookie_with_a_unicode_id_and_its_duration() -> None:
    """The remember cookie of a user whose id is not ASCII is written as Flask
    writes it (UTF-8 escapes) and logs a new session back in; the client's
    ``expires`` is a datetime, REMEMBER_COOKIE_DURATION from now."""
    from datetime import datetime, timedelta, timezone

    users["rené@bar.tld"] = {"password": "secret"}
    try:
        app = make_app()[0]
        app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=2)
        client = app.test_client()
        client.post(
            "/login", data={"email": "rené@bar.tld", "password": "secret", "remember": "yes"}
        )
        remember = client.get_cookie("remember_token")
        assert remember is not None
        assert remember.value.startswith('"ren\\303\\251@bar.tld|')
        assert remember.decoded_value.startswith("rené@bar.tld|")
        left = remember.expires - datetime.now(timezone.utc)
        assert timedelta(days=2) - timedelta(minutes=1) < left <= timedelta(days=2)

        fresh_client = app.test_client()
        fresh_client.set_cookie("remember_token", remember.decoded_value)
        assert fresh_client.get("/protected").text == "Logged in as: rené@bar.tld"
    finally:
        users.pop("rené@bar.tld")
