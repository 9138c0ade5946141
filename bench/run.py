"""The benchmark orchestrator (``make bench``): runs every measurement, prints and records them.

Each measurement runs in a fresh process (:mod:`bench.worker`) because Django's
settings are process-global; repetitions alternate the variants (A, B, C, ...,
A, B, C, ...) and the tables show medians.  The results go to stdout and, per
line (interpreter and Django series), to ``bench/results/`` and ``bench/RESULTS.md``
(:mod:`bench.record`); notes written below the marker line there are kept.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import typing as t
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata

from . import coldstart, e2e, goals, record, report
from .apps.variants import (
    ASGI_PER_REQUEST,
    ASGI_SERVED,
    GROWTH,
    PER_REQUEST,
    SERVED,
    TABLE_VARIANTS,
    find,
)
from .asgi_endpoints import ASGI_ENDPOINTS
from .endpoints import ENDPOINTS
from .timing import median

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGES = ("flaskish", "django_bridge", "bench")

PROFILED = (("flaskish", "hello"), ("flaskish-mounted", "hello"))
#: In-process ASGI profiles (the threads the app hands work to included).
ASGI_PROFILED = (
    ("flaskish-async", "hello"),
    ("flaskish-plain", "hello"),
    ("mounted-async", "hello"),
)


#: A measurement process that takes longer is stuck: the run stops with an error.
WORKER_TIMEOUT_S = 900


class Options(t.NamedTuple):
    reps: int
    sizes: tuple[int, ...]
    table_rounds: int
    serve_rounds: int
    serve_seconds: float
    growth_requests: int
    budget_s: float
    write: bool
    #: Run only the ASGI section (``--asgi-only``).
    asgi_only: bool = False
    #: Run only the cold-start section (``--cold-only``).
    cold_only: bool = False
    #: Repetitions of each cold start (fresh processes, interleaved).
    cold_reps: int = 11
    #: Where the measured code lives: a copy of the working tree taken when the run starts.
    tree: str = ROOT


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def worker(
    kind: str, variant: str, *args: object, tree: str, budget_s: float, **env: str
) -> dict[str, t.Any]:
    """Run one :mod:`bench.worker` measurement in a fresh process; its JSON result."""
    environment = find(variant).environment(BENCH_BUDGET_S=str(budget_s), **env)
    done = subprocess.run(
        [sys.executable, "-m", "bench.worker", kind, variant, *map(str, args)],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=WORKER_TIMEOUT_S,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.worker {kind} {variant} {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# -- measurements ------------------------------------------------------------------------


def per_request(opts: Options) -> dict[str, t.Any]:
    """Median µs per endpoint and variant over ``reps`` interleaved repetitions."""
    runs: dict[str, list[dict[str, t.Any]]] = {v: [] for v in PER_REQUEST}
    for rep in range(opts.reps):
        order = PER_REQUEST[rep % len(PER_REQUEST) :] + PER_REQUEST[: rep % len(PER_REQUEST)]
        for variant in order:
            log(f"  per-request: repetition {rep + 1}/{opts.reps}, {variant}")
            runs[variant].append(
                worker("requests", variant, tree=opts.tree, budget_s=opts.budget_s)
            )
    us = {
        v: {e.name: median(r["us"][e.name] for r in runs[v]) for e in ENDPOINTS}
        for v in PER_REQUEST
    }
    status = {v: runs[v][0]["status"] for v in PER_REQUEST}
    rss = {v: median(r["rss_mib"] for r in runs[v]) for v in PER_REQUEST}
    return {"us": us, "status": status, "rss_mib": rss}


def route_tables(opts: Options) -> dict[str, dict[int, dict[str, t.Any]]]:
    """Per variant and size: build time, µs per probe and RSS, medians over interleaved rounds."""
    runs: dict[tuple[str, int], list[dict[str, t.Any]]] = {}
    for number in range(opts.table_rounds):
        for size in opts.sizes:
            for variant in TABLE_VARIANTS:
                log(
                    f"  route table: round {number + 1}/{opts.table_rounds}, {size} rules, {variant}"
                )
                site = find(variant).site
                env = {"BENCH_SITE": f"{site}-table", "BENCH_RULES": str(size)} if site else {}
                raw = worker(
                    "table", variant, size, tree=opts.tree, budget_s=opts.budget_s * 2, **env
                )
                runs.setdefault((variant, size), []).append(raw)
    results: dict[str, dict[int, dict[str, t.Any]]] = {v: {} for v in TABLE_VARIANTS}
    for (variant, size), rounds in runs.items():
        probes = rounds[0]["us"]
        results[variant][size] = {
            "us": {p: median(r["us"][p] for r in rounds) for p in probes},
            "build_s": median(r["build_s"] for r in rounds),
            "rss_mib": median(r["rss_mib"] for r in rounds),
        }
    return results


def served(opts: Options) -> dict[str, dict[str, float]]:
    """Requests/s, p50/p99 and worker RSS under gunicorn; medians over interleaved rounds."""
    rounds: dict[str, list[e2e.ServeResult]] = {v: [] for v in SERVED}
    for number in range(opts.serve_rounds):
        for variant in SERVED:
            log(f"  gunicorn: round {number + 1}/{opts.serve_rounds}, {variant}")
            rounds[variant].append(
                e2e.serve_and_load(variant, "/hello", opts.serve_seconds, opts.tree)
            )
    return _served_medians(rounds)


def asgi_per_request(opts: Options) -> dict[str, t.Any]:
    """Median µs per in-process ASGI request, per endpoint and variant, interleaved repetitions."""
    runs: dict[str, list[dict[str, t.Any]]] = {v: [] for v in ASGI_PER_REQUEST}
    variants = ASGI_PER_REQUEST
    for rep in range(opts.reps):
        order = variants[rep % len(variants) :] + variants[: rep % len(variants)]
        for variant in order:
            log(f"  ASGI in-process: repetition {rep + 1}/{opts.reps}, {variant}")
            runs[variant].append(worker("asgi", variant, tree=opts.tree, budget_s=opts.budget_s))
    us = {
        v: {e.name: median(r["us"][e.name] for r in runs[v]) for e in ASGI_ENDPOINTS}
        for v in variants
    }
    status = {v: runs[v][0]["status"] for v in variants}
    rss = {v: median(r["rss_mib"] for r in runs[v]) for v in variants}
    return {"us": us, "status": status, "rss_mib": rss}


def asgi_served(opts: Options) -> dict[str, dict[str, float]]:
    """Requests/s, p50/p99 and RSS under uvicorn (1 worker); medians over interleaved rounds."""
    rounds: dict[str, list[e2e.ServeResult]] = {v: [] for v in ASGI_SERVED}
    for number in range(opts.serve_rounds):
        for variant in ASGI_SERVED:
            log(f"  uvicorn: round {number + 1}/{opts.serve_rounds}, {variant}")
            rounds[variant].append(
                e2e.serve_asgi_and_load(variant, "/hello", opts.serve_seconds, opts.tree)
            )
    return _served_medians(rounds)


def _served_medians(rounds: dict[str, list[e2e.ServeResult]]) -> dict[str, dict[str, float]]:
    return {
        v: {
            "rps": median(r.rps for r in rs),
            "p50_ms": median(r.p50_ms for r in rs),
            "p99_ms": median(r.p99_ms for r in rs),
            "errors": float(sum(r.errors for r in rs)),
            "worker_rss_mib": median(max(r.worker_rss_mib, default=0.0) for r in rs),
            "cpu_us": median(r.cpu_us for r in rs),
        }
        for v, rs in rounds.items()
    }


def cold(opts: Options) -> dict[str, t.Any]:
    """Cold start: fresh processes per variant, medians over interleaved repetitions."""
    return coldstart.measure(opts.tree, opts.cold_reps, log)


def asgi_profiles(opts: Options) -> dict[str, dict[str, t.Any]]:
    results = {}
    for variant, endpoint in ASGI_PROFILED:
        log(f"  ASGI profile: {variant} {endpoint}")
        results[f"{variant} {endpoint}"] = worker(
            "asgi-profile", variant, endpoint, tree=opts.tree, budget_s=opts.budget_s
        )
    return results


def growth(opts: Options) -> dict[str, dict[str, t.Any]]:
    """RSS and live objects before and after ``growth_requests``; not timed, so run side by side."""
    log(f"  memory growth: {opts.growth_requests:,} requests each, {', '.join(GROWTH)}")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {
            v: pool.submit(
                worker, "memory", v, opts.growth_requests, tree=opts.tree, budget_s=opts.budget_s
            )
            for v in GROWTH
        }
        return {v: future.result() for v, future in futures.items()}


def profiles(opts: Options) -> dict[str, dict[str, t.Any]]:
    results = {}
    for variant, endpoint in PROFILED:
        log(f"  profile: {variant} {endpoint}")
        results[f"{variant} {endpoint}"] = worker(
            "profile", variant, endpoint, tree=opts.tree, budget_s=opts.budget_s
        )
    return results


# -- the record ---------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """Date, machine, versions and the state of the tree, for the record."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    versions = ", ".join(
        f"{name} {_version(name)}" for name in ("Django", "Flask", "Werkzeug", "Jinja2", "gunicorn")
    )
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    commit = f"{commit or 'unknown commit'} (source digest {source_digest(ROOT)})"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPUs (nproc), {cpu}, {platform.system()} {platform.release()}",
        "python": f"Python {platform.python_version()}; {versions}",
        "flaskish": f"flaskish at {commit}",
        "load": "load average {:.2f} {:.2f} {:.2f} at start".format(*os.getloadavg()),
    }


