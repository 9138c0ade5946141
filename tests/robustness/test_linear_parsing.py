"""Attacker-sized input costs work in proportion to its size.

Each test runs the same request with a 1x and a 10x input in one process and
compares the costs: linear work gives about 10, quadratic about 100.  The bound
(30) is generous, for a loaded machine; the best of three runs is taken.  The
route matcher is also checked to pick exactly the values the rule's regex
would (hypothesis), since it no longer runs that regex on several variables.
"""

from __future__ import annotations

import io
import time
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robustness_support import assert_clean

from flaskish import Flask, request, send_file

RATIO_BOUND = 30


def cost(call: t.Callable[[], t.Any]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(run: t.Callable[[int], t.Any]) -> None:
    """``run(n)`` costs at most about ten times more for 10x the input."""
    run(1)  # warm-up: imports, caches
    small, large = cost(lambda: run(1)), cost(lambda: run(10))
    assert large / small < RATIO_BOUND, f"1x: {small:.4f}s, 10x: {large:.4f}s"


# -- headers ----------------------------------------------------------------------------


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.get("/accept")
    def accept() -> dict:
        return {"best": request.accept_mimetypes.best_match(["text/html", "application/json"])}

    @app.get("/languages")
    def languages() -> dict:
        return {"best": request.accept_languages.best}

    @app.get("/range")
    def range_() -> dict:
        ranges = request.range
        return {"ranges": None if ranges is None else len(ranges.ranges)}

    @app.get("/etags")
    def etags() -> dict:
        return {"match": request.if_none_match.contains("nope")}

    @app.get("/file")
    def file() -> t.Any:
        return send_file(io.BytesIO(b"x" * 2_000_000), mimetype="text/plain", etag="tag1")

    @app.post("/json")
    def json_body() -> dict:
        return {"type": type(request.get_json()).__name__}

    return app


HEADERS = {
    "Accept": ("/accept", lambda n: ",".join(f"text/x{i};q=0.{i % 9 + 1}" for i in range(n))),
    "Accept-Language": ("/languages", lambda n: ",".join(f"x{i};q=0.{i % 9}" for i in range(n))),
    "Range": ("/range", lambda n: "bytes=" + ",".join(f"{i * 9}-{i * 9 + 3}" for i in range(n))),
    "If-None-Match": ("/etags", lambda n: ",".join(f'W/"tag{i}"' for i in range(n))),
}
#: The same headers where send_file acts on them: a 416 (many ranges) and a 304.
SEND_FILE_HEADERS = {
    "Range": (416, lambda n: "bytes=" + ",".join(f"{i * 9}-{i * 9 + 3}" for i in range(n))),
    "If-None-Match": (304, lambda n: ",".join(f'"tag{i}"' for i in range(n, 0, -1))),
}


@pytest.mark.parametrize(("header", "path", "value"), [(k, *v) for k, v in HEADERS.items()])
def test_a_header_with_thousands_of_entries_costs_linear_work(
    app: Flask, client, header: str, path: str, value: t.Callable[[int], str]
) -> None:
    values = {1: value(1_000), 10: value(10_000)}

    def run(scale: int) -> None:
        assert_clean(client.get(path, headers={header: values[scale]}), 200, app)

    assert_linear(run)


@pytest.mark.parametrize(
    ("header", "status", "value"), [(k, *v) for k, v in SEND_FILE_HEADERS.items()]
)
def test_send_file_with_thousands_of_ranges_or_tags_costs_linear_work(
    app: Flask, client, header: str, status: int, value: t.Callable[[int], str]
) -> None:
    values = {1: value(1_000), 10: value(10_000)}

    def run(scale: int) -> None:
        assert_clean(client.get("/file", headers={header: values[scale]}), status, app)

    assert_linear(run)


def test_deeply_nested_json_costs_linear_work(app: Flask, client) -> None:
    bodies = {scale: b"[" * 20_000 * scale + b"]" * 20_000 * scale for scale in (1, 10)}

    def run(scale: int) -> None:
        response = client.post("/json", data=bodies[scale], content_type="application/json")
        assert_clean(response, 400, app)

    assert_linear(run)


# -- routing ----------------------------------------------------------------------------

MANY_PATHS = "/<path:a>/x/<path:b>/y/<path:c>"


@pytest.fixture
def routed(app: Flask) -> Flask:
    @app.get(MANY_PATHS)
    def three(a: str, b: str, c: str) -> dict:
        return {"a": a, "b": b, "c": c}

    @app.get("/<path:a>/<path:b>/end/")
    def two(a: str, b: str) -> dict:
        return {"a": a, "b": b}

    @app.get("/n/<a>-<b>.json")
    def dashed(a: str, b: str) -> dict:
        return {"a": a, "b": b}

    return app


ALMOST = {
    # Every split of a against every split of b almost matches: "/y/" never comes.
    "three path converters": lambda n: "/" + "x/" * n + "z",
    "two path converters and a suffix": lambda n: "/" + "q/" * n + "end",
    "two variables in one segment": lambda n: "/n/" + "a-" * n + "b.jsn",
}


@pytest.mark.parametrize("path", ALMOST.values(), ids=ALMOST.keys())
def test_matching_several_variables_costs_linear_work(
    routed: Flask, client, path: t.Callable[[int], str]
) -> None:
    paths = {1: path(1_000), 10: path(10_000)}

    def run(scale: int) -> None:
        assert client.get(paths[scale]).status_code in (200, 308, 404)

    assert_linear(run)


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("/q/x/r/y/s", {"a": "q", "b": "r", "c": "s"}),
        ("/q/x/x/y/y/y/s", {"a": "q", "b": "x", "c": "y/y/s"}),
        ("/a/x/b/x/c/y/d/y/e", {"a": "a", "b": "b/x/c", "c": "d/y/e"}),
        ("/n/a-b-c.json", {"a": "a-b", "b": "c"}),
        ("/p/q/r/end/", {"a": "p", "b": "q/r"}),
    ],
)
def test_several_variables_take_the_values_flask_gives(
    routed: Flask, client, path: str, values: dict[str, str]
) -> None:
    """The expected values are Flask 3.1.3's for the same rules and paths."""
    response = client.get(path)
    assert_clean(response, 200, routed)
    assert response.get_json() == values


def test_a_missing_slash_after_several_path_values_redirects(routed: Flask, client) -> None:
    response = client.get("/p/q/r/end")
    assert_clean(response, 308, routed)
    assert response.headers["Location"] == "http://localhost/p/q/r/end/"


RULES = [
    MANY_PATHS,
    "/<path:a>/<path:b>/",
    "/<path:a>/<int:b>",
    "/<a>-<b>",
    "/<int:a>x<b>",
    "/<string(length=2):a><b>",
    "/<string(minlength=2,maxlength=3):a>/<path:b>.<c>",
    "/<path:a><path:b>",
]


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(RULES), text=st.text(alphabet="ax/1-.y", max_size=14))
def test_the_linear_matcher_agrees_with_the_rules_regex(rule: str, text: str) -> None:
    app = Flask("linear_matcher_check")
    app.add_url_rule(rule, "checked", lambda **values: "")
    (checked,) = (r for r in app.url_map.iter_rules() if r.endpoint == "checked")
    for part in checked._parts:
        if part.spans is None:
            continue
        found = part.pattern.match(text)  # type: ignore[union-attr]
        expected = None
        if found is not None:
            expected = (
                tuple(map(found.group, part.groups)),
                bool(part.suffixed and found["_slash"]),
            )
        assert part.match(text) == expected
