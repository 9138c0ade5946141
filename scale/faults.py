"""The faults injected while the load runs, and how long the site takes to serve again after each.

Recovery is measured through nginx, from the moment of the fault, by a probe
visitor of its own: a round of a read, a write and the Celery-backed action, each
sent once (no retry), every :data:`PROBE_INTERVAL_S`; the site has recovered when
a whole round succeeds.  The fault's own work (restarting a server) runs in a
thread beside the probe, so the figure is what clients see, not how long the
restart took.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .load import Seed, Visitor
from .topology import Topology

#: The bound on each fault's recovery through nginx. Observed: well under a second
#: for a killed app server (nginx moves to the other) and terminated PostgreSQL
#: backends; a few seconds for Redis, while the Celery worker reconnects to its broker.
RECOVERY_LIMIT_S = 15.0
PROBE_INTERVAL_S = 0.05
#: Load between faults, so each one meets a site that has settled.
GAP_S = 4.0
KILLED = "gunicorn"


@dataclass(frozen=True)
class Fault:
    """What was done, what it did, and the seconds until a whole probe round succeeded."""

    name: str
    detail: str
    recovery_s: float | None  # None: not within RECOVERY_LIMIT_S


@dataclass
class Probe:
    """A logged-in visitor of its own that sends each request once."""

    visitor: Visitor
    seed: Seed

    def __post_init__(self) -> None:
        self.visitor.max_attempts = 1

    def round(self) -> bool:
        """A read, a write and a Celery round trip; whether all three succeeded."""
        visitor, seed = self.visitor, self.seed
        return visitor.read(seed) and visitor.write() is not None and visitor.words(seed)


def recover(probe: Probe, since: float) -> float | None:
    """Seconds from ``since`` until a whole probe round succeeds; ``None`` past the bound."""
    while time.monotonic() - since < RECOVERY_LIMIT_S:
        if probe.round():
            return time.monotonic() - since
        time.sleep(PROBE_INTERVAL_S)
    return None


def inject(name: str, probe: Probe, action: Callable[[], str]) -> Fault:
    """Run ``action`` (the fault, then any repair) in a thread; measure recovery meanwhile."""
    detail: list[str] = []
    errors: list[BaseException] = []

    def act() -> None:
        try:
            detail.append(action())
        except BaseException as exc:  # reported below, on the main thread
            errors.append(exc)

    since = time.monotonic()
    worker = threading.Thread(target=act, daemon=True)
    worker.start()
    recovery = recover(probe, since)
    worker.join(120)
    if errors:
        raise errors[0]
    return Fault(name, detail[0] if detail else "did not finish", recovery)


def kill_app_server(top: Topology, probe: Probe) -> Fault:
    top.kill(KILLED)

    def restart() -> str:
        return f"SIGKILL to master and workers; answering again after {top.restart(KILLED):.1f} s"

    return inject(f"{KILLED} killed and restarted", probe, restart)


def restart_redis(top: Topology, probe: Probe) -> Fault:
    def restart() -> str:
        started = time.monotonic()
        top.services.redis.restart()
        return f"stopped and started in {time.monotonic() - started:.1f} s (its data is gone)"

    return inject("Redis restarted", probe, restart)


def terminate_backends(top: Topology, probe: Probe) -> Fault:
    def terminate() -> str:
        return f"{top.services.postgres.terminate_backends()} connections terminated"

    return inject("PostgreSQL backends terminated", probe, terminate)


FAULTS = (kill_app_server, restart_redis, terminate_backends)


def run_faults(top: Topology, probe: Probe, pause: Callable[[float], None]) -> list[Fault]:
    """Every fault in turn, :data:`GAP_S` of load before each and after the last."""
    faults = []
    for fault in FAULTS:
        pause(GAP_S)
        faults.append(fault(top, probe))
    pause(GAP_S)
    return faults
