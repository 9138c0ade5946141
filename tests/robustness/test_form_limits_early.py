"""The form limits stop the multipart parser as the body crosses them, not after it is parsed.

A form of 100,000 tiny parts under Flask's default MAX_FORM_PARTS (1,000) is
refused having read about as much of the body as a form of 10,000 parts: the
part the limit allows, and a few reads of the parser's look-ahead.  The same
holds for a field over MAX_FORM_MEMORY_SIZE followed by many parts.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from robustness_support import GeneratedInput, assert_clean, call_wsgi, environ

from flaskish import Flask, request

BOUNDARY = "early-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
PART = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n'.encode()
END = f"--{BOUNDARY}--\r\n".encode()
#: Django's parser reads 64 KiB at a time; the guard may be a few reads ahead.
READ_AHEAD = 4 * 64 * 1024


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.post("/form")
    def form() -> dict:
        return {"fields": len(request.form.getlist("f"))}

    return app


def consumed_by_refusal(app: Flask, parts: int) -> int:
    """Post ``parts`` tiny fields; the bytes of the body read before the 413."""
    body = GeneratedInput(PART * parts + END)
    env = environ("/form", method="POST", content_type=MULTIPART)
    env["wsgi.input"], env["CONTENT_LENGTH"] = body, str(body.length)
    result = call_wsgi(app, env)
    assert result.status_code == 413, result.data[:300]
    assert b"more than 1000 parts" in result.data
    return body.consumed


def test_too_many_parts_are_refused_as_the_limit_is_crossed(app: Flask) -> None:
    assert app.config["MAX_FORM_PARTS"] == 1000
    small, large = consumed_by_refusal(app, 10_000), consumed_by_refusal(app, 100_000)
    assert small == large
    assert small <= 1001 * len(PART) + READ_AHEAD


def test_the_parts_the_limit_allows_are_parsed(app: Flask, client) -> None:
    app.config["MAX_FORM_PARTS"] = 50
    body = PART * 50 + END
    response = client.post("/form", data=body, content_type=MULTIPART)
    assert_clean(response, 200, app)
    assert response.get_json() == {"fields": 50}
    response = client.post("/form", data=PART * 51 + END, content_type=MULTIPART)
    assert_clean(response, 413, app)


def test_a_large_field_then_many_parts_is_refused_at_the_field(app: Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 10_000
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="big"\r\n\r\n'.encode()
    body = GeneratedInput(head, 2_000_000, b"\r\n" + PART * 10_000 + END)
    env = environ("/form", method="POST", content_type=MULTIPART)
    env["wsgi.input"], env["CONTENT_LENGTH"] = body, str(body.length)
    assert call_wsgi(app, env).status_code == 413
    assert body.consumed <= 10_000 + READ_AHEAD


def test_the_embedded_django_counts_never_refuse_what_the_default_limit_allows() -> None:
    """Django's site-wide counts are a backstop above Flask's default MAX_FORM_PARTS, so a
    default app's forms are refused by its own limit, with its own message, first."""
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= Flask.default_config["MAX_FORM_PARTS"]
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= Flask.default_config["MAX_FORM_PARTS"]
