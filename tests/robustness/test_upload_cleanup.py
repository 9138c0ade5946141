"""Every refusal releases what it took: no upload left on disk, no descriptor left open.

A multipart body over about 2.5 MB (Django's FILE_UPLOAD_MAX_MEMORY_SIZE) is
spooled to named temporary files.  Whatever ends the request - a limit's 413,
a malformed body's 400, a client that goes away mid-body, an exception in a
view or a hook, or a view that never looks at the body - those files must be
closed and deleted by the time the response is sent, not at the next garbage
collection (which the checks here keep from running).  Each case is counted in
a temp dir of its own (FILE_UPLOAD_TEMP_DIR) and in ``/proc/self/fd``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import typing as t
from pathlib import Path

import pytest
from django.test import override_settings
from robustness_support import (
    GeneratedInput,
    WSGIResult,
    call_wsgi,
    environ,
    multipart_field,
    multipart_file,
)

from flaskish import Flask, request, stream_with_context

BOUNDARY = "cleanup-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
#: Over FILE_UPLOAD_MAX_MEMORY_SIZE: the upload goes to a temporary file.
BIG = 3_000_000


def file_part(name: str, size: int = BIG) -> bytes:
    return multipart_file(BOUNDARY, name, b"u" * size)


def field_part(name: str, value: bytes) -> bytes:
    return multipart_field(BOUNDARY, name, value)


END = f"--{BOUNDARY}--\r\n".encode()


class DisconnectingInput(GeneratedInput):
    """A body whose client goes away after ``after`` bytes: the server's read then fails."""

    def __init__(self, body: bytes, after: int) -> None:
        super().__init__(body)
        self._after = after

    def readinto(self, buffer: t.Any) -> int:
        if self.consumed >= self._after:
            raise OSError("The client closed the connection.")
        return super().readinto(buffer[: self._after - self.consumed])


@pytest.fixture
def upload_dir(tmp_path: Path) -> t.Iterator[Path]:
    """Where Django spools uploads during the test."""
    directory = tmp_path / "uploads"
    directory.mkdir()
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(directory)):
        yield directory


