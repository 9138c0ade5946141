"""Routing tests need Django settings only for the pattern compilation tests."""

from __future__ import annotations

import pytest

from flaskish.embedded import ensure_django
from flaskish.routing import Map, MapAdapter, Rule

# The same embedded settings a standalone app would get, whichever test runs first.
ensure_django()


@pytest.fixture
def make_adapter():
    """Bind a fresh map of ``rules`` the way an app bound to example.com would."""

    def make(
        *rules: Rule, server_name: str = "example.com", bind: dict | None = None, **map_options
    ) -> MapAdapter:
        return Map(list(rules), **map_options).bind(server_name, **(bind or {}))

    return make
