"""What the scale check holds the site to, beyond the load's own answers.

- A session made on one app server is valid on the other (and still is after the faults).
- The rate limit is global: spread over both servers and their four workers,
  exactly the limit gets through.
- Every write the site acknowledged is in PostgreSQL exactly once.
- No worker's memory grows after warm-up.
- nginx spread the load over both servers.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from bench.rss import rss_mib
from soak.client import Client
from soak.report import Check
from soak.site import DEMO, expect

from .load import TITLE_PREFIX, Ledger
from .topology import Topology

ME = b"<h1>demo</h1>"
#: The sample site's limit on ``GET /blog/api/limited`` (``blog.api.RATE_LIMIT``), per user.
RATE_LIMIT = 10
RATE_PATH = "/blog/api/limited"
#: Requests sent at the limited endpoint: three times the limit.
RATE_REQUESTS = 3 * RATE_LIMIT
#: A worker's resident memory may grow this much from warm-up to the end of the steady
#: load; the sample site's workers settle within the warm-up (see docs/scaling.md).
RSS_GROWTH_LIMIT = 0.10
RSS_INTERVAL_S = 0.5


def log_in(port: int) -> dict[str, str]:
    """Log in as ``demo`` on one server, directly; the cookies it set."""
    client = Client(port)
    try:
        expect(client.request("GET", "/blog/auth/login"), 200, "The login page")
        expect(client.request("POST", "/blog/auth/login", DEMO), 302, "Logging in as demo")
    finally:
        client.close()
    return client.cookies


def logged_in_on(port: int, cookies: dict[str, str]) -> bool:
    """Whether Django's ``/me/`` page on the server at ``port`` knows these cookies' login."""
    client = Client(port, cookies)
    try:
        answer = client.request("GET", "/me/")
    finally:
        client.close()
    return answer.status == 200 and ME in answer.body


@dataclass
class Sessions:
    """Logins made on each server directly, to be used on the other."""

    made_on: dict[str, dict[str, str]]  # server kind -> cookies of a login made there

    def check(self, top: Topology, when: str) -> Check:
        seen = []
        for kind, cookies in self.made_on.items():
            for other, port in top.ports.items():
                if other != kind:
                    seen.append((kind, other, logged_in_on(port, cookies)))
        detail = ", ".join(
            f"made on {a}, {'valid' if ok else 'NOT valid'} on {b}" for a, b, ok in seen
        )
        return Check(
            f"a session made on one server is valid on the other {when}",
            all(ok for _, _, ok in seen),
            detail,
        )


def sessions(top: Topology) -> Sessions:
    return Sessions({kind: log_in(port) for kind, port in top.ports.items()})


def rate_limit(top: Topology) -> Check:
    """:data:`RATE_REQUESTS` for one user, alternating between the servers on new
    connections (so over all four workers): exactly :data:`RATE_LIMIT` get through."""
    cookies = log_in(top.nginx_port)
    statuses: Counter[int] = Counter()
    workers: dict[int, str] = {}
    kinds = list(top.ports)
    announced = set()
    for i in range(RATE_REQUESTS):
        kind = kinds[i % len(kinds)]
        client = Client(top.ports[kind], cookies)
        try:
            answer = client.request("GET", RATE_PATH)
        finally:
            client.close()
        statuses[answer.status] += 1
        workers[answer.worker] = kind
        if answer.status == 200:
            announced.add(answer.body.split(b'"limit":', 1)[-1].split(b",", 1)[0].strip())
    by_kind = Counter(workers.values())
    spread = ", ".join(f"{count} {kind} workers" for kind, count in sorted(by_kind.items()))
    ok = (
        statuses == Counter({200: RATE_LIMIT, 429: RATE_REQUESTS - RATE_LIMIT})
        and announced == {str(RATE_LIMIT).encode()}
        and len(by_kind) == len(kinds)
    )
    detail = (
        f"{RATE_REQUESTS} requests over {spread}: {statuses[200]} answered 200,"
        f" {statuses[429]} answered 429 (limit {RATE_LIMIT})"
    )
    others = {status: n for status, n in statuses.items() if status not in (200, 429)}
    if others:
        detail += f", others: {others}"
    return Check("the rate limit is global", ok, detail)


@dataclass
class Writes:
    """What PostgreSQL holds of the load's writes, against what the site acknowledged."""

    acknowledged: int
    sent: int
    rows: int
    missing: list[str]  # acknowledged, but no row
    duplicated: dict[str, int]  # title -> rows, where more than one
    wrong_id: list[str]  # acknowledged with another post's id
    unacknowledged_rows: int  # written, but the client never got a 2xx for them
    repeats: int  # acknowledged with 200: an attempt whose answer was lost had written it
    resubmitted: int  # acknowledged writes submitted again on purpose

    def check(self) -> Check:
        ok = not (self.missing or self.duplicated or self.wrong_id) and self.acknowledged > 0
        detail = (
            f"{self.acknowledged:,} acknowledged of {self.sent:,} keys sent; {self.rows:,} rows;"
            f" {len(self.missing)} missing, {len(self.duplicated)} duplicated,"
            f" {len(self.wrong_id)} with another id; {self.unacknowledged_rows} written but"
            " never acknowledged"
        )
        if self.missing:
            detail += f"; missing e.g. {self.missing[:5]}"
        if self.duplicated:
            detail += f"; duplicated e.g. {list(self.duplicated.items())[:5]}"
        return Check("every acknowledged write is in PostgreSQL exactly once", ok, detail)


