"""The app the cold-start section's ``routes`` command loads: 100 parametrized rules on the
framework ``BENCH_FRAMEWORK`` names (``flask`` or ``flaskish``)."""

from __future__ import annotations

import importlib
import os

from . import flasklike

RULES = 100

app = flasklike.create_table(importlib.import_module(os.environ["BENCH_FRAMEWORK"]), RULES)
