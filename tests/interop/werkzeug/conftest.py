"""Fixtures for the werkzeug-interop tests (``.venv-interop``, where werkzeug is installed).

The apps are flaskish's own, imported as ``flaskish``; the tests use werkzeug's
classes next to them the way Flask code does.
"""

from __future__ import annotations

import pytest

from flaskish import Flask
from flaskish.testing import FlaskClient


@pytest.fixture
def app() -> Flask:
    app = Flask("werkzeug_interop_app", root_path=__file__.rpartition("/")[0])
    app.config.update(TESTING=True, SECRET_KEY="test key")
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
