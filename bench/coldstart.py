"""Cold start: what a fresh process spends before it has answered once (issue #15 item 4).

Each measurement is a new interpreter (``python -c``) that imports a framework,
builds the benchmark app and answers its first request through that
framework's test client, or runs ``flaskish routes`` / ``flask routes`` on a
100-rule app.  The parent reads the child's own CPU time (user + system) and
peak RSS from :func:`os.wait4`, so the parent's work is never counted.
Variants take turns (A, B, C, ..., A, B, C, ...) and the tables show medians.

Every child reports its peak memory at exit; all but Flask and Quart hide Flask
and werkzeug (as :mod:`bench.apps.isolation` does), as production flaskish has neither.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import typing as t

from .apps.variants import find
from .timing import median

#: A child that takes longer is stuck: the run stops with an error.
CHILD_TIMEOUT_S = 120

#: At exit, the child reports its peak RSS (``VmHWM``, its own since ``exec``: the
#: ``ru_maxrss`` of :func:`os.wait4` also counts the parent's memory it was forked from).
PEAK_MARKER = "BENCH_PEAK_KIB"
_PEAK = """\
import atexit, os
def _report_peak():
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    os.write(1, ("\\nMARKER " + kib + "\\n").encode())
atexit.register(_report_peak)
""".replace("MARKER", PEAK_MARKER)
#: Flask and werkzeug hidden as :mod:`bench.apps.isolation` hides them, by a finder written
#: out here: importing that module (``importlib.abc`` brings ``importlib.resources``, ~20
#: ms) would add the same cost to every variant and pull their ratios towards 1.
_HIDE = (
    _PEAK
    + """\
import sys
class _Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".", 1)[0] in ("flask", "werkzeug"):
            raise ModuleNotFoundError(f"No module named {name!r} (hidden by the benchmark)")
sys.meta_path.insert(0, _Hide())
"""
)
_KEEP = _PEAK

_FLASKLIKE = """\
import {module} as fl
from bench.apps import flasklike
response = flasklike.create_app(fl).test_client().get("/hello")
assert response.status_code == 200, response.status_code
"""

_DJANGO = """\
import django
django.setup(set_prefix=False)
from django.test import Client
response = Client(SERVER_NAME="127.0.0.1").get("/hello")
assert response.status_code == 200, response.status_code
"""

_QUART = """\
import asyncio
from bench.apps.asgi_apps import create_quart
response = asyncio.run(create_quart().test_client().get("/hello"))
assert response.status_code == 200, response.status_code
"""

#: Django's HTTP layer alone, on the embedded configuration: what a standalone flaskish
#: request needs of Django (``HttpRequest``/``HttpResponse``, ``WSGIRequest``), nothing more.
_DJANGO_HTTP = """\
from django.conf import settings
settings.configure(INSTALLED_APPS=[], DATABASES={}, USE_I18N=False, LOGGING_CONFIG=None)
import django
django.setup(set_prefix=False)
import django.http, django.core.handlers.wsgi
"""

#: The first scenario: (variant, prelude + code). Django sites read the variant's settings.
FIRST_REQUEST: dict[str, str] = {
    "python": _KEEP,
    "django-http": _HIDE + _DJANGO_HTTP,
    "flask": _KEEP + _FLASKLIKE.format(module="flask"),
    "flaskish": _HIDE + _FLASKLIKE.format(module="flaskish"),
    "quart": _KEEP + _QUART,
    "django": _HIDE + _DJANGO,
    "flaskish-mounted": _HIDE + _DJANGO,
}

#: The CLI's app: ``BENCH_FRAMEWORK`` names the module, 100 parametrized rules.
_CLI = """\
import sys
sys.argv = ["{command}", "--app", "bench.apps.cold_cli:app", "routes"]
from {module}.cli import main
main()
"""

#: The second scenario: ``<command> routes`` on a 100-rule app, as its console script runs it.
ROUTES: dict[str, str] = {
    "flask": _KEEP + _CLI.format(command="flask", module="flask"),
    "flaskish": _HIDE + _CLI.format(command="flaskish", module="flaskish"),
}

SCENARIOS = {"first request": FIRST_REQUEST, "routes": ROUTES}
#: The variant each scenario's ratios are taken against.
REFERENCE = "flask"


#: The references that are no variant of the app run in a standalone flaskish's environment.
_ENVIRONMENT = {"python": "flaskish", "django-http": "flaskish"}


class Usage(t.NamedTuple):
    cpu_s: float
    peak_mib: float
    #: The system part of ``cpu_s`` (page faults of a larger heap land here).
    sys_s: float = 0.0


def run_child(variant: str, code: str, tree: str, **env: str) -> Usage:
    """Run ``python -c code`` for ``variant`` in ``tree``; its CPU seconds and peak RSS."""
    environment = find(_ENVIRONMENT.get(variant, variant)).environment(
        BENCH_FRAMEWORK="flaskish" if variant == "flaskish" else "flask", **env
    )
    environment["PYTHONDONTWRITEBYTECODE"] = "1"  # every run reads the same cached bytecode
    with tempfile.TemporaryFile() as output:
        child = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=tree,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        timer = threading.Timer(CHILD_TIMEOUT_S, child.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace")
    peaks = [line.split()[1] for line in text.splitlines() if line.startswith(PEAK_MARKER)]
    if child.returncode != 0 or not peaks:
        raise RuntimeError(f"cold start of {variant} failed:\n{text[-3000:]}")
    return Usage(usage.ru_utime + usage.ru_stime, int(peaks[-1]) / 1024, usage.ru_stime)


def warm_bytecode(tree: str) -> None:
    """Compile the measured tree once, so no child pays for writing ``.pyc`` files."""
    import compileall

    compileall.compile_dir(tree, quiet=1)


def measure(
    tree: str, reps: int, log: t.Callable[[str], None] = lambda _m: None
) -> dict[str, dict[str, dict[str, float]]]:
    """Per scenario and variant: median CPU seconds and peak RSS of ``reps`` interleaved runs."""
    warm_bytecode(tree)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for scenario, codes in SCENARIOS.items():
        variants = list(codes)
        runs: dict[str, list[Usage]] = {v: [] for v in variants}
        for rep in range(reps):
            order = variants[rep % len(variants) :] + variants[: rep % len(variants)]
            log(f"  cold start: {scenario}, repetition {rep + 1}/{reps}")
            for variant in order:
                runs[variant].append(run_child(variant, codes[variant], tree))
        results[scenario] = {
            v: {
                "cpu_s": median(u.cpu_s for u in runs[v]),
                "peak_mib": median(u.peak_mib for u in runs[v]),
                "sys_s": median(u.sys_s for u in runs[v]),
            }
            for v in variants
        }
    return results