def snapshot() -> str:
    """Copy the measured packages to a temporary folder, so others' edits during a run
    (a shared working tree) cannot mix versions into one set of numbers."""
    tree = tempfile.mkdtemp(prefix="flaskish-bench-")
    ignore = shutil.ignore_patterns("__pycache__", "RESULTS.md", "results")
    for package in PACKAGES:
        shutil.copytree(os.path.join(ROOT, package), os.path.join(tree, package), ignore=ignore)
    return tree


def source_digest(tree: str) -> str:
    """A digest of the flaskish and django_bridge sources in ``tree``."""
    digest = hashlib.sha1()
    for package in ("flaskish", "django_bridge"):
        for folder, _dirs, files in sorted(os.walk(os.path.join(tree, package))):
            for name in sorted(f for f in files if f.endswith(".py")):
                with open(os.path.join(folder, name), "rb") as source:
                    digest.update(source.read())
    return digest.hexdigest()[:10]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def options() -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="a fast smoke run (1 repetition, small tables)"
    )
    parser.add_argument("--reps", type=int, default=5, help="interleaved repetitions (default 5)")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite bench/RESULTS.md")
    parser.add_argument(
        "--asgi-only", action="store_true", help="only the ASGI section (never writes RESULTS.md)"
    )
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="only the cold-start section and the worker RSS it is judged with, from one"
        " short gunicorn round (never writes RESULTS.md)",
    )
    args = parser.parse_args()
    only = {"asgi_only": args.asgi_only, "cold_only": args.cold_only}
    if args.quick:
        return Options(
            reps=1, sizes=(10, 100), table_rounds=1, serve_rounds=1, serve_seconds=1.0,
            growth_requests=5_000, budget_s=0.05, write=False, cold_reps=3, **only,
        )  # fmt: skip
    return Options(
        reps=args.reps, sizes=(10, 100, 1_000, 10_000), table_rounds=3, serve_rounds=3,
        serve_seconds=3.0, growth_requests=100_000, budget_s=0.25,
        write=not (args.no_write or args.asgi_only or args.cold_only), **only,
    )  # fmt: skip


