"""The three steps of README.md, as the site's code has them."""

from __future__ import annotations

import typing as t

import pytest
from django.test import Client
from django.urls import resolve, reverse

import blog
import posts.views
from django_bridge.resolver import FlaskAppResolver
from django_bridge.sessions import DjangoSessionInterface

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls() -> t.Any:
    """The site's URLconf, imported once Django's test environment is set up."""
    from sample_site import urls

    return urls


def test_step1_blog_is_mounted_at_blog_with_its_namespace(urls: t.Any) -> None:
    mounts = [p for p in urls.urlpatterns if isinstance(p, FlaskAppResolver)]
    assert [(m.prefix, m.namespace, m.app.import_name) for m in mounts] == [
        ("blog/", "blog", "blog")
    ]
    assert mounts[0].site.factory is blog.create_app
    assert reverse("blog:auth.login") == "/blog/auth/login"
    assert reverse("blog:posts.update", kwargs={"id": 3}) == "/blog/3/update"


def test_step2_blog_uses_djangos_session(urls: t.Any) -> None:
    (blog_mount,) = [p for p in urls.urlpatterns if isinstance(p, FlaskAppResolver)]
    assert isinstance(blog_mount.app.session_interface, DjangoSessionInterface)


def test_step2_the_only_session_cookie_is_djangos(client: Client, demo: object) -> None:
    response = client.post("/blog/auth/login", {"username": "demo", "password": "demo"})
    # Django's session cookie (and the CSRF token Django's login rotates); no Flask one.
    assert set(response.cookies) == {"sessionid", "csrftoken"}
    assert client.session["_auth_user_id"]


def test_step3_index_is_a_django_view_that_keeps_the_url_name(demo_client: Client) -> None:
    demo_client.post("/blog/create", {"title": "Moved", "body": "same template"})
    match = resolve("/blog/")
    assert match.func.django_view is posts.views.index  # the takeover's dispatch to it
    assert match.view_name == "blog:posts.index"
    assert reverse("blog:posts.index") == "/blog/"
    html = demo_client.get("/blog/").content.decode()
    # The blog's own Jinja template, rendered for the Django view: its base, its
    # url_for links, its context processor's current_user.
    assert "Served by a native Django view." in html
    assert "<h1>Moved</h1>" in html
    assert '<a class="action" href="/blog/create">New</a>' in html
    assert "/blog/" in html and "/update" in html


def test_step3_django_index_refuses_post(client: Client) -> None:
    assert client.post("/blog/").status_code == 405


@pytest.mark.urls("urls_before_step3")
def test_step3_rolls_back_by_removing_one_urlconf_line(demo_client: Client) -> None:
    demo_client.post("/blog/create", {"title": "Same data", "body": "either view"})
    assert getattr(resolve("/blog/").func, "django_view", None) is None
    html = demo_client.get("/blog/").content.decode()
    assert "Served by the Flask-style blog." in html
    assert "<h1>Same data</h1>" in html


def test_step3_a_message_flashed_by_the_blog_shows_on_a_django_page(demo_client: Client) -> None:
    assert demo_client.get("/blog/auth/logout").status_code == 302
    html = demo_client.get("/").content.decode()
    assert '<div class="flash">You are logged out.</div>' in html
    assert "Served by a native Django view." in html
    # One queue: shown once, by whichever page comes next.
    assert "logged out" not in demo_client.get("/blog/").content.decode()


def test_step3_the_django_index_shows_the_blogs_flash_in_its_jinja_template(
    demo_client: Client,
) -> None:
    demo_client.get("/blog/auth/logout")
    html = demo_client.get("/blog/").content.decode()
    assert '<div class="flash">You are logged out.</div>' in html
    assert "Served by a native Django view." in html
