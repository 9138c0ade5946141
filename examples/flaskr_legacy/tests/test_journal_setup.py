"""Configuration, the ``initdb`` command, and ``g.db``'s lifetime."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import flaskr_legacy
import pytest

from flaskish import appcontext_pushed, g


def test_config_from_module_globals(app):
    assert app.config["USERNAME"] == flaskr_legacy.USERNAME
    assert app.config["SECRET_KEY"] == flaskr_legacy.SECRET_KEY
    assert app.config["DEBUG"] is False
    assert app.debug is False


def test_config_from_envvar(app, tmp_path, monkeypatch):
    settings = tmp_path / "settings.py"
    settings.write_text("USERNAME = 'someone_else'\nlowercase = 'ignored'\n")
    monkeypatch.setenv("FLASKR_LEGACY_SETTINGS", str(settings))
    assert app.config.from_envvar("FLASKR_LEGACY_SETTINGS", silent=True) is True
    assert app.config["USERNAME"] == "someone_else"
    assert "lowercase" not in app.config


def test_config_from_missing_envvar_is_silent(app, monkeypatch):
    monkeypatch.delenv("FLASKR_LEGACY_SETTINGS", raising=False)
    assert app.config.from_envvar("FLASKR_LEGACY_SETTINGS", silent=True) is False


def test_initdb_command(runner, app):
    with sqlite3.connect(app.config["DATABASE"]) as db:
        db.execute("INSERT INTO entries (title, body) VALUES ('old', 'gone soon')")
    result = runner.invoke(args=["initdb"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Created a fresh journal in {app.config['DATABASE']}.\n"
    with sqlite3.connect(app.config["DATABASE"]) as db:
        assert db.execute("SELECT COUNT(*) FROM entries").fetchone() == (0,)


def test_initdb_is_listed_in_help(runner):
    result = runner.invoke(args=["--help"])
    assert result.exit_code == 0
    assert "initdb" in result.output
    assert "Create empty tables" in result.output


def test_db_is_shared_within_a_context_and_closed_after(app):
    with app.app_context():
        db = flaskr_legacy.get_db()
        assert flaskr_legacy.get_db() is db
        assert g.db is db
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        db.execute("SELECT 1")


def test_db_is_closed_after_a_request(app, client, monkeypatch):
    opened = []
    real_connect = flaskr_legacy.connect_db

    def recording_connect():
        opened.append(real_connect())
        return opened[-1]

    monkeypatch.setattr(flaskr_legacy, "connect_db", recording_connect)
    assert client.get("/").status_code == 200
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError):
        opened[0].execute("SELECT 1")


@contextmanager
def db_set(app, connection):
    """Hand every app context pushed inside the block ``connection`` as ``g.db``."""

    def handler(sender, **kwargs):
        g.db = connection

    with appcontext_pushed.connected_to(handler, app):
        yield


def test_fake_database_through_appcontext_pushed(app, client):
    fake = sqlite3.connect(":memory:")
    fake.row_factory = sqlite3.Row
    fake.executescript(
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, title TEXT, body TEXT);"
        "INSERT INTO entries (title, body) VALUES ('from memory', 'never on disk');"
    )
    with db_set(app, fake):
        response = client.get("/")
    assert "<h2>from memory</h2>never on disk" in response.text
    # The app's teardown closed the connection it found on g.
    with pytest.raises(sqlite3.ProgrammingError):
        fake.execute("SELECT 1")
    # Outside the block, the real (empty) database is back.
    assert "Nothing written yet." in client.get("/").text
