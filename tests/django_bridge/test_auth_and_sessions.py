"""Shared login and sessions between a mounted flaskish app and Django views."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(
        "ann", password="pw", is_staff=True, is_superuser=True
    )


def test_login_in_flaskish_logout_in_django(user):
    client = Client()
    assert client.get("/me/").status_code == 302

    rv = client.post("/accounts/login", {"username": "ann", "password": "pw"})
    assert rv.status_code == 302
    assert rv["Location"] == "/accounts/whoami"
    assert client.get("/accounts/whoami").content == b"ann (hello ann)"
    assert client.get("/me/").content == b"django sees ann (hello ann)"
    assert client.get("/admin/").status_code == 200

    assert client.get("/django-logout/").content == b"logged out by django"
    assert client.get("/accounts/whoami").content == b"anonymous"
    assert client.get("/admin/").status_code == 302


def test_login_in_django_is_seen_by_flaskish(user):
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/whoami").content == b"ann (None)"
    assert client.get("/accounts/logout").content == b"logged out"
    assert client.get("/me/").status_code == 302


def test_wrong_credentials(user):
    client = Client()
    rv = client.post("/accounts/login", {"username": "ann", "password": "nope"})
    assert rv.status_code == 401
    assert client.get("/accounts/whoami").content == b"anonymous"


def test_session_values_are_shared():
    client = Client()
    assert client.get("/accounts/cart").json() == {"cart": []}
    client.get("/add-to-cart/")
    assert client.get("/accounts/cart").json() == {"cart": ["book"]}


def test_django_session_interface_without_middleware(settings):
    from django_bridge.sessions import DjangoSessionInterface
    from flaskish import Flask, session

    app = Flask("nomw")
    app.session_interface = DjangoSessionInterface()
    app.testing = True
    app.add_url_rule("/", "index", lambda: "untouched")
    app.add_url_rule("/touch", "touch", lambda: str(session.get("x")))
    client = app.test_client()
    assert client.get("/").data == b"untouched"
    with pytest.raises(RuntimeError, match="DjangoSessionInterface needs Django's session"):
        client.get("/touch")


def _session_keys_in_db() -> set[str]:
    from django.contrib.sessions.models import Session

    return set(Session.objects.values_list("session_key", flat=True))


def test_a_planted_session_key_is_replaced_on_an_apps_login():
    attacker = Client()
    attacker.get("/add-to-cart/")
    planted = attacker.cookies["sessionid"].value

    victim = Client()
    victim.cookies["sessionid"] = planted
    assert victim.get("/accounts/cart").json() == {"cart": ["book"]}
    rv = victim.get("/accounts/flask-login/ann")
    assert rv.content == b"flask login"
    fresh = rv.cookies["sessionid"].value
    assert fresh != planted
    assert planted not in _session_keys_in_db()
    assert victim.get("/accounts/keys").json() == {"keys": ["user_id"], "user_id": "ann"}
    # The attacker's copy of the old key carries nothing of the victim's.
    assert attacker.get("/accounts/keys").json() == {"keys": [], "user_id": None}


def test_the_django_login_survives_an_apps_session_clear(user):
    client = Client()
    client.force_login(user)
    client.get("/add-to-cart/")
    assert client.get("/accounts/flask-login/app-user").content == b"flask login"
    assert client.get("/admin/").status_code == 200
    assert client.get("/me/").content == b"django sees ann (None)"
    assert client.get("/accounts/keys").json() == {"keys": ["user_id"], "user_id": "app-user"}
    # Django's logout still ends both.
    client.get("/django-logout/")
    assert client.get("/accounts/keys").json() == {"keys": [], "user_id": None}
    assert client.get("/admin/").status_code == 302


def test_the_app_cannot_overwrite_djangos_login_keys(user):
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from django_bridge.sessions import DjangoSession

    django_session = SessionStore()
    django_session[SESSION_KEY] = str(user.pk)
    session = DjangoSession(django_session)
    assert SESSION_KEY not in session
    assert list(session) == []
    with pytest.raises(KeyError, match="belongs to Django's login"):
        session[SESSION_KEY] = "1"
    assert django_session[SESSION_KEY] == str(user.pk)
