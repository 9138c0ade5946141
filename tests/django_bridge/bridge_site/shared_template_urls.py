"""posts.index taken over by a Django view that renders the journal's own template."""

from __future__ import annotations

from django.urls import path

from django_bridge import mount, takeover

from . import journal, migrate_views
from .urls import home

urlpatterns = [
    path("", home, name="home"),
    path("django-messages/add", migrate_views.add_messages),
    path("token/", migrate_views.token_page),
    takeover("journal:posts.index", migrate_views.index_from_template),
    mount("journal/", journal.app),
]
