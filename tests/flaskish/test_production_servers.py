"""The README's production recipes, run for real: gunicorn (WSGI) and uvicorn (ASGI).

Each test starts the server as a subprocess bound to 127.0.0.1 on a free port,
waits until it accepts connections, talks HTTP to it and stops its whole process
group, every step bounded in time.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import typing as t
import uuid
from pathlib import Path

import pytest

SERVERAPPS = Path(__file__).parent / "serverapps"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 15.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(args: list[str], port: int, log: Path) -> t.Iterator[int]:
    """Run ``python -m <args>`` in its own process group until the block ends."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SERVERAPPS), env.get("PYTHONPATH")]))
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=SERVERAPPS,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_listening(proc, port, log)
            yield port
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


@contextlib.contextmanager
def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> t.Iterator[http.client.HTTPResponse]:
    """One request on its own connection, closed when the block ends."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        yield conn.getresponse()
    finally:
        conn.close()


def get(port: int, path: str) -> bytes:
    with request(port, "GET", path) as rv:
        assert rv.status == 200
        return rv.read()


# -- what every recipe must serve ----------------------------------------------------------


def check_plain_get(port: int) -> None:
    with request(port, "GET", "/") as rv:
        assert rv.status == 200
        assert rv.getheader("Content-Type") == "application/json"
        assert json.loads(rv.read())["hello"] == "world"


def check_stream(port: int, path: str, tmp_path: Path) -> None:
    """The first line arrives while the generator still waits: the body is streamed."""
    release = tmp_path / f"release-{uuid.uuid4().hex}"
    with request(port, "GET", f"{path}?release={release}") as rv:
        assert rv.status == 200
        assert rv.getheader("Content-Length") is None
        assert rv.readline() == b"first\n"
        release.touch()
        assert rv.read() == b"second\nthird\n"


def check_upload(port: int) -> None:
    boundary = uuid.uuid4().hex
    content = os.urandom(200_000)
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="title"\r\n\r\nreport\r\n',
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="doc"; filename="data.bin"\r\n',
            b"Content-Type: application/octet-stream\r\n\r\n",
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    with request(port, "POST", "/upload", body=body, headers=headers) as rv:
        assert rv.status == 200
        assert json.loads(rv.read()) == {
            "name": "data.bin",
            "size": len(content),
            "title": "report",
        }


def check_cookie(port: int) -> None:
    """A cookie value outside latin-1 is sent (ASCII escapes) and read back."""
    with request(port, "GET", "/cookie") as rv:
        assert rv.status == 200
        line = rv.getheader("Set-Cookie")
        assert line == 'n="\\346\\227\\245\\346\\234\\254 \\303\\251"; Path=/'
    pair = line.partition(";")[0]
    with request(port, "GET", "/cookie", headers={"Cookie": pair}) as rv:
        assert rv.read().decode() == "日本 é"


# -- the recipes ---------------------------------------------------------------------------


def test_gunicorn_with_two_workers(tmp_path):
    port = free_port()
    args = ["gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "standalone:app"]
    with serving(args, port, tmp_path / "gunicorn.log"):
        check_plain_get(port)
        check_stream(port, "/stream", tmp_path)
        check_upload(port)
        check_cookie(port)
        assert get(port, "/async") == b"async hello"


@pytest.mark.parametrize(
    "target",
    [
        ["standalone:asgi_app"],
        ["standalone:app.asgi_app"],
        ["--factory", "standalone:create_asgi_app"],
    ],
    ids=["module-attribute", "app-attribute", "factory"],
)
def test_uvicorn(tmp_path, target):
    port = free_port()
    args = ["uvicorn", "--host", "127.0.0.1", "--port", str(port), *target]
    with serving(args, port, tmp_path / "uvicorn.log"):
        check_plain_get(port)
        check_stream(port, "/stream", tmp_path)
        check_stream(port, "/astream", tmp_path)
        check_upload(port)
        check_cookie(port)
        assert get(port, "/async") == b"async hello"
