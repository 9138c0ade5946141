"""The sample Django site: settings, URLconf, WSGI/ASGI entry points and its Celery app."""

from __future__ import annotations

# Loaded with Django, so that @shared_task binds to this app (Django's documented layout).
from .celery import app as celery_app

__all__ = ("celery_app",)
