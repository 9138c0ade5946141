"""Reading, writing, editing and deleting posts; author checks."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from flaskr.auth import login_required
from flaskr.db import get_db

from flaskish import appcontext_pushed, g, render_template


def _posts(app):
    with app.app_context():
        return [
            tuple(row) for row in get_db().execute("SELECT id, title, body, author_id FROM post")
        ]


def test_index(client, auth):
    response = client.get("/")
    assert response.status_code == 200
    assert "<title>Posts - Flaskr</title>" in response.text
    assert 'href="/auth/login"' in response.text
    assert 'href="/auth/register"' in response.text
    assert "<h1>first post</h1>" in response.text
    assert "by alice on 2024-03-01" in response.text
    assert '<p class="body">hello from alice</p>' in response.text
    assert 'href="/create"' not in response.text

    auth.login()
    response = client.get("/")
    assert 'href="/auth/logout"' in response.text
    assert 'href="/create"' in response.text
    assert 'href="/1/update"' in response.text


def test_index_when_empty(client, auth, app):
    auth.login()
    client.post("/1/delete")
    assert "No posts yet." in client.get("/").text


def test_index_escapes_post_text(client, auth):
    auth.login()
    client.post("/create", data={"title": "<script>x</script>", "body": "a & b"})
    text = client.get("/").text
    assert "<h1>&lt;script&gt;x&lt;/script&gt;</h1>" in text
    assert '<p class="body">a &amp; b</p>' in text


@pytest.mark.parametrize("path", ["/create", "/1/update"])
def test_login_required_for_pages(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"


@pytest.mark.parametrize("path", ["/create", "/1/update", "/1/delete"])
def test_login_required_for_posts(client, app, path):
    response = client.post(path, data={"title": "t", "body": "b"})
    assert response.headers["Location"] == "/auth/login"
    assert _posts(app) == [(1, "first post", "hello from alice", 1)]


def test_author_required(client, auth, app):
    auth.login("bob", "bob-pw")
    response = client.get("/1/update")
    assert response.status_code == 403
    assert "<title>403 Forbidden</title>" in response.text
    assert client.post("/1/update", data={"title": "mine", "body": ""}).status_code == 403
    assert client.post("/1/delete").status_code == 403
    assert _posts(app) == [(1, "first post", "hello from alice", 1)]


@pytest.mark.parametrize("path", ["/2/update", "/2/delete"])
def test_missing_post_is_404(client, auth, path):
    auth.login()
    response = client.post(path, data={"title": "t", "body": "b"})
    assert response.status_code == 404
    assert "<title>404 Not Found</title>" in response.text
    assert "<p>There is no post 2.</p>" in response.text


def test_delete_only_accepts_post(client, auth):
    auth.login()
    assert client.get("/1/delete").status_code == 405


def test_create(client, auth, app):
    auth.login("bob", "bob-pw")
    page = client.get("/create")
    assert page.status_code == 200
    assert "<title>New post - Flaskr</title>" in page.text
    assert 'value=""' in page.text

    response = client.post("/create", data={"title": "bob writes", "body": "a second post"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _posts(app)[-1] == (2, "bob writes", "a second post", 2)
    assert 'href="/2/update"' in client.get("/").text


def test_update(client, auth, app):
    auth.login()
    page = client.get("/1/update")
    assert page.status_code == 200
    assert '<title>Edit "first post" - Flaskr</title>' in page.text
    assert 'value="first post"' in page.text
    assert 'action="/1/delete"' in page.text

    response = client.post("/1/update", data={"title": "edited", "body": "new words"})
    assert response.headers["Location"] == "/"
    assert _posts(app) == [(1, "edited", "new words", 1)]


@pytest.mark.parametrize("path", ["/create", "/1/update"])
def test_title_is_required(client, auth, app, path):
    auth.login()
    response = client.post(path, data={"title": " ", "body": "kept"})
    assert response.status_code == 200
    assert '<div class="flash">A post needs a title.</div>' in response.text
    # The form is shown again with what was typed.
    assert ">kept</textarea>" in response.text
    assert _posts(app) == [(1, "first post", "hello from alice", 1)]


def test_delete(client, auth, app):
    auth.login()
    response = client.post("/1/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _posts(app) == []


# -- faking resources with ``appcontext_pushed``, as the Flask docs teach ------------------


@contextmanager
def g_set(app, **values):
    """Make every app context of ``app`` pushed inside the block start with ``values`` on g."""

    def handler(sender, **kwargs):
        for name, value in values.items():
            setattr(g, name, value)

    with appcontext_pushed.connected_to(handler, app):
        yield


def test_login_required_with_a_faked_user(app):
    @login_required
    def secret():
        return f"hello {g.user['username']}"

    with g_set(app, user={"id": 7, "username": "fake"}):
        with app.test_request_context("/anything"):
            assert secret() == "hello fake"

    with g_set(app, user=None):
        with app.test_request_context("/anything"):
            response = secret()
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"


def test_base_template_with_a_faked_user(app):
    with g_set(app, user={"id": 7, "username": "fake"}):
        with app.test_request_context("/"):
            html = render_template("blog/index.html", posts=[])
    assert "<span>fake</span>" in html
    assert 'href="/create"' in html


def test_handler_only_applies_to_its_app(app):
    other = type(app)("other")
    seen = []
    with g_set(app, user="faked"):
        with other.app_context():
            seen.append(g.get("user"))
        with app.app_context():
            seen.append(g.get("user"))
    assert seen == [None, "faked"]


def test_index_with_a_faked_database(app, client):
    fake = sqlite3.connect(":memory:", detect_types=sqlite3.PARSE_DECLTYPES)
    fake.row_factory = sqlite3.Row
    with app.open_resource("schema.sql") as f:
        fake.executescript(f.read().decode())
    fake.executescript(
        "INSERT INTO user (username, password) VALUES ('ghost', '-');"
        "INSERT INTO post (title, body, author_id, created)"
        " VALUES ('in memory', 'not on disk', 1, '2020-01-02 00:00:00');"
    )
    with g_set(app, db=fake):
        text = client.get("/").text
    assert "<h1>in memory</h1>" in text
    assert "by ghost on 2020-01-02" in text
    assert "first post" not in text
    with pytest.raises(sqlite3.ProgrammingError):
        fake.execute("SELECT 1")
