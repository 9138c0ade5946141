"""A one-module journal app in the shape of the older Flaskr tutorial, running on flaskish.

Everything lives here: configuration as module globals, a sqlite3 connection kept on
``g.db`` for the length of an app context, four views, and an ``initdb`` command.

Run it with ``flaskish --app flaskr_legacy initdb`` and ``flaskish --app flaskr_legacy run``
from this directory.
"""

from __future__ import annotations

import os
import sqlite3

import click

from flaskish import (
    Flask,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

# Configuration: every UPPERCASE name below is picked up by ``from_object``.
DATABASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "journal.sqlite3")
DEBUG = False
SECRET_KEY = "change me: this key only suits a local demo"
USERNAME = "editor"
PASSWORD = "letmein"

app = Flask(__name__)
app.config.from_object(__name__)
# A deployment points this variable at a Python file that overrides the values above.
app.config.from_envvar("FLASKR_LEGACY_SETTINGS", silent=True)


def connect_db() -> sqlite3.Connection:
    """Open the configured database, returning rows that can be read by column name."""
    connection = sqlite3.connect(app.config["DATABASE"])
    connection.row_factory = sqlite3.Row
    return connection


def get_db() -> sqlite3.Connection:
    """The connection for the current app context, opened on first use."""
    if "db" not in g:
        g.db = connect_db()
    return g.db


@app.teardown_appcontext
def close_db(error: BaseException | None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def init_db() -> None:
    """Drop and recreate the tables from ``schema.sql``."""
    db = get_db()
    with app.open_resource("schema.sql", "r") as schema:
        db.executescript(schema.read())
    db.commit()


@app.cli.command("initdb")
def initdb_command() -> None:
    """Create empty tables, discarding any entries."""
    init_db()
    click.echo(f"Created a fresh journal in {app.config['DATABASE']}.")


@app.route("/")
def show_entries():
    rows = get_db().execute("SELECT title, body FROM entries ORDER BY id DESC").fetchall()
    return render_template("show_entries.html", entries=rows)


@app.route("/add", methods=["POST"])
def add_entry():
    if not session.get("logged_in"):
        abort(401)
    title = request.form["title"].strip()
    if not title:
        flash("An entry needs a title.", "error")
        return redirect(url_for("show_entries"))
    db = get_db()
    db.execute("INSERT INTO entries (title, body) VALUES (?, ?)", (title, request.form["body"]))
    db.commit()
    flash("Your entry is live.")
    return redirect(url_for("show_entries"))


@app.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        if request.form["username"] != app.config["USERNAME"]:
            error = "No such user."
        elif request.form["password"] != app.config["PASSWORD"]:
            error = "That password is not right."
        else:
            session["logged_in"] = True
            flash("Welcome back.")
            return redirect(url_for("show_entries"))
    return render_template("login.html", error=error)


@app.route("/logout")
def logout():
    session.pop("logged_in", None)
    flash("You are signed out.")
    return redirect(url_for("show_entries"))