def main() -> None:
    opts = options()
    tree = snapshot()
    # Installed packages (Flask, Django) come with their bytecode; so does the copy, or every
    # section before the cold start would charge flaskish for compiling its sources.
    coldstart.warm_bytecode(tree)
    try:
        measure_and_record(opts._replace(tree=tree))
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def measure_and_record(opts: Options) -> None:
    """Every measurement in turn; print each table as it is done, then write RESULTS.md."""
    started = time.monotonic()
    info = machine()
    print("\n".join(info.values()), flush=True)
    sections: list[tuple[str, str]] = []

    def section(title: str, body: str) -> None:
        sections.append((title, body))
        print(f"\n## {title}\n\n{body}", flush=True)

    if opts.asgi_only:
        *_, asgi_line = asgi_sections(opts, section)
        print(f"\nSUMMARY (ASGI only): {asgi_line}")
        return
    if opts.cold_only:
        log("gunicorn (worker RSS only: one short round)")
        serve = served(opts._replace(serve_rounds=1, serve_seconds=1.0))
        cold_line = cold_sections(opts, serve, section)[1]
        print(f"\nSUMMARY (cold start only): {cold_line}")
        return
    log("Per-request timings")
    req = per_request(opts)
    section("Per request, in-process", report.per_request_section(req, opts.reps))
    log("Route-table scaling")
    tabs = route_tables(opts)
    section("Route-table scaling", report.tables_section(tabs, opts.sizes, opts.table_rounds))
    log("gunicorn")
    serve = served(opts)
    section(
        "End to end under gunicorn",
        report.served_section(serve, opts.serve_rounds, opts.serve_seconds),
    )
    cold_data, cold_line = cold_sections(opts, serve, section)
    asgi_req, asgi_serve, asgi_line = asgi_sections(opts, section)
    log("Memory growth")
    grow = growth(opts)
    section(
        "Memory",
        report.growth_section(grow)
        + "\n\nRSS of a whole process serving the app: the last row of the per-request table and the worker column above.",
    )
    log("Profiles")
    prof = profiles(opts)
    section("Profile of the flaskish hot path", report.profile_section(prof))
    verdicts = goals.verdicts(req, tabs, opts.sizes, serve, grow)
    section("Goals of issue 7", "\n".join(v.line() for v in verdicts))
    line = f"{goals.summary(req, tabs, opts.sizes, serve)}; {asgi_line}; {cold_line}"
    elapsed = time.monotonic() - started
    key, label = record.this_line()
    print(f"\nSUMMARY ({label}): {line}")
    print(f"(ran in {elapsed:.0f} s; load average now {os.getloadavg()[0]:.2f})")
    info["ran"] = f"in {elapsed:.0f} s; load average {os.getloadavg()[0]:.2f} at the end"
    if source_digest(ROOT) not in info["flaskish"]:
        info["flaskish"] += (
            " (the working tree changed during the run; measured: the copy taken at its start)"
        )
    if opts.write:
        record.save(
            {
                "key": key,
                "label": label,
                "info": info,
                "summary": line,
                "sections": sections,
                "ratios": goals.key_ratios(req, serve, asgi_req, asgi_serve, cold_data),
            }
        )


