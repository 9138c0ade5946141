"""Markdown tables of the measurements, as printed and written to ``bench/RESULTS.md``."""

from __future__ import annotations

import math
import typing as t

from . import e2e
from .apps.variants import ASGI_PER_REQUEST, PAIRS, PER_REQUEST, TABLE_VARIANTS
from .asgi_endpoints import ASGI_ENDPOINTS
from .endpoints import ENDPOINTS


def table(headers: t.Sequence[str], rows: t.Iterable[t.Sequence[object]]) -> str:
    """A Markdown table; floats get a precision that fits their size."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---:" if i else "---" for i in range(len(headers))) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return (
            f"{value:,.0f}"
            if abs(value) >= 100
            else f"{value:.2f}"
            if abs(value) < 10
            else f"{value:.1f}"
        )
    return str(value)


def ratio(value: float, reference: float) -> float:
    return value / reference if reference else math.nan


def times(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}×"


def geomean(values: t.Iterable[float]) -> float:
    values = [v for v in values if v > 0 and not math.isnan(v)]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else math.nan


def per_request_section(data: dict[str, t.Any], reps: int) -> str:
    us = data["us"]
    rows = [[e.name, *(us[v][e.name] for v in PER_REQUEST)] for e in ENDPOINTS]
    rows.append(["RSS MiB (process)", *(data["rss_mib"][v] for v in PER_REQUEST)])
    ratios = [
        [
            e.name,
            *(times(ratio(us[a][e.name], us[b][e.name])) for a, b in PAIRS),
            times(ratio(us["flaskish"][e.name], us["django"][e.name])),
            times(ratio(us["django"][e.name], us["flask"][e.name])),
        ]
        for e in ENDPOINTS
    ]
    odd = [
        f"{v} {e.name}: {s}"
        for v in PER_REQUEST
        for e in ENDPOINTS
        if (s := data["status"][v][e.name]) != e.status
    ]
    text = (
        f"µs per request (in-process WSGI call, process CPU time; median of {reps} interleaved"
        " repetitions, each a fresh process whose endpoints take turns in 7 chunks):\n\n"
        + table(["endpoint", *PER_REQUEST], rows)
    )
    text += "\n\nRatios (lower is faster for the first named):\n\n" + table(
        [
            "endpoint",
            "flaskish / Flask",
            "mounted / Django",
            "mounted+mw / Django+mw",
            "flaskish / Django",
            "Django / Flask (ref)",
        ],
        ratios,
    )
    if odd:
        text += "\n\nUnexpected statuses: " + "; ".join(odd)
    return text


def tables_section(
    data: dict[str, dict[int, dict[str, t.Any]]], sizes: tuple[int, ...], rounds: int
) -> str:
    rows = []
    for variant in TABLE_VARIANTS:
        for size in sizes:
            r = data[variant][size]
            rows.append(
                [
                    variant,
                    f"{size:,}",
                    *(r["us"][p] for p in ("first", "middle", "last", "404")),
                    r["build_s"] * 1000,
                    r["rss_mib"],
                ]
            )
    growth_rows = [
        [v, *(times(scale(data, v, p, sizes)) for p in ("first", "middle", "last", "404"))]
        for v in TABLE_VARIANTS
    ]
    return (
        f"µs per request by rule position (CPU time, median of {rounds} interleaved rounds; build ="
        " app construction + first request, CPU ms):\n\n"
        + table(["variant", "rules", "first", "middle", "last", "404", "build ms", "RSS MiB"], rows)
        + f"\n\nGrowth from {sizes[0]:,} to {sizes[-1]:,} rules:\n\n"
        + table(["variant", "first", "middle", "last", "404"], growth_rows)
    )


def scale(
    data: dict[str, dict[int, dict[str, t.Any]]], variant: str, probe: str, sizes: tuple[int, ...]
) -> float:
    return ratio(data[variant][sizes[-1]]["us"][probe], data[variant][sizes[0]]["us"][probe])


def served_section(data: dict[str, dict[str, float]], rounds: int, seconds: float) -> str:
    rows = [
        [
            v,
            d["rps"],
            d["p50_ms"],
            d["p99_ms"],
            d["worker_rss_mib"],
            int(d["errors"]),
            times(ratio(d["rps"], data["flask"]["rps"])),
        ]
        for v, d in data.items()
    ]
    return (
        f"gunicorn, {e2e.WORKERS} sync workers on 127.0.0.1, GET /hello, {e2e.CONCURRENCY} connections,"
        f" {seconds:g} s × {rounds} interleaved rounds (medians), load by {e2e.generator()}:\n\n"
        + table(
            [
                "variant",
                "req/s",
                "p50 ms",
                "p99 ms",
                "RSS MiB / worker",
                "errors",
                "req/s vs Flask",
            ],
            rows,
        )
    )


#: (variant, reference) pairs of the ASGI section's ratio table, with their headings.
ASGI_PAIRS = (
    ("flaskish-async", "quart", "flaskish async / Quart"),
    ("flaskish-plain", "flaskish-async", "plain / async"),
    ("mounted-async", "django-async", "mounted async / Django async"),
    ("mounted-plain", "django-async", "mounted plain / Django async"),
    ("flaskish-async", "starlette", "flaskish async / Starlette (ref)"),
    ("quart", "starlette", "Quart / Starlette (ref)"),
    ("bare-asgi+hop", "bare-asgi", "bare+hop / bare (ref)"),
)


def asgi_per_request_section(data: dict[str, t.Any], reps: int) -> str:
    us = data["us"]
    rows = [[e.name, *(us[v][e.name] for v in ASGI_PER_REQUEST)] for e in ASGI_ENDPOINTS]
    rows.append(["RSS MiB (process)", *(data["rss_mib"][v] for v in ASGI_PER_REQUEST)])
    ratios = [
        [e.name, *(times(ratio(us[a][e.name], us[b][e.name])) for a, b, _ in ASGI_PAIRS)]
        for e in ASGI_ENDPOINTS
    ]
    odd = [
        f"{v} {e.name}: {s}"
        for v in ASGI_PER_REQUEST
        for e in ASGI_ENDPOINTS
        if (s := data["status"][v][e.name]) != e.status
    ]
    text = (
        "µs per request (the ASGI app called in-process with a scope, `receive` and `send` as"
        " uvicorn makes them, requests awaited one after another in one event loop; process CPU"
        f" time, threads included; median of {reps} interleaved repetitions, each a fresh"
        " process whose endpoints take turns in 7 chunks). flaskish-async / flaskish-plain:"
        " a standalone app's `app.asgi_app` with `async def` / plain views; quart, starlette:"
        " the same endpoints, `async def`; django-async: native `async def` views under"
        " Django's `ASGIHandler`, no middleware; mounted-async / mounted-plain: the flaskish"
        " app (`async def` / plain views) mounted at the root of that Django site"
        " (`django_bridge.mount`) under the same handler; bare-asgi: the endpoints written"
        " against ASGI with no framework (the harness's own cost), bare-asgi+hop: the same with"
        " each response made in a one-thread executor (`loop.run_in_executor`), the floor of one"
        " hop to a thread, which a plain view needs:\n\n"
        + table(["endpoint", *ASGI_PER_REQUEST], rows)
    )
    text += "\n\nRatios (lower is faster for the first named):\n\n" + table(
        ["endpoint", *(heading for _, _, heading in ASGI_PAIRS)], ratios
    )
    if odd:
        text += "\n\nUnexpected statuses: " + "; ".join(odd)
    return text


def asgi_served_section(data: dict[str, dict[str, float]], rounds: int, seconds: float) -> str:
    rows = [
        [
            v,
            d["rps"],
            d["p50_ms"],
            d["p99_ms"],
            d["worker_rss_mib"],
            int(d["errors"]),
            d["cpu_us"],
            times(ratio(d["rps"], data["quart"]["rps"])),
            times(ratio(data["quart"]["cpu_us"], d["cpu_us"])),
        ]
        for v, d in data.items()
    ]
    return (
        f"uvicorn, 1 worker on 127.0.0.1 (`{' '.join(e2e.UVICORN)}`), GET /hello,"
        f" {e2e.ASGI_CONCURRENCY} keep-alive connections, {seconds:g} s × {rounds} interleaved"
        f" rounds (medians), load by {e2e.generator()}. Server CPU µs/request: the uvicorn"
        " process's user + system CPU time over the load, per request served (what the server"
        " spends, unlike req/s unmoved by other processes on the machine); its inverse, relative"
        " to Quart's, is the last column:\n\n"
        + table(
            [
                "variant",
                "req/s",
                "p50 ms",
                "p99 ms",
                "RSS MiB",
                "errors",
                "server CPU µs/req",
                "req/s vs Quart",
                "req/CPU-s vs Quart",
            ],
            rows,
        )
    )


def asgi_profile_section(data: dict[str, dict[str, t.Any]]) -> str:
    """The profiles, with the threads the request's plain code hops to included."""
    clock = next(iter(data.values())).get("clock", "")
    how = (
        "one profiler per thread (the event loop's and each thread started during the run),"
        " merged; each counts its own thread's CPU time (`time.thread_time`). Read the Python"
        " functions: the C calls during which a thread gives up the GIL (`SimpleQueue.get`,"
        " `socket.send` to wake the loop) read far above their cost here (ms per call, where"
        " the per-request table bounds the whole request; presumably waits to re-take the GIL)"
        if clock.startswith("CPU")
        else "one profiler seeing every thread (Python 3.12's `sys.monitoring`), counting wall"
        " time: the waits of the loop's selector and of the idle thread's queue are included"
    )
    return f"In-process ASGI requests under cProfile, {how}.\n\n" + profile_section(data)


