"""The site's URLconf without step 3: the blog's own Flask-style index serves /blog/."""

from __future__ import annotations

import posts.views
from sample_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [p for p in site_urlpatterns if getattr(p, "callback", None) is not posts.views.index]
