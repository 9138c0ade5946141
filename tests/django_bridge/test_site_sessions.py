"""Flask cookie sessions of mounted apps: one cookie scope per mount, the site's flags.

blog and wiki sign with the site's key (they set none); shop keeps its own key,
so its cookies stay exactly Flask's.
"""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client, override_settings
from itsdangerous import URLSafeTimedSerializer


@pytest.fixture
def client() -> Client:
    return Client()


def _set_cookie(response, name: str) -> str:
    return response.cookies[name].output(header="").strip()


def test_an_app_without_a_key_gets_a_cookie_scoped_to_its_mount(client):
    rv = client.get("/blog/login/ann")
    assert list(rv.cookies) == ["session_blog"]
    cookie = rv.cookies["session_blog"]
    assert cookie["path"] == "/blog"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"  # Django's SESSION_COOKIE_SAMESITE default
    assert cookie["secure"] == ""


@override_settings(
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_SAMESITE="Strict",
    SESSION_COOKIE_DOMAIN="example.com",
)
def test_cookie_flags_follow_the_sites_settings(client):
    cookie = _set_cookie(client.get("/blog/login/ann"), "session_blog")
    assert cookie.endswith("; Domain=example.com; HttpOnly; Path=/blog; SameSite=Strict; Secure")


def test_an_app_that_sets_its_flags_keeps_them(client, settings):
    from bridge_site import wiki

    # Flags the app set itself win over the site's; only Flask's defaults are replaced.
    app = wiki.create_app()
    app.config["SESSION_COOKIE_SAMESITE"] = "None"
    app.config["SESSION_COOKIE_NAME"] = "wiki_own"
    from django_bridge import mount

    settings.ROOT_URLCONF = type("URLConf", (), {"urlpatterns": [mount("w/", app)]})
    rv = client.get("/w/login/ann")
    assert list(rv.cookies) == ["wiki_own"]
    assert rv.cookies["wiki_own"]["samesite"] == "None"
    assert rv.cookies["wiki_own"]["path"] == "/w"


def test_two_apps_logins_coexist_in_one_cookie_jar(client):
    assert client.get("/blog/login/ann").content == b"blog login ann"
    assert client.get("/wiki/login/bob").content == b"wiki login bob"
    assert client.get("/blog/whoami").content == b"blog sees ann"
    assert client.get("/wiki/whoami").content == b"wiki sees bob"


def test_one_apps_cookie_replayed_to_another_is_refused(client):
    blog_cookie = client.get("/blog/login/admin").cookies["session_blog"].value
    replay = Client()
    replay.cookies["session_wiki"] = blog_cookie
    assert replay.get("/wiki/whoami").content == b"wiki sees anonymous"
    # And the genuine cookie still works where it belongs.
    replay.cookies["session_blog"] = blog_cookie
    assert replay.get("/blog/whoami").content == b"blog sees admin"


def test_a_tampered_cookie_is_an_empty_session(client):
    value = client.get("/blog/login/ann").cookies["session_blog"].value
    client.cookies["session_blog"] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    rv = client.get("/blog/whoami")
    assert rv.status_code == 200
    assert rv.content == b"blog sees anonymous"


def test_an_app_with_its_own_key_keeps_flasks_cookie(client):
    # Signed as Flask 3.1 signs a session cookie: existing visitors stay logged in.
    flask_signer = URLSafeTimedSerializer(
        "shop-own-key",
        salt="cookie-session",
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    client.cookies["session"] = flask_signer.dumps({"user": "carol"})
    assert client.get("/shop/whoami").content == b"shop sees carol"


def test_the_site_key_is_what_signs_keyless_apps(client):
    value = client.get("/blog/login/ann").cookies["session_blog"].value
    with override_settings(SECRET_KEY="another-site-key"):
        assert client.get("/blog/whoami").content == b"blog sees anonymous"
    with override_settings(
        SECRET_KEY="new-site-key", SECRET_KEY_FALLBACKS=["django-site-secret-for-tests"]
    ):
        client.cookies["session_blog"] = value
        assert client.get("/blog/whoami").content == b"blog sees ann"
