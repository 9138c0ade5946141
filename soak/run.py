"""``python -m soak.run`` (``make soak``): the whole soak, its figures, and a verdict as exit status.

A throwaway SQLite database is migrated, gunicorn serves the sample site on it
(see :mod:`soak.server` for the worker class), and the phases run in turn:
warm-up, the long load with each worker's memory read before and after, a
worker killed mid-load, and a slow client stalling a streamed response.
Every wait is bounded, and the run as a whole by :data:`BUDGET_S`.
Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import SoakError
from .load import Tally
from .phases import (
    KILL_REQUESTS,
    LOAD_REQUESTS,
    WARM_UP_REQUESTS,
    Kill,
    Soak,
    kill_a_worker,
    soak,
    warm_up,
)
from .report import Check, faults, phase_table
from .server import (
    THREADS,
    WORKER_CLASS,
    WORKERS,
    Server,
    prepare_database,
    serving,
    site_environment,
)
from .site import open_site
from .slow_client import Stall, stall_a_stream

#: ``make soak`` must be over within 5 minutes; this leaves time to stop the server.
BUDGET_S = 270.0
LIMIT_S = 300.0


@dataclass
class Figures:
    """Everything the phases measured."""

    warm_up: Tally
    soak: Soak
    kill: Kill
    stall: Stall

    def phases(self) -> list[tuple[str, Tally]]:
        return [
            ("warm-up", self.warm_up),
            ("load", self.soak.tally),
            ("worker kill", self.kill.tally),
            ("slow client", self.stall.tally),
        ]

    def checks(self) -> list[Check]:
        warm = Check(
            "warm-up: no request failed",
            self.warm_up.errors == 0,
            f"{self.warm_up.requests:,} requests, {self.warm_up.errors} failed",
        )
        return [warm, *self.soak.checks(), *self.kill.checks(), *self.stall.checks()]

    def report(self, server: Server, seconds: float) -> str:
        sections = [
            f"soak: the sample site under gunicorn, {WORKERS} {WORKER_CLASS} workers x {THREADS}"
            f" threads on 127.0.0.1:{server.port}, DEBUG off; {seconds:.0f} s in all",
            phase_table(self.phases()),
            self.soak.rss_table(),
            "worker kill:\n" + self.kill.describe(),
            "slow client:\n" + self.stall.describe(),
        ]
        if failures := faults(self.phases()):
            sections.append("failures:\n" + failures)
        return "\n\n".join(sections)


def log(message: str) -> None:
    print(f"soak: {message}", file=sys.stderr, flush=True)


def run_phases(server: Server, deadline: float) -> Figures:
    site = open_site(server, deadline)
    log(f"warm-up, {WARM_UP_REQUESTS:,} requests ...")
    warm = warm_up(site)
    log(f"the load, {LOAD_REQUESTS:,} requests ...")
    soaked = soak(site)
    log(f"killing a worker during {KILL_REQUESTS:,} requests ...")
    killed = kill_a_worker(site)
    log("stalling a streamed response ...")
    stalled = stall_a_stream(site)
    return Figures(warm, soaked, killed, stalled)


def soak_in(tmp: Path, started: float) -> bool:
    """The whole soak, its database and server log in ``tmp``; whether every check passed."""
    env = site_environment(tmp / "db.sqlite3")
    log(f"migrating a throwaway database in {tmp} ...")
    prepare_database(env)
    log("starting gunicorn ...")
    with serving(env, tmp / "gunicorn.log") as server:
        figures = run_phases(server, started + BUDGET_S)
        seconds = time.monotonic() - started
        in_time = Check(f"finished within {LIMIT_S:.0f} s", seconds < LIMIT_S, f"{seconds:.0f} s")
        checks = [*figures.checks(), in_time]
        print(figures.report(server, seconds))
        print("\nchecks:\n" + "\n".join(check.line() for check in checks), flush=True)
        passed = all(check.ok for check in checks)
        if not passed:
            print(f"\nThe server's log ends with:\n{server.log_tail()}")
    return passed


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        try:
            passed = soak_in(Path(tmp), started)
        except SoakError as exc:
            print(f"soak: FAILED: {exc}", file=sys.stderr)
            return 1
    print(f"\nsoak: {'PASSED' if passed else 'FAILED'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
