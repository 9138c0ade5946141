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
