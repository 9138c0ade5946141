"""The blog's one table, the ``post`` table of the Flask tutorial as a Django model."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Post(models.Model):
    """A blog post, written by a Django user."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    created = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    # A client's key for one write (``POST /blog/api/posts``): sending it again,
    # after a lost answer, finds this post rather than writing a second one.
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title
