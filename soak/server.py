"""The sample site on a throwaway database, under gunicorn or uvicorn: start it, watch its workers, stop it.

gunicorn's worker class is ``gthread`` (:data:`THREADS` threads a worker).  A
client that stops reading a streamed response blocks the thread writing to it
in ``sendall``; with ``sync`` workers that thread is the whole worker, so one
stalled reader takes half of a two-worker site away (and the arbiter kills the
worker after ``--timeout``), while under ``gthread`` the worker's other threads
keep answering and its heartbeat, sent from the main loop, keeps going.
``gthread`` also keeps connections alive between requests, as browsers expect.

uvicorn serves the site's ASGI application with :data:`WORKERS` worker
processes; its supervisor replaces a worker that dies.  Both servers get their
own ``TMPDIR`` (where uploads are spooled), so the soak can count what is left
there.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.rss import children

from .client import CONNECTION_ERRORS, Client
from .errors import SoakError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_project"
WORKERS = 2
WORKER_CLASS = "gthread"
THREADS = 4
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0
MANAGE_TIMEOUT_S = 120.0
_LISTENING = {
    "gunicorn": re.compile(rb"Listening at: http://127\.0\.0\.1:(\d+)"),
    "uvicorn": re.compile(rb"Uvicorn running on http://127\.0\.0\.1:(\d+)"),
}
SERVERS = tuple(_LISTENING)


def site_environment(database: Path) -> dict[str, str]:
    """The sample site's environment: production mode, on the throwaway SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="sample_site.settings",
        DJANGO_DB_PATH=str(database),
        DJANGO_DEBUG="0",
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    """Create the tables and the ``demo`` user the load logs in as, as ``make run`` does."""
    manage(env, "migrate", "--noinput")
    manage(env, "create_demo_user")


def manage(env: dict[str, str], *args: str) -> None:
    """Run a ``manage.py`` command of the sample site; :class:`SoakError` if it fails."""
    command = f"manage.py {' '.join(args)}"
    try:
        done = subprocess.run(
            [sys.executable, str(SAMPLE / "manage.py"), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=MANAGE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise SoakError(f"{command} did not finish within {MANAGE_TIMEOUT_S:.0f} s.") from None
    if done.returncode:
        raise SoakError(f"{command} failed with status {done.returncode}:\n{done.stderr[-3000:]}")


@dataclass
class Server:
    """A running server's master process, its log file, and the port it listens on."""

    process: subprocess.Popen[bytes]
    log_path: Path
    spool: Path  # the server's TMPDIR, where uploads are spooled
    kind: str = "gunicorn"
    port: int = 0

    def workers(self) -> list[int]:
        """The master's live worker processes, by pid (not multiprocessing's helpers)."""
        return [pid for pid in children(self.process.pid) if not _is_helper(pid)]

    def describe(self) -> str:
        if self.kind == "uvicorn":
            return f"uvicorn, {WORKERS} worker processes (the site's ASGI application)"
        return f"gunicorn, {WORKERS} {WORKER_CLASS} workers x {THREADS} threads"

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, to show why something failed."""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def wait_for_workers(
        self, replacing: int | None = None, timeout: float = START_TIMEOUT_S
    ) -> None:
        """Wait until :data:`WORKERS` workers run, none of them ``replacing`` (a killed one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            workers = self.workers()
            if len(workers) == WORKERS and replacing not in workers:
                return
            time.sleep(0.05)
        waited_for = "a replacement worker" if replacing else f"{WORKERS} workers"
        raise SoakError(f"{self.kind} did not start {waited_for} within {timeout:.0f} s.")

    def stop(self) -> None:
        """SIGTERM (a graceful stop), then SIGKILL to the whole process group if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def check_alive(self) -> None:
        """:class:`SoakError` if the master has exited."""
        if self.process.poll() is not None:
            raise SoakError(f"{self.kind} exited with status {self.process.returncode}.")


def _is_helper(pid: int) -> bool:
    """Whether ``pid`` is a helper process of multiprocessing (its resource tracker)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"resource_tracker" in cmdline.read()
    except OSError:
        return False


def _gunicorn_command(port: int = 0) -> list[str]:
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS)]
    command += ["--worker-class", WORKER_CLASS, "--threads", str(THREADS)]
    command += ["--bind", f"127.0.0.1:{port}", "--keep-alive", "10", "--graceful-timeout", "10"]
    command += ["--pythonpath", str(SAMPLE), "--log-level", "info", *_no_control_socket()]
    return [*command, "soak.wsgi:application"]


def _uvicorn_command(port: int = 0) -> list[str]:
    command = [sys.executable, "-m", "uvicorn", "--workers", str(WORKERS)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--timeout-keep-alive", "10"]
    command += ["--app-dir", str(ROOT), "--log-level", "info", "--no-access-log"]
    return [*command, "soak.asgi:application"]


@contextmanager
def serving(
    env: dict[str, str], tmp: Path, kind: str = "gunicorn", port: int = 0
) -> Iterator[Server]:
    """gunicorn or uvicorn on 127.0.0.1 (a free port), answering, and always stopped afterwards.

    Its log and its ``TMPDIR`` (an empty directory) are made in ``tmp``.  ``port`` 0 lets
    the kernel choose; a fixed one lets a restarted server take its predecessor's place.
    """
    command = _uvicorn_command(port) if kind == "uvicorn" else _gunicorn_command(port)
    spool, log_path = tmp / f"{kind}-tmp", tmp / f"{kind}.log"
    spool.mkdir()
    env = {**env, "TMPDIR": str(spool), "PYTHONPATH": os.pathsep.join([str(SAMPLE), str(ROOT)])}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process, log_path, spool, kind)
    try:
        server.port = _wait_until_listening(server)
        server.wait_for_workers()
        _wait_until_answering(server)
        yield server
    except SoakError as exc:
        raise SoakError(f"{exc}\n\nThe server's log ends with:\n{server.log_tail()}") from None
    finally:
        server.stop()


def _no_control_socket() -> list[str]:
    """gunicorn 25+ opens a control socket at one path per user; other servers may hold it."""
    from gunicorn import config

    return ["--no-control-socket"] if hasattr(config, "ControlSocket") else []


def _wait_until_listening(server: Server) -> int:
    """The port the server bound, read from its log (binding port 0 leaves no race for a port)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        server.check_alive()
        match = _LISTENING[server.kind].search(server.log_path.read_bytes())
        if match:
            return int(match[1])
        time.sleep(0.05)
    raise SoakError(f"{server.kind} did not start listening within {START_TIMEOUT_S:.0f} s.")


def _wait_until_answering(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        server.check_alive()
        client = Client(server.port)
        try:
            if client.request("GET", "/").status == 200:
                return
        except CONNECTION_ERRORS:
            pass
        finally:
            client.close()
        time.sleep(0.1)
    raise SoakError(f"The site did not answer GET / with a 200 within {START_TIMEOUT_S:.0f} s.")
