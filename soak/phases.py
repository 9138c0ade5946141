"""The soak's load phases: warm-up, the long load with memory, descriptors and temp files watched,
and a worker killed mid-load."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass

from bench.rss import rss_mib

from .errors import SoakError
from .load import Tally
from .report import Check, figures, table
from .server import Server
from .site import Site, refused_upload

WARM_UP_REQUESTS = 1_000
#: Refused uploads in the warm-up: enough for every worker thread to have held a few,
#: so memory reaches its working size before the load measures its growth.
WARM_UP_UPLOADS = 40
LOAD_REQUESTS = 6_000
#: Sent alongside the load: forms the site refuses (413) once their file is on disk.
REFUSED_UPLOADS = 200
UPLOAD_CONCURRENCY = 2
KILL_REQUESTS = 1_500
KILL_AFTER = 300  # requests into the kill phase
#: Memory may grow this much over the load: the refused uploads' 3.6 MB bodies pass
#: through every worker thread, and allocators keep what the busiest moment needed
#: (observed: +15% to +26% from one run to the next, flat in the second half). A cap
#: against runaway growth; the leak check is the second half's.
RSS_GROWTH_LIMIT = 0.5
#: ... but not go on growing: a leak grows alike in both halves of the load.
RSS_SECOND_HALF_LIMIT = 0.05
RESPAWN_TIMEOUT_S = 30.0
#: How long descriptors and temp files must hold still to be read as settled.
SETTLE_S = 0.5
SETTLE_TIMEOUT_S = 10.0
# Upper bounds, on a busy 2-core machine; a phase that runs out of time fails.
WARM_UP_LIMIT_S = 40.0
LOAD_LIMIT_S = 80.0
KILL_LIMIT_S = 40.0


def worker_rss(server: Server) -> dict[int, float]:
    """Resident memory (MiB, from ``/proc``) of each worker."""
    return {pid: rss_mib(pid) for pid in server.workers()}


@dataclass(frozen=True)
class Resources:
    """What the workers hold open and what is left in the server's temp dir, once idle."""

    descriptors: dict[int, int]  # worker pid -> open descriptors (``/proc/<pid>/fd``)
    temp_files: int  # entries in the server's TMPDIR, where uploads are spooled


