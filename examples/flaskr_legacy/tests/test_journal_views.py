"""Showing and adding entries; the layout and child templates rendering together."""

from __future__ import annotations

import sqlite3

import pytest


def _rows(app):
    with sqlite3.connect(app.config["DATABASE"]) as db:
        return db.execute("SELECT title, body FROM entries ORDER BY id").fetchall()


def test_empty_journal(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<title>Journal</title>" in response.text
    assert "Nothing written yet." in response.text
    # Signed out: the layout links to the sign-in page and there is no form.
    assert 'href="/login"' in response.text
    assert 'action="/add"' not in response.text
    assert 'href="/static/style.css"' in response.text


def test_stylesheet_is_served(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert b".entries" in response.data
    # A file response holds the file open until it is closed.
    response.close()


def test_add_requires_login(client, app):
    response = client.post("/add", data={"title": "Nope", "body": "x"})
    assert response.status_code == 401
    assert "<title>401 Unauthorized</title>" in response.text
    assert _rows(app) == []


def test_add_only_accepts_post(client):
    response = client.get("/add")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}


def test_add_entry(client, auth, app):
    auth.login()
    page = client.get("/")
    assert 'action="/add"' in page.text
    assert 'href="/logout"' in page.text

    response = client.post(
        "/add", data={"title": "<Hello>", "body": "<strong>HTML</strong> allowed"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _rows(app) == [("<Hello>", "<strong>HTML</strong> allowed")]

    page = client.get("/")
    assert '<p class="flash message">Your entry is live.</p>' in page.text
    # Titles are escaped by autoescaping; bodies are trusted HTML (marked |safe).
    assert "<h2>&lt;Hello&gt;</h2>" in page.text
    assert "<strong>HTML</strong> allowed" in page.text
    assert "Nothing written yet." not in page.text
    # A flashed message is shown once.
    assert "Your entry is live." not in client.get("/").text


def test_entries_newest_first(client, auth):
    auth.login()
    for title in ("first", "second", "third"):
        client.post("/add", data={"title": title, "body": ""})
    text = client.get("/").text
    assert text.index("third") < text.index("second") < text.index("first")


def test_add_with_blank_title(client, auth, app):
    auth.login()
    response = client.post("/add", data={"title": "   ", "body": "b"}, follow_redirects=True)
    assert response.request.path == "/"
    assert '<p class="flash error">An entry needs a title.</p>' in response.text
    assert _rows(app) == []


@pytest.mark.parametrize("missing", ["title", "body"])
def test_add_with_missing_field_is_bad_request(client, auth, missing):
    auth.login()
    data = {"title": "t", "body": "b"}
    del data[missing]
    assert client.post("/add", data=data).status_code == 400
