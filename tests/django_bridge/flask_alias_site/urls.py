from __future__ import annotations

from django_bridge import mount

from . import plain_flask

urlpatterns = [mount("plain/", plain_flask.app)]
