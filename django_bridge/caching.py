"""A Flask-Caching backend that stores in the Django site's cache.

A mounted app that uses Flask-Caching can keep its cache where the site keeps
Django's (Redis, Memcached, the database...), configured once in ``CACHES``::

    app.config["CACHE_TYPE"] = "django_bridge.caching.DjangoCache"
    app.config["CACHE_DJANGO_ALIAS"] = "default"      # a key of CACHES
    app.config["CACHE_KEY_PREFIX"] = "blog:"           # optional
    cache = Cache(app)

Timeouts keep Flask-Caching's meaning (``None``: the app's default, ``0``: never
expires), translated to Django's. ``cache.clear()`` clears the whole Django cache
of that alias, as Django's ``clear()`` does (on Redis, its database): give the app
an alias of its own if it must clear its cache. Flask-Caching is imported here only;
it is the app's dependency, not django_bridge's.
"""

from __future__ import annotations

import typing as t

from django.core.cache import caches
from flask_caching.backends.base import BaseCache

if t.TYPE_CHECKING:
    from django.core.cache.backends.base import BaseCache as DjangoBaseCache

__all__ = ["DjangoCache"]


class DjangoCache(BaseCache):  # type: ignore[misc]  # flask_caching ships no types
    """Flask-Caching's cache API on ``django.core.cache.caches[alias]``."""

    def __init__(
        self,
        alias: str = "default",
        key_prefix: str = "",
        default_timeout: int = 300,
        ignore_delete_many_errors: bool = False,
    ) -> None:
        super().__init__(default_timeout, ignore_delete_many_errors)
        self.alias = alias
        self.key_prefix = key_prefix

    @classmethod
    def factory(
        cls, app: t.Any, config: dict[str, t.Any], args: list[t.Any], kwargs: dict[str, t.Any]
    ) -> DjangoCache:
        """Flask-Caching's constructor hook: the alias and prefix from the app's config."""
        kwargs.setdefault("alias", config.get("CACHE_DJANGO_ALIAS", "default"))
        kwargs.setdefault("key_prefix", config.get("CACHE_KEY_PREFIX") or "")
        return cls(*args, **kwargs)

    @property
    def django_cache(self) -> DjangoBaseCache:
        """The Django cache of this thread or task (Django's handler keeps one per)."""
        return caches[self.alias]

    def _key(self, key: str) -> str:
        return f"{self.key_prefix}{key}"

    def _timeout(self, timeout: int | None) -> int | None:
        """Flask-Caching's timeout as Django's: 0 means forever (Django's None)."""
        seconds = self._normalize_timeout(timeout)
        return None if seconds == 0 else seconds

    def get(self, key: str) -> t.Any:
        return self.django_cache.get(self._key(key))

    def get_many(self, *keys: str) -> list[t.Any]:
        found = self.django_cache.get_many([self._key(key) for key in keys])
        return [found.get(self._key(key)) for key in keys]

    def set(self, key: str, value: t.Any, timeout: int | None = None) -> bool:
        self.django_cache.set(self._key(key), value, self._timeout(timeout))
        return True

    def add(self, key: str, value: t.Any, timeout: int | None = None) -> bool:
        return self.django_cache.add(self._key(key), value, self._timeout(timeout))

    def set_many(self, mapping: dict[str, t.Any], timeout: int | None = None) -> list[t.Any]:
        prefixed = {self._key(key): value for key, value in mapping.items()}
        failed = set(self.django_cache.set_many(prefixed, self._timeout(timeout)))
        return [key for key in mapping if self._key(key) not in failed]

    def delete(self, key: str) -> bool:
        return self.django_cache.delete(self._key(key))

    def delete_many(self, *keys: str) -> list[t.Any]:
        self.django_cache.delete_many([self._key(key) for key in keys])
        return list(keys)

    def has(self, key: str) -> bool:
        return self.django_cache.has_key(self._key(key))

    def clear(self) -> bool:
        self.django_cache.clear()
        return True

    def inc(self, key: str, delta: int = 1) -> int | None:
        """Add ``delta``; a missing key starts at 0, as in Flask-Caching's backends."""
        cache = self.django_cache
        try:
            return cache.incr(self._key(key), delta)
        except ValueError:
            if cache.add(self._key(key), delta, self._timeout(None)):
                return delta
            return cache.incr(self._key(key), delta)

    def dec(self, key: str, delta: int = 1) -> int | None:
        return self.inc(key, -delta)
