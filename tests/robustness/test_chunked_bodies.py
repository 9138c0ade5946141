"""Bodies without a Content-Length: chunked uploads, de-chunked by the server.

A server that de-chunks (gunicorn, uWSGI) passes no Content-Length and sets
``wsgi.input_terminated``: as in Flask, the body is then the input up to its
end, for every reader.  Without that flag the end is unknown and no body is
read.  MAX_CONTENT_LENGTH applies while reading: one byte over is a 413 (where
Flask 3.1 silently cuts the body at the limit), and no more is ever read.
"""

from __future__ import annotations

import io
import typing as t

import pytest
from django.test import override_settings
from robustness_support import GeneratedInput, assert_clean, call_wsgi, environ

from flaskish import Flask, request

BOUNDARY = "chunked-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
URLENCODED = "application/x-www-form-urlencoded"
JSON = "application/json"


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.post("/data")
    def data() -> dict:
        return {"data": request.get_data(as_text=True)}

    @app.post("/stream")
    def stream() -> dict:
        return {"data": request.stream.read().decode()}

    @app.post("/json")
    def json_body() -> dict:
        return {"json": request.json}

    @app.post("/form")
    def form() -> dict:
        return {
            "form": sorted(request.form.items(multi=True)),
            "files": sorted(
                (name, upload.filename, upload.read().decode())
                for name, upload in request.files.items(multi=True)
            ),
        }

    return app


def multipart(field: str, file_body: str) -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="field"\r\n\r\n'
        f"{field}\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="f"; filename="f.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
        f"{file_body}\r\n"
        f"--{BOUNDARY}--\r\n"
    ).encode()


def chunked(
    path: str,
    body: bytes | io.RawIOBase,
    content_type: str = "application/octet-stream",
    *,
    terminated: bool = True,
    **headers: str | None,
) -> dict[str, t.Any]:
    """A request as a de-chunking server passes it on: no Content-Length, the input ended."""
    env = environ(
        path,
        method="POST",
        content_type=content_type,
        CONTENT_LENGTH=None,
        HTTP_TRANSFER_ENCODING="chunked",
    )
    env["wsgi.input"] = io.BytesIO(body) if isinstance(body, bytes) else body
    if terminated:
        env["wsgi.input_terminated"] = True
    for key, value in headers.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


TEXT = "a body of unknown length " * 20

WHOLE_BODIES = {
    "get_data": ("/data", TEXT.encode(), "application/octet-stream", {"data": TEXT}),
    "stream": ("/stream", TEXT.encode(), "application/octet-stream", {"data": TEXT}),
    "json": ("/json", b'{"text": "' + TEXT.encode() + b'"}', JSON, {"json": {"text": TEXT}}),
    "urlencoded form": (
        "/form",
        b"a=1&text=" + TEXT.replace(" ", "+").encode(),
        URLENCODED,
        {"form": [["a", "1"], ["text", TEXT]], "files": []},
    ),
    "multipart form": (
        "/form",
        multipart("value", TEXT),
        MULTIPART,
        {"form": [["field", "value"]], "files": [["f", "f.txt", TEXT]]},
    ),
}


@pytest.mark.parametrize(
    ("path", "body", "content_type", "expected"), WHOLE_BODIES.values(), ids=WHOLE_BODIES.keys()
)
def test_a_terminated_chunked_body_is_read_whole(
    app: Flask, path: str, body: bytes, content_type: str, expected: dict
) -> None:
    result = call_wsgi(app, chunked(path, body, content_type))
    assert_clean(result, 200, app)
    assert result.json() == expected


def test_a_terminated_input_without_any_length_is_read_to_its_end(app: Flask) -> None:
    env = chunked("/data", b"no length, no chunks", HTTP_TRANSFER_ENCODING=None)
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert result.json() == {"data": "no length, no chunks"}


# What a server that does not de-chunk passes on: the raw chunks, maybe a length too.
RAW_CHUNKS = b"5\r\nhello\r\n0\r\n\r\n"