def open_descriptors(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1  # the process is gone


def resources(server: Server) -> Resources:
    """:class:`Resources` once they have held still for :data:`SETTLE_S` (connections the
    clients just closed take a moment to be closed by the server too)."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    current, still_since = None, time.monotonic()
    while time.monotonic() < deadline:
        reading = Resources(
            {pid: open_descriptors(pid) for pid in server.workers()},
            len(os.listdir(server.spool)),
        )
        if reading != current:
            current, still_since = reading, time.monotonic()
        elif time.monotonic() - still_since >= SETTLE_S:
            break
        time.sleep(0.05)
    assert current is not None
    return current


def warm_up(site: Site) -> Tally:
    """Every kind of request a few dozen times on both workers, refused uploads beside them:
    imports, caches, thread pools, memory."""
    uploads = site.load(
        WARM_UP_UPLOADS,
        seconds=WARM_UP_LIMIT_S,
        endpoints=[refused_upload()],
        concurrency=UPLOAD_CONCURRENCY,
    ).start()
    tally = site.load(WARM_UP_REQUESTS, seconds=WARM_UP_LIMIT_S).start().wait()
    refused = uploads.wait()
    tally.requests += refused.requests
    tally.errors += refused.errors
    tally.faults.update(refused.faults)
    return tally


@dataclass
class Soak:
    """The long load (refused uploads alongside), each worker's memory before, halfway
    through, and after it, and the descriptors and temp files before and after.

    The halfway reading is a figure, not a check: memory that settles grows
    less in the second half than in the first, while a leak grows alike in both.
    """

    tally: Tally
    uploads: Tally
    rss_before: dict[int, float]
    rss_halfway: dict[int, float]
    rss_after: dict[int, float]
    resources_before: Resources
    resources_after: Resources

    def resources_table(self) -> str:
        before, after = self.resources_before, self.resources_after
        rows = [
            (
                f"worker {pid} descriptors",
                count,
                after.descriptors.get(pid, "gone"),
                f"{after.descriptors.get(pid, count) - count:+d}",
            )
            for pid, count in before.descriptors.items()
        ]
        rows.append(
            (
                "files in the temp dir",
                before.temp_files,
                after.temp_files,
                f"{after.temp_files - before.temp_files:+d}",
            )
        )
        return table(("resources (idle)", "after warm-up", "after load", "growth"), rows)

    def growth(self, pid: int) -> float:
        before = self.rss_before[pid]
        return (self.rss_after.get(pid, 0.0) - before) / before if before else 0.0

    def second_half_growth(self, pid: int) -> float:
        halfway = self.rss_halfway.get(pid, 0.0)
        return (self.rss_after.get(pid, 0.0) - halfway) / halfway if halfway else 0.0

    def rss_table(self) -> str:
        rows = [
            (
                f"worker {pid}",
                f"{before:.1f}",
                f"{self.rss_halfway.get(pid, 0.0):.1f}",
                f"{self.rss_after.get(pid, 0.0):.1f}",
                f"{self.growth(pid):+.1%}",
            )
            for pid, before in self.rss_before.items()
        ]
        return table(("RSS (MiB)", "after warm-up", "halfway", "after load", "growth"), rows)

    def checks(self) -> list[Check]:
        tally = self.tally
        checks = [
            Check(
                f"load of at least {LOAD_REQUESTS:,} requests, none failed",
                tally.requests >= LOAD_REQUESTS and tally.errors == 0,
                f"{tally.requests:,} requests, {tally.errors} failed",
            ),
            Check(
                f"{REFUSED_UPLOADS} uploads refused (413) alongside the load",
                self.uploads.requests == REFUSED_UPLOADS and self.uploads.errors == 0,
                f"{self.uploads.requests} sent, {self.uploads.errors} not answered 413",
            ),
            Check(
                "no file left in the temp dir (after warm-up and after the load)",
                self.resources_before.temp_files == 0 and self.resources_after.temp_files == 0,
                f"{self.resources_before.temp_files} and {self.resources_after.temp_files}",
            ),
            Check(
                "the same two workers served the whole load",
                sorted(self.rss_before) == sorted(self.rss_after) and len(self.rss_before) == 2,
                f"before {sorted(self.rss_before)}, after {sorted(self.rss_after)}",
            ),
        ]
        for pid in self.rss_before:
            checks.append(
                Check(
                    f"worker {pid} memory flat (RSS growth under {RSS_GROWTH_LIMIT:.0%},"
                    f" under {RSS_SECOND_HALF_LIMIT:.0%} in the load's second half)",
                    pid in self.rss_after
                    and self.growth(pid) < RSS_GROWTH_LIMIT
                    and self.second_half_growth(pid) < RSS_SECOND_HALF_LIMIT,
                    f"{self.growth(pid):+.1%}, second half {self.second_half_growth(pid):+.1%}",
                )
            )
            before = self.resources_before.descriptors[pid]
            after = self.resources_after.descriptors.get(pid, -1)
            checks.append(
                Check(
                    f"worker {pid} descriptors flat (no growth after warm-up)",
                    0 <= after <= before,
                    f"{before} -> {after}",
                )
            )
        return checks


def soak(site: Site) -> Soak:
    """The load of :data:`LOAD_REQUESTS` and :data:`REFUSED_UPLOADS` beside it, with each
    worker's RSS read along the way and its resources before and after."""
    resources_before = resources(site.server)
    before = worker_rss(site.server)
    uploads = site.load(
        REFUSED_UPLOADS,
        seconds=LOAD_LIMIT_S,
        endpoints=[refused_upload()],
        concurrency=UPLOAD_CONCURRENCY,
    ).start()
    load = site.load(LOAD_REQUESTS, seconds=LOAD_LIMIT_S).start()
    load.wait_until(lambda: load.done() >= LOAD_REQUESTS // 2)
    halfway = worker_rss(site.server)
    tally, refused = load.wait(), uploads.wait()
    after = worker_rss(site.server)
    return Soak(tally, refused, before, halfway, after, resources_before, resources(site.server))


@dataclass
class Kill:
    """A worker SIGKILLed mid-load: who kept serving, and how soon a replacement served."""

    tally: Tally
    killed: int
    survivor: int
    replacement: int
    forked_s: float  # from the kill until the master had forked the replacement
    serving_s: float  # from the kill until the replacement answered its first request
    survivor_alone: int  # requests the survivor answered in between

    def describe(self) -> str:
        replacement_answered = self.tally.by_worker[self.replacement]
        return figures(
            [
                (
                    "killed",
                    f"worker {self.killed}, SIGKILL after {KILL_AFTER} requests of the phase",
                ),
                (
                    "survivor",
                    f"worker {self.survivor}, answered {self.survivor_alone} requests alone",
                ),
                (
                    "replacement",
                    f"worker {self.replacement}, forked {self.forked_s:.2f} s and answering"
                    f" {self.serving_s:.2f} s after the kill; {replacement_answered} requests",
                ),
                (
                    "retried once",
                    f"{self.tally.retries} requests (the killed worker's connections)",
                ),
            ]
        )

    def checks(self) -> list[Check]:
        tally = self.tally
        replacement_answered = tally.by_worker[self.replacement]
        return [
            Check(
                "worker kill: no request failed (each retried at most once)",
                tally.requests == KILL_REQUESTS and tally.errors == 0,
                f"{tally.requests:,} requests, {tally.errors} failed, {tally.retries} retried",
            ),
            Check(
                "worker kill: the other worker kept serving",
                self.survivor_alone > 0,
                f"{self.survivor_alone} requests until the replacement served",
            ),
            Check(
                "worker kill: the master respawned a worker that serves",
                replacement_answered > 0,
                f"worker {self.replacement} answered {replacement_answered} requests",
            ),
        ]


def kill_a_worker(site: Site) -> Kill:
    """Load the site, SIGKILL its busiest worker partway, and load on through the respawn."""
    load = site.load(KILL_REQUESTS, seconds=KILL_LIMIT_S, retry_resets=True).start()
    load.wait_until(lambda: load.done() >= KILL_AFTER)
    answered = load.answered_by()
    workers = sorted(site.server.workers(), key=lambda pid: -answered[pid])
    if len(workers) != 2:
        raise SoakError(f"Expected 2 workers before the kill, found {workers}.")
    victim, survivor = workers
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    site.server.wait_for_workers(replacing=victim, timeout=RESPAWN_TIMEOUT_S)
    forked_s = time.monotonic() - killed_at
    replacement = max(set(site.server.workers()) - {survivor})
    load.wait_until(lambda: load.answered_by()[replacement] > 0)
    serving_s = time.monotonic() - killed_at
    survivor_alone = load.answered_by()[survivor] - answered[survivor]
    return Kill(load.wait(), victim, survivor, replacement, forked_s, serving_s, survivor_alone)
