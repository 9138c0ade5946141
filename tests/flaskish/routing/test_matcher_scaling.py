"""The indexed matcher's cost does not grow with the route table (issue 7, item 3).

Structural, not timed: the number of Python and C function calls one match
makes is counted with ``sys.setprofile`` and must be the same for a table of
10 rules and one of 10,000.  A linear walk (Django's resolver) makes one
regex call per rule tried, so it fails this at once.
"""

from __future__ import annotations

import functools
import sys
import typing as t

import pytest

from flaskish.exceptions import MethodNotAllowed, NotFound
from flaskish.routing import Map, MapAdapter, Rule

SMALL, LARGE = 10, 10_000


def calls_made(fn: t.Callable[[], object]) -> int:
    """How many functions (Python and C) ``fn()`` calls, exceptions included."""
    count = 0

    def profiler(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profiler)
    try:
        fn()
    except (NotFound, MethodNotAllowed):
        pass
    finally:
        sys.setprofile(None)
    return count


@functools.cache
def table(shape: str, size: int, methods: tuple[str, ...] | None = None) -> MapAdapter:
    """A map of ``size`` rules ``shape.format(i=...)``, bound and warmed by one match."""
    url_map = Map([Rule(shape.format(i=i), endpoint=f"r{i}", methods=methods) for i in range(size)])
    adapter = url_map.bind("example.com")
    calls_made(lambda: adapter.match("/warm/up"))
    return adapter


def probe(shape: str, i: int) -> str:
    return shape.format(i=i).replace("<int:x>", "5").replace("<path:rest>", "a/b")


SHAPES = ["/r{i}/<int:x>", "/<int:x>/r{i}", "/api/v1/r{i}/items/<int:x>", "/files/r{i}/<path:rest>"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("position", ["first", "last"])
def test_matching_a_rule_costs_the_same_at_10_and_10000_rules(shape: str, position: str) -> None:
    small, large = table(shape, SMALL), table(shape, LARGE)
    index = {"first": (0, 0), "last": (SMALL - 1, LARGE - 1)}[position]
    assert small.match(probe(shape, index[0]))[0] == f"r{index[0]}"
    assert large.match(probe(shape, index[1]))[0] == f"r{index[1]}"
    assert calls_made(lambda: large.match(probe(shape, index[1]))) == calls_made(
        lambda: small.match(probe(shape, index[0]))
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_a_miss_costs_the_same_at_10_and_10000_rules(shape: str) -> None:
    small, large = table(shape, SMALL), table(shape, LARGE)
    miss = probe(shape, LARGE + 1)
    with pytest.raises(NotFound):
        large.match(miss)
    assert calls_made(lambda: large.match(miss)) == calls_made(lambda: small.match(miss))


def test_a_method_mismatch_costs_the_same_at_10_and_10000_rules() -> None:
    small = table("/r{i}/<int:x>", SMALL, methods=("POST",))
    large = table("/r{i}/<int:x>", LARGE, methods=("POST",))

    def get(adapter: MapAdapter, i: int) -> t.Callable[[], object]:
        return lambda: adapter.match(f"/r{i}/5", method="GET")

    assert calls_made(get(large, LARGE - 1)) == calls_made(get(small, SMALL - 1))
