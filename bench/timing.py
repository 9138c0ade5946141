"""Timing loops: µs per call in process CPU time, robust to other load on the machine.

CPU time of this process (not wall time) is what a request costs; it leaves
out the time other processes on a shared machine hold the cores.  Each
budget is split into chunks, the chunks of all the timed functions take
turns (A, B, C, A, B, C, ...), and each function keeps its median chunk, so
a burst of contention hits one chunk of each rather than all of one.
"""

from __future__ import annotations

import gc
import statistics
import time
import typing as t

CHUNKS = 7


def interleaved_us(
    fns: t.Mapping[str, t.Callable[[], object]], budget_s: float, warmup: int = 20
) -> dict[str, float]:
    """Median-chunk mean CPU µs per call of each function, about ``budget_s`` seconds each."""
    calls: dict[str, int] = {}
    for name, fn in fns.items():
        for _ in range(warmup):
            fn()
        started = time.process_time()
        for _ in range(3):
            fn()
        estimate = max((time.process_time() - started) / 3, 1e-6)
        calls[name] = max(3, int(budget_s / CHUNKS / estimate))
    chunks: dict[str, list[float]] = {name: [] for name in fns}
    gc.collect()
    for _ in range(CHUNKS):
        for name, fn in fns.items():
            count = calls[name]
            started = time.process_time()
            for _ in range(count):
                fn()
            chunks[name].append((time.process_time() - started) / count * 1e6)
    return {name: statistics.median(values) for name, values in chunks.items()}


async def ainterleaved_us(
    fns: t.Mapping[str, t.Callable[[], t.Awaitable[object]]], budget_s: float, warmup: int = 20
) -> dict[str, float]:
    """:func:`interleaved_us` for coroutine functions, awaited one after another in
    the running event loop (CPU time of the whole process: threads included)."""
    calls: dict[str, int] = {}
    for name, fn in fns.items():
        for _ in range(warmup):
            await fn()
        started = time.process_time()
        for _ in range(3):
            await fn()
        estimate = max((time.process_time() - started) / 3, 1e-6)
        calls[name] = max(3, int(budget_s / CHUNKS / estimate))
    chunks: dict[str, list[float]] = {name: [] for name in fns}
    gc.collect()
    for _ in range(CHUNKS):
        for name, fn in fns.items():
            count = calls[name]
            started = time.process_time()
            for _ in range(count):
                await fn()
            chunks[name].append((time.process_time() - started) / count * 1e6)
    return {name: statistics.median(values) for name, values in chunks.items()}


def median(values: t.Iterable[float]) -> float:
    return statistics.median(list(values))
