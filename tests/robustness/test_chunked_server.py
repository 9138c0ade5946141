"""Chunked uploads through a real de-chunking server: gunicorn, bound to 127.0.0.1.

gunicorn passes a chunked body on with no Content-Length and sets
``wsgi.input_terminated``; the app must read all of it, and refuse it past
MAX_CONTENT_LENGTH (1000 bytes in ``chunked_server_app``).
"""

from __future__ import annotations

import http.client
import json
import typing as t

import pytest
from server_support import free_port, serving


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[int]:
    """gunicorn serving ``chunked_server_app``, for this module."""
    log = tmp_path_factory.mktemp("gunicorn") / "log"
    port = free_port()
    args = ["gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "chunked_server_app:app"]
    with serving(args, port, log):
        yield port


def post_chunked(port: int, path: str, chunks: list[bytes], content_type: str) -> tuple[int, bytes]:
    """POST ``chunks`` with ``Transfer-Encoding: chunked``, as a streaming client sends them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(
            "POST",
            path,
            body=iter(chunks),
            headers={"Content-Type": content_type},
            encode_chunked=True,
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_a_chunked_body_is_read_whole(port: int) -> None:
    chunks = [b"first chunk, ", b"second chunk, ", b"last chunk"]
    status, body = post_chunked(port, "/data", chunks, "text/plain")
    assert status == 200
    assert json.loads(body) == {"data": "first chunk, second chunk, last chunk"}


def test_a_chunked_multipart_upload_is_parsed(port: int) -> None:
    boundary = "gunicorn-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nfile body\r\n--{boundary}--\r\n"
    ).encode()
    chunks = [body[i : i + 16] for i in range(0, len(body), 16)]
    status, answer = post_chunked(
        port, "/form", chunks, f"multipart/form-data; boundary={boundary}"
    )
    assert status == 200
    assert json.loads(answer) == {"form": {"a": "1"}, "file": ["f.txt", "file body"]}


@pytest.mark.parametrize(("size", "status"), [(1000, 200), (1001, 413)])
def test_a_chunked_body_over_max_content_length_is_413(port: int, size: int, status: int) -> None:
    chunks = [b"x" * 600, b"x" * (size - 600)]
    assert post_chunked(port, "/data", chunks, "text/plain")[0] == status
