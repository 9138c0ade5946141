"""A slow client: it opens the blog's streamed export, reads a little, and stops reading.

The export is made several times larger than what the kernel can buffer
between the two ends (the client's small receive buffer plus the server's
send buffer, at most ``net.ipv4.tcp_wmem``'s 4 MiB by default), so the worker
thread streaming it really is blocked in ``sendall``.  The figures prove it:
the bytes the client had read, plus those queued in both sockets (read from
``/proc/net/tcp``), fall short of the whole stream.  Meanwhile timed ordinary
requests, each on a new connection so that both workers get some, must all be
answered promptly, some by the worker whose thread is stuck (its other threads
are free under ``gthread``; a ``sync`` worker would answer none).  Then the
client reads the rest and checks that the stream arrived whole.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from dataclasses import dataclass

from .client import REQUEST_TIMEOUT_S, WORKER_HEADER, cookie_header
from .errors import SoakError
from .load import Tally
from .report import Check, figures
from .site import Site, expect, write_post

STREAM_POSTS = 30
POST_BODY_BYTES = 400_000  # under Flask's MAX_FORM_MEMORY_SIZE (500,000)
RECEIVE_BUFFER = 16 * 1024
READ_BEFORE_STALL = 64 * 1024
REQUESTS_DURING_STALL = 50
STALL_CONCURRENCY = 4
PROMPT_S = 5.0  # generous: other engineers' jobs share the CPU
STALL_LIMIT_S = 60.0
SETTLE_TIMEOUT_S = 10.0


@dataclass
class Stall:
    """What happened while a streamed response sat unread."""

    tally: Tally  # the ordinary requests sent during the stall
    stream_worker: int
    stream_bytes: int  # the export's body, read in full after the stall
    stream_lines: int
    expected_lines: int
    read_before_stall: int
    queued: int  # bytes in the two sockets' kernel queues at the end of the stall

    @property
    def held_by_server(self) -> int:
        """Bytes of the stream still with the server's thread (not yet written) during the stall."""
        return self.stream_bytes - self.read_before_stall - self.queued

    def describe(self) -> str:
        mib = 1024 * 1024
        slowest_ms = max(self.tally.latencies_ms, default=0.0)
        return figures(
            [
                (
                    "stream",
                    f"{self.stream_bytes / mib:.1f} MiB of NDJSON from worker {self.stream_worker}",
                ),
                ("read, then stalled", f"{self.read_before_stall // 1024} KiB"),
                (
                    "queued in the kernel",
                    f"{self.queued / mib:.2f} MiB (server send + client receive)",
                ),
                (
                    "unwritten by the server",
                    f"{self.held_by_server / mib:.2f} MiB: its thread is blocked",
                ),
                (
                    "during the stall",
                    f"{self.tally.requests} requests in {self.tally.seconds:.2f} s, slowest"
                    f" {slowest_ms:.0f} ms; worker {self.stream_worker} answered"
                    f" {self.stream_worker_answered}",
                ),
                (
                    "after the stall",
                    f"read to the end: {self.stream_lines} of {self.expected_lines} posts",
                ),
            ]
        )

    @property
    def stream_worker_answered(self) -> int:
        """Requests answered during the stall by the worker whose thread the stall blocks."""
        return self.tally.by_worker[self.stream_worker]

    def checks(self) -> list[Check]:
        tally = self.tally
        slowest_s = max(tally.latencies_ms, default=0.0) / 1000
        return [
            Check(
                "slow client: the stalled stream held a server thread",
                self.held_by_server > 0,
                f"{self.held_by_server:,} bytes not yet written while stalled",
            ),
            Check(
                f"slow client: {REQUESTS_DURING_STALL} requests during the stall, each within {PROMPT_S:.0f} s",
                tally.requests == REQUESTS_DURING_STALL
                and tally.errors == 0
                and slowest_s < PROMPT_S,
                f"{tally.errors} failed, slowest {slowest_s:.2f} s",
            ),
            Check(
                "slow client: the stalled worker's other threads kept answering",
                self.stream_worker_answered > 0,
                f"worker {self.stream_worker} answered {self.stream_worker_answered} requests",
            ),
            Check(
                "slow client: the stream completed intact after the stall",
                self.stream_lines == self.expected_lines,
                f"{self.stream_lines} of {self.expected_lines} posts",
            ),
        ]


class _SmallWindowConnection(http.client.HTTPConnection):
    """A connection whose receive buffer is set small before connecting, as a slow link's would be."""

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def stall_a_stream(site: Site) -> Stall:
    """Stall the export mid-stream, time ordinary requests meanwhile, then finish reading it."""
    expected_lines = _grow_the_export(site)
    conn = _SmallWindowConnection("127.0.0.1", site.server.port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request("GET", "/blog/export.ndjson", headers={"Cookie": cookie_header(site.cookies)})
        ports = conn.sock.getsockname()[1], site.server.port  # the response may take the socket
        response = conn.getresponse()
        if response.status != 200:
            raise SoakError(f"The export to stall answered {response.status}, expected 200.")
        first = response.read(READ_BEFORE_STALL)
        _wait_until_settled(*ports)
        during = site.load(
            REQUESTS_DURING_STALL,
            seconds=STALL_LIMIT_S,
            listings=False,
            concurrency=STALL_CONCURRENCY,
            reconnect_every=1,  # new connections reach both workers
        )
        tally = during.start().wait()
        queued = _in_flight(*ports)
        body = first + response.read()
    finally:
        conn.close()
    worker = int(response.getheader(WORKER_HEADER, "0"))
    return Stall(tally, worker, len(body), _whole_posts(body), expected_lines, len(first), queued)


def _grow_the_export(site: Site) -> int:
    """Write :data:`STREAM_POSTS` large posts; how many posts the export then lists."""
    client = site.visitor()
    try:
        for n in range(STREAM_POSTS):
            write_post(client, f"Archive {n}", "soak " * (POST_BODY_BYTES // 5))
        export = expect(client.request("GET", "/blog/export.ndjson"), 200, "The export")
    finally:
        client.close()
    return len(export.body.splitlines())


def _whole_posts(export: bytes) -> int:
    """How many lines of the export are whole posts (JSON objects with an id)."""
    count = 0
    for line in export.splitlines():
        try:
            post = json.loads(line)
        except ValueError:
            continue
        count += isinstance(post, dict) and "id" in post
    return count


def _wait_until_settled(client_port: int, server_port: int) -> None:
    """Wait until the bytes in flight stop growing: the server's thread is blocked writing."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    previous, steady = -1, 0
    while time.monotonic() < deadline and steady < 5:
        queued = _in_flight(client_port, server_port)
        steady = steady + 1 if queued == previous else 0
        previous = queued
        time.sleep(0.1)


def _in_flight(client_port: int, server_port: int) -> int:
    """Bytes of the connection held by the kernel: the server's send queue and the client's receive queue."""
    server_send, _ = _queues(server_port, client_port)
    _, client_receive = _queues(client_port, server_port)
    return server_send + client_receive


def _queues(local_port: int, remote_port: int) -> tuple[int, int]:
    """(send queue, receive queue) in bytes of the IPv4 TCP socket ``local_port`` -> ``remote_port``."""
    with open("/proc/net/tcp") as sockets:
        next(sockets)  # the header
        for line in sockets:
            fields = line.split()
            local, remote = (int(address.rsplit(":", 1)[1], 16) for address in fields[1:3])
            if (local, remote) == (local_port, remote_port):
                send, receive = (int(size, 16) for size in fields[4].split(":"))
                return send, receive
    return 0, 0
