"""The JSON API ``make scale-check`` drives: idempotent writes, a Celery-backed action, a rate limit.

On SQLite and the local-memory cache here; the scale check runs the same views on
PostgreSQL and Redis behind nginx.  The Celery task runs eagerly (in the test's
process): the worker and broker are the scale check's.
"""

from __future__ import annotations

import typing as t

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from blog.api import RATE_LIMIT, RATE_WINDOW_S
from posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache() -> t.Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def write(client: Client, key: str, title: str = "Scaled", body: str = "one two") -> t.Any:
    form = {"idempotency_key": key, "title": title, "body": body}
    return client.post("/blog/api/posts", form)


def test_a_write_is_made_once_per_key(demo_client: Client) -> None:
    first = write(demo_client, "key-1", "First", "a b c")
    assert first.status_code == 201
    again = write(demo_client, "key-1", "First", "a b c")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["title"] == "First" and first.json()["author"] == "demo"

    assert write(demo_client, "key-2", "Second").status_code == 201
    assert sorted(Post.objects.values_list("title", "idempotency_key")) == [
        ("First", "key-1"),
        ("Second", "key-2"),
    ]


def test_the_key_can_come_in_the_header(demo_client: Client) -> None:
    form = {"title": "From a header", "body": ""}
    headers = {"Idempotency-Key": "header-key"}
    assert demo_client.post("/blog/api/posts", form, headers=headers).status_code == 201
    assert demo_client.post("/blog/api/posts", form, headers=headers).status_code == 200
    assert Post.objects.get().idempotency_key == "header-key"


def test_a_repeated_key_answers_the_first_write_not_the_new_form(demo_client: Client) -> None:
    write(demo_client, "same", "Original")
    again = write(demo_client, "same", "Changed")
    assert (again.status_code, again.json()["title"]) == (200, "Original")
    assert Post.objects.get().title == "Original"


def test_another_users_key_is_a_conflict(demo_client: Client, ann_client: Client) -> None:
    assert write(demo_client, "taken").status_code == 201
    response = ann_client.post(
        "/blog/api/posts", {"idempotency_key": "taken", "title": "Ann's", "body": ""}
    )
    assert response.status_code == 409
    assert response.json() == {"error": "This idempotency key was used by another user."}
    assert Post.objects.get().author.username == "demo"


@pytest.mark.parametrize("key", ["", "x" * 65, "white space", "semi;colon"])
def test_a_bad_key_is_refused(demo_client: Client, key: str) -> None:
    response = write(demo_client, key)
    assert response.status_code == 400
    assert "idempotency key" in response.json()["error"]
    assert not Post.objects.exists()


def test_a_title_is_required(demo_client: Client) -> None:
    response = write(demo_client, "no-title", title="  ")
    assert (response.status_code, response.json()) == (400, {"error": "Title is required."})


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/blog/api/posts"),
        ("post", "/blog/api/posts/1/words"),
        ("get", "/blog/api/limited"),
    ],
)
def test_the_api_needs_a_login(client: Client, demo: User, method: str, path: str) -> None:
    response = getattr(client, method)(path, {"idempotency_key": "k", "title": "t"})
    assert response.status_code == 401
    assert response.json() == {"error": "Log in first (POST /blog/auth/login)."}
    assert not Post.objects.exists()


def test_writes_need_the_csrf_token(demo: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo)
    assert write(client, "no-token").status_code == 403
    assert not Post.objects.exists()


def test_word_count_is_computed_by_the_task(demo_client: Client, eager_tasks: None) -> None:
    post = write(demo_client, "words", body="the quick  brown\nfox").json()
    response = demo_client.post(f"/blog/api/posts/{post['id']}/words")
    assert response.status_code == 200
    assert response.json() == {"id": post["id"], "words": 4}


def test_word_count_of_a_missing_post(demo_client: Client, eager_tasks: None) -> None:
    assert demo_client.post("/blog/api/posts/999/words").status_code == 404


def test_the_limit_lets_exactly_its_requests_through(
    demo_client: Client, ann_client: Client
) -> None:
    statuses = [demo_client.get("/blog/api/limited").status_code for _ in range(RATE_LIMIT + 3)]
    assert statuses == [200] * RATE_LIMIT + [429] * 3
    refused = demo_client.get("/blog/api/limited")
    assert refused["Retry-After"] == str(RATE_WINDOW_S)
    assert refused.json() == {"error": f"At most {RATE_LIMIT} requests in {RATE_WINDOW_S} s."}
    # Each user has a budget of their own.
    assert ann_client.get("/blog/api/limited").status_code == 200


def test_the_limit_opens_a_new_window_when_the_last_one_expires(demo_client: Client) -> None:
    for _ in range(RATE_LIMIT + 1):
        demo_client.get("/blog/api/limited")
    assert demo_client.get("/blog/api/limited").status_code == 429
    cache.delete(f"blog-ratelimit:api.limited:{User.objects.get(username='demo').pk}")
    assert demo_client.get("/blog/api/limited").status_code == 200


def test_the_limit_answers_503_while_its_counters_cannot_be_reached(
    demo_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "add", down)
    refused = demo_client.get("/blog/api/limited")
    assert (refused.status_code, refused["Retry-After"]) == (503, "1")
    assert refused.json() == {"error": "The rate limit cannot be checked now."}
    monkeypatch.undo()
    assert demo_client.get("/blog/api/limited").status_code == 200
