"""Flask-Migrate on flaskish, through the ``flask`` command, as its documentation shows.

``flask db init``, ``flask db migrate`` and ``flask db upgrade`` on SQLite, run
by the opt-in ``flask`` command (``flaskish install-flask-command``), installed
into a temporary folder, never into the environment.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

APP = """\
import flask
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate

app = flask.Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"

db = SQLAlchemy(app)
migrate = Migrate(app, db)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(128))
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK")}
    env["PATH"] = f"{cwd / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["FLASK_APP"] = "app"
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_db_init_migrate_upgrade_through_the_flask_command(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    installed = _run(
        [
            sys.executable,
            "-c",
            "from flaskish.cli import main; main()",
            "install-flask-command",
            "--bin-dir",
            str(tmp_path / "bin"),
        ],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stderr

    init = _run(["flask", "db", "init"], tmp_path)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "migrations" / "env.py").is_file()

    migrate = _run(["flask", "db", "migrate", "-m", "users"], tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    (script,) = (tmp_path / "migrations" / "versions").glob("*_users.py")
    assert "op.create_table('user'" in script.read_text()

    upgrade = _run(["flask", "db", "upgrade"], tmp_path)
    assert upgrade.returncode == 0, upgrade.stderr
    database = tmp_path / "instance" / "app.db"
    with closing(sqlite3.connect(database)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        columns = [row[1] for row in connection.execute("PRAGMA table_info(user)")]
    assert {"user", "alembic_version"} <= tables
    assert columns == ["id", "name"]

    current = _run(["flask", "db", "current"], tmp_path)
    assert current.returncode == 0, current.stderr
    assert "(head)" in current.stdout
