"""The sqlite3 connection for an app context, and the ``init-db`` command."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import click

from flaskish import Flask, current_app, g
from flaskish.cli import with_appcontext


def get_db() -> sqlite3.Connection:
    """The current context's connection, opened on first use and closed on teardown."""
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"], detect_types=sqlite3.PARSE_DECLTYPES)
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(e: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db() -> None:
    """Drop every table and create them again from ``schema.sql``."""
    db = get_db()
    with current_app.open_resource("schema.sql") as f:
        db.executescript(f.read().decode("utf8"))


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Clear the existing data and create new tables."""
    init_db()
    click.echo("Database ready: tables created, no data.")


# sqlite3's default datetime converter is deprecated since Python 3.12; register our own.
sqlite3.register_converter("timestamp", lambda value: datetime.fromisoformat(value.decode()))


def init_app(app: Flask) -> None:
    """Attach the database to ``app``: teardown and the CLI command."""
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
