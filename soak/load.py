"""A bounded load: a set number of requests over a mix of endpoints, from a few keep-alive clients.

Every answer is checked against what its endpoint must answer (status, and a
fragment of the body); a wrong answer, a connection error or a request not
sent before the deadline is a failure.  With ``retry_resets`` a request that
meets a dropped connection is sent once more on a new one (what a browser
does when a server process dies), and counted as retried.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bench.load import LoadResult

from .client import CONNECTION_ERRORS, REQUEST_TIMEOUT_S, Answer, Client

#: A client opens a new connection after this many requests, as browsers do,
#: which spreads connections over the workers (a respawned one included).
RECONNECT_EVERY = 50


@dataclass(frozen=True)
class Endpoint:
    """A kind of request in the mix, and the answer it must get."""

    name: str
    method: str
    path: str
    status: int
    marker: bytes = b""  # a fragment the body must contain
    form: Mapping[str, str] | None = None
    anonymous: bool = False  # sent without the visitor's cookies
    weight: int = 1
    upload: tuple[str, bytes] | None = None  # (content type, body) of a body made already

    def fault(self, answer: Answer) -> str | None:
        """What is wrong with ``answer`` for this endpoint, or ``None``."""
        if answer.status != self.status:
            return f"status {answer.status}, expected {self.status}"
        if self.marker not in answer.body:
            return f"body lacks {self.marker!r}"
        return None


@dataclass
class Tally(LoadResult):
    """What one load saw: :mod:`bench.load`'s figures, plus retries, who answered, and what failed."""

    requests: int = 0
    errors: int = 0  # failed requests: wrong answers, connection errors, requests never sent
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    retries: int = 0
    by_worker: Counter[int] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)  # "endpoint: what went wrong" -> count

    def record(
        self,
        endpoint: Endpoint,
        latency_ms: float,
        answer: Answer | None,
        fault: str | None,
        retried: bool,
    ) -> None:
        """Count one request: its latency, who answered it, and what was wrong, if anything."""
        self.requests += 1
        self.retries += retried
        self.latencies_ms.append(latency_ms)
        if answer is not None:
            self.by_worker[answer.worker] += 1
        if fault is not None:
            self.errors += 1
            self.faults[f"{endpoint.name} {endpoint.method} {endpoint.path}: {fault}"] += 1


class Load:
    """``total`` requests cycling through ``endpoints`` (by weight) from ``concurrency`` threads.

    :meth:`start` returns at once; :meth:`done` counts the requests finished so
    far, so a caller can act mid-load; :meth:`wait` returns the :class:`Tally`.
    """

    def __init__(
        self,
        port: int,
        endpoints: Sequence[Endpoint],
        total: int,
        *,
        cookies: dict[str, str],
        concurrency: int,
        deadline: float,
        retry_resets: bool = False,
        reconnect_every: int = RECONNECT_EVERY,
    ) -> None:
        self.port = port
        self.schedule = [endpoint for endpoint in endpoints for _ in range(endpoint.weight)]
        self.total = total
        self.cookies = cookies
        self.deadline = deadline  # time.monotonic() by which the last request must be sent
        self.retry_resets = retry_resets
        self.reconnect_every = reconnect_every
        self.tally = Tally()
        self._claimed = 0
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._visit, daemon=True) for _ in range(concurrency)
        ]
        self._started = 0.0

    def start(self) -> Load:
        self._started = time.monotonic()
        for thread in self._threads:
            thread.start()
        return self

    def done(self) -> int:
        """How many requests have finished (answered or failed)."""
        with self._lock:
            return self.tally.requests

    def answered_by(self) -> Counter[int]:
        """Requests answered so far, by worker pid."""
        with self._lock:
            return Counter(self.tally.by_worker)

    def wait_until(self, condition: Callable[[], bool]) -> None:
        """Block until ``condition()`` holds or the load is over."""
        while not condition() and any(thread.is_alive() for thread in self._threads):
            time.sleep(0.01)

    def wait(self) -> Tally:
        """Wait for the load to end (bounded by its deadline); its tally."""
        for thread in self._threads:
            thread.join(max(0.0, self.deadline - time.monotonic()) + 2 * REQUEST_TIMEOUT_S + 1)
        with self._lock:
            self.tally.seconds = time.monotonic() - self._started
            unsent = self.total - self.tally.requests
            if unsent > 0:
                self.tally.errors += unsent
                self.tally.faults["not sent before the phase's deadline"] += unsent
            return self.tally

    def _claim(self) -> Endpoint | None:
        """The next request to send, or ``None`` when the load is complete or out of time."""
        with self._lock:
            if self._claimed >= self.total or time.monotonic() >= self.deadline:
                return None
            endpoint = self.schedule[self._claimed % len(self.schedule)]
            self._claimed += 1
            return endpoint

    def _visit(self) -> None:
        client = Client(self.port, self.cookies)
        sent = 0
        while (endpoint := self._claim()) is not None:
            if sent and sent % self.reconnect_every == 0:
                client.close()
            sent += 1
            started = time.perf_counter()
            answer, fault, retried = self._send(client, endpoint)
            latency_ms = (time.perf_counter() - started) * 1000
            with self._lock:
                self.tally.record(endpoint, latency_ms, answer, fault, retried)
        client.close()

    def _send(self, client: Client, endpoint: Endpoint) -> tuple[Answer | None, str | None, bool]:
        """(answer, fault, retried): one request, sent again once on a dropped connection if allowed."""
        retried = False
        while True:
            try:
                answer = client.request(
                    endpoint.method,
                    endpoint.path,
                    dict(endpoint.form) if endpoint.form is not None else None,
                    anonymous=endpoint.anonymous,
                    upload=endpoint.upload,
                )
            except TimeoutError:
                return None, f"no answer within {REQUEST_TIMEOUT_S:.0f} s", retried
            except CONNECTION_ERRORS as exc:
                if self.retry_resets and not retried:
                    retried = True
                    continue
                return None, f"{type(exc).__name__}: {exc}", retried
            return answer, endpoint.fault(answer), retried