def cold_sections(
    opts: Options, serve: dict[str, t.Any], section: t.Callable[[str, str], None]
) -> tuple[dict[str, t.Any], str]:
    """The cold-start section and the goals of issue 15 item 4 (judged with the gunicorn
    workers' RSS): its results and its part of the summary line."""
    log("Cold start")
    data = cold(opts)
    section("Cold start", report.cold_section(data, opts.cold_reps))
    section(
        "Goals of issue 15 (cold start and memory, item 4)",
        "\n".join(v.line() for v in goals.cold_verdicts(data, serve)),
    )
    return data, goals.cold_summary(data)


def asgi_sections(
    opts: Options, section: t.Callable[[str, str], None]
) -> tuple[dict[str, t.Any], dict[str, t.Any], str]:
    """The ASGI section (in-process, uvicorn, goals of issue 12, profiles): its in-process
    and uvicorn results and its part of the summary line."""
    log("ASGI in-process")
    asgi_req = asgi_per_request(opts)
    section("ASGI per request, in-process", report.asgi_per_request_section(asgi_req, opts.reps))
    log("uvicorn")
    asgi_serve = asgi_served(opts)
    section(
        "ASGI end to end under uvicorn",
        report.asgi_served_section(asgi_serve, opts.serve_rounds, opts.serve_seconds),
    )
    section(
        "Goals of issue 12 (ASGI, item 3)",
        "\n".join(v.line() for v in goals.asgi_verdicts(asgi_req, asgi_serve)),
    )
    log("ASGI profiles")
    section("Profile of the flaskish ASGI path", report.asgi_profile_section(asgi_profiles(opts)))
    return asgi_req, asgi_serve, goals.asgi_summary(asgi_req, asgi_serve)


if __name__ == "__main__":
    main()
