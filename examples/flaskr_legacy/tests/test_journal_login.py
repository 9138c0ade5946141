"""Signing in and out through the session, with flashed messages."""

from __future__ import annotations

import pytest

from flaskish import session


def test_login_page(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "<title>Sign in · Journal</title>" in response.text
    assert 'action="/login"' in response.text
    assert "Error:" not in response.text


def test_login_and_logout(client, auth):
    with client:
        response = auth.login()
        assert response.status_code == 302
        assert response.headers["Location"] == "/"
        assert session["logged_in"] is True

        page = client.get("/")
        assert '<p class="flash message">Welcome back.</p>' in page.text

        response = auth.logout()
        assert response.headers["Location"] == "/"
        assert "logged_in" not in session

    page = client.get("/")
    assert "You are signed out." in page.text
    assert 'href="/login"' in page.text


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("editorx", "letmein", "No such user."),
        ("editor", "wrong", "That password is not right."),
    ],
)
def test_login_rejects_bad_credentials(client, auth, username, password, message):
    with client:
        response = auth.login(username, password)
        assert response.status_code == 200
        assert f"<strong>Error:</strong> {message}" in response.text
        assert "logged_in" not in session


def test_credentials_come_from_config(app, client, auth):
    app.config.update(USERNAME="admin", PASSWORD="s3cret")
    assert "No such user." in auth.login().text
    response = auth.login("admin", "s3cret")
    assert response.status_code == 302


def test_session_transaction_logs_in_without_the_form(client, app):
    with client.session_transaction() as sess:
        sess["logged_in"] = True
    response = client.post("/add", data={"title": "via session", "body": ""})
    assert response.status_code == 302
    with client.session_transaction() as sess:
        assert sess["logged_in"] is True
        assert sess["_flashes"] == [("message", "Your entry is live.")]


def test_logout_when_not_logged_in(client):
    response = client.get("/logout", follow_redirects=True)
    assert response.status_code == 200
    assert "You are signed out." in response.text
