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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .load import Load, Seed, Visitor
from .topology import Topology

#: The bound on each fault's recovery through nginx. Observed: well under a second
#: for a killed app server (nginx moves to the other) and terminated PostgreSQL
#: backends; a few seconds for Redis, while the Celery worker reconnects to its broker.
RECOVERY_LIMIT_S = 15.0
PROBE_INTERVAL_S = 0.05
#: Load between faults, so each one meets a site that has settled.
GAP_S = 5.0
KILLED = "gunicorn"


@dataclass
class Fault:
    """What was done, what it did, the seconds until a whole probe round succeeded, and
    the load's attempts that failed (and were sent again) meanwhile."""

    name: str
    detail: str
    recovery_s: float | None  # None: not within RECOVERY_LIMIT_S
    failed_attempts: Counter[str] = field(default_factory=Counter)


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


def inject(
    name: str, probe: Probe, fault: Callable[[], str], repair: Callable[[], str] | None = None
) -> Fault:
    """Do ``fault``, then run ``repair`` in a thread while measuring recovery from the
    moment the fault was done."""
    detail = [fault()]
    since = time.monotonic()
    errors: list[BaseException] = []

    def act() -> None:
        try:
            if repair is not None:
                detail.append(repair())
        except BaseException as exc:  # raised again below, on the main thread
            errors.append(exc)

    worker = threading.Thread(target=act, daemon=True)
    worker.start()
    recovery = recover(probe, since)
    worker.join(120)
    if errors:
        raise errors[0]
    return Fault(name, "; ".join(detail), recovery)


def kill_app_server(top: Topology, probe: Probe) -> Fault:
    def kill() -> str:
        top.kill(KILLED)
        return "SIGKILL to its master and workers"

    def restart() -> str:
        return f"started again, answering after {top.restart(KILLED):.1f} s"

    return inject(f"{KILLED} killed and restarted", probe, kill, restart)


def restart_redis(top: Topology, probe: Probe) -> Fault:
    def stop() -> str:
        top.services.redis.stop()
        return "stopped (its data is gone: no persistence)"

    def start() -> str:
        started = time.monotonic()
        top.services.redis.start()
        return f"started again in {time.monotonic() - started:.1f} s"

    return inject("Redis restarted", probe, stop, start)


def terminate_backends(top: Topology, probe: Probe) -> Fault:
    def terminate() -> str:
        return f"{top.services.postgres.terminate_backends()} connections terminated"

    return inject("PostgreSQL backends terminated", probe, terminate)


FAULTS = (kill_app_server, restart_redis, terminate_backends)


def run_faults(top: Topology, probe: Probe, load: Load) -> list[Fault]:
    """Every fault in turn under ``load``, :data:`GAP_S` of load before each and after the
    last; each with the load's failed attempts from its moment to the next fault."""
    faults: list[Fault] = []
    time.sleep(GAP_S)
    for inject_fault in FAULTS:
        before = load.failed_attempts()
        fault = inject_fault(top, probe)
        time.sleep(GAP_S)
        fault.failed_attempts.update(load.failed_attempts() - before)
        faults.append(fault)
    return faults
