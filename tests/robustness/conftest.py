"""Fixtures for the robustness suite: a fresh app in production mode (not TESTING, not debug).

Error pages must be what a visitor sees, so exceptions are not propagated to the test.
"""

from __future__ import annotations

import pytest

from flaskish import Flask


@pytest.fixture
def app() -> Flask:
    app = Flask("flaskish_robustness_app", root_path=__file__.rpartition("/")[0])
    app.config.update(SECRET_KEY="robustness secret key")
    return app


@pytest.fixture
def client(app: Flask):
    return app.test_client()
