"""The cookie codec against what Flask 3.1.3 and werkzeug wrote and read.

``fixtures/flask_3_1_3.json`` was recorded with the real Flask (see
``fixtures/make_flask_fixtures.py`` for how): the Set-Cookie lines its responses
sent, the cookies its requests read from raw headers, its test client's cookie.
"""

from __future__ import annotations

import json
import pathlib
import typing as t
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flaskish import Flask, jsonify, make_response, request
from flaskish.http.cookies import parse_cookie_header, quote_cookie_value, unquote_cookie_value

FIXTURES = json.loads((pathlib.Path(__file__).parent / "fixtures" / "flask_3_1_3.json").read_text())


def _set_cookie_lines(response: t.Any) -> list[str]:
    return [value for name, value in response.get_wsgi_headers() if name == "Set-Cookie"]


@pytest.mark.parametrize("case", FIXTURES["set_cookie"], ids=lambda c: repr(c["value"]))
def test_set_cookie_line_is_flasks_byte_for_byte(app: Flask, case: dict[str, str]) -> None:
    response = app.response_class()
    response.set_cookie("k", case["value"])
    assert _set_cookie_lines(response) == [case["set_cookie"]]
    assert case["set_cookie"].encode("ascii")  # any str is sendable


@pytest.mark.parametrize("case", FIXTURES["request_cookies"], ids=lambda c: c["header"])
def test_request_reads_a_cookie_header_as_flask_does(app: Flask, case: dict[str, t.Any]) -> None:
    as_passed_by_a_server = case["header"].encode().decode("latin-1")
    with app.test_request_context(headers={"Cookie": as_passed_by_a_server}):
        pairs = list(request.cookies.items(multi=True))
    assert pairs == [tuple(pair) for pair in case["cookies"]]


@pytest.mark.parametrize("case", FIXTURES["set_cookie"], ids=lambda c: repr(c["value"]))
def test_a_cookie_flask_wrote_is_read_back_unchanged(case: dict[str, str]) -> None:
    pair = case["set_cookie"].partition(";")[0]
    assert parse_cookie_header(pair) == [("k", case["value"])]


def test_a_cookie_outside_latin1_round_trips_through_the_client(app: Flask, client: t.Any) -> None:
    @app.route("/set")
    def set_() -> t.Any:
        response = make_response("")
        response.set_cookie("n", "日本 é")
        return response

    @app.route("/get")
    def get() -> str:
        return request.cookies["n"]

    client.get("/set")
    assert client.get("/get").get_data(as_text=True) == "日本 é"


def test_bytes_value_is_sent_as_its_text(app: Flask) -> None:
    response = app.response_class()
    response.set_cookie("k", b"caf\xc3\xa9")
    assert _set_cookie_lines(response) == ['k="caf\\303\\251"; Path=/']


def test_client_cookie_has_werkzeugs_types(app: Flask, client: t.Any) -> None:
    expected = FIXTURES["client_cookie"]

    @app.route("/")
    def index() -> t.Any:
        response = make_response("")
        response.set_cookie("k", "é", max_age=60, expires=1893456000, httponly=True)
        return response

    client.get("/")
    cookie = client.get_cookie("k")
    assert cookie.value == expected["value"]
    assert cookie.decoded_value == expected["decoded_value"]
    assert type(cookie.expires).__name__ == expected["expires_type"] == "datetime"
    assert isinstance(cookie.expires, datetime)
    assert cookie.expires.isoformat() == expected["expires"]
    assert cookie.max_age == expected["max_age"]
    assert cookie.http_only is expected["http_only"]


def test_client_set_cookie_quotes_as_werkzeug(app: Flask, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return request.cookies["k"]

    client.set_cookie("k", "é;x")
    assert client.get_cookie("k").value == '"\\303\\251\\073x"'
    assert client.get("/").get_data(as_text=True) == "é;x"


def test_json_sort_keys_is_a_default_key_and_sorts_as_flask(app: Flask) -> None:
    """The seed-era key is in the config, True as those docs say; left alone it
    changes nothing (no warning), set to False it gives Flask's unsorted output."""
    assert app.config["JSON_SORT_KEYS"] is True
    with app.app_context():
        body = jsonify({"b": 1, "a": {"d": 2, "c": 3}}).get_data(as_text=True)
    assert body == FIXTURES["jsonify_sort_keys"]["True"]
    app.config["JSON_SORT_KEYS"] = False
    with pytest.deprecated_call(match="'JSON_SORT_KEYS' config key"), app.app_context():
        body = jsonify({"b": 1, "a": {"d": 2, "c": 3}}).get_data(as_text=True)
    assert body == FIXTURES["jsonify_sort_keys"]["False"]


def test_unquote_leaves_unquoted_values_alone() -> None:
    assert unquote_cookie_value('"half') == '"half'
    assert unquote_cookie_value('"') == '"'
    assert quote_cookie_value("") == ""


@given(st.text())
def test_any_text_round_trips_as_ascii(value: str) -> None:
    sent = quote_cookie_value(value)
    assert sent.isascii()
    assert ";" not in sent and "," not in sent and "\r" not in sent and "\n" not in sent
    assert parse_cookie_header(f"k={sent}; other=1") == [("k", value), ("other", "1")]
