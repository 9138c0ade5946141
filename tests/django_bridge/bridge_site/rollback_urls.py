"""migrate_urls with the takeover lines deleted: the journal is all Flask again."""

from __future__ import annotations

from django.urls import path

from django_bridge import mount

from . import journal
from .urls import home

urlpatterns = [
    path("", home, name="home"),
    mount("journal/", journal.app),
]
