"""A model for flaskish views that use the Django ORM."""

from __future__ import annotations

from django.db import models


class Note(models.Model):
    text = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.text
