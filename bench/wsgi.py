"""The WSGI entry point gunicorn serves: the variant named by ``BENCH_VARIANT``."""

from __future__ import annotations

import os

from .apps.variants import load

application = load(os.environ["BENCH_VARIANT"])
