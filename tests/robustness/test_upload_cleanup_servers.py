"""Uploads released on every refusal under a real server: gunicorn (gthread), standalone and mounted.

Each server runs with its own ``TMPDIR`` (where Django spools uploads) and its
collector off (see ``upload_server_app``).  After a warm-up, refused forms,
failing views and clients that disconnect mid-body must leave the temp dir
empty and the worker's open descriptors (``/proc/<pid>/fd``) where they were.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import typing as t
from pathlib import Path

import pytest
from robustness_support import multipart_field, multipart_file
from server_support import children_of, free_port, open_descriptors, serving

BOUNDARY = "server-boundary"
BIG = 3_000_000
SETTLE_TIMEOUT = 10.0

TARGETS = {
    "standalone": ("upload_server_app:app", None, "/form", "/fail"),
    "mounted": (
        "django.core.wsgi:get_wsgi_application()",
        "upload_server_site",
        "/up/form",
        "/up/fail",
    ),
}


def file_part(name: str, size: int = BIG) -> bytes:
    return multipart_file(BOUNDARY, name, b"u" * size)


def field_part(name: str, value: bytes) -> bytes:
    return multipart_field(BOUNDARY, name, value)


END = f"--{BOUNDARY}--\r\n".encode()
GOOD = file_part("a") + END
OVER_MEMORY = file_part("a") + field_part("big", b"f" * 5_000) + END
OVER_PARTS = file_part("a") + b"".join(field_part(f"f{i}", b"v") for i in range(10)) + END


@pytest.fixture(params=TARGETS.keys())
def server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> t.Iterator[tuple[int, int, Path, str, str]]:
    """(port, worker pid, temp dir, form path, failing path) of a running gunicorn."""
    target, settings_module, form_path, fail_path = TARGETS[request.param]
    spool = tmp_path / "tmp"
    spool.mkdir()
    env = {"TMPDIR": str(spool)}
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    port = free_port()
    args = ["gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    args += ["--worker-class", "gthread", "--threads", "2", target]
    with serving(args, port, tmp_path / "gunicorn.log", env) as proc:
        yield port, children_of(proc.pid)[0], spool, form_path, fail_path


def post(
    port: int, path: str, body: bytes, *, send: int | None = None, length: int | None = None
) -> int | None:
    """POST ``body``, declared as ``length`` bytes (its own length by default), and read the
    status; with ``send``, go away after that many bytes of it (no status then)."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {len(body) if length is None else length}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        if send is not None:
            sock.sendall(head + body[:send])
            return None
        sock.sendall(head + body)
        status_line = sock.makefile("rb").readline()
    return int(status_line.split()[1])


def settled(pid: int, spool: Path) -> tuple[list[str], int]:
    """The temp dir and descriptor count once the worker is idle: unchanged for half a second
    (a request whose client went away may still be running for a moment)."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    state, unchanged_since = None, time.monotonic()
    while time.monotonic() < deadline:
        current = sorted(os.listdir(spool)), open_descriptors(pid)
        if current != state:
            state, unchanged_since = current, time.monotonic()
        elif time.monotonic() - unchanged_since >= 0.5:
            break
        time.sleep(0.05)
    assert state is not None
    return state


def test_refusals_and_failures_leave_nothing_behind(
    server: tuple[int, int, Path, str, str],
) -> None:
    port, worker, spool, form_path, fail_path = server
    # Warm-up: the first requests open what the worker keeps (imports, logging).
    assert post(port, form_path, GOOD) == 200
    assert post(port, form_path, OVER_PARTS) == 413
    with contextlib.suppress(OSError):
        post(port, form_path, GOOD, send=BIG // 2)
    files, descriptors = settled(worker, spool)
    assert files == []
    for _ in range(3):
        assert post(port, form_path, OVER_MEMORY) == 413
        assert post(port, form_path, OVER_PARTS) == 413
        assert post(port, fail_path, GOOD) == 500
        assert post(port, form_path, GOOD) == 200
        for cut in (BIG // 2, BIG + 1_000):
            with contextlib.suppress(OSError):
                post(port, form_path, GOOD + file_part("b"), send=cut)
    files, after = settled(worker, spool)
    assert files == []
    assert after <= descriptors


SMALL_PART = field_part("f", b"v" * 200)


def test_too_many_parts_are_refused_before_the_rest_of_the_body_is_sent(
    server: tuple[int, int, Path, str, str],
) -> None:
    """The body declares 50,000 parts and sends 600 (the app allows 5; the parser reads
    64 KiB at a time, about 250 parts; Django's own limit, 1,000, is not reached): the 413
    comes while the rest is still owed, so the parser stopped as the limit was crossed."""
    port, _worker, _spool, form_path, _fail_path = server
    declared = len(SMALL_PART) * 50_000 + len(END)  # under MAX_CONTENT_LENGTH
    assert post(port, form_path, SMALL_PART * 600, length=declared) == 413
