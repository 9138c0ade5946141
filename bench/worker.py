"""One measurement in a fresh process: ``python -m bench.worker KIND VARIANT [ARG]``.

The orchestrator starts it with the variant's environment and reads one JSON
object from the last line of its output.
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import io
import json
import os
import pstats
import sys
import sysconfig
import threading
import time
import typing as t
from functools import partial

from .apps import variants
from .asgi_endpoints import ASGI_ENDPOINTS, acall, scope
from .endpoints import ENDPOINTS, call, environ, prepared
from .rss import rss_mib
from .timing import ainterleaved_us, interleaved_us

#: Seconds of timed calls per endpoint and repetition.
BUDGET_S = float(os.environ.get("BENCH_BUDGET_S", "0.25"))


def per_request(name: str) -> dict[str, t.Any]:
    """µs per request for every endpoint, the statuses seen, and the process's RSS."""
    app = variants.load(name)
    timed: dict[str, t.Callable[[], object]] = {}
    status: dict[str, int] = {}
    for endpoint in ENDPOINTS:
        env = prepared(app, endpoint)
        status[endpoint.name] = call(app, env, endpoint.body).status
        timed[endpoint.name] = partial(call, app, env, endpoint.body)
    us = interleaved_us(timed, BUDGET_S)
    return {"us": us, "status": status, "rss_mib": rss_mib()}


def asgi_requests(name: str) -> dict[str, t.Any]:
    """µs per in-process ASGI request for every ASGI endpoint, all in one event loop."""
    app = variants.load_asgi(name)

    async def measure() -> dict[str, t.Any]:
        status: dict[str, int] = {}
        timed: dict[str, t.Callable[[], t.Awaitable[object]]] = {}
        for endpoint in ASGI_ENDPOINTS:
            request = scope(endpoint.method, endpoint.path)
            status[endpoint.name] = (await acall(app, request, endpoint.body)).status
            timed[endpoint.name] = partial(acall, app, request, endpoint.body)
        us = await ainterleaved_us(timed, BUDGET_S)
        return {"us": us, "status": status, "rss_mib": rss_mib()}

    return asyncio.run(measure())


def asgi_profile(name: str, endpoint_name: str) -> dict[str, t.Any]:
    """cProfile of in-process ASGI requests, the threads the app hands work to included.

    Before Python 3.12 a profiler sees one thread: each thread gets its own,
    counting that thread's CPU time (waiting costs nothing, as in the timings),
    and they are merged.  From 3.12 one profiler sees every thread
    (``sys.monitoring``) and only one may run; it counts wall time.
    """
    app = variants.load_asgi(name)
    endpoint = next(e for e in ASGI_ENDPOINTS if e.name == endpoint_name)
    request = scope(endpoint.method, endpoint.path)
    calls = 10_000
    per_thread = sys.version_info < (3, 12)
    profilers: list[cProfile.Profile] = []

    def profile_new_thread(*_args: object) -> None:
        # Runs once in each thread started from now on, then cProfile takes over there.
        profiler = cProfile.Profile(time.thread_time)
        profilers.append(profiler)
        profiler.enable()

    async def serve(count: int) -> None:
        for _ in range(count):
            await acall(app, request, endpoint.body)

    async def measure() -> None:
        await serve(500)  # warm up (threads started now are profiled from their start)
        main = cProfile.Profile(time.thread_time) if per_thread else cProfile.Profile()
        profilers.append(main)
        main.enable()
        await serve(calls)
        main.disable()

    if per_thread:
        threading.setprofile(profile_new_thread)
    asyncio.run(measure())
    if per_thread:
        threading.setprofile(None)  # type: ignore[arg-type]
    result = _profile_result(pstats.Stats(*profilers), calls)  # type: ignore[arg-type]
    result["clock"] = "CPU time per thread" if per_thread else "wall time, all threads"
    return result


