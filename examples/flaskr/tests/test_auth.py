"""Registering, logging in and out, and ``g.user``."""

from __future__ import annotations

import pytest
from flaskr.db import get_db

from flaskish import g, session
from flaskish.security import check_password_hash


def test_register(client, app):
    assert client.get("/auth/register").status_code == 200
    response = client.post("/auth/register", data={"username": "carol", "password": "carol-pw"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"

    with app.app_context():
        row = get_db().execute("SELECT * FROM user WHERE username = 'carol'").fetchone()
    assert row is not None
    assert row["password"] != "carol-pw"
    assert row["password"].startswith("scrypt:32768:8:1$")
    assert check_password_hash(row["password"], "carol-pw")

    page = client.get("/auth/login")
    assert '<div class="flash">Account created: sign in to start writing.</div>' in page.text


def test_registered_user_can_log_in(client, auth):
    client.post("/auth/register", data={"username": "carol", "password": "carol-pw"})
    response = auth.login("carol", "carol-pw")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", "", "Choose a username."),
        ("   ", "x", "Choose a username."),
        ("dave", "", "Choose a password."),
        ("alice", "whatever", "Someone already goes by alice."),
    ],
)
def test_register_validates_input(client, app, username, password, message):
    response = client.post("/auth/register", data={"username": username, "password": password})
    assert response.status_code == 200
    assert f'<div class="flash">{message}</div>' in response.text
    with app.app_context():
        assert get_db().execute("SELECT COUNT(*) FROM user").fetchone()[0] == 2


def test_login(client, auth):
    page = client.get("/auth/login")
    assert page.status_code == 200
    assert "<title>Log in - Flaskr</title>" in page.text

    response = auth.login()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    with client:
        page = client.get("/")
        assert session["user_id"] == 1
        assert g.user["username"] == "alice"
        assert "<span>alice</span>" in page.text
        assert 'href="/auth/logout"' in page.text


@pytest.mark.parametrize(
    ("username", "password"),
    [("nobody", "alice-pw"), ("alice", "bob-pw")],
)
def test_login_rejects_bad_credentials(client, auth, username, password):
    with client:
        response = auth.login(username, password)
        assert response.status_code == 200
        assert '<div class="flash">Wrong username or password.</div>' in response.text
        assert "user_id" not in session


def test_login_clears_an_existing_session(client, auth):
    with client.session_transaction() as sess:
        sess["stale"] = "from before"
    auth.login()
    with client.session_transaction() as sess:
        assert dict(sess) == {"user_id": 1}


def test_logout(client, auth):
    auth.login()
    with client:
        response = auth.logout()
        assert response.status_code == 302
        assert response.headers["Location"] == "/"
        assert "user_id" not in session
    page = client.get("/")
    assert 'href="/auth/login"' in page.text
    assert "<span>alice</span>" not in page.text


def test_session_transaction_logs_in_directly(client):
    with client.session_transaction() as sess:
        sess["user_id"] = 2
    with client:
        page = client.get("/")
        assert g.user["username"] == "bob"
    assert "<span>bob</span>" in page.text
    # Bob is not alice: he may not edit her post, so no Edit link.
    assert 'href="/1/update"' not in page.text


def test_unknown_user_id_in_session_means_logged_out(client):
    with client.session_transaction() as sess:
        sess["user_id"] = 99
    with client:
        assert client.get("/create").headers["Location"] == "/auth/login"
        assert g.user is None
