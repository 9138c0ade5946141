"""The site's one Celery app, in Django's documented layout.

It reads every ``CELERY_*`` setting and finds ``tasks.py`` in each installed app, so
Django tasks and the mounted blog's tasks (bound to the blog with
:func:`django_bridge.celery.flask_task`) run in the same worker:
``celery -A sample_site worker``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sample_site.settings")

app = Celery("sample_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
