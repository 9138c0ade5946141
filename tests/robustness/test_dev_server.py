"""Chunked request bodies on the development server (``flaskish run``, Django's runserver).

Django's runserver does not de-chunk: the body read as empty and its chunks
were parsed as the next request (a 400 in the log).  flaskish's handler decodes
them, applies MAX_CONTENT_LENGTH (1000 in ``chunked_server_app``) while reading,
refuses other transfer codings with 501 and closes the connection after a
chunked request, so nothing left unread is taken for a request.
"""

from __future__ import annotations

import json
import socket
import typing as t
from pathlib import Path

import pytest
from server_support import free_port, serving

BOUNDARY = "dev-boundary"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[tuple[int, Path]]:
    """``flaskish run`` serving ``chunked_server_app``: (port, log file)."""
    port = free_port()
    log = tmp_path_factory.mktemp("devserver") / "log"
    args = ["flaskish", "--app", "chunked_server_app", "run", "--port", str(port), "--no-reload"]
    with serving(args, port, log):
        yield port, log


def chunked(body: bytes, size: int = 7) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def exchange(port: int, raw: bytes) -> list[tuple[int, bytes]]:
    """Send ``raw`` on one connection, and nothing more; every (status, body) the server
    answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return parse_responses(received)


def parse_responses(data: bytes) -> list[tuple[int, bytes]]:
    responses = []
    while data:
        head, _, data = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        headers = dict(line.split(b": ", 1) for line in lines[1:])
        length = int(headers.get(b"Content-Length", len(data)))
        responses.append((int(lines[0].split()[1]), data[:length]))
        data = data[length:]
    return responses


def request(path: str, body: bytes, *headers: str) -> bytes:
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def test_a_chunked_body_is_read_whole(server: tuple[int, Path]) -> None:
    port, _log = server
    raw = request("/data", chunked(b"hello, chunked world"), "Transfer-Encoding: chunked")
    ((status, body),) = exchange(port, raw)
    assert status == 200
    assert json.loads(body) == {"data": "hello, chunked world"}


def test_a_chunked_multipart_form_is_parsed(server: tuple[int, Path]) -> None:
    port, _log = server
    form = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\n\r\n'
        f"file text\r\n--{BOUNDARY}--\r\n"
    ).encode()
    raw = request(
        "/form",
        chunked(form),
        "Transfer-Encoding: chunked",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
    )
    ((status, body),) = exchange(port, raw)
    assert status == 200
    assert json.loads(body) == {"form": {"a": "b"}, "file": ["f.txt", "file text"]}


def test_chunks_the_view_never_read_are_not_taken_for_a_request(server: tuple[int, Path]) -> None:
    port, log = server
    smuggled = b"GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    raw = request("/ignore", chunked(smuggled, size=len(smuggled)), "Transfer-Encoding: chunked")
    assert exchange(port, raw) == [(200, b"the body was not read")]
    assert b"/smuggled" not in log.read_bytes()


def test_transfer_encoding_overrides_content_length(server: tuple[int, Path]) -> None:
    port, _log = server
    raw = request("/data", chunked(b"abc"), "Transfer-Encoding: chunked", "Content-Length: 5")
    ((status, body),) = exchange(port, raw)
    assert (status, json.loads(body)) == (200, {"data": "abc"})


def test_a_chunked_body_over_max_content_length_is_413(server: tuple[int, Path]) -> None:
    port, _log = server
    raw = request("/data", chunked(b"x" * 5_000, size=500), "Transfer-Encoding: chunked")
    ((status, _body),) = exchange(port, raw)
    assert status == 413


@pytest.mark.parametrize(
    "body",
    [b"zz\r\nabc\r\n0\r\n\r\n", b"3\r\nabcdef\r\n0\r\n\r\n", b"5\r\nab"],
    ids=["a size that is not hex", "a chunk longer than its size", "a body cut short"],
)
def test_a_malformed_chunked_body_is_400(server: tuple[int, Path], body: bytes) -> None:
    port, _log = server
    ((status, _body),) = exchange(
        port, request("/data", body, "Transfer-Encoding: chunked", "Connection: close")
    )
    assert status == 400


def test_another_transfer_coding_is_501(server: tuple[int, Path]) -> None:
    port, _log = server
    ((status, body),) = exchange(port, request("/data", b"abc", "Transfer-Encoding: gzip"))
    assert status == 501
    assert b"Only the chunked transfer coding is supported" in body


def test_requests_with_a_length_still_share_a_connection(server: tuple[int, Path]) -> None:
    port, _log = server
    first = request("/data", b"one", "Content-Length: 3")
    second = request("/data", b"two", "Content-Length: 3", "Connection: close")
    responses = exchange(port, first + second)
    assert [(status, json.loads(body)) for status, body in responses] == [
        (200, {"data": "one"}),
        (200, {"data": "two"}),
    ]
