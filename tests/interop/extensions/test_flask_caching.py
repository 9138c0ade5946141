"""Flask-Caching's simple cache on flaskish, used as its documentation shows.

Cached views (by path, by query string, ``unless``, per-method), memoized
functions and their deletion, the cache API in an app context, and the
``{% cache %}`` template tag.
"""

from __future__ import annotations

import itertools

import flask
import pytest
from flask import Flask, render_template_string, request
from flask_caching import Cache

config = {
    "DEBUG": True,
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 300,
}


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(config)
    return app


@pytest.fixture
def cache(app: Flask) -> Cache:
    return Cache(app)


def test_cached_view_is_computed_once(app: Flask, cache: Cache) -> None:
    counter = itertools.count(1)

    @app.route("/")
    @cache.cached(timeout=50)
    def index() -> str:
        return f"render {next(counter)}"

    client = app.test_client()
    assert client.get("/").text == "render 1"
    assert client.get("/").text == "render 1"
    assert client.get("/?page=2").text == "render 1"  # the key is the path alone
    cache.clear()
    assert client.get("/").text == "render 2"


def test_cached_response_keeps_status_and_headers(app: Flask, cache: Cache) -> None:
    counter = itertools.count(1)

    @app.route("/created")
    @cache.cached()
    def created() -> tuple[flask.Response, int, dict[str, str]]:
        return flask.jsonify(n=next(counter)), 201, {"X-Thing": "yes"}

    client = app.test_client()
    for _ in range(2):
        rv = client.get("/created")
        assert (rv.status_code, rv.json, rv.headers["X-Thing"]) == (201, {"n": 1}, "yes")
        assert rv.mimetype == "application/json"


def test_query_string_makes_its_own_key(app: Flask, cache: Cache) -> None:
    counter = itertools.count(1)

    @app.route("/search")
    @cache.cached(query_string=True)
    def search() -> str:
        return f"{request.args.getlist('q')} {next(counter)}"

    client = app.test_client()
    assert client.get("/search?q=a").text == "['a'] 1"
    assert client.get("/search?q=a").text == "['a'] 1"
    assert client.get("/search?q=b").text == "['b'] 2"
    assert client.get("/search?q=a&q=b").text == "['a', 'b'] 3"
    assert client.get("/search?q=a&q=c").text == "['a', 'c'] 4"


def test_unless_and_response_filter(app: Flask, cache: Cache) -> None:
    counter = itertools.count(1)

    @app.route("/fresh")
    @cache.cached(unless=lambda: request.args.get("nocache") == "1")
    def fresh() -> str:
        return str(next(counter))

    @app.route("/flaky")
    @cache.cached(response_filter=lambda rv: flask.make_response(rv).status_code == 200)
    def flaky() -> tuple[str, int]:
        return f"error {next(counter)}", 500

    client = app.test_client()
    assert client.get("/fresh?nocache=1").text == "1"
    assert client.get("/fresh?nocache=1").text == "2"
    assert client.get("/flaky").text == "error 3"
    rv = client.get("/flaky")
    assert (rv.status_code, rv.text) == (500, "error 4")


def test_a_cache_hit_is_marked_in_a_header(app: Flask, cache: Cache) -> None:
    counter = itertools.count(1)

    @app.route("/marked")
    @cache.cached(response_hit_indication=True)
    def marked() -> str:
        return str(next(counter))

    client = app.test_client()
    rv = client.get("/marked")
    assert (rv.text, "hit_cache" in rv.headers) == ("1", False)
    rv = client.get("/marked")
    assert (rv.text, rv.headers["hit_cache"]) == ("1", "True")


def test_memoize_and_delete_memoized(app: Flask, cache: Cache) -> None:
    calls: list[int] = []

    @cache.memoize(50)
    def has_membership(role_id: int) -> bool:
        calls.append(role_id)
        return role_id == 1

    with app.app_context():
        assert has_membership(1) is True
        assert has_membership(1) is True
        assert has_membership(2) is False
        assert calls == [1, 2]
        cache.delete_memoized(has_membership, 1)
        assert has_membership(1) is True
        assert calls == [1, 2, 1]


def test_cache_api_and_key_prefix(app: Flask, cache: Cache) -> None:
    counter = itertools.count(1)

    @cache.cached(timeout=50, key_prefix="all_comments")
    def get_all_comments() -> list[int]:
        return [next(counter)]

    with app.app_context():
        assert get_all_comments() == [1]
        assert get_all_comments() == [1]
        assert cache.get("all_comments") == [1]
        cache.delete("all_comments")
        assert get_all_comments() == [2]
        cache.set("answer", 42)
        assert cache.get("answer") == 42
        assert cache.get("missing") is None


def test_the_cache_template_tag(app: Flask, cache: Cache) -> None:
    counter = itertools.count(1)

    @app.route("/fragment")
    def fragment() -> str:
        return render_template_string(
            "{% cache 60, 'sidebar' %}sidebar {{ n() }}{% endcache %} page {{ n() }}",
            n=lambda: next(counter),
        )

    client = app.test_client()
    assert client.get("/fragment").text == "sidebar 1 page 2"
    assert client.get("/fragment").text == "sidebar 1 page 3"
