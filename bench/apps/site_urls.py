"""The site's URLconf: ``BENCH_SITE`` picks native views or the mounted flaskish app.

``native`` / ``mounted``: the benchmark app; ``native-table`` / ``mounted-table``:
``BENCH_RULES`` parametrized rules for the route-table scaling run;
``native-async`` / ``mounted-async``: the ASGI section's ``async def`` views.  A native
site never imports flaskish, so its memory is Django's alone.
"""

from __future__ import annotations

import os
import typing as t

SITE = os.environ.get("BENCH_SITE", "native")
urlpatterns: list[t.Any]

if SITE == "native-async":
    from .asgi_apps import django_async_patterns

    urlpatterns = django_async_patterns()
elif SITE == "mounted-async":
    import flaskish
    from django_bridge import mount

    from .asgi_apps import create_flasklike_async

    urlpatterns = [mount("", create_flasklike_async(flaskish))]
elif SITE.startswith("native"):
    from . import django_views

    if SITE == "native":
        urlpatterns = django_views.urlpatterns
    else:
        urlpatterns = django_views.table_patterns(int(os.environ["BENCH_RULES"]))
elif SITE.startswith("mounted"):
    import flaskish
    from django_bridge import mount

    from . import flasklike

    if SITE == "mounted":
        urlpatterns = [mount("", flasklike.create_app(flaskish))]
    else:
        urlpatterns = [mount("", flasklike.create_table(flaskish, int(os.environ["BENCH_RULES"])))]
else:
    raise RuntimeError(f"Unknown BENCH_SITE {SITE!r}: use native, mounted, *-table or *-async.")
