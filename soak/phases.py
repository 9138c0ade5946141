"""The soak's load phases: warm-up, the long load with memory watched, and a worker killed mid-load."""

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
from .site import Site

WARM_UP_REQUESTS = 1_000
LOAD_REQUESTS = 20_000
KILL_REQUESTS = 3_000
KILL_AFTER = 600  # requests into the kill phase
RSS_GROWTH_LIMIT = 0.10
RESPAWN_TIMEOUT_S = 30.0
# Upper bounds, on a busy 2-core machine; a phase that runs out of time fails.
WARM_UP_LIMIT_S = 60.0
LOAD_LIMIT_S = 170.0
KILL_LIMIT_S = 60.0


def worker_rss(server: Server) -> dict[int, float]:
    """Resident memory (MiB, from ``/proc``) of each worker."""
    return {pid: rss_mib(pid) for pid in server.workers()}


def warm_up(site: Site) -> Tally:
    """Every kind of request a few dozen times on both workers: imports, caches, thread pools."""
    return site.load(WARM_UP_REQUESTS, seconds=WARM_UP_LIMIT_S).start().wait()


@dataclass
class Soak:
    """The long load, and each worker's memory before, halfway through, and after it.

    The halfway reading is a figure, not a check: memory that settles grows
    less in the second half than in the first, while a leak grows alike in both.
    """

    tally: Tally
    rss_before: dict[int, float]
    rss_halfway: dict[int, float]
    rss_after: dict[int, float]

    def growth(self, pid: int) -> float:
        before = self.rss_before[pid]
        return (self.rss_after.get(pid, 0.0) - before) / before if before else 0.0

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
                "the same two workers served the whole load",
                sorted(self.rss_before) == sorted(self.rss_after) and len(self.rss_before) == 2,
                f"before {sorted(self.rss_before)}, after {sorted(self.rss_after)}",
            ),
        ]
        for pid in self.rss_before:
            checks.append(
                Check(
                    f"worker {pid} memory flat (RSS growth under {RSS_GROWTH_LIMIT:.0%})",
                    pid in self.rss_after and self.growth(pid) < RSS_GROWTH_LIMIT,
                    f"{self.growth(pid):+.1%}",
                )
            )
        return checks


def soak(site: Site) -> Soak:
    """The load of :data:`LOAD_REQUESTS`, with each worker's RSS read along the way."""
    before = worker_rss(site.server)
    load = site.load(LOAD_REQUESTS, seconds=LOAD_LIMIT_S).start()
    load.wait_until(lambda: load.done() >= LOAD_REQUESTS // 2)
    halfway = worker_rss(site.server)
    return Soak(load.wait(), before, halfway, worker_rss(site.server))


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
