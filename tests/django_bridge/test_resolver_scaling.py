"""A mounted app's rules resolve through its index, not Django's linear walk (issue 7, item 3).

Structural, not timed: resolving through Django's ``URLResolver`` into a mount
makes the same number of function calls with 10 rules as with 10,000, for
the last rule and for a miss, while ``reverse()`` still finds every rule.
"""

from __future__ import annotations

import functools
import sys
import typing as t

import pytest
from django.urls import NoReverseMatch, Resolver404, URLResolver
from django.urls.resolvers import RegexPattern

from django_bridge import mount
from flaskish import Flask

SMALL, LARGE = 10, 10_000


def calls_made(fn: t.Callable[[], object]) -> int:
    """How many functions (Python and C) ``fn()`` calls, a miss included."""
    count = 0

    def profiler(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profiler)
    try:
        fn()
    except Resolver404:
        pass
    finally:
        sys.setprofile(None)
    return count


@functools.cache
def site(size: int) -> URLResolver:
    """A site root whose only entry mounts an app of ``size`` rules at ``/table/``, warmed."""
    app = Flask(f"table_{size}")

    def view(x: int) -> str:
        return "ok"

    for i in range(size):
        app.add_url_rule(f"/r{i}/<int:x>", f"r{i}", view)
    root = URLResolver(RegexPattern(r"^/"), [mount("table/", app, namespace=f"table{size}")])
    calls_made(lambda: root.resolve("/table/warm/up"))
    return root


def test_resolving_the_last_rule_costs_the_same_at_10_and_10000_rules() -> None:
    small, large = site(SMALL), site(LARGE)
    assert large.resolve(f"/table/r{LARGE - 1}/5").url_name == f"r{LARGE - 1}"
    assert calls_made(lambda: large.resolve(f"/table/r{LARGE - 1}/5")) == calls_made(
        lambda: small.resolve(f"/table/r{SMALL - 1}/5")
    )


@pytest.mark.parametrize("miss", ["/table/nope/5", "/elsewhere/5"])
def test_a_miss_costs_the_same_at_10_and_10000_rules(miss: str) -> None:
    small, large = site(SMALL), site(LARGE)
    assert calls_made(lambda: large.resolve(miss)) == calls_made(lambda: small.resolve(miss))


def test_reverse_still_knows_every_rule() -> None:
    mounted = site(LARGE).url_patterns[0]
    for i in (0, LARGE // 2, LARGE - 1):
        assert mounted.reverse(f"r{i}", x=5) == f"r{i}/5"
    with pytest.raises(NoReverseMatch):
        mounted.reverse("r-missing", x=5)
