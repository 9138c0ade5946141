"""Apache with mod_wsgi in daemon mode: the ``.wsgi`` file, the app's virtual environment, touch-to-reload.

Debian's ``libapache2-mod-wsgi-py3`` is built against Debian's python3, so its
daemon processes run the app in a venv made from that Python (``python-home``).
mod_wsgi refuses to run the app as root: when the tests run as root the
daemons run as www-data, which may not read the clone (it may be under /root).
So nothing they read is in it: ``make deploy-check`` makes the venv outside
it, with flaskish installed as a copy, and each test copies the app next to
its ``.wsgi`` file in a directory every user can read, handed to www-data
with its database.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .checks import Target, Visitor, expect_status
from .conftest import KINDS, MakeKind, Verify
from .harness import (
    AppKind,
    apache_venv,
    copied_into,
    free_port,
    give_to,
    open_to_all,
    public_directory,
    readable_by_others,
    render,
    require,
    running,
    user_and_group,
    wait_for_http,
)

PREFIX = "/app"
#: The user Apache lets into /app/private (deploy/templates/apache-mod_wsgi.conf).
USER, PASSWORD = "ann", "s3cret"


@pytest.fixture
def venv() -> Path:
    """mod_wsgi's venv, which the daemons' user must be able to read."""
    venv = apache_venv()
    if os.geteuid() == 0 and not readable_by_others(venv / "bin" / "python"):
        pytest.fail(f"mod_wsgi runs the app as www-data, which cannot read {venv}.")
    return venv


@pytest.fixture
def apache_dir() -> Iterator[Path]:
    """A directory the daemon user can read (pytest's tmp_path is private to root)."""
    directory = public_directory("deploy-apache-")
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def served_kind(make_kind: MakeKind, name: str, directory: Path) -> AppKind:
    """The app kind ``name``, its files and database copied into ``directory`` for www-data."""
    kind = copied_into(make_kind(name, directory), directory)
    give_to(user_and_group()[0], directory, *directory.glob("db.sqlite3"))
    return kind


def entry_file(kind: AppKind, directory: Path) -> Path:
    """The ``.wsgi`` file, readable by the daemons whatever the umask."""
    script = render("app.wsgi", directory / "app.wsgi", **kind.values())
    open_to_all(script)
    return script


@contextlib.contextmanager
def apache(kind: AppKind, directory: Path, venv: Path) -> Iterator[Target]:
    """Apache serving ``kind`` under /app through mod_wsgi's daemon processes."""
    user, group = user_and_group()
    port = free_port()
    entry_file(kind, directory)
    conf = render(
        "apache-mod_wsgi.conf",
        directory / "httpd.conf",
        dir=directory,
        port=port,
        user=user,
        group=group,
        venv=venv,
    )
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
    (directory / "htpasswd").write_text(f"{USER}:{{SHA}}{digest}\n")
    open_to_all(directory / "htpasswd")
    command = [require("apache2"), "-f", str(conf), "-DFOREGROUND"]
    with running(
        "apache2", command, directory / "apache.log", extra_logs=[directory / "error.log"]
    ) as server:
        wait_for_http(port, f"{PREFIX}/", server)
        yield Target(port, prefix=PREFIX)


def express_command(express: Path, script: Path, port: int, server_root: Path) -> list[str]:
    """``mod_wsgi-express start-server``, as the Flask docs run it, on 127.0.0.1 under /app."""
    user, group = user_and_group()
    command = [str(express), "start-server", str(script)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--mount-point", PREFIX]
    command += ["--processes", "2", "--threads", "4", "--chunked-request"]
    command += ["--user", user, "--group", group, "--locale", "C.UTF-8"]
    return [*command, "--server-root", str(server_root), "--log-to-terminal"]


@pytest.mark.parametrize("kind_name", KINDS, ids=["standalone", "site"])
def test_mod_wsgi_express(
    kind_name: str, apache_dir: Path, venv: Path, make_kind: MakeKind, verify: Verify
) -> None:
    """The Flask docs' recipe: ``pip install mod_wsgi`` into the venv, ``mod_wsgi-express start-server``."""
    express = venv / "bin" / "mod_wsgi-express"
    if not express.exists():
        pytest.fail(f"{express} is missing: `make deploy-check` installs it.")
    kind = served_kind(make_kind, kind_name, apache_dir)
    script = entry_file(kind, apache_dir)
    port = free_port()
    command = express_command(express, script, port, apache_dir / "express")
    # The daemons change to the directory it starts in: one www-data can read.
    with running("mod_wsgi-express", command, apache_dir / "express.log", cwd=apache_dir) as server:
        wait_for_http(port, f"{PREFIX}/", server)
        verify("mod_wsgi-express", kind, Target(port, prefix=PREFIX), apache_dir)


@pytest.mark.parametrize("kind_name", KINDS, ids=["standalone", "site"])
def test_mod_wsgi_daemon_mode(
    kind_name: str, apache_dir: Path, venv: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = served_kind(make_kind, kind_name, apache_dir)
    with apache(kind, apache_dir, venv) as target:
        verify("apache + mod_wsgi", kind, target, apache_dir)


def test_mod_wsgi_virtualenv_remote_user_and_reload(
    apache_dir: Path, venv: Path, make_kind: MakeKind
) -> None:
    """The app runs in the venv, sees Apache's authenticated user, and reloads when its file is touched."""
    kind = served_kind(make_kind, "standalone", apache_dir)
    with apache(kind, apache_dir, venv) as target:
        visitor = Visitor(target)
        seen = expect_status(visitor.get("/environ"), 200, "GET /environ").json()
        assert seen["prefix"] == str(venv)
        # Nothing comes from the clone: flaskish is the venv's copy, the app the test's.
        assert Path(seen["flaskish"]).is_relative_to(venv)
        assert Path(seen["app_file"]).is_relative_to(apache_dir)
        assert seen["file_wrapper"] is True
        assert seen["remote_user"] is None

        assert visitor.get("/private/whoami").status == 401
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        answer = visitor.request(
            "GET", "/private/whoami", headers={"Authorization": f"Basic {token}"}
        )
        assert expect_status(answer, 200, "whoami").text() == USER

        assert started(visitor) < time.time()
        touched = time.time()
        script = apache_dir / "app.wsgi"
        os.utime(script, (touched + 2, touched + 2))
        # Each daemon process sees the new mtime at its next request and restarts
        # before answering it: no answer after the touch comes from an old process.
        assert started(visitor) > touched


def started(visitor: Visitor) -> float:
    """The oldest import time among the daemon processes that answered a few requests."""
    return min(visitor.get("/environ").json()["started"] for _ in range(8))
