"""Background work for the blog, found by the site's Celery app (``autodiscover_tasks``).

``count_posts`` is a plain Django task; ``write_digest`` belongs to the mounted blog
and runs in its application context (``django_bridge.celery.flask_task``), started by
the blog's ``POST /blog/digest`` view.  ``word_count`` is the Celery-backed action
of the blog's API (``POST /blog/api/posts/<id>/words``) that ``make scale-check`` drives.
"""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError

from django_bridge.celery import flask_task
from flaskish import current_app, g

from .models import Post


@shared_task
def count_posts() -> int:
    """A Django task: no Flask app involved."""
    return Post.objects.count()


@flask_task("blog")
def write_digest(author_pk: int, key: str) -> int:
    """A post listing the author's posts, written once per ``key`` (a retried or
    repeated task finds it); the post's id."""
    g.author = get_user_model().objects.get(pk=author_pk)
    titles = list(Post.objects.filter(author=g.author).values_list("title", flat=True))
    post, _ = Post.objects.get_or_create(
        author=g.author,
        title=f"Digest {key}",
        defaults={"body": f"{len(titles)} posts on {current_app.name}: " + "; ".join(titles)},
    )
    return post.pk


@shared_task(autoretry_for=(InterfaceError, OperationalError), max_retries=3, retry_backoff=0.2)
def word_count(post_id: int) -> int:
    """The number of words in a post's body.

    A database connection lost under the worker (PostgreSQL restarted, its
    backends terminated) fails one attempt; the task is retried on a new one.
    """
    return len(Post.objects.values_list("body", flat=True).get(pk=post_id).split())
