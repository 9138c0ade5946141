"""``wsgi.file_wrapper``: a WSGI server sends a whole ``send_file`` body itself.

Gunicorn, uWSGI and wsgiref pass a file wrapper in the environ; a response that
is an unread file is handed to it (gunicorn then uses ``sendfile``), as Django's
handler does for a ``FileResponse`` and as Flask does through werkzeug. Anything
else (a range, a body an ``after_request`` replaced, HEAD) is served as before.
"""

from __future__ import annotations

import io
import typing as t
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest

import flaskish
from flaskish import Flask

BODY = b"0123456789" * 1000


class RecordingWrapper:
    """A server's file wrapper: reads the file in blocks; its ``close`` is the file's."""

    made: list[RecordingWrapper] = []

    def __init__(self, filelike: t.Any, blksize: int = 8192) -> None:
        self.filelike = filelike
        self.blksize = blksize
        self.close = filelike.close
        RecordingWrapper.made.append(self)

    def __iter__(self) -> t.Iterator[bytes]:
        while chunk := self.filelike.read(self.blksize):
            yield chunk


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    (tmp_path / "big.bin").write_bytes(BODY)
    app = Flask("file_wrapper_app", root_path=str(tmp_path))
    RecordingWrapper.made.clear()

    @app.get("/file")
    def file() -> t.Any:
        return flaskish.send_file("big.bin")

    @app.get("/replaced")
    def replaced() -> t.Any:
        response = flaskish.send_file("big.bin")
        response.set_data(b"replaced")
        return response

    return app


def call(app: Flask, path: str, **extra: str) -> tuple[str, list[tuple[str, str]], t.Any]:
    environ: dict[str, t.Any] = {"PATH_INFO": path, "wsgi.file_wrapper": RecordingWrapper}
    environ.update(extra)
    setup_testing_defaults(environ)
    started: list[t.Any] = []
    body = app.wsgi_app(environ, lambda status, headers, *_: started.append((status, headers)))
    return started[0][0], started[0][1], body


def read_and_close(body: t.Any) -> bytes:
    try:
        return b"".join(body)
    finally:
        body.close()


def test_a_whole_file_goes_to_the_servers_file_wrapper(app: Flask) -> None:
    events: list[str] = []
    app.teardown_request(lambda exc: events.append("teardown"))
    status, headers, body = call(app, "/file")
    assert isinstance(body, RecordingWrapper)
    assert body.blksize == 65536
    file = body.filelike
    assert (status, dict(headers)["Content-Length"]) == ("200 OK", str(len(BODY)))
    assert read_and_close(body) == BODY
    # Closing the server's wrapper closed the file; the request ended as always.
    assert (file.closed, events) == (True, ["teardown"])


def test_closing_the_wrapper_runs_call_on_close(app: Flask) -> None:
    closed: list[str] = []

    @app.after_request
    def note(response: flaskish.Response) -> flaskish.Response:
        response.call_on_close(lambda: closed.append("closed"))
        return response

    _, _, body = call(app, "/file")
    assert isinstance(body, RecordingWrapper)
    read_and_close(body)
    assert closed == ["closed"]


@pytest.mark.parametrize(
    ("path", "extra", "expected"),
    [
        ("/file", {"HTTP_RANGE": "bytes=10-19"}, b"0123456789"),
        ("/replaced", {}, b"replaced"),
    ],
)
def test_a_sliced_or_replaced_body_is_served_as_the_app_made_it(
    app: Flask, path: str, extra: dict[str, str], expected: bytes
) -> None:
    app.get("/ranged")(lambda: flaskish.send_file("big.bin", conditional=True))
    if extra:
        path = "/ranged"
    _, _, body = call(app, path, **extra)
    assert not isinstance(body, RecordingWrapper)
    assert read_and_close(body) == expected
    assert RecordingWrapper.made == []


def test_head_sends_no_wrapper(app: Flask) -> None:
    status, _, body = call(app, "/file", REQUEST_METHOD="HEAD")
    assert (status, list(body), RecordingWrapper.made) == ("200 OK", [], [])


def test_a_file_object_is_wrapped_and_closed_too(app: Flask) -> None:
    given = io.BytesIO(BODY)
    app.get("/object")(lambda: flaskish.send_file(given, mimetype="application/octet-stream"))
    _, _, body = call(app, "/object")
    assert isinstance(body, RecordingWrapper)
    assert read_and_close(body) == BODY
    assert given.closed


def test_without_a_file_wrapper_the_response_streams_itself(app: Flask) -> None:
    environ: dict[str, t.Any] = {"PATH_INFO": "/file"}
    setup_testing_defaults(environ)
    environ.pop("wsgi.file_wrapper", None)
    body = app.wsgi_app(environ, lambda *a: None)
    assert isinstance(body, flaskish.Response)
    assert read_and_close(body) == BODY
