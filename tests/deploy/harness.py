"""Real servers for the deployment checks: configs rendered from ``deploy/templates``, processes bounded in time.

Every server binds 127.0.0.1 on a free port, runs in the foreground in its own
process group with its pid, log and temp files in the test's directory, and is
stopped (SIGTERM, then SIGKILL) by the ``with`` block that started it.
"""

from __future__ import annotations

import contextlib
import getpass
import grp
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import typing as t
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
TEMPLATES = DEPLOY / "templates"
SAMPLE_PROJECT = ROOT / "sample_project"
#: Names the venv mod_wsgi's daemon processes run in (``python-home``): Debian's
#: mod_wsgi is built against Debian's python3, so ``make deploy-check`` makes the
#: venv from it, outside the clone, where the daemons' user can read it.
APACHE_VENV_VARIABLE = "FLASKISH_APACHE_VENV"
#: What a copy of an app's directory leaves out: caches, databases, tests.
_NOT_COPIED = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".pytest_cache", "db.sqlite3*", "tests"
)

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
POLL_S = 0.1
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def render(template: str, target: Path, **values: t.Any) -> Path:
    """Write ``deploy/templates/<template>`` to ``target`` with its ``{{name}}`` placeholders filled."""
    text = (TEMPLATES / template).read_text()
    missing = set(_PLACEHOLDER.findall(text)) - values.keys()
    if missing:
        raise KeyError(f"{template} needs values for {sorted(missing)}.")
    target.write_text(_PLACEHOLDER.sub(lambda match: str(values[match[1]]), text))
    return target


def free_port() -> int:
    """A port free on 127.0.0.1 now (servers that cannot bind port 0 get one of these)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require(executable: str) -> str:
    """The path of ``executable``; fails (never skips) when it is not installed."""
    found = shutil.which(executable) or shutil.which(executable, path="/usr/sbin:/sbin")
    if found is None:
        pytest.fail(
            f"{executable} is not installed. `make deploy-check` installs every server it runs "
            "(apt-get as root, pip into .venv-deploy); run it rather than pytest alone."
        )
    return found


def nginx_command(conf: Path) -> list[str]:
    """nginx in the foreground (``daemon off;`` in ``conf``), its files in ``conf``'s directory."""
    directory = conf.parent
    return [
        require("nginx"),
        "-p",
        str(directory),
        "-c",
        str(conf),
        "-e",
        str(directory / "error.log"),
    ]


