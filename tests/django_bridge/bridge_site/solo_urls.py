"""A URLconf with a single mounted app, for commands that need no --app."""

from __future__ import annotations

from django_bridge import mount

from . import notes

urlpatterns = [mount("notes/", notes.app, namespace="notes")]
