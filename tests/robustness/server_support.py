"""Real servers for the robustness suite: started on 127.0.0.1, bounded in time, always stopped.

A server runs as ``python -m <args>`` in its own process group, from this
directory; :func:`serving` yields its process once its port accepts
connections and stops the whole group (server and workers) when the block ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import typing as t
from pathlib import Path

import pytest

HERE = Path(__file__).parent
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(
    args: list[str], port: int, log: Path, env: dict[str, str] | None = None
) -> t.Iterator[subprocess.Popen[bytes]]:
    """Run ``python -m <args>`` (``env`` added to a copy of ours, without
    ``DJANGO_SETTINGS_MODULE`` unless given) until the block ends."""
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full_env.update(env or {})
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=HERE,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_listening(proc, port, log)
            yield proc
        finally:
            stop(proc)


def wait_until_listening(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"The server exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"The server did not listen within {START_TIMEOUT}s:\n{log.read_text()}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (the server and its workers), then SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT)


def children_of(pid: int) -> list[int]:
    """The child processes of ``pid`` (a pre-fork server's workers), waiting for the first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if children:
            return [int(child) for child in children]
        time.sleep(0.05)
    pytest.fail(f"The server (pid {pid}) started no worker.")


def open_descriptors(pid: int) -> int:
    """How many descriptors process ``pid`` holds open."""
    return len(os.listdir(f"/proc/{pid}/fd"))
