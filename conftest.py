"""Shared by every pytest run rooted here (tests/*, tests/interop/mounted); the sample
project's own run (rooted at sample_project/) has its copy of this guard."""

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
