"""Apache with mod_wsgi in daemon mode: the ``.wsgi`` file, the app's virtual environment, touch-to-reload.

Debian's ``libapache2-mod-wsgi-py3`` is built against Debian's python3, so its
daemon processes run the app in ``.venv-deploy-apache``, a venv made from that
Python (``python-home``).  mod_wsgi refuses to run the app as root: when the
tests run as root the daemons run as www-data, so the files they read (the
repository, the venv) must be readable by others, and the test's directory and
database are handed to www-data.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .checks import Target, Visitor, expect_status
from .conftest import KINDS, MakeKind, Verify
from .harness import (
    APACHE_VENV,
    ROOT,
    AppKind,
    free_port,
    give_to,
    render,
    require,
    running,
    user_and_group,
    wait_for_http,
)

PREFIX = "/app"
#: The user Apache lets into /app/private (deploy/templates/apache-mod_wsgi.conf).
USER, PASSWORD = "ann", "s3cret"


def readable_by_others(path: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can reach ``path``."""
    for part in [path, *path.parents]:
        mode = part.stat().st_mode
        if not mode & stat.S_IXOTH or (part == path and not mode & stat.S_IROTH):
            return False
    return True


@pytest.fixture
def apache_dir() -> Iterator[Path]:
    """A directory the daemon user can read (pytest's tmp_path is private to root)."""
    if not (APACHE_VENV / "bin" / "python").exists():
        pytest.fail(f"{APACHE_VENV} is missing: `make deploy-check` makes it.")
    for needed in (ROOT, APACHE_VENV):
        if os.geteuid() == 0 and not readable_by_others(needed):
            pytest.fail(
                f"mod_wsgi runs the app as www-data, which cannot read {needed}: "
                "put the repository where others can read it."
            )
    directory = Path(tempfile.mkdtemp(prefix="deploy-apache-"))
    directory.chmod(0o755)
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def apache(kind: AppKind, directory: Path) -> Iterator[Target]:
    """Apache serving ``kind`` under /app through mod_wsgi's daemon processes."""
    user, group = user_and_group()
    port = free_port()
    render("app.wsgi", directory / "app.wsgi", **kind.values())
    conf = render(
        "apache-mod_wsgi.conf",
        directory / "httpd.conf",
        dir=directory,
        port=port,
        user=user,
        group=group,
        venv=APACHE_VENV,
    )
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
    (directory / "htpasswd").write_text(f"{USER}:{{SHA}}{digest}\n")
    give_to(user, directory, *directory.glob("db.sqlite3"))
    command = [require("apache2"), "-f", str(conf), "-DFOREGROUND"]
    with running(
        "apache2", command, directory / "apache.log", extra_logs=[directory / "error.log"]
    ) as server:
        wait_for_http(port, f"{PREFIX}/", server)
        yield Target(port, prefix=PREFIX)


def express_command(script: Path, port: int, server_root: Path) -> list[str]:
    """``mod_wsgi-express start-server``, as the Flask docs run it, on 127.0.0.1 under /app."""
    user, group = user_and_group()
    command = [str(APACHE_VENV / "bin" / "mod_wsgi-express"), "start-server", str(script)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--mount-point", PREFIX]
    command += ["--processes", "2", "--threads", "4", "--chunked-request"]
    command += ["--user", user, "--group", group, "--locale", "C.UTF-8"]
    return [*command, "--server-root", str(server_root), "--log-to-terminal"]


@pytest.mark.parametrize("kind_name", KINDS, ids=["standalone", "site"])
def test_mod_wsgi_express(
    kind_name: str, apache_dir: Path, make_kind: MakeKind, verify: Verify
) -> None:
    """The Flask docs' recipe: ``pip install mod_wsgi`` into the venv, ``mod_wsgi-express start-server``."""
    express = APACHE_VENV / "bin" / "mod_wsgi-express"
    if not express.exists():
        pytest.fail(f"{express} is missing: `make deploy-check` installs it.")
    kind = make_kind(kind_name, apache_dir)
    give_to(user_and_group()[0], apache_dir, *apache_dir.glob("db.sqlite3"))
    script = render("app.wsgi", apache_dir / "app.wsgi", **kind.values())
    port = free_port()
    command = express_command(script, port, apache_dir / "express")
    with running("mod_wsgi-express", command, apache_dir / "express.log") as server:
        wait_for_http(port, f"{PREFIX}/", server)
        verify("mod_wsgi-express", kind, Target(port, prefix=PREFIX), apache_dir)


@pytest.mark.parametrize("kind_name", KINDS, ids=["standalone", "site"])
def test_mod_wsgi_daemon_mode(
    kind_name: str, apache_dir: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, apache_dir)
    with apache(kind, apache_dir) as target:
        verify("apache + mod_wsgi", kind, target, apache_dir)


def test_mod_wsgi_virtualenv_remote_user_and_reload(apache_dir: Path, make_kind: MakeKind) -> None:
    """The app runs in the venv, sees Apache's authenticated user, and reloads when its file is touched."""
    kind = make_kind("standalone", apache_dir)
    with apache(kind, apache_dir) as target:
        visitor = Visitor(target)
        seen = expect_status(visitor.get("/environ"), 200, "GET /environ").json()
        assert seen["prefix"] == str(APACHE_VENV)
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
