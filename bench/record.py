"""``bench/RESULTS.md``: the runs of each supported line, side by side.

A line is an interpreter and a Django series (CI's two legs: Python 3.11 +
Django 5.2, Python 3.12 + Django 6.1).  Each ``make bench`` run saves its
line's record in ``bench/results/<line>.json`` (the rendered sections, the
summary and the key ratios) and rewrites RESULTS.md from every record there:
the key ratios of each line side by side, then each line's full tables.
Notes written below the marker line are kept.
"""

from __future__ import annotations

import json
import math
import os
import platform
import typing as t
from importlib import metadata

from .endpoints import ENDPOINTS
from .report import table, times

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
RECORDS = os.path.join(ROOT, "bench", "results")
NOTES_MARKER = "<!-- Notes below this line are written by hand and kept when make bench rewrites this file. -->"

#: The supported lines, in the order RESULTS.md shows them.
LINES = ("django52", "django61")


def this_line() -> tuple[str, str]:
    """(key, label) of the line this process runs: ``("django52", "Python 3.11 / Django 5.2")``."""
    django = ".".join(metadata.version("Django").split(".")[:2])
    python = ".".join(platform.python_version_tuple()[:2])
    return f"django{django.replace('.', '')}", f"Python {python} / Django {django}"


def save(record: dict[str, t.Any]) -> None:
    """Keep this run's record of its line, then rewrite RESULTS.md from every line's."""
    os.makedirs(RECORDS, exist_ok=True)
    with open(os.path.join(RECORDS, f"{record['key']}.json"), "w") as out:
        json.dump(record, out, indent=1)
        out.write("\n")
    write_results(load_records())


def load_records() -> list[dict[str, t.Any]]:
    found = []
    for name in sorted(os.listdir(RECORDS)) if os.path.isdir(RECORDS) else ():
        if name.endswith(".json"):
            with open(os.path.join(RECORDS, name)) as source:
                found.append(json.load(source))
    order = {key: i for i, key in enumerate(LINES)}
    return sorted(found, key=lambda r: (order.get(r["key"], len(order)), r["key"]))


def write_results(records: list[dict[str, t.Any]]) -> None:
    notes = kept_notes() or "\n"  # read before opening the file truncates it
    with open(RESULTS, "w") as out:
        out.write(f"{render(records)}\n\n{NOTES_MARKER}{notes}")


def kept_notes() -> str:
    try:
        with open(RESULTS) as previous:
            text = previous.read()
    except OSError:
        return ""
    return text.split(NOTES_MARKER, 1)[1] if NOTES_MARKER in text else ""


def render(records: list[dict[str, t.Any]]) -> str:
    labels = [r["label"] for r in records]
    parts = [
        "# Benchmark results\n\nWritten by `make bench` (`bench/run.py`): one run per line"
        " (`make bench` on Python 3.11 + Django 5.2, `make bench BENCH_LINE=django61` on"
        " Python 3.12 + Django 6.1, `make bench-both` for both), each in its own environment;"
        " a run rewrites its line's record in `bench/results/` and this file from all of them.",
        "\n\n".join(f"SUMMARY ({r['label']}): {r['summary']}" for r in records),
        "## The lines side by side\n\n"
        + table(
            ["", *labels],
            [
                [field, *(r["info"].get(key, "–") for r in records)]
                for field, key in (
                    ("date", "date"),
                    ("versions", "python"),
                    ("tree", "flaskish"),
                    ("machine", "machine"),
                    ("load", "load"),
                    ("ran", "ran"),
                )
            ],
        )
        + "\n\nRatios (lower is faster for the first named, except req/s):\n\n"
        + table(["ratio", *labels], _ratio_rows(records)),
    ]
    for r in records:
        parts.extend(f"## {title} ({r['label']})\n\n{body}" for title, body in r["sections"])
    return "\n\n".join(parts)


#: The order of the side-by-side ratios: by group (the part of the name before the comma),
#: then by endpoint; unknown groups last.
RATIO_GROUPS = (
    "flaskish / Flask",
    "mounted / Django",
    "mounted+mw / Django+mw",
    "gunicorn req/s",
    "ASGI flaskish async / Quart",
    "ASGI plain / async",
    "ASGI mounted async / Django async",
    "uvicorn req/s",
    "uvicorn server CPU/req",
)


def _ratio_rows(records: list[dict[str, t.Any]]) -> list[list[str]]:
    names: set[str] = set()
    for r in records:
        names.update(r["ratios"])
    return [
        [name, *(_cell(r["ratios"].get(name)) for r in records)]
        for name in sorted(names, key=_ratio_order)
    ]


def _ratio_order(name: str) -> tuple[int, int, str]:
    group, _, rest = name.partition(", ")
    endpoints = [e.name for e in ENDPOINTS]
    return (
        RATIO_GROUPS.index(group) if group in RATIO_GROUPS else len(RATIO_GROUPS),
        endpoints.index(rest) if rest in endpoints else len(endpoints),
        name,
    )


def _cell(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else times(value)
