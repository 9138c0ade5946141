"""The blog's posts: Flask-style views writing Django models, seen in the ORM and the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(demo: User) -> Post:
    return Post.objects.create(author=demo, title="Demo's post", body="by demo")


@pytest.mark.parametrize("path", ["/blog/create", "/blog/1/update"])
def test_login_required(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/blog/auth/login?next={path}"


def test_delete_login_required(client: Client, post: Post) -> None:
    response = client.post(f"/blog/{post.pk}/delete")
    assert response.status_code == 302
    assert Post.objects.filter(pk=post.pk).exists()


def test_create_through_the_blog_is_in_the_orm_and_admin(demo_client: Client) -> None:
    assert demo_client.get("/blog/create").status_code == 200
    response = demo_client.post("/blog/create", {"title": "From Flask", "body": "Hi Django"})
    assert response.status_code == 302
    assert response["Location"] == "/blog/"

    post = Post.objects.get()
    assert (post.title, post.body, post.author.username) == ("From Flask", "Hi Django", "demo")
    assert "<h1>From Flask</h1>" in demo_client.get("/blog/").content.decode()

    changelist = demo_client.get("/admin/posts/post/").content.decode()
    assert "From Flask" in changelist
    change = demo_client.get(f"/admin/posts/post/{post.pk}/change/")
    assert change.status_code == 200
    assert "Hi Django" in change.content.decode()


def test_create_without_title_is_flashed(demo_client: Client) -> None:
    response = demo_client.post("/blog/create", {"title": "  ", "body": "kept"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="flash">Title is required.</div>' in html
    assert '<textarea name="body" id="body">kept</textarea>' in html
    assert not Post.objects.exists()


def test_update_through_the_blog(demo_client: Client, post: Post) -> None:
    page = demo_client.get(f"/blog/{post.pk}/update").content.decode()
    assert 'value="Demo&#39;s post"' in page
    assert f'action="/blog/{post.pk}/delete"' in page

    response = demo_client.post(f"/blog/{post.pk}/update", {"title": "Edited", "body": "new body"})
    assert response["Location"] == "/blog/"
    post.refresh_from_db()
    assert (post.title, post.body) == ("Edited", "new body")
    assert "Edited" in demo_client.get("/admin/posts/post/").content.decode()


def test_update_without_title_is_flashed(demo_client: Client, post: Post) -> None:
    response = demo_client.post(f"/blog/{post.pk}/update", {"title": "", "body": "x"})
    assert '<div class="flash">Title is required.</div>' in response.content.decode()
    post.refresh_from_db()
    assert post.title == "Demo's post"


def test_delete_through_the_blog(demo_client: Client, post: Post) -> None:
    response = demo_client.post(f"/blog/{post.pk}/delete")
    assert response["Location"] == "/blog/"
    assert not Post.objects.exists()
    assert "Demo&#x27;s post" not in demo_client.get("/admin/posts/post/").content.decode()


def test_delete_needs_post(demo_client: Client, post: Post) -> None:
    response = demo_client.get(f"/blog/{post.pk}/delete")
    assert response.status_code == 405
    assert response["Allow"] == "OPTIONS, POST"


def test_post_made_in_the_admin_is_editable_in_the_blog(demo_client: Client, demo: User) -> None:
    response = demo_client.post(
        "/admin/posts/post/add/",
        {"author": demo.pk, "title": "From the admin", "body": "admin body"},
    )
    assert response.status_code == 302
    post = Post.objects.get()
    page = demo_client.get(f"/blog/{post.pk}/update").content.decode()
    assert "admin body</textarea>" in page


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/blog/{pk}/update"), ("post", "/blog/{pk}/update"), ("post", "/blog/{pk}/delete")],
)
def test_other_authors_get_403(ann_client: Client, post: Post, method: str, path: str) -> None:
    response = getattr(ann_client, method)(path.format(pk=post.pk), {"title": "mine", "body": ""})
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title == "Demo's post"


def test_edit_link_only_for_the_author(demo_client: Client, ann_client: Client, post: Post) -> None:
    edit = f'href="/blog/{post.pk}/update"'
    assert edit in demo_client.get("/blog/").content.decode()
    assert edit not in ann_client.get("/blog/").content.decode()


@pytest.mark.parametrize("path", ["/blog/999/update", "/blog/999/delete"])
def test_missing_post_is_404(demo_client: Client, path: str) -> None:
    response = demo_client.post(path, {"title": "t", "body": "b"})
    assert response.status_code == 404
    assert "Post id 999 doesn&#39;t exist." in response.content.decode()


def test_unknown_path_under_blog_gets_the_blog_404(client: Client) -> None:
    response = client.get("/blog/no/such/page")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Not Found</h1>" in html
    assert "Served by the Flask-style blog." in html


def test_unknown_path_outside_blog_is_django_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Flask-style" not in response.content.decode()
