"""Flask extensions in apps mounted in a Django site (``make interop`` runs this
folder on its own, with ``--ds=mounted_site.settings``: Django settings are
process-wide, and the other interop tests run standalone apps)."""

from __future__ import annotations

import os

import pytest


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A `services` test fails without its servers: it is deselected, never skipped."""
    if item.get_closest_marker("services") and not (
        os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")
    ):
        pytest.fail(
            "This test needs PostgreSQL and Redis: run it with `make pytest-services`, or"
            ' deselect it with -m "not services".',
            pytrace=False,
        )
