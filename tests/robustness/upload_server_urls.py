"""The URLconf of ``upload_server_site``: the upload app, mounted."""

from __future__ import annotations

from upload_server_app import app

from django_bridge import mount

urlpatterns = [mount("up/", app)]
