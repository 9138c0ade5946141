"""The goals of issue 7 (and of issue 12's ASGI item, issue 15's cold start), checked
against the measurements, and the summary line of ratios."""

from __future__ import annotations

import typing as t

from .asgi_endpoints import ASGI_ENDPOINTS
from .endpoints import ENDPOINTS
from .report import geomean, late_growth, ratio, scale, times


class Verdict(t.NamedTuple):
    goal: str
    met: bool
    detail: str

    def line(self) -> str:
        return f"- {'MET' if self.met else 'NOT MET'} — {self.goal}: {self.detail}"


def verdict(
    goal: str, ratios: t.Mapping[str, float], limit: float, *, at_least: bool = False
) -> Verdict:
    """Whether every ratio is within ``limit`` (or at least it); names the worst."""
    if not ratios:
        return Verdict(goal, False, "not measured")
    pick = min if at_least else max
    worst = pick(ratios, key=lambda k: ratios[k])
    met = all((r >= limit) if at_least else (r <= limit) for r in ratios.values())
    failing = [k for k, r in ratios.items() if not ((r >= limit) if at_least else (r <= limit))]
    detail = f"worst {worst} {times(ratios[worst])} (limit {limit:g}×)"
    if failing:
        detail += f"; outside the limit: {', '.join(failing)}"
    return Verdict(goal, met, detail)


def verdicts(
    req: dict[str, t.Any],
    tables: dict[str, t.Any],
    sizes: tuple[int, ...],
    serve: dict[str, t.Any],
    grow: dict[str, t.Any],
) -> list[Verdict]:
    us = req["us"]
    names = [e.name for e in ENDPOINTS]
    result = [
        verdict(
            "standalone flaskish ≤ 0.8× Flask on every endpoint",
            {n: ratio(us["flaskish"][n], us["flask"][n]) for n in names},
            0.8,
        ),
        verdict(
            "mounted flaskish ≤ 1.1× native Django, no middleware",
            {n: ratio(us["flaskish-mounted"][n], us["django"][n]) for n in names},
            1.1,
        ),
        verdict(
            "mounted flaskish ≤ 1.1× native Django, default middleware",
            {n: ratio(us["flaskish-mounted+mw"][n], us["django+mw"][n]) for n in names},
            1.1,
        ),
        verdict(
            "under gunicorn standalone flaskish ≥ Flask requests/s",
            {"flaskish": ratio(serve["flaskish"]["rps"], serve["flask"]["rps"])},
            1.0,
            at_least=True,
        ),
        verdict(
            f"matching cost grows ≤ 1.2× from {sizes[0]:,} to {sizes[-1]:,} rules (last rule and 404)",
            {
                f"{v} {p}": scale(tables, v, p, sizes)
                for v in ("flaskish", "flaskish-mounted")
                for p in ("last", "404")
            },
            1.2,
        ),
    ]
    build = {v: tables[v][sizes[-1]]["build_s"] for v in ("flaskish", "flaskish-mounted")}
    result.append(
        Verdict(
            f"building a {sizes[-1]:,}-rule app < 1 s",
            all(s < 1 for s in build.values()),
            ", ".join(f"{v} {s:.2f} s" for v, s in build.items()),
        )
    )
    for variant in ("flaskish", "flaskish-mounted"):
        extra = serve[variant]["worker_rss_mib"] - serve["django"]["worker_rss_mib"]
        result.append(
            Verdict(
                f"RSS per worker ≤ native Django's + 5 MiB ({variant})",
                extra <= 5,
                f"{extra:+.1f} MiB ({serve[variant]['worker_rss_mib']:.1f} vs"
                f" {serve['django']['worker_rss_mib']:.1f} MiB)",
            )
        )
    grown = {v: late_growth(grow[v]) for v in grow if v.startswith("flaskish")}
    result.append(
        Verdict(
            "no per-request growth (RSS ≤ +0.5 MiB over the second half of the requests)",
            all(g <= 0.5 for g in grown.values()),
            ", ".join(f"{v} {g:+.2f} MiB" for v, g in grown.items()),
        )
    )
    return result


