"""Cookie headers cost time in proportion to their size, whatever Python's patch level.

Python's ``http.cookies`` unquoting (which Django's cookie parser uses) was
quadratic in a value full of backslashes until CPython's 2024 security releases:
a 24 KB ``Cookie`` header held a worker for seconds. flaskish reads cookies with
its own codec. Each test compares the cost of one 10x header with ten 1x headers
in the same run: equal work when parsing is linear, ten times more when it is
quadratic. No absolute timing is asserted.
"""

from __future__ import annotations

import time
import typing as t

import pytest

from flaskish import Flask, request
from flaskish.http.cookies import parse_cookie_header

#: A linear parser gives a ratio near 1, a quadratic one near 10.
BOUND = 4.0
SMALL = 2_400  # bytes; 10x is 24 KB


def _best_of(repeats: int, work: t.Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _ratio(parse: t.Callable[[str], object], make: t.Callable[[int], str]) -> float:
    small, large = make(SMALL), make(SMALL * 10)
    assert len(large) >= 24_000

    def ten_small() -> None:
        for _ in range(10):
            parse(small)

    parse(large)  # warm up caches and regex compilation
    return _best_of(7, lambda: parse(large)) / _best_of(7, ten_small)


HEADERS: dict[str, t.Callable[[int], str]] = {
    "quoted backslashes": lambda n: 'a="' + "\\" * (n - 4) + '"',
    "unterminated quote": lambda n: 'a="' + "\\" * (n - 3),
    "escaped quotes": lambda n: 'a="' + '\\"' * (n // 2 - 2) + '"',
    "octal-looking runs": lambda n: 'a="' + "\\0" * (n // 2 - 2) + '"',
    "many cookies": lambda n: "; ".join(f'c{i}="\\\\"' for i in range(n // 11)),
}


@pytest.mark.parametrize("make", HEADERS.values(), ids=HEADERS.keys())
def test_parsing_is_linear(make: t.Callable[[int], str]) -> None:
    assert _ratio(parse_cookie_header, make) < BOUND


def test_request_cookies_are_linear(app: Flask) -> None:
    def cookies_of(header: str) -> object:
        with app.test_request_context(headers={"Cookie": header}):
            return request.cookies

    assert _ratio(cookies_of, HEADERS["quoted backslashes"]) < BOUND


def test_backslashes_decode_as_werkzeug_does(app: Flask, client: t.Any) -> None:
    @app.route("/")
    def index() -> dict[str, t.Any]:
        return {"a": len(request.cookies["a"])}

    header = 'a="' + "\\\\" * 4_000 + '"'
    response = client.get("/", headers={"Cookie": header})
    assert response.status_code == 200
    assert response.get_json() == {"a": 4_000}
