"""Fixtures for the legacy Flaskr example: the module's app on a throwaway database."""

from __future__ import annotations

import os
import sys
import tempfile

import pytest

# The app is a plain module next to this folder, not an installed package.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import flaskr_legacy  # noqa: E402


@pytest.fixture
def app():
    app = flaskr_legacy.app
    fd, path = tempfile.mkstemp(suffix=".sqlite3")
    saved = app.config.copy()
    app.config.update(TESTING=True, DATABASE=path)
    with app.app_context():
        flaskr_legacy.init_db()
    yield app
    # The app is module-global: give the next test the configuration it started with.
    app.config.clear()
    app.config.update(saved)
    os.close(fd)
    os.unlink(path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="editor", password="letmein"):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.get("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