def growth_section(data: dict[str, dict[str, t.Any]]) -> str:
    rows = []
    for variant, d in data.items():
        points = d["points"]
        rss = [p["rss_mib"] for p in points]
        objects = points[-1]["objects"] - points[0]["objects"]
        rows.append(
            [variant, f"{d['requests']:,}", *rss, rss[-1] - rss[0], late_growth(d), objects]
        )
    quarters = [f"after {q}/4" for q in range(1, 5)]
    headers = ["variant", "requests", "warm", *quarters, "growth", "in last half", "live objects Δ"]
    return (
        "RSS (MiB) of one process over mixed requests (all endpoints in turn), after 10,000 to"
        " warm up; a leak grows in every quarter, allocator arenas filling up level off:\n\n"
        + table(headers, rows)
    )


def late_growth(data: dict[str, t.Any]) -> float:
    """RSS growth (MiB) over the second half of the requests."""
    points = data["points"]
    return float(points[-1]["rss_mib"] - points[len(points) // 2]["rss_mib"])


def profile_section(data: dict[str, dict[str, t.Any]]) -> str:
    parts = []
    for name, d in data.items():
        shares = ", ".join(
            f"{pkg} {sec / d['total_s'] * 100:.0f}%" for pkg, sec in d["by_package"].items()
        )
        parts.append(
            f"### {name}\n\ncProfile of {d['calls']:,} requests (profiler overhead inflates the absolute"
            f" times); own time by package: {shares}.\n\n```\n{d['table']}\n```"
        )
    return "\n\n".join(parts)


def cold_section(data: dict[str, dict[str, dict[str, float]]], reps: int) -> str:
    """Cold start: CPU and peak memory of fresh processes, against Flask's."""
    from .coldstart import REFERENCE

    parts = []
    for scenario, by_variant in data.items():
        reference = by_variant[REFERENCE]
        rows = [
            [
                variant,
                d["cpu_s"] * 1000,
                d.get("sys_s", math.nan) * 1000,
                d["peak_mib"],
                times(ratio(d["cpu_s"], reference["cpu_s"])),
                f"{d['peak_mib'] - reference['peak_mib']:+.1f}",
            ]
            for variant, d in by_variant.items()
        ]
        parts.append(
            f"**{scenario}**\n\n"
            + table(
                ["variant", "CPU ms", "of which sys", "peak MiB", "CPU vs Flask", "MiB vs Flask"],
                rows,
            )
        )
    return (
        "Fresh processes (`python -c`), each its own: CPU = the child's user + system time"
        " (`os.wait4`), peak = its `VmHWM`; medians of"
        f" {reps} interleaved repetitions. *first request*: import the framework, build the"
        " benchmark app, `GET /hello` through its test client (django, flaskish-mounted:"
        " `django.setup()` and Django's test `Client` on the bench site; python: the"
        " interpreter and the harness's prelude alone; django-http: Django configured as"
        " flaskish's embedded configuration, with `django.http` and the WSGI handler imported,"
        " the part of Django a standalone request needs); *routes*: `flaskish routes` / `flask"
        " routes` on a 100-rule app, as the console script runs it:\n\n" + "\n\n".join(parts)
    )
