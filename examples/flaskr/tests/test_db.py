"""The per-context connection and the ``init-db`` command."""

from __future__ import annotations

import sqlite3

import pytest
from flaskr.db import get_db, init_db_command


def test_get_db_is_shared_within_a_context_and_closed_after(app):
    with app.app_context():
        db = get_db()
        assert db is get_db()
        assert (
            db.execute("SELECT username FROM user ORDER BY id").fetchall()[0]["username"] == "alice"
        )

    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        db.execute("SELECT 1")


def test_created_is_read_back_as_a_datetime(app):
    with app.app_context():
        created = get_db().execute("SELECT created FROM post").fetchone()["created"]
    assert created.isoformat() == "2024-03-01T09:30:00"


def test_init_db_command(runner, app):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert result.output == "Database ready: tables created, no data.\n"
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT COUNT(*) FROM user").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM post").fetchone()[0] == 0


def test_init_db_command_object(runner):
    result = runner.invoke(init_db_command)
    assert result.exit_code == 0
    assert result.output == "Database ready: tables created, no data.\n"


def test_init_db_command_calls_init_db(runner, monkeypatch):
    calls = []
    monkeypatch.setattr("flaskr.db.init_db", lambda: calls.append(True))
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "Database ready" in result.output
    assert calls == [True]


def test_init_db_command_is_listed(runner):
    result = runner.invoke(args=["--help"])
    assert result.exit_code == 0
    assert "init-db" in result.output
    assert "Clear the existing data and create new tables." in result.output
