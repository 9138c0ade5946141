"""``python -m scale.run`` (``make scale-check``): the scaled-out site under load and faults, its
figures, and a verdict as exit status.

The phases, in order (see :mod:`scale.topology` for what runs):

1. Sessions across servers and the global rate limit, checked on the idle site.
2. Warm-up: :data:`WARM_UP_REQUESTS` through nginx.
3. Steady load: :data:`STEADY_REQUESTS`, each worker's memory sampled throughout.
4. Faults under load: an app server killed and restarted, Redis restarted,
   PostgreSQL's backends terminated, each followed by a measured recovery.
5. The writes held against PostgreSQL, sessions made before the faults tried again.

Every wait is bounded and the whole run by :data:`BUDGET_S`; everything started is
stopped and its files removed.  Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time

from soak.client import Client
from soak.errors import SoakError
from soak.report import Check, faults, figures, phase_table, table
from soak.site import DEMO, expect

from .checks import Memory, rate_limit, round_robin, sessions, writes
from .faults import GAP_S, RECOVERY_LIMIT_S, Probe, run_faults
from .load import CONCURRENCY, Ledger, Load, ScaleTally, Seed, Visitor
from .report import failed_attempts, fault_table, nginx_table, server_errors
from .topology import CELERY_CONCURRENCY, SESSION_ENGINE, Topology, log, running

#: ``make scale-check`` should be over within 5 minutes, start-up and shutdown included.
BUDGET_S = 240.0
LIMIT_S = 300.0
WARM_UP_REQUESTS = 800
STEADY_REQUESTS = 2_500
WARM_UP_LIMIT_S = 45.0
STEADY_LIMIT_S = 75.0
FAULTS_LIMIT_S = 120.0
SEED_BODY = "the post every visitor reads and counts the words of"


def seed_post(top: Topology) -> Seed:
    """The post the load reads, written through nginx."""
    client = Client(top.nginx_port)
    try:
        expect(client.request("GET", "/blog/auth/login"), 200, "The login page")
        expect(client.request("POST", "/blog/auth/login", DEMO), 302, "Logging in as demo")
        form = {"idempotency_key": "seed", "title": "Scale seed post", "body": SEED_BODY}
        answer = expect(client.request("POST", "/blog/api/posts", form), 201, "The seed post")
    finally:
        client.close()
    return Seed(int(json.loads(answer.body)["id"]), form["title"], len(SEED_BODY.split()))


def load(
    top: Topology,
    seed: Seed,
    ledger: Ledger,
    name: str,
    total: int,
    seconds: float,
    deadline: float,
) -> Load:
    """Visitors through nginx: ``total`` requests within ``seconds`` (and the run's deadline)."""
    limit = min(deadline, time.monotonic() + seconds)
    return Load(top.nginx_port, seed, ledger, name=name, total=total, deadline=limit)


def no_failures(name: str, tally: ScaleTally) -> Check:
    return Check(
        f"{name}: every request answered right (retries allowed)",
        tally.errors == 0 and tally.requests > 0,
        f"{tally.requests:,} requests, {tally.errors} failed, {tally.retries} retries",
    )


def scale_check(top: Topology, started: float) -> bool:
    deadline = started + BUDGET_S
    ledger = Ledger()
    seed = seed_post(top)
    checks: list[Check] = []

    log("sessions across servers, the rate limit ...")
    made = sessions(top)
    checks.append(made.check(top, "(idle site)"))
    checks.append(rate_limit(top))

    log(f"warm-up, {WARM_UP_REQUESTS:,} requests through nginx ...")
    warm = load(top, seed, ledger, "warm", WARM_UP_REQUESTS, WARM_UP_LIMIT_S, deadline)
    warm_tally = warm.start().wait()

    log(f"steady load, {STEADY_REQUESTS:,} requests, memory sampled ...")
    memory = Memory(top.workers()).start()
    steady = load(top, seed, ledger, "steady", STEADY_REQUESTS, STEADY_LIMIT_S, deadline)
    steady_tally = steady.start().wait()
    memory.stop()

    log("faults under load ...")
    probe_tally = ScaleTally()
    probe = Probe(Visitor(top.nginx_port, "probe", ledger, probe_tally, threading.Lock()), seed)
    probe.visitor.log_in()
    under_faults = load(top, seed, ledger, "faults", 1_000_000, FAULTS_LIMIT_S, deadline)
    under_faults.start()
    found = run_faults(top, probe, under_faults)
    under_faults.stop()
    faults_tally = under_faults.wait()
    probe_tally.seconds = faults_tally.seconds
    probe.visitor.close()

    log("checking PostgreSQL, sessions, nginx's log ...")
    written = writes(top, ledger)
    spread, _ = round_robin(top)
    phases = [
        ("warm-up", warm_tally),
        ("steady", steady_tally),
        ("under faults", faults_tally),
        ("recovery probe", probe_tally),
    ]
    checks += [
        no_failures("warm-up", warm_tally),
        no_failures("steady load", steady_tally),
        no_failures("load under faults", faults_tally),
        written.check(),
        made.check(top, "after the faults"),
        memory.check(),
        spread,
    ]
    checks += [
        Check(
            f"recovered within {RECOVERY_LIMIT_S:.0f} s after: {fault.name}",
            fault.recovery_s is not None,
            "not within the bound" if fault.recovery_s is None else f"{fault.recovery_s:.2f} s",
        )
        for fault in found
    ]
    seconds = time.monotonic() - started
    checks.append(Check(f"finished within {LIMIT_S:.0f} s", seconds < LIMIT_S, f"{seconds:.0f} s"))

    sections = [
        "scale check: nginx (round robin) on 127.0.0.1:"
        f"{top.nginx_port} -> gunicorn :{top.ports['gunicorn']} (2 gthread workers)"
        f" + uvicorn :{top.ports['uvicorn']} (2 workers); PostgreSQL :{top.services.postgres.port};"
        f" Redis :{top.services.redis.port}; Celery worker ({CELERY_CONCURRENCY} processes);"
        f" sessions {SESSION_ENGINE.rsplit('.', 1)[-1]}; {CONCURRENCY} visitors a load",
        phase_table(phases),
        "attempts that failed and were sent again:\n" + failed_attempts(phases),
        "worker memory, MiB (after warm-up, halfway, end of steady load, peak, growth):\n"
        + table(("worker", "start", "half", "end", "peak", "growth"), memory.rows()),
        f"faults ({GAP_S:.0f} s of load before each), recovery through nginx:\n"
        + fault_table(found),
        "through nginx, by request (nginx's own timings, retries included):\n"
        + nginx_table(top.tmp / "nginx" / "access.log"),
        "writes:\n"
        + figures(
            [
                ("keys sent", f"{written.sent:,}"),
                ("acknowledged (2xx)", f"{written.acknowledged:,}"),
                ("rows in PostgreSQL", f"{written.rows:,}"),
                ("written, never acknowledged", f"{written.unacknowledged_rows:,}"),
                ("submitted twice on purpose", f"{written.resubmitted:,}"),
                ("retries that found their write done", f"{written.repeats:,}"),
            ]
        ),
    ]
    sections.append("exceptions in the servers' and the worker's logs:\n" + server_errors(top.tmp))
    # The probe sends each request once: its failures are what the recovery times wait out.
    if failures := faults([phase for phase in phases if phase[1] is not probe_tally]):
        sections.append("failures:\n" + failures)
    if waited_out := faults([("recovery probe", probe_tally)]):
        sections.append("the recovery probe's failed requests (each sent once):\n" + waited_out)
    print("\n\n".join(sections), flush=True)
    print(f"\nscale check: {seconds:.0f} s in all")
    print("\nchecks:\n" + "\n".join(check.line() for check in checks), flush=True)
    return all(check.ok for check in checks)


def main() -> int:
    started = time.monotonic()
    # A SIGTERM (make or CI stopped) unwinds like an exception: everything is still stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with running() as top:
            passed = scale_check(top, started)
            if not passed:
                for proc in (top.nginx, top.celery):
                    print(f"\nThe {proc.kind} log ends with:\n{proc.log_tail()}")
    except SoakError as exc:
        print(f"scale-check: FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"\nscale check: {'PASSED' if passed else 'FAILED'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