@pytest.mark.parametrize(
    "content_length", [None, str(len(RAW_CHUNKS))], ids=["no length", "length"]
)
def test_a_chunked_body_the_server_did_not_terminate_is_not_read(
    app: Flask, content_length: str | None
) -> None:
    env = chunked("/data", RAW_CHUNKS, terminated=False, CONTENT_LENGTH=content_length)
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert result.json() == {"data": ""}


def test_transfer_encoding_overrides_content_length(app: Flask) -> None:
    env = chunked("/data", b"longer than five", CONTENT_LENGTH="5")
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert result.json() == {"data": "longer than five"}


def test_a_content_length_that_is_no_number_is_refused_even_with_chunks(app: Flask) -> None:
    # Werkzeug ignores it; a request this contradictory is refused (RFC 9112, 6.3).
    env = chunked("/data", b"body", CONTENT_LENGTH="not a number")
    assert_clean(call_wsgi(app, env), 400, app)


# -- MAX_CONTENT_LENGTH ---------------------------------------------------------------

LIMIT = 1000

# (path, content type, a body of exactly `size` bytes)
READERS: dict[str, tuple[str, str, t.Callable[[int], bytes]]] = {
    "get_data": ("/data", "application/octet-stream", lambda size: b"x" * size),
    "stream": ("/stream", "application/octet-stream", lambda size: b"x" * size),
    "json": ("/json", JSON, lambda size: b'"' + b"x" * (size - 2) + b'"'),
    "urlencoded form": ("/form", URLENCODED, lambda size: b"a=" + b"x" * (size - 2)),
    "multipart form": (
        "/form",
        MULTIPART,
        lambda size: multipart("v", "x" * (size - len(multipart("v", "")))),
    ),
}


@pytest.mark.parametrize(("path", "content_type", "body"), READERS.values(), ids=READERS.keys())
def test_a_body_of_max_content_length_is_read(
    app: Flask, path: str, content_type: str, body: t.Callable[[int], bytes]
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    data = body(LIMIT)
    assert len(data) == LIMIT
    result = call_wsgi(app, chunked(path, data, content_type))
    assert_clean(result, 200, app)
    assert b"x" * 500 in result.data


@pytest.mark.parametrize(("path", "content_type", "body"), READERS.values(), ids=READERS.keys())
def test_a_body_one_byte_over_max_content_length_is_413(
    app: Flask, path: str, content_type: str, body: t.Callable[[int], bytes]
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    assert_clean(call_wsgi(app, chunked(path, body(LIMIT + 1), content_type)), 413, app)


@pytest.mark.parametrize(("path", "content_type", "body"), READERS.values(), ids=READERS.keys())
def test_a_huge_body_is_read_one_byte_past_max_content_length_and_no_further(
    app: Flask, path: str, content_type: str, body: t.Callable[[int], bytes]
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    head = body(LIMIT)[:100]
    stream = GeneratedInput(head, size=50_000_000)
    assert_clean(call_wsgi(app, chunked(path, stream, content_type)), 413, app)
    assert stream.consumed == LIMIT + 1


def test_a_urlencoded_body_over_max_form_memory_size_is_read_no_further(app: Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = LIMIT
    stream = GeneratedInput(b"a=", size=50_000_000)
    assert_clean(call_wsgi(app, chunked("/form", stream, URLENCODED)), 413, app)
    assert stream.consumed == LIMIT + 1


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
@pytest.mark.parametrize(("size", "status"), [(LIMIT, 200), (LIMIT + 1, 413)])
def test_data_upload_max_memory_size_applies_to_a_body_read_into_memory(
    app: Flask, size: int, status: int
) -> None:
    # Django checks its setting against Content-Length; without one, while reading.
    result = call_wsgi(app, chunked("/data", b"x" * size))
    assert_clean(result, status, app)
    if status == 200:
        assert result.json() == {"data": "x" * size}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
def test_data_upload_max_memory_size_leaves_the_stream_alone(app: Flask) -> None:
    result = call_wsgi(app, chunked("/stream", b"x" * (LIMIT + 1)))
    assert_clean(result, 200, app)
    assert result.json() == {"data": "x" * (LIMIT + 1)}
