"""The scale check's figures as plain-text tables (:mod:`soak.report` does the layout)."""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from soak.report import table

from .faults import Fault
from .load import ScaleTally

#: A post's id in a path, so that requests group by endpoint.
_ID = re.compile(r"/\d+")


def failed_attempts(phases: list[tuple[str, ScaleTally]]) -> str:
    lines = [
        f"  {name}: {count} x {what}"
        for name, tally in phases
        for what, count in tally.failed_attempts.most_common()
    ]
    return "\n".join(lines) or "  none"


def fault_table(found: list[Fault]) -> str:
    rows = [
        (
            fault.name,
            "not within" if fault.recovery_s is None else f"{fault.recovery_s:.2f}",
            sum(fault.failed_attempts.values()),
        )
        for fault in found
    ]
    lines = [table(("fault", "recovered after s", "failed attempts"), rows)]
    for fault in found:
        lines.append(f"  {fault.name}: {fault.detail}")
        lines += [f"    {n} x {what}" for what, n in fault.failed_attempts.most_common()]
    return "\n".join(lines)


def nginx_table(access_log: Path) -> str:
    """What nginx saw, by endpoint: requests, server errors it answered, its timings."""
    times: defaultdict[str, list[float]] = defaultdict(list)
    errors: defaultdict[str, int] = defaultdict(int)
    for line in access_log.read_text().splitlines():
        status, _, _, seconds, request = line.split("|", 4)
        method, target = request.split()[:2]
        name = f"{method} {_ID.sub('/<id>', target.split('?')[0])}"
        times[name].append(float(seconds) * 1000)
        errors[name] += status.startswith("5")
    rows = []
    for name, ms in sorted(times.items(), key=lambda item: -len(item[1])):
        ms.sort()
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        rows.append(
            (
                name,
                len(ms),
                errors[name],
                f"{statistics.median(ms):.0f}",
                f"{p99:.0f}",
                f"{ms[-1]:.0f}",
            )
        )
    return table(("request", "count", "5xx", "p50 ms", "p99 ms", "max ms"), rows)


#: The last line of a traceback: ``package.module.SomeError: message``.
_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Timeout)): (.{0,90})")


def server_errors(tmp: Path) -> str:
    """The exceptions the app servers and the Celery worker logged, by kind and process."""
    seen: Counter[str] = Counter()
    for path in sorted(tmp.rglob("*.log")):
        if not path.name.startswith(("gunicorn", "uvicorn", "celery")):
            continue
        for line in path.read_text(errors="replace").splitlines():
            if match := _EXCEPTION.match(line):
                seen[f"{path.relative_to(tmp).with_suffix('')}: {match[1]}: {match[2]}"] += 1
    return "\n".join(f"  {n} x {what}" for what, n in seen.most_common(12)) or "  none"