def writes(top: Topology, ledger: Ledger) -> Writes:
    """Read the load's posts from PostgreSQL by title (not by key: the title is what a
    write that ignored its key would have duplicated)."""
    out = top.services.postgres.psql(
        f"SELECT title, id FROM posts_post WHERE title LIKE '{TITLE_PREFIX}%'"
    )
    ids: dict[str, list[int]] = {}
    for line in out.splitlines():
        title, _, row_id = line.rpartition("|")
        ids.setdefault(title, []).append(int(row_id))
    with ledger.lock:
        acknowledged, sent = dict(ledger.acknowledged), set(ledger.sent)
        repeats, resubmitted = len(ledger.repeats), ledger.resubmitted
    missing, wrong = [], []
    for key, post_id in acknowledged.items():
        found = ids.get(f"{TITLE_PREFIX}{key}", [])
        if not found:
            missing.append(key)
        elif post_id not in found:
            wrong.append(key)
    return Writes(
        acknowledged=len(acknowledged),
        sent=len(sent),
        rows=sum(len(found) for found in ids.values()),
        missing=missing,
        duplicated={title: len(found) for title, found in ids.items() if len(found) > 1},
        wrong_id=wrong,
        unacknowledged_rows=sum(
            1 for title in ids if title.removeprefix(TITLE_PREFIX) not in acknowledged
        ),
        repeats=repeats,
        resubmitted=resubmitted,
    )


@dataclass
class Memory:
    """Each worker's resident memory: after warm-up, then every :data:`RSS_INTERVAL_S`."""

    kinds: dict[int, str]
    samples: dict[int, list[float]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> Memory:
        self._sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(RSS_INTERVAL_S):
            self._sample()

    def _sample(self) -> None:
        for pid in self.kinds:
            if (rss := rss_mib(pid)) > 0:
                self.samples.setdefault(pid, []).append(rss)

    def rows(self) -> list[tuple[str, ...]]:
        rows: list[tuple[str, ...]] = []
        for pid, samples in sorted(self.samples.items()):
            first, last, peak = samples[0], samples[-1], max(samples)
            halfway = samples[len(samples) // 2]
            rows.append(
                (
                    f"{self.kinds[pid]} {pid}",
                    f"{first:.1f}",
                    f"{halfway:.1f}",
                    f"{last:.1f}",
                    f"{peak:.1f}",
                    f"{(last - first) / first:+.1%}",
                )
            )
        return rows

    def check(self) -> Check:
        grown = {
            pid: (samples[-1] - samples[0]) / samples[0] for pid, samples in self.samples.items()
        }
        ok = len(grown) == len(self.kinds) and all(g <= RSS_GROWTH_LIMIT for g in grown.values())
        worst = max(grown.values(), default=0.0)
        return Check(
            f"no worker's memory grows after warm-up (at most {RSS_GROWTH_LIMIT:.0%})",
            ok,
            f"{len(grown)} workers sampled {sum(map(len, self.samples.values()))} times;"
            f" largest growth {worst:+.1%}",
        )


def round_robin(top: Topology) -> tuple[Check, Counter[str]]:
    """Requests nginx passed to each server, from its access log."""
    upstreams: Counter[str] = Counter()
    for line in (top.tmp / "nginx" / "access.log").read_text().splitlines():
        for upstream in line.split("|")[1].split(","):
            upstreams[upstream.strip()] += 1
    by_kind = Counter({kind: upstreams[f"127.0.0.1:{port}"] for kind, port in top.ports.items()})
    ok = all(count > 0 for count in by_kind.values())
    detail = ", ".join(f"{kind} {count:,}" for kind, count in by_kind.items())
    return Check("nginx spread the requests over both servers", ok, detail), upstreams
