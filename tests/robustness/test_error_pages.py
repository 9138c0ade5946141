"""What a visitor sees when the input is missing or the app fails: plain pages, no internals.

Outside debug mode an unhandled exception is a bare 500 page (its message, which
may hold anything, goes only to the log), and a missing form or query field is
a 400 that does not name the field.
"""

from __future__ import annotations

import logging

import pytest
from robustness_support import assert_clean

from flaskish import Flask, request


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.route("/form-field", methods=["GET", "POST"])
    def form_field() -> str:
        return request.form["expected_field"]

    @app.get("/query-field")
    def query_field() -> str:
        return request.args["expected_arg"]

    @app.get("/file-field")
    def file_field() -> str:
        return request.files["expected_file"].filename or ""

    @app.get("/crash")
    def crash() -> str:
        raise RuntimeError(f"failed with {app.secret_key} at <b>/srv/app</b>")

    return app


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("get", "/form-field", b"expected_field"),
        ("post", "/form-field", b"expected_field"),
        ("get", "/query-field", b"expected_arg"),
        ("get", "/file-field", b"expected_file"),
    ],
)
def test_a_missing_field_is_a_400_that_does_not_name_it(
    client, app: Flask, method: str, path: str, field: bytes
) -> None:
    response = getattr(client, method)(path)
    assert_clean(response, 400, app)
    assert field not in response.data


def test_an_unhandled_exception_is_a_bare_500(
    client, app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = client.get("/crash")
    assert_clean(response, 500, app)
    assert b"RuntimeError" not in response.data
    assert b"/srv/app" not in response.data
    # The details are for the operator.
    assert "Exception on /crash [GET]" in caplog.text
    assert "RuntimeError: failed with" in caplog.text


def test_an_unknown_url_is_a_bare_404(client, app: Flask) -> None:
    response = client.get("/no/such/<page>")
    assert_clean(response, 404, app)
    assert b"<page>" not in response.data


def test_a_wrong_method_is_a_405_naming_the_allowed_ones(client, app: Flask) -> None:
    response = client.delete("/query-field")
    assert_clean(response, 405, app)
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
