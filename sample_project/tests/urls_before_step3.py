"""The site's URLconf without step 3: the blog's own Flask-style index serves /blog/."""

from __future__ import annotations

from django_bridge.takeover import TakeoverResolver
from sample_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [p for p in site_urlpatterns if not isinstance(p, TakeoverResolver)]
