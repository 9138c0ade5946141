"""A URLconf moving the journal to Django: two endpoints taken over, one line each."""

from __future__ import annotations

from django.urls import path

from django_bridge import mount
from django_bridge.takeover import takeover

from . import journal, migrate_views
from .urls import home

urlpatterns = [
    path("", home, name="home"),
    path("django-messages/add", migrate_views.add_messages),
    path("django-messages/", migrate_views.list_messages),
    takeover("journal:posts.index", migrate_views.index),
    takeover("journal:posts.show", migrate_views.Show.as_view()),
    mount("journal/", journal.app),
]