def table(name: str, rules: int) -> dict[str, t.Any]:
    """Build time, µs for the first, middle and last rule and a miss, and RSS at ``rules`` rules."""
    variants.prepare(name)
    probes = {
        "first": "/r0/5",
        "middle": f"/r{rules // 2}/5",
        "last": f"/r{rules - 1}/5",
        "404": "/nope/5",
    }
    started = time.process_time()
    app = variants.load(name, rules)
    first = call(app, environ("GET", probes["last"]))
    build_s = time.process_time() - started
    status = {probe: call(app, environ("GET", path)).status for probe, path in probes.items()}
    status["build"] = first.status
    timed = {probe: partial(call, app, environ("GET", path)) for probe, path in probes.items()}
    us = interleaved_us(timed, BUDGET_S, warmup=3)
    return {"build_s": build_s, "us": us, "status": status, "rss_mib": rss_mib()}


def memory(name: str, requests: int) -> dict[str, t.Any]:
    """RSS and live objects after a warm-up, then at each quarter of ``requests`` mixed requests.

    A leak grows in every quarter; allocator arenas filling up level off.
    """
    app = variants.load(name)
    envs = [(prepared(app, endpoint), endpoint.body) for endpoint in ENDPOINTS]

    def serve(count: int) -> None:
        for i in range(count):
            env, body = envs[i % len(envs)]
            call(app, env, body)

    def checkpoint() -> dict[str, float]:
        gc.collect()
        return {"rss_mib": rss_mib(), "objects": len(gc.get_objects())}

    serve(10_000)
    points = [checkpoint()]
    for _ in range(4):
        serve(requests // 4)
        points.append(checkpoint())
    return {"requests": requests, "points": points}


def profile(name: str, endpoint_name: str) -> dict[str, t.Any]:
    """cProfile of one endpoint: the top functions by own time, paths shortened."""
    app = variants.load(name)
    endpoint = next(e for e in ENDPOINTS if e.name == endpoint_name)
    env = prepared(app, endpoint)
    for _ in range(500):
        call(app, env, endpoint.body)
    calls = 20_000
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call(app, env, endpoint.body)
    profiler.disable()
    return _profile_result(pstats.Stats(profiler), calls)


def _profile_result(stats: pstats.Stats, calls: int) -> dict[str, t.Any]:
    """The top functions by own time, paths shortened, and the own time per package."""
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(30)
    text = out.getvalue()
    for prefix in (
        sysconfig.get_paths()["purelib"] + "/",
        os.getcwd() + "/",
        sys.base_prefix + "/lib/",
    ):
        text = text.replace(prefix, "")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return {
        "calls": calls,
        "total_s": stats.total_tt,  # type: ignore[attr-defined]
        "by_package": _by_package(stats),
        "table": "\n".join(lines[header:]).rstrip(),
    }


def _by_package(stats: pstats.Stats) -> dict[str, float]:
    """Own time per package (flaskish, django, jinja2, ...), in seconds."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[_package(filename)] = totals.get(_package(filename), 0.0) + tottime
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def _package(filename: str) -> str:
    if filename == "~" or filename.startswith("<"):
        return "builtins (C)"
    for package in (
        "flaskish",
        "django_bridge",
        "bench",
        "quart",
        "starlette",
        "asgiref",
        "asyncio",
        "concurrent",
        "werkzeug",
        "flask",
        "jinja2",
        "itsdangerous",
        "blinker",
        "markupsafe",
        "django",
    ):
        if f"/{package}/" in filename:
            return package
    return "stdlib/other"


def main(argv: list[str]) -> None:
    kind, name, *rest = argv
    if kind == "requests":
        result = per_request(name)
    elif kind == "table":
        result = table(name, int(rest[0]))
    elif kind == "memory":
        result = memory(name, int(rest[0]))
    elif kind == "profile":
        result = profile(name, rest[0])
    elif kind == "asgi":
        result = asgi_requests(name)
    elif kind == "asgi-profile":
        result = asgi_profile(name, rest[0])
    else:
        raise SystemExit(
            f"Unknown measurement {kind!r}: use requests, table, memory, profile, asgi"
            " or asgi-profile."
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
