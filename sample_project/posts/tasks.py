"""The ``posts`` app's Celery tasks, found by the site's Celery app (``autodiscover_tasks``)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .models import Post


@shared_task(autoretry_for=(InterfaceError, OperationalError), max_retries=3, retry_backoff=0.2)
def word_count(post_id: int) -> int:
    """The number of words in a post's body.

    A database connection lost under the worker (PostgreSQL restarted, its
    backends terminated) fails one attempt; the task is retried on a new one.
    """
    return len(Post.objects.values_list("body", flat=True).get(pk=post_id).split())
