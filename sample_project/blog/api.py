"""A small JSON API the scale check drives through the load balancer (``make scale-check``).

- ``POST /api/posts``: write a post, idempotent by key.  The client picks a key
  per write (the ``idempotency_key`` form field or the ``Idempotency-Key``
  header) and sends it again when an answer is lost; the key is unique in the
  ``post`` table, so a repeat finds the first write instead of making a second.
- ``POST /api/posts/<id>/words``: a Celery-backed action; the word count is
  computed by a worker (``posts.tasks.word_count``), and this view waits for it.
- ``GET /api/limited``: :data:`RATE_LIMIT` requests per :data:`RATE_WINDOW_S` per
  user, counted in Django's cache (:mod:`blog.ratelimit`).

Every endpoint needs a login (401 otherwise); forms carry Django's CSRF token.
"""

from __future__ import annotations

import re
import typing as t

from celery.exceptions import TimeoutError as TaskTimeout
from kombu.exceptions import OperationalError as BrokerError

from django_bridge.auth import current_user
from flaskish import Blueprint, Response, abort, jsonify, request
from posts.models import Post
from posts.tasks import word_count

from .posts import get_post, post_data
from .ratelimit import limit

bp = Blueprint("api", __name__, url_prefix="/api")

KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: How long the view waits for the Celery worker's answer.
TASK_TIMEOUT_S = 5.0
RATE_LIMIT = 10
RATE_WINDOW_S = 60


def error(status: int, message: str, **headers: str) -> Response:
    """A JSON error answer."""
    response = jsonify(error=message)
    response.status_code = status
    response.headers.update(headers)
    return response


@bp.before_request
def require_login() -> Response | None:
    if not current_user.is_authenticated:
        return error(401, "Log in first (POST /blog/auth/login).")
    return None


def idempotency_key() -> str:
    """The write's key, from the form or the ``Idempotency-Key`` header; 400 if missing or bad."""
    key = request.form.get("idempotency_key") or request.headers.get("Idempotency-Key", "")
    if not KEY.fullmatch(key):
        abort(error(400, "Send an idempotency key of 1 to 64 letters, digits, '-' or '_'."))
    return key


@bp.post("/posts")
def create_post() -> tuple[dict[str, t.Any], int]:
    """Write a post once per key: 201 with the new post, 200 with the one the key wrote before."""
    key = idempotency_key()
    title = request.form.get("title", "").strip()
    if not title:
        abort(error(400, "Title is required."))
    post, created = Post.objects.select_related("author").get_or_create(
        idempotency_key=key,
        defaults={
            "author_id": current_user.pk,
            "title": title,
            "body": request.form.get("body", ""),
        },
    )
    if post.author_id != current_user.pk:
        abort(error(409, "This idempotency key was used by another user."))
    return post_data(post), 201 if created else 200


@bp.post("/posts/<int:id>/words")
def words(id: int) -> dict[str, t.Any] | Response:
    """The post's word count, computed by a Celery worker; 503 or 504 when none answers."""
    post = get_post(id, check_author=False)
    try:
        result = word_count.delay(post.pk)
    except BrokerError:
        return error(503, "The task queue is unavailable; try again.", **{"Retry-After": "1"})
    try:
        count = result.get(timeout=TASK_TIMEOUT_S, propagate=False)
    except TaskTimeout:
        return error(504, f"No worker answered within {TASK_TIMEOUT_S:.0f} s; try again.")
    if not result.successful():
        return error(503, "The task failed; try again.", **{"Retry-After": "1"})
    return {"id": post.pk, "words": count}


@bp.get("/limited")
@limit(RATE_LIMIT, RATE_WINDOW_S, scope="api.limited")
def limited() -> dict[str, t.Any]:
    """An endpoint under a per-user rate limit, shared by every process of the site."""
    return {"ok": True, "limit": RATE_LIMIT, "window_s": RATE_WINDOW_S}
