"""CSRF modes of a mount: the origin check by default for apps sharing Django's identity.

accounts shares Django's session (DjangoSessionInterface, default mode); blog
keeps Flask's cookie session (default mode) and uses Django's login in one view;
notes is mounted with csrf=True (Django's token check, see test_csrf_and_db).
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from django_bridge import mount
from django_bridge.checks import check_mounts
from django_bridge.sessions import DjangoSessionInterface
from flaskish import Flask, session

pytestmark = pytest.mark.django_db

FAILED = b"CSRF verification failed. Request aborted."


@pytest.fixture
def browser() -> Client:
    """A client that, like a browser, gets Django's CSRF checks."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("ann", password="pw")


def _login(client: Client, **headers: str):
    return client.post("/accounts/login", {"username": "ann", "password": "pw"}, **headers)


def test_cross_origin_post_to_a_shared_session_app_is_refused(browser, user):
    rv = _login(browser, HTTP_ORIGIN="http://evil.example")
    assert rv.status_code == 403
    assert FAILED in rv.content
    assert browser.get("/accounts/whoami").content == b"anonymous"


def test_same_origin_post_is_accepted_without_a_token(browser, user):
    rv = _login(browser, HTTP_ORIGIN="http://testserver")
    assert rv.status_code == 302
    assert browser.get("/accounts/whoami").content == b"ann (hello ann)"


def test_a_post_without_origin_over_http_is_accepted(browser, user):
    # As Django's CsrfViewMiddleware before its token check: no Origin, plain HTTP.
    assert _login(browser).status_code == 302


def test_over_https_the_referer_must_match(browser, user):
    rv = _login(browser, secure=True)
    assert rv.status_code == 403
    assert FAILED in rv.content
    rv = _login(browser, secure=True, HTTP_REFERER="https://evil.example/form")
    assert rv.status_code == 403
    rv = _login(browser, secure=True, HTTP_REFERER="https://testserver/accounts/form")
    assert rv.status_code == 302


@override_settings(CSRF_TRUSTED_ORIGINS=["https://partner.example"])
def test_trusted_origins_are_accepted(browser, user):
    assert _login(browser, HTTP_ORIGIN="https://partner.example").status_code == 302
    assert _login(browser, HTTP_ORIGIN="https://other.example").status_code == 403


def test_a_cookie_session_app_keeps_flasks_semantics(browser):
    rv = browser.post("/blog/only-post", HTTP_ORIGIN="http://evil.example")
    assert rv.status_code == 200
    assert rv.content == b"posted"


def test_using_djangos_login_in_a_default_mount_checks_the_origin(browser, user):
    browser.force_login(user)
    rv = browser.post("/blog/django-user", HTTP_ORIGIN="http://evil.example")
    assert rv.status_code == 403
    assert FAILED in rv.content
    rv = browser.post("/blog/django-user", HTTP_ORIGIN="http://testserver")
    assert rv.content == b"ann"


def _shared_session_app(name: str) -> Flask:
    app = Flask(name)
    app.session_interface = DjangoSessionInterface()

    @app.post("/set")
    def set_value():
        session["value"] = "changed"
        return "set"

    return app


def test_csrf_false_is_an_explicit_exemption_and_a_check_warns(browser, settings):
    app = _shared_session_app("exempt_app")
    settings.ROOT_URLCONF = type("URLConf", (), {"urlpatterns": [mount("x/", app, csrf=False)]})
    assert browser.post("/x/set", HTTP_ORIGIN="http://evil.example").content == b"set"
    messages = check_mounts()
    assert [m.id for m in messages] == ["django_bridge.W004"]
    assert messages[0].msg == (
        "The flaskish app 'exempt_app' mounted at '/x' shares Django's session but is"
        " mounted with csrf=False: a cross-site form can act as the logged-in visitor."
    )


def test_csrf_origin_checks_any_app(browser, settings):
    app = Flask("origin_app")
    app.add_url_rule("/set", "set", lambda: "set", methods=["POST"])
    settings.ROOT_URLCONF = type("URLConf", (), {"urlpatterns": [mount("o/", app, csrf="origin")]})
    assert browser.post("/o/set", HTTP_ORIGIN="http://evil.example").status_code == 403
    assert browser.post("/o/set", HTTP_ORIGIN="http://testserver").content == b"set"


def test_csrf_true_still_needs_djangos_token(browser, settings):
    app = _shared_session_app("token_app")
    settings.ROOT_URLCONF = type("URLConf", (), {"urlpatterns": [mount("t/", app, csrf=True)]})
    rv = browser.post("/t/set", HTTP_ORIGIN="http://testserver")
    assert rv.status_code == 403
    assert FAILED in rv.content


def _asgi_post(path: str, origin: str) -> tuple[int, bytes]:
    """One POST through the site's own ASGI handler."""
    import asyncio

    from django.core.asgi import get_asgi_application

    sent: list[dict] = []
    incoming = [{"type": "http.request", "body": b""}]

    async def receive() -> dict:
        if incoming:
            return incoming.pop(0)
        await asyncio.sleep(3600)  # no disconnect: Django cancels this when it is done
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"origin", origin.encode())],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    asyncio.run(get_asgi_application()(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_the_origin_check_under_djangos_asgi_handler(settings):
    app = Flask("asgi_origin_app")

    @app.post("/set")
    async def set_value():
        return "set"

    settings.ROOT_URLCONF = type("URLConf", (), {"urlpatterns": [mount("a/", app, csrf="origin")]})
    status, content = _asgi_post("/a/set", "http://evil.example")
    assert status == 403
    assert FAILED in content
    assert _asgi_post("/a/set", "http://testserver") == (200, b"set")
