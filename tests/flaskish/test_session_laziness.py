"""The session is opened on first use (issue 7: no work for what a view does not touch).

What Flask code can observe stays Flask 3.1's: a permanent session is refreshed
on every request, touching the proxy marks it accessed (``Vary: Cookie``), and a
custom session interface is still opened when the request context is pushed.
"""

from __future__ import annotations

from flaskish import session


def test_a_view_that_never_uses_the_session_opens_none(app, client, monkeypatch):
    opened = []
    original = type(app.session_interface).open_session

    def spy(self, app_, request):
        opened.append(request.path)
        return original(self, app_, request)

    monkeypatch.setattr(type(app.session_interface), "open_session", spy)

    @app.route("/plain")
    def plain():
        return "plain"

    @app.route("/uses")
    def uses():
        return str(session.get("n", 0))

    rv = client.get("/plain")
    assert (rv.data, rv.headers.get("Vary"), rv.headers.get("Set-Cookie")) == (b"plain", None, None)
    assert client.get("/uses").data == b"0"
    assert opened == ["/uses"]


def test_an_untouched_permanent_session_is_still_refreshed(app, client):
    @app.route("/login")
    def login():
        session.permanent = True
        session["user"] = "ann"
        return "in"

    @app.route("/plain")
    def plain():
        return "plain"

    client.get("/login")
    rv = client.get("/plain")
    assert "session=" in rv.headers["Set-Cookie"]
    assert "expires=" in rv.headers["Set-Cookie"].lower()
    assert rv.headers["Vary"] == "Cookie"  # as Flask 3.1 answers
    with client.session_transaction() as sess:
        assert sess["user"] == "ann"


def test_touching_the_session_proxy_marks_it_accessed(app, client):
    @app.route("/touch")
    def touch():
        return "yes" if session else "empty"

    rv = client.get("/touch")
    assert (rv.data, rv.headers["Vary"]) == (b"empty", "Cookie")


def test_a_custom_session_interface_is_still_opened_at_push(app, client):
    from flaskish.sessions import SecureCookieSessionInterface

    events = []

    class Recording(SecureCookieSessionInterface):
        def open_session(self, app_, request):
            events.append("open")
            return super().open_session(app_, request)

    app.session_interface = Recording()

    @app.before_request
    def before():
        events.append("before_request")

    @app.route("/plain")
    def plain():
        return "plain"

    assert client.get("/plain").data == b"plain"
    assert events == ["open", "before_request"]


def test_a_request_without_cookies_never_asks_for_the_session_cookie_name(monkeypatch):
    # With no Cookie header there is no session to load: nothing to look up.
    from flaskish import Flask
    from flaskish.sessions import SecureCookieSessionInterface

    asked: list[object] = []
    real = SecureCookieSessionInterface.get_cookie_name

    def counting(self, app):
        asked.append(app)
        return real(self, app)

    monkeypatch.setattr(SecureCookieSessionInterface, "get_cookie_name", counting)
    app = Flask(__name__)
    app.secret_key = "k"
    app.add_url_rule("/", "index", lambda: "ok")
    client = app.test_client(use_cookies=False)
    assert client.get("/").get_data(as_text=True) == "ok"
    assert asked == []
    response = client.get("/", headers={"Cookie": "session=abc"})
    assert response.status_code == 200
    assert asked  # a session cookie may be there: its name is looked up
