"""Flask-Caching and Flask-Limiter in mounted apps: the Django cache as Flask-Caching's
backend (any leg), and state shared by app instances through Redis (``services``)."""

from __future__ import annotations

import os
import subprocess
import sys
import typing as t

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from mounted_site.scaling import create_cached_app, create_limited_app

# An app's own test client sends request_started, which checks the database connection.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> t.Iterator[None]:
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def client() -> Client:
    return Client()


def test_a_cached_view_is_computed_once(client: Client) -> None:
    first = client.get("/cached/slow").json()
    assert first["call"] == 1
    assert client.get("/cached/slow").json() == first


def test_flask_caching_stores_in_the_django_cache(client: Client) -> None:
    assert client.put(
        "/cached/values/a", {"x": [1, 2]}, content_type="application/json"
    ).json() == {"set": True}
    assert caches["default"].get("a") == {"x": [1, 2]}
    caches["default"].set("b", "set by Django")
    assert client.get("/cached/values/b").json() == {"value": "set by Django", "has": True}
    refused = client.post("/cached/values/a/add", "2", content_type="application/json")
    assert refused.json() == {"added": False}
    assert client.delete("/cached/values/a").json() == {"deleted": True}
    assert client.delete("/cached/values/a").json() == {"deleted": False}
    assert client.get("/cached/values/a").json() == {"value": None, "has": False}


def test_counters_and_many(client: Client) -> None:
    assert client.post("/cached/counters/c").json() == {"count": 1}
    assert client.post("/cached/counters/c?by=5").json() == {"count": 6}
    assert client.post("/cached/counters/c?by=-2").json() == {"count": 4}
    rv = client.post("/cached/many", {"m1": 1, "m2": "two"}, content_type="application/json")
    assert rv.json() == {"values": [1, "two", None]}


def test_timeouts_keep_flask_cachings_meaning() -> None:
    app = create_cached_app(prefix="t:")
    client = app.test_client()
    # 0 is Flask-Caching's "never expires" (Django's None), not Django's "expire now".
    client.put("/values/forever?timeout=0", json=1)
    assert client.get("/values/forever").get_json() == {"value": 1, "has": True}
    # The key prefix is the app's, inside Django's cache.
    assert caches["default"].get("t:forever") == 1


def test_a_rate_limit(client: Client) -> None:
    app = create_limited_app("single", storage_uri="memory://")
    own = app.test_client()
    assert [own.get("/ping").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert own.get("/free").status_code == 200


@pytest.mark.services
def test_the_django_cache_is_shared_by_app_instances(client: Client) -> None:
    """Another instance (another app server) reads what the mounted one cached."""
    other = create_cached_app().test_client()
    first = client.get("/cached/slow").json()
    assert other.get("/slow").get_json() == first
    client.put("/cached/values/shared", "1", content_type="application/json")
    assert other.get("/values/shared").get_json() == {"value": 1, "has": True}


@pytest.mark.services
def test_flask_cachings_redis_backend_is_shared_by_app_instances() -> None:
    one, two = (create_cached_app("RedisCache", prefix="rc:").test_client() for _ in range(2))
    first = one.get("/slow").get_json()
    assert two.get("/slow").get_json() == first
    one.put("/values/k", json={"from": "one"})
    assert two.get("/values/k").get_json() == {"value": {"from": "one"}, "has": True}
    keys = redis.Redis.from_url(os.environ["REDIS_URL"]).keys("rc:*")
    assert b"rc:k" in keys


@pytest.mark.services
def test_a_rate_limit_holds_across_app_instances(client: Client) -> None:
    """The mounted app and another instance count against one limit, kept in Redis."""
    other = create_limited_app("mounted").test_client()
    assert [client.get("/limited/ping").status_code for _ in range(2)] == [200, 200]
    assert other.get("/ping").status_code == 200
    assert other.get("/ping").status_code == 429
    assert client.get("/limited/ping").status_code == 429
    assert client.get("/limited/free").status_code == 200


# Another app server: a process of its own with its own instance of the limited app.
OTHER_PROCESS = """
import sys
import django
django.setup()
from mounted_site.scaling import create_limited_app
client = create_limited_app("mounted").test_client()
print(" ".join(str(client.get("/ping").status_code) for _ in range(int(sys.argv[1]))))
"""


@pytest.mark.services
def test_a_rate_limit_holds_across_processes(client: Client) -> None:
    assert [client.get("/limited/ping").status_code for _ in range(2)] == [200, 200]
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", OTHER_PROCESS, "2"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mounted_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "429"]
    assert client.get("/limited/ping").status_code == 429
