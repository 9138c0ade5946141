"""The ASGI entry point uvicorn serves: the variant named by ``BENCH_VARIANT``."""

from __future__ import annotations

import os

from .apps.variants import load_asgi

application = load_asgi(os.environ["BENCH_VARIANT"])
