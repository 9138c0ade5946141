"""Bad JSON bodies: malformed, wrongly typed, wrongly labelled; 400/415, never a 500 or a leak."""

from __future__ import annotations

import logging

import pytest
from robustness_support import assert_clean

from flaskish import Flask, request


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.post("/json")
    def parse() -> dict:
        return {"type": type(request.get_json()).__name__}

    @app.post("/silent")
    def silent() -> dict:
        return {"value": request.get_json(silent=True)}

    @app.post("/increment")
    def increment() -> dict:
        # Trusts the shape of the payload, as app code often does.
        return {"n": request.json["n"] + 1}

    return app


MALFORMED = {
    "unterminated object": b'{"a": 1',
    "empty body": b"",
    "trailing garbage": b'{"a": 1}garbage',
    "single quotes": b"{'a': 1}",
    "trailing comma": b'{"a": 1,}',
    "bare word": b"hello",
    "raw NUL": b"\x00",
    "raw NUL in a string": b'{"a": "\x00"}',
    "invalid UTF-8": b'{"a": "\xff"}',
    "lone byte-order bytes": b"\xff\xfe{}",
    "deeply nested arrays": b"[" * 100_000 + b"]" * 100_000,
    "deeply nested objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_json_is_400(client, app: Flask, body: bytes) -> None:
    response = client.post("/json", data=body, content_type="application/json")
    assert_clean(response, 400, app)


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_json_is_none_when_silent(client, app: Flask, body: bytes) -> None:
    response = client.post("/silent", data=body, content_type="application/json")
    assert_clean(response, 200, app)
    assert response.get_json() == {"value": None}


def test_the_parser_message_is_not_shown_outside_debug(client, app: Flask) -> None:
    # The parser's message quotes the client's input ("Expecting ... line 1 column 2").
    response = client.post("/json", data=b'{"<script>x</script>', content_type="application/json")
    assert_clean(response, 400, app)
    assert b"<script>" not in response.data
    assert b"Expecting" not in response.data
    assert b"column" not in response.data


NOT_JSON_TYPES = {
    "text/plain": "text/plain",
    "no content type": None,
    "form": "application/x-www-form-urlencoded",
    "json-ish but not +json": "application/jsonx",
    "json as a parameter": "text/plain; type=application/json",
}


@pytest.mark.parametrize("content_type", NOT_JSON_TYPES.values(), ids=NOT_JSON_TYPES.keys())
def test_json_under_another_content_type_is_415(
    client, app: Flask, content_type: str | None
) -> None:
    response = client.post("/json", data=b'{"a": 1}', content_type=content_type)
    assert_clean(response, 415, app)


WELL_TYPED = {
    "object": (b'{"a": 1}', "application/json", "dict"),
    "array": (b"[1, 2]", "application/json", "list"),
    "string": (b'"x"', "application/json", "str"),
    "number": (b"1.5", "application/json", "float"),
    "null": (b"null", "application/json", "NoneType"),
    "NaN, as Python's parser allows": (b'{"a": NaN}', "application/json", "dict"),
    "vendor +json": (b"{}", "application/vnd.api+json", "dict"),
    "a charset parameter": (b"{}", "application/json; charset=latin-1", "dict"),
    "UTF-16 with a byte-order mark": ('{"é": 1}'.encode("utf-16"), "application/json", "dict"),
    "UTF-8 with a byte-order mark": ('{"é": 1}'.encode("utf-8-sig"), "application/json", "dict"),
    "escaped lone surrogate": (b'{"a": "\\ud800"}', "application/json", "dict"),
}


@pytest.mark.parametrize(
    ("body", "content_type", "type_name"), WELL_TYPED.values(), ids=WELL_TYPED.keys()
)
def test_any_json_value_parses_to_its_python_type(
    client, app: Flask, body: bytes, content_type: str, type_name: str
) -> None:
    response = client.post("/json", data=body, content_type=content_type)
    assert_clean(response, 200, app)
    assert response.get_json() == {"type": type_name}


WRONG_SHAPES = {
    "string instead of number": b'{"n": "x"}',
    "null instead of number": b'{"n": null}',
    "array instead of object": b"[1]",
    "string instead of object": b'"n"',
    "missing key": b"{}",
    "list instead of number": b'{"n": [1]}',
}


@pytest.mark.parametrize("body", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_view_tripping_over_wrongly_typed_json_gives_a_bare_500(
    client, app: Flask, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """The app's own bug: the visitor sees the plain 500 page, the log gets the traceback."""
    with caplog.at_level(logging.ERROR):
        response = client.post("/increment", data=body, content_type="application/json")
    assert_clean(response, 500, app)
    assert b"<h1>Internal Server Error</h1>" in response.data
    assert "Exception on /increment [POST]" in caplog.text
    assert caplog.records[-1].exc_info is not None


def test_well_typed_json_reaches_the_view(client, app: Flask) -> None:
    response = client.post("/increment", json={"n": 41})
    assert_clean(response, 200, app)
    assert response.get_json() == {"n": 42}
