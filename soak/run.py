"""``python -m soak.run`` (``make soak``): the whole soak, its figures, and a verdict as exit status.

A throwaway SQLite database is migrated, and the sample site is served twice
on it: by uvicorn (its ASGI application, 2 worker processes), then by gunicorn
(2 ``gthread`` workers; see :mod:`soak.server`).  Under each the phases run in
turn: warm-up, the long load with refused uploads beside it and each worker's
memory, descriptors and temp files read before and after, and a worker killed
mid-load; under gunicorn, last, a slow client stalling a streamed response.
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
    REFUSED_UPLOADS,
    WARM_UP_REQUESTS,
    Kill,
    Soak,
    kill_a_worker,
    soak,
    warm_up,
)
from .report import Check, faults, phase_table
from .server import Server, prepare_database, serving, site_environment
from .site import open_site
from .slow_client import Stall, stall_a_stream

#: ``make soak`` should be over within 4 minutes; this leaves time to stop the servers.
BUDGET_S = 225.0
LIMIT_S = 240.0
#: The order of the legs: the slow client (gunicorn's last phase) grows the export to
#: ~11 MiB, which would weigh on every listing requested after it.
LEGS = ("uvicorn", "gunicorn")


@dataclass
class Figures:
    """Everything the phases measured under one server."""

    server: Server
    warm_up: Tally
    soak: Soak
    kill: Kill
    stall: Stall | None

    def phases(self) -> list[tuple[str, Tally]]:
        phases = [
            ("warm-up", self.warm_up),
            ("load", self.soak.tally),
            ("refused uploads", self.soak.uploads),
            ("worker kill", self.kill.tally),
        ]
        if self.stall is not None:
            phases.append(("slow client", self.stall.tally))
        return phases

    def checks(self) -> list[Check]:
        warm = Check(
            "warm-up: no request failed",
            self.warm_up.errors == 0,
            f"{self.warm_up.requests:,} requests, {self.warm_up.errors} failed",
        )
        checks = [warm, *self.soak.checks(), *self.kill.checks()]
        if self.stall is not None:
            checks += self.stall.checks()
        return [
            Check(f"{self.server.kind}: {check.name}", check.ok, check.detail) for check in checks
        ]

    def report(self) -> str:
        sections = [
            f"soak under {self.server.describe()} on 127.0.0.1:{self.server.port}, DEBUG off",
            phase_table(self.phases()),
            self.soak.rss_table(),
            self.soak.resources_table(),
            "worker kill:\n" + self.kill.describe(),
        ]
        if self.stall is not None:
            sections.append("slow client:\n" + self.stall.describe())
        if failures := faults(self.phases()):
            sections.append("failures:\n" + failures)
        return "\n\n".join(sections)


def log(message: str) -> None:
    print(f"soak: {message}", file=sys.stderr, flush=True)


def run_phases(server: Server, deadline: float) -> Figures:
    site = open_site(server, deadline)
    log(f"{server.kind}: warm-up, {WARM_UP_REQUESTS:,} requests ...")
    warm = warm_up(site)
    log(
        f"{server.kind}: the load, {LOAD_REQUESTS:,} requests"
        f" and {REFUSED_UPLOADS} refused uploads ..."
    )
    soaked = soak(site)
    log(f"{server.kind}: killing a worker during {KILL_REQUESTS:,} requests ...")
    killed = kill_a_worker(site)
    stalled = None
    if server.kind == "gunicorn":
        log("gunicorn: stalling a streamed response ...")
        stalled = stall_a_stream(site)
    return Figures(server, warm, soaked, killed, stalled)


def soak_in(tmp: Path, started: float) -> bool:
    """The whole soak, its database and servers' logs in ``tmp``; whether every check passed."""
    env = site_environment(tmp / "db.sqlite3")
    log(f"migrating a throwaway database in {tmp} ...")
    prepare_database(env)
    checks: list[Check] = []
    for kind in LEGS:
        log(f"starting {kind} ...")
        with serving(env, tmp, kind) as server:
            figures = run_phases(server, started + BUDGET_S)
            print(figures.report() + "\n", flush=True)
            leg_checks = figures.checks()
            checks += leg_checks
            if not all(check.ok for check in leg_checks):
                print(f"The {kind} log ends with:\n{server.log_tail()}\n")
    seconds = time.monotonic() - started
    checks.append(Check(f"finished within {LIMIT_S:.0f} s", seconds < LIMIT_S, f"{seconds:.0f} s"))
    print(f"soak: {seconds:.0f} s in all")
    print("\nchecks:\n" + "\n".join(check.line() for check in checks), flush=True)
    return all(check.ok for check in checks)


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
