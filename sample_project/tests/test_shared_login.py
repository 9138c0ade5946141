"""One login for the whole site: the blog's Flask-style views and Django's share it."""

from __future__ import annotations

import re
import typing as t
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client

from posts.models import Post

pytestmark = pytest.mark.django_db

FORM_URLENCODED = "application/x-www-form-urlencoded"


def test_login_through_the_blog_is_seen_by_django_and_the_admin(
    client: Client, demo: User, login_via_blog: t.Callable[..., t.Any]
) -> None:
    response = login_via_blog(client, "demo", "demo")
    assert response.status_code == 302
    assert response["Location"] == "/blog/"
    assert client.session["_auth_user_id"] == str(demo.pk)

    assert "logged in as <strong>demo</strong>" in client.get("/").content.decode()
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "<strong>demo</strong>" in admin.content.decode()


def test_blog_pages_show_the_user(demo_client: Client) -> None:
    html = demo_client.get("/blog/create").content.decode()
    assert '<a href="/me/"><span>demo</span></a>' in html
    assert '<a href="/admin/">Admin</a>' in html
    assert '<a href="/blog/auth/logout">Log Out</a>' in html


def test_wrong_password_is_flashed(client: Client, demo: User) -> None:
    response = client.post("/blog/auth/login", {"username": "demo", "password": "nope"})
    assert response.status_code == 200
    assert '<div class="flash">Incorrect username or password.</div>' in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A flashed message is shown once.
    assert "Incorrect" not in client.get("/blog/auth/login").content.decode()


def test_logout_in_django_makes_the_blog_see_an_anonymous_visitor(demo_client: Client) -> None:
    assert demo_client.get("/blog/create").status_code == 200

    response = demo_client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"

    response = demo_client.get("/blog/create")
    assert response.status_code == 302
    assert response["Location"] == "/blog/auth/login?next=/blog/create"
    html = demo_client.get("/blog/auth/login").content.decode()
    assert '<a href="/blog/auth/login">Log In</a>' in html
    assert demo_client.get("/admin/").status_code == 302


def test_logout_in_the_blog_logs_out_of_django(demo_client: Client) -> None:
    response = demo_client.get("/blog/auth/logout")
    assert response["Location"] == "/blog/"
    assert "You are not logged in." in demo_client.get("/").content.decode()
    assert demo_client.get("/me/").status_code == 302


def test_login_in_django_is_seen_by_the_blog(client: Client, demo: User) -> None:
    client.force_login(demo)
    assert client.get("/blog/create").status_code == 200


def test_register_creates_a_django_user(
    client: Client, login_via_blog: t.Callable[..., t.Any]
) -> None:
    response = client.post(
        "/blog/auth/register", {"username": "bob", "password": "a-long-passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/blog/auth/login"
    assert User.objects.get(username="bob").check_password("a-long-passphrase")
    assert login_via_blog(client, "bob", "a-long-passphrase").status_code == 302


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", "a-long-passphrase", "Username is required."),
        ("bob", "", "Password is required."),
        ("ann", "a-long-passphrase", "User ann is already registered."),
        ("bob", "12345678", "This password is too common. This password is entirely numeric."),
    ],
)
def test_register_errors_are_flashed(
    client: Client, ann: User, username: str, password: str, message: str
) -> None:
    response = client.post("/blog/auth/register", {"username": username, "password": password})
    assert response.status_code == 200
    assert f'<div class="flash">{message}</div>' in response.content.decode()
    assert User.objects.count() == 1


def _form_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)


def test_blog_forms_are_csrf_protected_once_login_is_shared(demo: User) -> None:
    client = Client(enforce_csrf_checks=True)

    def post_form(path: str, data: dict[str, str]) -> t.Any:
        # As a browser sends these forms (they have no enctype).
        return client.post(path, urlencode(data), content_type=FORM_URLENCODED)

    credentials = {"username": "demo", "password": "demo"}
    assert post_form("/blog/auth/login", credentials).status_code == 403

    token = _form_token(client.get("/blog/auth/login").content.decode())
    response = post_form("/blog/auth/login", {**credentials, "csrfmiddlewaretoken": token})
    assert response.status_code == 302

    post = Post.objects.create(author=demo, title="Keep me", body="")
    assert post_form(f"/blog/{post.pk}/delete", {}).status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()

    # Django's login rotated the token: the blog's pages carry the new one.
    token = _form_token(client.get(f"/blog/{post.pk}/update").content.decode())
    response = post_form(f"/blog/{post.pk}/delete", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
