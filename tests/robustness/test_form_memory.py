"""Form limits hold memory down while the form is parsed, not after.

A field over MAX_FORM_MEMORY_SIZE (Flask's default: 500,000 bytes) is refused
with a 413 before it is held in memory whole: a urlencoded body (all of it
counts, Flask's rule) before any of it is read, a multipart field a few reads
past the limit.  Files are not held in memory, whatever their size, and each
field is measured on its own, as in Flask.
"""

from __future__ import annotations

import io
import tracemalloc
import typing as t

import pytest
from robustness_support import GeneratedInput, WSGIResult, assert_clean, call_wsgi, environ

from flaskish import Flask, request

BOUNDARY = "memory-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
DEFAULT_LIMIT = 500_000
HUGE = 8_000_000
#: Far above what a parse within the limits needs, far below HUGE.
MEMORY_CEILING = 2_000_000


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.post("/form")
    def form() -> dict:
        return {
            "fields": {name: len(value) for name, value in request.form.items(multi=True)},
            "files": {name: size(upload) for name, upload in request.files.items(multi=True)},
        }

    return app


def size(upload: t.Any) -> int:
    """An upload's size, read a piece at a time: the view must not hold it whole either."""
    return sum(map(len, iter(lambda: upload.read(64 * 1024), b"")))


def field_head(name: str) -> bytes:
    return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()


def file_head(name: str) -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{name}"; filename="{name}.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


END = f"\r\n--{BOUNDARY}--\r\n".encode()
SMALL_FILE = file_head("small") + b"tiny\r\n"


def post(app: Flask, body: GeneratedInput, content_type: str = MULTIPART) -> tuple[WSGIResult, int]:
    """Post ``body`` (its length declared) and give the result and the peak memory it took."""
    env = environ("/form", method="POST", content_type=content_type)
    env["wsgi.input"] = body
    env["CONTENT_LENGTH"] = str(body.length)
    return measured(app, env)


def measured(app: Flask, env: dict[str, t.Any]) -> tuple[WSGIResult, int]:
    """The app's answer to ``env``, and the peak memory allocated meanwhile."""
    tracemalloc.start()
    try:
        result = call_wsgi(app, env)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


def test_a_urlencoded_body_over_the_limit_is_refused_before_it_is_read(app: Flask) -> None:
    body = GeneratedInput(b"a=", size=HUGE)
    result, peak = post(app, body, "application/x-www-form-urlencoded")
    assert_clean(result, 413, app)
    assert body.consumed == 0
    assert peak < MEMORY_CEILING


HUGE_FIELDS = {
    "alone": (field_head("big"), END),
    "after a file": (SMALL_FILE + field_head("big"), END),
    "before a file": (field_head("big"), b"\r\n" + SMALL_FILE + END[2:]),
}


@pytest.mark.parametrize(("head", "tail"), HUGE_FIELDS.values(), ids=HUGE_FIELDS.keys())
def test_a_huge_multipart_field_is_refused_while_it_is_read(
    app: Flask, head: bytes, tail: bytes
) -> None:
    body = GeneratedInput(head, size=HUGE, tail=tail)
    result, peak = post(app, body)
    assert_clean(result, 413, app)
    assert peak < MEMORY_CEILING
    assert body.consumed < MEMORY_CEILING


def test_a_huge_multipart_file_is_not_held_in_memory(app: Flask) -> None:
    body = GeneratedInput(field_head("a") + b"1\r\n" + file_head("big"), size=HUGE, tail=END)
    result, peak = post(app, body)
    assert_clean(result, 200, app)
    assert result.json() == {"fields": {"a": 1}, "files": {"big": HUGE}}
    assert peak < MEMORY_CEILING


def test_a_huge_chunked_multipart_file_is_not_held_in_memory(app: Flask) -> None:
    # No length declared: Django's parser must not take it for a small upload.
    body = GeneratedInput(file_head("big"), size=HUGE, tail=END)
    env = environ("/form", method="POST", content_type=MULTIPART, CONTENT_LENGTH=None)
    env.update({"wsgi.input": body, "wsgi.input_terminated": True})
    env["HTTP_TRANSFER_ENCODING"] = "chunked"
    result, peak = measured(app, env)
    assert_clean(result, 200, app)
    assert result.json() == {"fields": {}, "files": {"big": HUGE}}
    assert peak < MEMORY_CEILING


def fields_body(sizes: dict[str, int]) -> io.BytesIO:
    parts = [field_head(name) + b"v" * size + b"\r\n" for name, size in sizes.items()]
    return io.BytesIO(b"".join(parts) + END[2:])


@pytest.mark.parametrize(
    ("sizes", "status"),
    [
        ({"a": DEFAULT_LIMIT}, 200),
        ({"a": DEFAULT_LIMIT + 1}, 413),
        # Each field on its own, as in Flask: together they may hold more.
        ({"a": DEFAULT_LIMIT, "b": DEFAULT_LIMIT, "c": DEFAULT_LIMIT}, 200),
        ({"a": 10, "b": DEFAULT_LIMIT + 1, "c": 10}, 413),
    ],
    ids=["one at the limit", "one over", "three at the limit", "the middle one over"],
)
def test_each_multipart_field_is_measured_against_the_default_limit(
    app: Flask, sizes: dict[str, int], status: int
) -> None:
    data = fields_body(sizes).getvalue()
    env = environ("/form", method="POST", body=data, content_type=MULTIPART)
    result = call_wsgi(app, env)
    assert_clean(result, status, app)
    if status == 200:
        assert result.json() == {"fields": sizes, "files": {}}


def test_without_a_limit_a_large_field_is_parsed(app: Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = None
    body = GeneratedInput(field_head("big"), size=3_000_000, tail=END)
    result, _peak = post(app, body)
    assert_clean(result, 200, app)
    assert result.json() == {"fields": {"big": 3_000_000}, "files": {}}


def test_a_large_limit_is_honoured(app: Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 3_000_000
    sizes: dict[str, t.Any] = {"big": 3_000_000}
    env = environ(
        "/form", method="POST", body=fields_body(sizes).getvalue(), content_type=MULTIPART
    )
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert result.json() == {"fields": sizes, "files": {}}


def test_a_small_limit_leaves_large_files_alone(app: Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 100
    body = GeneratedInput(
        field_head("a") + b"1\r\n" + file_head("one"),
        size=3_000_000,
        tail=b"\r\n" + file_head("two") + b"y" * 1_000_000 + END,
    )
    result, _peak = post(app, body)
    assert_clean(result, 200, app)
    assert result.json() == {"fields": {"a": 1}, "files": {"one": 3_000_000, "two": 1_000_000}}