def self_signed_certificate(directory: Path) -> None:
    """``cert.pem`` and ``key.pem`` in ``directory``: a certificate for 127.0.0.1, valid a day."""
    command = [require("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", "/CN=127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem"]
    done = subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"openssl could not make a certificate:\n{done.stderr}"


def venv_bin(name: str) -> str:
    """A console script of the venv running the tests (``.venv-deploy``)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {sys.prefix}; run `make deploy-check`.")
    return str(path)


def user_and_group() -> tuple[str, str]:
    """Who the servers' workers run as: www-data when the tests run as root, else the current user."""
    if os.geteuid() == 0:
        return "www-data", "www-data"
    return getpass.getuser(), grp.getgrgid(os.getegid()).gr_name


def apache_venv() -> Path:
    """The venv ``make deploy-check`` made for mod_wsgi (it passes the path in the environment)."""
    value = os.environ.get(APACHE_VENV_VARIABLE, "")
    venv = Path(value)
    if not value or not (venv / "bin" / "python").exists():
        pytest.fail(
            f"{APACHE_VENV_VARIABLE} ({value or 'unset'}) names no venv: `make deploy-check` "
            "makes mod_wsgi's venv and sets it (one recipe: DEPLOY_ARGS='-k mod_wsgi')."
        )
    return venv


def readable_by_others(path: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can reach and read ``path``."""
    for part in [path, *path.parents]:
        mode = part.stat().st_mode
        if not mode & stat.S_IXOTH or (part == path and not mode & stat.S_IROTH):
            return False
    return True


def open_to_all(directory: Path) -> None:
    """Let every user read ``directory`` and what it holds, whatever the umask made of them."""
    for path in [directory, *directory.rglob("*")]:
        if not path.is_symlink():
            mode = path.stat().st_mode | 0o444
            path.chmod(mode | 0o111 if path.is_dir() else mode)


def public_directory(prefix: str) -> Path:
    """A new directory any user can read: for servers whose workers drop root for www-data."""
    base = Path(tempfile.gettempdir())
    if not readable_by_others(base):
        base = Path("/tmp")
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    directory.chmod(0o755)
    return directory


def copied_into(kind: AppKind, directory: Path) -> AppKind:
    """``kind`` served from a copy of its directory in ``directory``, readable by all.

    A server whose workers run as another user (www-data) cannot count on
    reading the clone: it may be under a private directory such as /root.
    """
    copy = directory / kind.app_dir.name
    shutil.copytree(kind.app_dir, copy, ignore=_NOT_COPIED)
    open_to_all(copy)
    return replace(kind, app_dir=copy)


def give_to(user: str, *paths: Path) -> None:
    """Let ``user`` own ``paths`` (a daemon that dropped root must write the database)."""
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(user)
    for path in paths:
        os.chown(path, entry.pw_uid, entry.pw_gid)


@dataclass(frozen=True)
class AppKind:
    """What a recipe serves: the standalone sample app, or the sample Django site."""

    name: str
    app_dir: Path  # put on sys.path
    module: str
    app: str
    environment: Mapping[str, str] = field(default_factory=dict)

    @property
    def target(self) -> str:
        """``module:app``, as gunicorn and uWSGI name it."""
        return f"{self.module}:{self.app}"

    def values(self) -> dict[str, str]:
        """The placeholders the entry-file templates (``app.wsgi``, ``app.cgi``...) need."""
        return {
            "app_dir": str(self.app_dir),
            "module": self.module,
            "app": self.app,
            "environment": repr(dict(self.environment)),
            "python": sys.executable,
        }

    def env(self) -> dict[str, str]:
        """The environment of a server process started by the tests."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(self.environment)
        env["PYTHONPATH"] = str(self.app_dir)
        return env


@dataclass
class Process:
    """A started server process and the log it writes to."""

    name: str
    popen: subprocess.Popen[bytes]
    logs: Sequence[Path]

    def check_alive(self) -> None:
        if self.popen.poll() is not None:
            pytest.fail(
                f"{self.name} exited with status {self.popen.returncode}.\n{self.log_tail()}"
            )

    def log_tail(self, lines: int = 30) -> str:
        parts = []
        for log in self.logs:
            if log.exists():
                text = log.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {log.name} ---\n" + "\n".join(text))
        return "\n".join(parts)

    def stop(self) -> None:
        """SIGTERM the process group (the server and its workers), SIGKILL if it lingers."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=STOP_TIMEOUT_S)
        # Workers that outlived their master still hold the group: end them too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)


@contextlib.contextmanager
def running(
    name: str,
    command: Sequence[str],
    log: Path,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    extra_logs: Sequence[Path] = (),
) -> Iterator[Process]:
    """Run ``command`` in its own process group until the block ends."""
    with log.open("wb") as out:
        popen = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process = Process(name, popen, [log, *extra_logs])
    try:
        yield process
    finally:
        process.stop()


def wait_for_http(port: int, path: str, *processes: Process) -> None:
    """Until ``GET path`` gets an answer that is not a proxy's 502/503/504, within the start timeout."""
    deadline = time.monotonic() + START_TIMEOUT_S
    last = "no connection"
    while time.monotonic() < deadline:
        for process in processes:
            process.check_alive()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", path)
            status = conn.getresponse().status
            if status not in (502, 503, 504):
                return
            last = f"status {status}"
        except (OSError, http.client.HTTPException) as exc:
            last = repr(exc)
        finally:
            conn.close()
        time.sleep(POLL_S)
    logs = "\n".join(process.log_tail() for process in processes)
    pytest.fail(
        f"{', '.join(p.name for p in processes)} did not answer GET {path} on port {port} "
        f"within {START_TIMEOUT_S:.0f} s ({last}).\n{logs}"
    )


def wait_for_socket(address: tuple[str, int] | Path, *processes: Process) -> None:
    """Until ``address`` (a TCP address or a Unix socket's path) accepts connections."""
    deadline = time.monotonic() + START_TIMEOUT_S
    family = socket.AF_UNIX if isinstance(address, Path) else socket.AF_INET
    target = str(address) if isinstance(address, Path) else address
    while time.monotonic() < deadline:
        for process in processes:
            process.check_alive()
        with socket.socket(family) as sock:
            sock.settimeout(2)
            try:
                sock.connect(target)
                return
            except OSError:
                pass
        time.sleep(POLL_S)
    logs = "\n".join(process.log_tail() for process in processes)
    pytest.fail(f"Nothing listened on {address} within {START_TIMEOUT_S:.0f} s.\n{logs}")
