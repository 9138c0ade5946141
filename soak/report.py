"""The soak's verdicts and figures, as plain-text tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .load import Tally


@dataclass(frozen=True)
class Check:
    """One requirement of the soak, whether it held, and the figures that say so."""

    name: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return f"  {'PASS' if self.ok else 'FAIL'}  {self.name}{detail}"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Left-aligned first column, right-aligned figures."""
    cells = [[str(cell) for cell in header], *([str(cell) for cell in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        first, *rest = row
        figures = "  ".join(cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))
        lines.append(f"  {first.ljust(widths[0])}  {figures}")
    return "\n".join(lines)


def figures(rows: Iterable[tuple[str, str]]) -> str:
    """Named figures, one a line."""
    rows = list(rows)
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"  {name.ljust(width)}  {value}" for name, value in rows)


def phase_table(phases: Sequence[tuple[str, Tally]]) -> str:
    """Requests, failures, retries, throughput and latency of each phase."""
    header = (
        "phase",
        "requests",
        "failures",
        "retried",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "seconds",
    )
    rows = [
        (
            name,
            tally.requests,
            tally.errors,
            tally.retries,
            f"{tally.rps:.0f}",
            f"{tally.percentile(50):.1f}",
            f"{tally.percentile(99):.1f}",
            f"{max(tally.latencies_ms, default=0.0):.1f}",
            f"{tally.seconds:.1f}",
        )
        for name, tally in phases
    ]
    return table(header, rows)


def faults(phases: Sequence[tuple[str, Tally]], most: int = 10) -> str:
    """The commonest failures of each phase, if any."""
    lines = []
    for name, tally in phases:
        for fault, count in tally.faults.most_common(most):
            lines.append(f"  {name}: {count} x {fault}")
    return "\n".join(lines)
