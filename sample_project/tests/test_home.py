"""The native Django app: links into the blog by URL name, and the shared login."""

from __future__ import annotations

import pytest
from django.test import Client

from posts.models import Post

pytestmark = pytest.mark.django_db


def test_home_links_to_the_blog_by_url_name(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][:2] == ["home/index.html", "base.html"]
    html = response.content.decode()
    for href in ("/blog/", "/blog/create", "/blog/auth/login", "/blog/auth/register"):
        assert f'href="{href}"' in html
    assert 'href="/admin/posts/post/"' in html
    assert "You are not logged in." in html


def test_home_shows_the_user_logged_in_through_the_blog(demo_client: Client) -> None:
    html = demo_client.get("/").content.decode()
    assert "You are logged in as <strong>demo</strong>." in html
    assert 'href="/admin/"' in html


def test_home_lists_latest_posts_with_edit_links_for_the_author(
    demo_client: Client, ann_client: Client
) -> None:
    demo_client.post("/blog/create", {"title": "Hello", "body": "First"})
    post = Post.objects.get()
    edit_link = f'(<a href="/blog/{post.pk}/update">edit</a>)'

    html = demo_client.get("/").content.decode()
    assert "Hello by demo" in html
    assert edit_link in html
    assert edit_link not in ann_client.get("/").content.decode()


def test_login_required_django_view_uses_the_blog_login(client: Client, demo: object) -> None:
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"] == "/blog/auth/login?next=/me/"

    login_page = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/me/"' in login_page

    response = client.post(
        "/blog/auth/login", {"username": "demo", "password": "demo", "next": "/me/"}
    )
    assert response["Location"] == "/me/"
    me = client.get("/me/")
    assert me.status_code == 200
    assert "You wrote 0 posts." in me.content.decode()


def test_blog_login_refuses_an_offsite_next(client: Client, demo: object) -> None:
    response = client.post(
        "/blog/auth/login",
        {"username": "demo", "password": "demo", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/blog/"


def test_static_css_is_found(client: Client) -> None:
    from django.contrib.staticfiles import finders

    assert finders.find("home/site.css")
    assert (
        '<link rel="stylesheet" href="/static/home/site.css">' in client.get("/").content.decode()
    )