@contextlib.contextmanager
def no_garbage_collection() -> t.Iterator[None]:
    """What the request leaves must be released by the request, not by the collector."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config.update(MAX_FORM_MEMORY_SIZE=1_000, MAX_FORM_PARTS=5)

    @app.post("/form")
    def form() -> dict:
        return {"files": len(request.files), "fields": len(request.form)}

    @app.post("/form-then-fail")
    def form_then_fail() -> dict:
        assert request.files["a"].read(10) == b"uuuuuuuuuu"
        raise RuntimeError("The view failed after reading the upload.")

    @app.post("/ignore")
    def ignore() -> str:
        return "never looked at the body"

    @app.post("/hook-fails")
    def hook_fails() -> str:
        return "not reached"

    @app.before_request
    def read_then_fail() -> None:
        if request.path == "/hook-fails":
            request.files.get("a")
            raise RuntimeError("A before_request hook failed after the form was parsed.")

    return app


#: path, body, status: each spools at least one upload to disk before it ends.
CASES: dict[str, tuple[str, bytes, int]] = {
    "a field over MAX_FORM_MEMORY_SIZE after a file (413)": (
        "/form",
        file_part("a") + field_part("big", b"f" * 5_000) + END,
        413,
    ),
    "more parts than MAX_FORM_PARTS after a file (413)": (
        "/form",
        file_part("a") + b"".join(field_part(f"f{i}", b"v") for i in range(10)) + END,
        413,
    ),
    "a second file then too many parts (413)": (
        "/form",
        file_part("a") + file_part("b") + b"".join(field_part(f"f{i}", b"v") for i in range(5)),
        413,
    ),
    "a malformed part after a file (400)": (
        "/form",
        file_part("a")
        + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="b"; filename="b"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n!!!!not base64!!!!\r\n".encode()
        + END,
        400,
    ),
    "an exception in the view after reading the upload (500)": (
        "/form-then-fail",
        file_part("a") + END,
        500,
    ),
    "an exception in a before_request hook (500)": ("/hook-fails", file_part("a") + END, 500),
    "a view that never reads the body (200)": ("/ignore", file_part("a") + END, 200),
    "a form that is accepted (200)": ("/form", file_part("a") + file_part("b") + END, 200),
}


def post_wsgi(app: Flask, path: str, body: t.Any, length: int) -> WSGIResult:
    env = environ(path, method="POST", content_type=MULTIPART)
    env["wsgi.input"] = body
    env["CONTENT_LENGTH"] = str(length)
    return call_wsgi(app, env)


def assert_released(upload_dir: Path, descriptors: int) -> None:
    assert sorted(os.listdir(upload_dir)) == []
    assert open_descriptors() == descriptors


@pytest.mark.parametrize(("path", "body", "status"), CASES.values(), ids=CASES.keys())
def test_a_wsgi_request_releases_its_uploads(
    app: Flask, upload_dir: Path, path: str, body: bytes, status: int
) -> None:
    post_wsgi(app, "/form", GeneratedInput(file_part("warm") + END), len(file_part("warm") + END))
    with no_garbage_collection():
        descriptors = open_descriptors()
        result = post_wsgi(app, path, GeneratedInput(body), len(body))
        assert result.status_code == status
        assert_released(upload_dir, descriptors)


@pytest.mark.parametrize(("path", "body", "status"), CASES.values(), ids=CASES.keys())
def test_a_test_client_request_releases_its_uploads(
    app: Flask, upload_dir: Path, path: str, body: bytes, status: int
) -> None:
    client = app.test_client()
    with no_garbage_collection():
        descriptors = open_descriptors()
        response = client.post(path, data=body, content_type=MULTIPART)
        assert response.status_code == status
        response.close()
        assert_released(upload_dir, descriptors)


def test_a_body_over_max_content_length_releases_its_uploads(app: Flask, upload_dir: Path) -> None:
    """A chunked body (no length declared) is refused at MAX_CONTENT_LENGTH mid-parse."""
    app.config["MAX_CONTENT_LENGTH"] = BIG + 100_000
    body = file_part("a") + file_part("b") + END
    env = environ("/form", method="POST", content_type=MULTIPART, HTTP_TRANSFER_ENCODING="chunked")
    env.pop("CONTENT_LENGTH", None)
    env["wsgi.input"] = GeneratedInput(body)
    env["wsgi.input_terminated"] = True
    with no_garbage_collection():
        descriptors = open_descriptors()
        assert call_wsgi(app, env).status_code == 413
        assert_released(upload_dir, descriptors)


@pytest.mark.parametrize("after", [BIG // 2, BIG + 1_000], ids=["in the first file", "later"])
def test_a_client_gone_mid_body_leaves_no_upload(app: Flask, upload_dir: Path, after: int) -> None:
    body = file_part("a") + file_part("b") + END
    with no_garbage_collection():
        descriptors = open_descriptors()
        result = post_wsgi(app, "/form", DisconnectingInput(body, after), len(body))
        assert result.status_code in (400, 500)
        assert_released(upload_dir, descriptors)


def test_an_abandoned_streamed_response_releases_the_uploads(app: Flask, upload_dir: Path) -> None:
    """A response streamed from the upload that the client stops reading: the server
    closes it, and the request (kept open by ``stream_with_context``) goes with its files."""

    @app.post("/stream")
    def stream() -> t.Any:
        @stream_with_context
        def chunks() -> t.Iterator[bytes]:
            upload = request.files["a"]
            while chunk := upload.read(1024):
                yield chunk

        return app.response_class(chunks())

    body = file_part("a") + END
    env = environ("/stream", method="POST", content_type=MULTIPART)
    env["wsgi.input"], env["CONTENT_LENGTH"] = GeneratedInput(body), str(len(body))
    with no_garbage_collection():
        descriptors = open_descriptors()
        app_iter = app(env, lambda status, headers, exc_info=None: None)
        assert next(iter(app_iter)) == b"u" * 1024
        app_iter.close()  # what a server does when the client goes away
        assert_released(upload_dir, descriptors)
