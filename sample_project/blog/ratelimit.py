"""A per-user request limit kept in Django's cache, so it holds across processes.

With the cache on Redis (``REDIS_URL``) every worker of every app server counts
against one counter per user; with a per-process cache (locmem, the default
without Redis) each worker would count alone, and a user would get the limit
once per worker.  A window opens at a user's first request and lasts
``seconds``; past ``requests`` in it the answer is 429 with ``Retry-After``.
While the cache cannot be reached (Redis restarting) nothing can be counted: the
answer is 503 with ``Retry-After``, a refusal clients retry, never a 500.
"""

from __future__ import annotations

import functools
import logging
import typing as t

from django.core.cache import cache

from django_bridge.auth import current_user
from flaskish import jsonify

logger = logging.getLogger(__name__)

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: Seconds a client is asked to wait while the counters cannot be reached.
UNAVAILABLE_RETRY_S = 1


def hit(scope: str, who: object, seconds: int) -> int:
    """Count one request of *who* in *scope*; how many the current window holds now."""
    key = f"blog-ratelimit:{scope}:{who}"
    # incr is atomic in Redis; add only opens a window where none is open. A window
    # that expires between the two is opened again.
    for _ in range(2):
        cache.add(key, 0, timeout=seconds)
        try:
            return cache.incr(key)
        except ValueError:
            continue
    raise RuntimeError(f"The rate-limit counter {key!r} expired twice in a row.")


def limit(requests: int, seconds: int, scope: str) -> t.Callable[[F], F]:
    """Allow each logged-in user *requests* calls of the view per *seconds*."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def limited(*args: t.Any, **kwargs: t.Any) -> t.Any:
            try:
                count = hit(scope, current_user.pk, seconds)
            except Exception:  # whatever the cache backend raises when it is down
                logger.exception("The rate-limit counters cannot be reached.")
                return _refusal(503, "The rate limit cannot be checked now.", UNAVAILABLE_RETRY_S)
            if count > requests:
                return _refusal(429, f"At most {requests} requests in {seconds} s.", seconds)
            return view(*args, **kwargs)

        return t.cast(F, limited)

    return decorate


def _refusal(status: int, error: str, retry_after: int) -> t.Any:
    response = jsonify(error=error)
    response.status_code = status
    response.headers["Retry-After"] = str(retry_after)
    return response
