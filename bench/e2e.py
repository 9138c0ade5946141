"""End to end: a variant under gunicorn (2 sync workers on 127.0.0.1), or an ASGI
variant under uvicorn (1 worker), driven by a bounded load.

``wrk`` is used where it is installed (``apt-get install wrk``), else :mod:`bench.load`.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import typing as t
from dataclasses import dataclass

from . import load
from .apps.variants import ASGI_VARIANTS, VARIANTS
from .rss import children, cpu_s, rss_mib

WORKERS = 2
CONCURRENCY = 4
#: uvicorn: one worker (one event loop), its own asyncio loop and h11 parser (no
#: uvloop/httptools, so every variant pays the same pure-Python server).
ASGI_CONCURRENCY = 8
UVICORN = ["--workers", "1", "--loop", "asyncio", "--http", "h11", "--no-access-log"]
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


@dataclass
class ServeResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    worker_rss_mib: list[float]
    #: The server's CPU µs per request served during the load (0.0 where not measured).
    cpu_us: float = 0.0


def generator() -> str:
    """The load generator this run uses."""
    return "wrk" if shutil.which("wrk") else "bench.load (Python threads)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_and_load(variant: str, path: str, seconds: float, cwd: str) -> ServeResult:
    """Start gunicorn for ``variant``, load ``path`` for ``seconds``, stop it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
    ]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "bench.wsgi:application"]
    server = subprocess.Popen(command, cwd=cwd, env=VARIANTS[variant].environment())
    try:
        url = f"http://127.0.0.1:{port}{path}"
        _wait_until_serving(server, port, path)
        load.run(url, seconds=0.5, threads=CONCURRENCY)  # warm both workers
        rps, p50, p99, errors, _requests = _drive(url, seconds, CONCURRENCY)
        rss = [rss_mib(pid) for pid in children(server.pid)]
        return ServeResult(rps, p50, p99, errors, worker_rss_mib=rss)
    finally:
        _stop(server)


def serve_asgi_and_load(variant: str, path: str, seconds: float, cwd: str) -> ServeResult:
    """Start uvicorn (one worker) for ASGI ``variant``, load ``path`` for ``seconds``, stop it."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", *UVICORN, "--log-level", "warning"]
    command += ["--host", "127.0.0.1", "--port", str(port), "bench.asgi:application"]
    server = subprocess.Popen(command, cwd=cwd, env=ASGI_VARIANTS[variant].environment())
    try:
        url = f"http://127.0.0.1:{port}{path}"
        _wait_until_serving(server, port, path)
        load.run(url, seconds=0.5, threads=ASGI_CONCURRENCY)  # warm up
        before = cpu_s(server.pid)
        rps, p50, p99, errors, requests = _drive(url, seconds, ASGI_CONCURRENCY)
        used = cpu_s(server.pid) - before
        cpu_us = used / requests * 1e6 if requests else 0.0
        return ServeResult(rps, p50, p99, errors, [rss_mib(server.pid)], cpu_us)
    finally:
        _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_until_serving(server: subprocess.Popen[bytes], port: int, path: str) -> None:
    payload = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"The server exited with status {server.returncode} before serving.")
        try:
            if load.one_request(("127.0.0.1", port), payload):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"The server did not answer {path} within 30 s.")


def _drive(url: str, seconds: float, connections: int) -> tuple[float, float, float, int, int]:
    """(requests/s, p50 ms, p99 ms, errors, requests) from wrk, or from the Python generator."""
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return _parse_wrk(out)
    result = load.run(url, seconds=seconds, threads=connections)
    return (
        result.rps,
        result.percentile(50),
        result.percentile(99),
        result.errors,
        result.requests,
    )


def _parse_wrk(out: str) -> tuple[float, float, float, int, int]:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(match[1]) * _UNITS[match[2]] if match else 0.0

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    requests = re.search(r"^\s*(\d+) requests in", out, re.M)
    return (
        (float(rps[1]) if rps else 0.0),
        latency("50"),
        latency("99"),
        errors,
        int(requests[1]) if requests else 0,
    )


def describe(results: t.Mapping[str, ServeResult]) -> str:
    return ", ".join(f"{name} {r.rps:.0f} req/s" for name, r in results.items())
