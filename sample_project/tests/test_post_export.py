"""The blog's read-only machine views: one post as JSON, and every post as a streamed export."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(demo: User, ann: User) -> list[Post]:
    """Three posts by two authors, oldest first."""
    return [
        Post.objects.create(author=demo, title="First", body="one"),
        Post.objects.create(author=ann, title="Second", body="two <b>"),
        Post.objects.create(author=demo, title="Third", body="three\nlines"),
    ]


def test_post_as_json_needs_no_login(client: Client, posts: list[Post]) -> None:
    post = posts[1]
    response = client.get(f"/blog/{post.pk}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "id": post.pk,
        "title": "Second",
        "body": "two <b>",
        "author": "ann",
        "created": post.created.isoformat(),
    }


def test_missing_post_as_json_is_the_blog_404(client: Client) -> None:
    response = client.get("/blog/999.json")
    assert response.status_code == 404
    assert "Post id 999 doesn&#39;t exist." in response.content.decode()


def test_export_streams_every_post_a_line_newest_first(client: Client, posts: list[Post]) -> None:
    response = client.get("/blog/export.ndjson")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    exported = [json.loads(line) for line in lines]
    assert [(p["title"], p["author"], p["body"]) for p in exported] == [
        ("Third", "demo", "three\nlines"),
        ("Second", "ann", "two <b>"),
        ("First", "demo", "one"),
    ]


def test_export_pages_through_more_posts_than_a_page(client: Client, demo: User) -> None:
    Post.objects.bulk_create(
        Post(author=demo, title=f"Post {n}", body="x" * n) for n in range(1, 121)
    )
    response = client.get("/blog/export.ndjson")
    titles = [
        json.loads(line)["title"] for line in b"".join(response.streaming_content).splitlines()
    ]
    assert titles == [f"Post {n}" for n in range(120, 0, -1)]


def test_export_of_an_empty_blog_is_empty(client: Client) -> None:
    response = client.get("/blog/export.ndjson")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b""


def test_export_refuses_post(client: Client) -> None:
    response = client.post("/blog/export.ndjson")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
