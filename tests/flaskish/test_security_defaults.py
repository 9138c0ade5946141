"""The security defaults docs/security.md states for standalone apps, end to end."""

from __future__ import annotations

from flaskish import Flask, session


def _app(**config) -> Flask:
    app = Flask("secure_defaults")
    app.config.update(SECRET_KEY="s3cret", **config)

    @app.route("/set")
    def set_value():
        session["user"] = "ann"
        return "set"

    @app.route("/read")
    def read_value():
        return str(session.get("user"))

    @app.route("/static-page")
    def static_page():
        return "no session here"

    return app


def _session_cookie_line(response) -> str:
    lines = [v for k, v in response.headers.items() if k.lower() == "set-cookie"]
    assert len(lines) == 1
    return lines[0]


def test_session_cookie_is_httponly_without_secure_or_samesite_by_default():
    line = _session_cookie_line(_app().test_client().get("/set"))
    assert line.startswith("session=")
    assert "HttpOnly" in line
    assert "Secure" not in line
    assert "SameSite" not in line
    assert "Path=/" in line


def test_session_cookie_flags_follow_config():
    app = _app(
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=False,
        APPLICATION_ROOT="/app",
    )
    line = _session_cookie_line(app.test_client().get("/set", base_url="https://localhost/app"))
    assert "Secure" in line
    assert "SameSite=Lax" in line
    assert "HttpOnly" not in line
    assert "Path=/app" in line


def test_untouched_session_sets_no_cookie_and_no_vary():
    client = _app().test_client()
    client.get("/set")
    rv = client.get("/static-page")
    assert "Set-Cookie" not in rv.headers
    assert "Vary" not in rv.headers


def test_read_session_varies_on_cookie():
    client = _app().test_client()
    client.get("/set")
    rv = client.get("/read")
    assert rv.data == b"ann"
    assert "Cookie" in rv.headers["Vary"]


def test_cookie_signed_with_another_key_is_ignored():
    writer = _app()
    writer.config["SECRET_KEY"] = "other key"
    forged = _session_cookie_line(writer.test_client().get("/set")).split(";")[0]
    client = _app().test_client()
    assert client.get("/read", headers={"Cookie": forged}).data == b"None"
