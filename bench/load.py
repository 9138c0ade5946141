"""A bounded HTTP load generator: threads, one connection per request, latency percentiles.

gunicorn's sync workers close the connection after every response, so each
request opens its own; ``wrk`` does the same against them.  Usage:
``python -m bench.load http://127.0.0.1:8000/hello [seconds] [threads]``.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile latency in ms (nearest rank)."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def one_request(address: tuple[str, int], payload: bytes) -> bool:
    """Send ``payload``, read the response to EOF; whether it was a 200."""
    with socket.create_connection(address, timeout=10) as conn:
        conn.sendall(payload)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks[:1]).startswith(b"HTTP/1.1 200")


def run(
    url: str, seconds: float = 5.0, threads: int = 4, max_requests: int = 1_000_000
) -> LoadResult:
    """GET ``url`` from ``threads`` threads until ``seconds`` pass or ``max_requests`` are sent."""
    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    payload = f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"sent": 0, "errors": 0}
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        mine: list[float] = []
        errors = 0
        while time.perf_counter() < deadline:
            with lock:
                if counts["sent"] >= max_requests:
                    break
                counts["sent"] += 1
            started = time.perf_counter()
            try:
                ok = one_request(address, payload)
            except OSError:
                ok = False
            mine.append((time.perf_counter() - started) * 1000)
            errors += not ok
        with lock:
            latencies.extend(mine)
            counts["errors"] += errors

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return LoadResult(len(latencies), counts["errors"], time.perf_counter() - started, latencies)


if __name__ == "__main__":
    args = sys.argv[1:]
    result = run(
        args[0], float(args[1]) if len(args) > 1 else 5.0, int(args[2]) if len(args) > 2 else 4
    )
    print(
        f"{result.requests} requests, {result.errors} errors, {result.rps:.0f} req/s,"
        f" p50 {result.percentile(50):.2f} ms, p99 {result.percentile(99):.2f} ms"
    )