def summary(
    req: dict[str, t.Any], tables: dict[str, t.Any], sizes: tuple[int, ...], serve: dict[str, t.Any]
) -> str:
    us = req["us"]

    def gm(a: str, b: str) -> str:
        ratios = {e.name: ratio(us[a][e.name], us[b][e.name]) for e in ENDPOINTS}
        worst = max(ratios, key=lambda n: ratios[n])
        return f"{times(geomean(ratios.values()))} (worst {worst} {times(ratios[worst])})"

    return (
        f"flaskish/Flask {gm('flaskish', 'flask')}; mounted/Django {gm('flaskish-mounted', 'django')};"
        f" mounted+mw/Django+mw {gm('flaskish-mounted+mw', 'django+mw')} (geometric means over endpoints);"
        f" last rule {sizes[0]:,}→{sizes[-1]:,}: flaskish {times(scale(tables, 'flaskish', 'last', sizes))},"
        f" mounted {times(scale(tables, 'flaskish-mounted', 'last', sizes))}, Flask {times(scale(tables, 'flask', 'last', sizes))},"
        f" Django {times(scale(tables, 'django', 'last', sizes))};"
        f" gunicorn req/s vs Flask: flaskish {times(ratio(serve['flaskish']['rps'], serve['flask']['rps']))},"
        f" Django {times(ratio(serve['django']['rps'], serve['flask']['rps']))}"
    )


#: The endpoints issue 12 compares with Quart.
QUART_ENDPOINTS = ("hello", "json")


def asgi_verdicts(req: dict[str, t.Any], serve: dict[str, t.Any]) -> list[Verdict]:
    """Issue 12, item 3: flaskish's ASGI path against Quart and native Django async views."""
    us = req["us"]
    names = [e.name for e in ASGI_ENDPOINTS]
    return [
        verdict(
            "flaskish async views ≤ 0.67× Quart's CPU µs (hello, JSON)",
            {n: ratio(us["flaskish-async"][n], us["quart"][n]) for n in QUART_ENDPOINTS},
            0.67,
        ),
        verdict(
            "flaskish async views ≥ 1.5× Quart's req/s under uvicorn",
            {"hello": ratio(serve["flaskish-async"]["rps"], serve["quart"]["rps"])},
            1.5,
            at_least=True,
        ),
        verdict(
            "flaskish plain views ≤ 1.3× flaskish async views",
            {n: ratio(us["flaskish-plain"][n], us["flaskish-async"][n]) for n in names},
            1.3,
        ),
        verdict(
            "mounted (async views) under Django's ASGI handler ≤ 1.1× a native Django async view",
            {n: ratio(us["mounted-async"][n], us["django-async"][n]) for n in names},
            1.1,
        ),
    ]


def asgi_summary(req: dict[str, t.Any], serve: dict[str, t.Any]) -> str:
    us = req["us"]
    names = [e.name for e in ASGI_ENDPOINTS]

    def gm(a: str, b: str, endpoints: t.Sequence[str] = names) -> str:
        return times(geomean(ratio(us[a][n], us[b][n]) for n in endpoints))

    def rps(a: str) -> str:
        return times(ratio(serve[a]["rps"], serve["quart"]["rps"]))

    return (
        f"ASGI: flaskish async/Quart {gm('flaskish-async', 'quart', QUART_ENDPOINTS)} (hello, JSON),"
        f" plain/async {gm('flaskish-plain', 'flaskish-async')},"
        f" mounted async/Django async {gm('mounted-async', 'django-async')};"
        f" uvicorn req/s vs Quart: flaskish async {rps('flaskish-async')},"
        f" plain {rps('flaskish-plain')}, Django async {rps('django-async')}"
    )


