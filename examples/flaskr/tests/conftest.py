"""Fixtures for the flaskr example: a fresh app per test on a temporary database."""

from __future__ import annotations

import os
import sys
import tempfile

import pytest

# ``flaskr`` is the package next to this folder; a fresh clone has not installed it.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flaskr import create_app  # noqa: E402
from flaskr.db import get_db, init_db  # noqa: E402

with open(os.path.join(os.path.dirname(__file__), "data.sql"), encoding="utf8") as f:
    _data_sql = f.read()


@pytest.fixture
def app(tmp_path):
    db_fd, db_path = tempfile.mkstemp(suffix=".sqlite", dir=tmp_path)
    app = create_app({"TESTING": True, "DATABASE": db_path})
    with app.app_context():
        init_db()
        get_db().executescript(_data_sql)
    yield app
    os.close(db_fd)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="alice", password="alice-pw"):
        return self._client.post("/auth/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.get("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
