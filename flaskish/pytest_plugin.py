"""pytest plugin: with ``FLASKISH_AS_FLASK=1``, tests that ``import flask`` get flaskish.

Registered as a ``pytest11`` entry point, so it loads before any conftest or
test module imports ``flask``. Without the variable it does nothing, and does
not even import flaskish.
"""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Install flaskish as ``flask`` before the first conftest is imported."""
    if os.environ.get("FLASKISH_AS_FLASK"):
        from .compat import install_from_env

        install_from_env()
