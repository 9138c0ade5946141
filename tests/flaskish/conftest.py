"""Fixtures shared by the flaskish tests: a fresh app, its client and contexts."""

from __future__ import annotations

import pytest

from flaskish import Flask


@pytest.fixture
def app() -> Flask:
    app = Flask("flaskish_test_app", root_path=__file__.rpartition("/")[0])
    app.config.update(TESTING=True, SECRET_KEY="test key")
    return app


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def app_ctx(app: Flask):
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def req_ctx(app: Flask):
    with app.test_request_context() as ctx:
        yield ctx
