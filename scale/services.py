"""PostgreSQL and Redis on 127.0.0.1, with their data in a temporary directory: start, use, stop.

Nothing relies on services a machine happens to run: ``make`` installs the Debian
packages (``deploy/install-system-packages``), and this module starts private
servers on free ports and removes every file they made when they stop.  Tests
and checks reach them through the environment, as a deployed site would:

``DATABASE_URL``
    ``postgres://flaskish@127.0.0.1:<port>/flaskish`` (trust authentication on
    loopback only; the database is created at start).
``REDIS_URL``
    ``redis://127.0.0.1:<port>/0``.

``python -m scale.services run -- <command...>`` starts both, runs the command with
those variables set, stops both and exits with the command's status; the Makefile's
PostgreSQL legs use it.  :func:`running` is the same for Python callers (``make
scale-check``), and :class:`Postgres` / :class:`Redis` expose ``restart`` and, for
PostgreSQL, ``terminate_backends`` for fault injection.

PostgreSQL refuses to run as root: as root, its processes run as the ``postgres``
user the Debian package creates, and the data directory is handed to that user.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0
DATABASE = "flaskish"
ROLE = "flaskish"


class ServiceError(RuntimeError):
    """A service could not be found, started or stopped; the message says which and why."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float, name: str) -> None:
    """Return once something accepts on 127.0.0.1:*port*; :class:`ServiceError` after *timeout*."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise ServiceError(f"{name} did not accept connections on 127.0.0.1:{port} in {timeout:.0f} s.")


def _postgres_bin(name: str) -> str:
    """The path of a PostgreSQL server program (Debian keeps them out of PATH)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if not candidates:
        raise ServiceError(f"PostgreSQL's {name} is not installed (make installs postgresql).")
    return candidates[0]


def _as_postgres_user() -> list[str]:
    """The prefix that runs a PostgreSQL program as a non-root user when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise ServiceError(
            "running as root, but there is no 'postgres' user to run PostgreSQL."
        ) from None
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class Postgres:
    """A private PostgreSQL cluster on a free loopback port, its data under *root*."""

    root: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.root / "pgdata"

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str, timeout: float = START_TIMEOUT_S) -> str:
        done = subprocess.run(
            [*_as_postgres_user(), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise ServiceError(
                f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}"
            )
        return done.stdout

    def init(self) -> None:
        """Create the cluster: trust on loopback only, socket in *root*, the role and database."""
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.data, "postgres")
        self._run(
            _postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\n"
            )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run(
            _postgres_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "postgres.log"),
            "-w",
            "-t",
            str(int(START_TIMEOUT_S)),
            "start",
        )
        wait_for_port(self.port, START_TIMEOUT_S, "PostgreSQL")

    def create_database(self) -> None:
        """The role the site connects as (allowed to create test databases) and its database."""
        self.psql(f"CREATE ROLE {ROLE} LOGIN CREATEDB SUPERUSER", database="postgres")
        self.psql(f"CREATE DATABASE {DATABASE} OWNER {ROLE}", database="postgres")

    def psql(self, sql: str, database: str = DATABASE) -> str:
        """Run *sql* as the superuser through psql; its unaligned, tuples-only output."""
        return self._run(
            _postgres_bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-At",
            "-c",
            sql,
        )

    def terminate_backends(self, database: str = DATABASE) -> int:
        """Kill every client connection to *database* (a fault); how many were terminated."""
        out = self.psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()",
            database="postgres",
        )
        return int(out.strip() or 0)

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are closed)."""
        if (self.data / "postmaster.pid").exists():
            self._run(
                _postgres_bin("pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "fast",
                "-w",
                "-t",
                str(int(STOP_TIMEOUT_S)),
                "stop",
                timeout=STOP_TIMEOUT_S + 5,
            )

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass
class Redis:
    """A private Redis server on a free loopback port, no persistence, its files under *root*."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start redis-server in the foreground of a child process and wait for it."""
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServiceError("redis-server is not installed (make installs redis-server).")
        self.root.mkdir(parents=True, exist_ok=True)
        log = (self.root / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.root),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_for_port(self.port, START_TIMEOUT_S, "Redis")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and reap it."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT_S)

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass
class Services:
    """PostgreSQL and Redis started together; :meth:`environ` is what a site reads."""

    root: Path
    postgres: Postgres
    redis: Redis

    def environ(self) -> dict[str, str]:
        return {"DATABASE_URL": self.postgres.url, "REDIS_URL": self.redis.url}


@contextlib.contextmanager
def running(root: Path | None = None) -> Iterator[Services]:
    """PostgreSQL and Redis running for the ``with`` block; stopped and their files removed after."""
    made = root is None
    base = Path(tempfile.mkdtemp(prefix="flaskish-services-")) if root is None else root
    base.chmod(0o755)
    services = Services(base, Postgres(base / "postgres"), Redis(base / "redis"))
    try:
        services.postgres.root.mkdir(parents=True, exist_ok=True)
        services.postgres.init()
        services.postgres.start()
        services.postgres.create_database()
        services.redis.start()
        yield services
    finally:
        errors: list[str] = []
        for stop in (services.redis.stop, services.postgres.stop):
            try:
                stop()
            except (ServiceError, subprocess.TimeoutExpired) as exc:
                errors.append(str(exc))
        if made:
            shutil.rmtree(base, ignore_errors=True)
        if errors:
            raise ServiceError("; ".join(errors))


def run(command: Sequence[str]) -> int:
    """Run *command* with the services up and their URLs in its environment; its exit status."""
    with running() as services:
        env = {**os.environ, **services.environ()}
        print(f"services: {services.postgres.url} {services.redis.url}", flush=True)
        return subprocess.call(list(command), env=env)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scale.services", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    runner = sub.add_parser(
        "run", help="start the services, run a command with their URLs, stop them"
    )
    runner.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command after --")
    return run(command)


if __name__ == "__main__":
    sys.exit(main())
