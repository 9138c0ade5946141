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

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title