def cold_verdicts(cold: dict[str, t.Any], serve: dict[str, t.Any]) -> list[Verdict]:
    """Issue 15, item 4: cold start against Flask, worker memory against Flask and Django."""
    first, routes = cold["first request"], cold["routes"]
    result = [
        verdict(
            "cold start (import, build the app, first request through the test client)"
            " ≤ 1.2× Flask's CPU",
            {"flaskish": ratio(first["flaskish"]["cpu_s"], first["flask"]["cpu_s"])},
            1.2,
        ),
        verdict(
            "`flaskish routes` on a 100-rule app ≤ 1.2× `flask routes` CPU",
            {"flaskish": ratio(routes["flaskish"]["cpu_s"], routes["flask"]["cpu_s"])},
            1.2,
        ),
    ]
    for variant, reference, limit in (("flaskish", "flask", 10), ("flaskish-mounted", "django", 3)):
        extra = serve[variant]["worker_rss_mib"] - serve[reference]["worker_rss_mib"]
        result.append(
            Verdict(
                f"RSS per gunicorn worker ≤ {reference}'s + {limit} MiB ({variant})",
                extra <= limit,
                f"{extra:+.1f} MiB ({serve[variant]['worker_rss_mib']:.1f} vs"
                f" {serve[reference]['worker_rss_mib']:.1f} MiB)",
            )
        )
    return result


def cold_summary(cold: dict[str, t.Any]) -> str:
    first, routes = cold["first request"], cold["routes"]
    return (
        "cold start CPU vs Flask: first request flaskish"
        f" {times(ratio(first['flaskish']['cpu_s'], first['flask']['cpu_s']))},"
        f" Django {times(ratio(first['django']['cpu_s'], first['flask']['cpu_s']))};"
        f" routes {times(ratio(routes['flaskish']['cpu_s'], routes['flask']['cpu_s']))};"
        f" peak MiB flaskish {first['flaskish']['peak_mib']:.1f} vs Flask"
        f" {first['flask']['peak_mib']:.1f}"
    )


def cold_ratios(cold: dict[str, t.Any]) -> dict[str, float]:
    """The cold-start ratios RESULTS.md puts side by side."""
    first, routes = cold["first request"], cold["routes"]
    return {
        "cold start CPU, flaskish / Flask": ratio(
            first["flaskish"]["cpu_s"], first["flask"]["cpu_s"]
        ),
        "cold start CPU, mounted / Django": ratio(
            first["flaskish-mounted"]["cpu_s"], first["django"]["cpu_s"]
        ),
        "cold start CPU, routes flaskish / Flask": ratio(
            routes["flaskish"]["cpu_s"], routes["flask"]["cpu_s"]
        ),
        "cold start peak RSS, flaskish / Flask": ratio(
            first["flaskish"]["peak_mib"], first["flask"]["peak_mib"]
        ),
    }


def key_ratios(
    req: dict[str, t.Any],
    serve: dict[str, t.Any],
    asgi_req: dict[str, t.Any],
    asgi_serve: dict[str, t.Any],
    cold: dict[str, t.Any] | None = None,
) -> dict[str, float]:
    """The ratios RESULTS.md puts side by side for every line, by name."""
    found: dict[str, float] = cold_ratios(cold) if cold else {}
    for a, b, label in (
        ("flaskish", "flask", "flaskish / Flask"),
        ("flaskish-mounted", "django", "mounted / Django"),
        ("flaskish-mounted+mw", "django+mw", "mounted+mw / Django+mw"),
    ):
        for e in ENDPOINTS:
            found[f"{label}, {e.name}"] = ratio(req["us"][a][e.name], req["us"][b][e.name])
    found["gunicorn req/s, flaskish / Flask"] = ratio(
        serve["flaskish"]["rps"], serve["flask"]["rps"]
    )
    found["gunicorn req/s, mounted / Django"] = ratio(
        serve["flaskish-mounted"]["rps"], serve["django"]["rps"]
    )
    us = asgi_req["us"]
    for a, b, label, endpoints in (
        ("flaskish-async", "quart", "ASGI flaskish async / Quart", QUART_ENDPOINTS),
        ("flaskish-plain", "flaskish-async", "ASGI plain / async", QUART_ENDPOINTS),
        (
            "mounted-async",
            "django-async",
            "ASGI mounted async / Django async",
            ("hello", "json", "404"),
        ),
    ):
        for n in endpoints:
            found[f"{label}, {n}"] = ratio(us[a][n], us[b][n])
    found["uvicorn req/s, flaskish async / Quart"] = ratio(
        asgi_serve["flaskish-async"]["rps"], asgi_serve["quart"]["rps"]
    )
    found["uvicorn server CPU/req, flaskish async / Quart"] = ratio(
        asgi_serve["flaskish-async"]["cpu_us"], asgi_serve["quart"]["cpu_us"]
    )
    return found
