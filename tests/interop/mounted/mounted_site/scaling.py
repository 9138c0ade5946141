"""Flask-Caching and Flask-Limiter in mounted apps, their state where every process sees it.

Each factory call is one app instance, as each app server process has its own:
instances share what their extensions keep in Redis (``REDIS_URL``) or in the
Django cache (``django_bridge.caching.DjangoCache``), and nothing else.
"""

from __future__ import annotations

import itertools
import os
import typing as t
import uuid

from flaskish.compat import install_as_flask

install_as_flask()

from flask import Flask, request  # noqa: E402 - flask is flaskish from here on
from flask_caching import Cache  # noqa: E402
from flask_limiter import Limiter  # noqa: E402
from flask_limiter.util import get_remote_address  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL", "")


def create_cached_app(
    cache_type: str = "django_bridge.caching.DjangoCache", prefix: str = ""
) -> Flask:
    """An app whose ``/slow`` view is cached, and whose ``/values/<key>`` are the cache's."""
    app = Flask("mounted_cached")
    app.config.update(
        CACHE_TYPE=cache_type,
        CACHE_DJANGO_ALIAS="default",
        CACHE_REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        CACHE_DEFAULT_TIMEOUT=60,
    )
    cache = Cache(app)
    calls = itertools.count(1)
    instance = uuid.uuid4().hex

    @app.get("/slow")
    @cache.cached()
    def slow() -> dict[str, t.Any]:
        return {"call": next(calls), "instance": instance}

    @app.put("/values/<key>")
    def put_value(key: str) -> dict[str, bool]:
        timeout = request.args.get("timeout", type=int)
        return {"set": cache.set(key, request.get_json(), timeout=timeout)}

    @app.post("/values/<key>/add")
    def add_value(key: str) -> dict[str, bool]:
        return {"added": cache.add(key, request.get_json())}

    @app.get("/values/<key>")
    def get_value(key: str) -> dict[str, t.Any]:
        return {"value": cache.get(key), "has": cache.has(key)}

    @app.delete("/values/<key>")
    def delete_value(key: str) -> dict[str, bool]:
        return {"deleted": cache.delete(key)}

    @app.post("/counters/<key>")
    def count(key: str) -> dict[str, t.Any]:
        return {"count": cache.cache.inc(key, request.args.get("by", 1, type=int))}

    @app.post("/many")
    def many() -> dict[str, t.Any]:
        cache.set_many(request.get_json())
        return {"values": cache.get_many(*sorted(request.get_json()), "missing")}

    return app


def create_limited_app(key_prefix: str, storage_uri: str = REDIS_URL or "memory://") -> Flask:
    """An app whose ``/ping`` allows 3 requests a minute per client address."""
    app = Flask("mounted_limited")
    limiter = Limiter(get_remote_address, app=app, storage_uri=storage_uri, key_prefix=key_prefix)

    @app.get("/ping")
    @limiter.limit("3 per minute")
    def ping() -> str:
        return "pong"

    @app.get("/free")
    @limiter.exempt
    def free() -> str:
        return "free"

    return app


cached_app = create_cached_app()
limited_app = create_limited_app("mounted")
