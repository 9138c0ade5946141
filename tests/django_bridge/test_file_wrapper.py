"""A mounted app's ``send_file`` under Django's WSGI handler: the server's
``wsgi.file_wrapper`` sends the file, as for Django's own ``FileResponse``."""

from __future__ import annotations

import typing as t
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler

from django_bridge import mount
from flaskish import Flask, send_file

CSS = Path(__file__).parent / "bridge_site" / "notes_static" / "css" / "notes.css"

files = Flask("files")
files.get("/css")(lambda: send_file(CSS, conditional=True))
urlpatterns = [mount("files/", files)]

# Django's handler sends request_finished, which closes the database connections.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: t.Any) -> None:
    settings.ROOT_URLCONF = __name__


class RecordingWrapper:
    """A server's file wrapper: reads the file in blocks; its ``close`` is the file's."""

    def __init__(self, filelike: t.Any, blksize: int = 8192) -> None:
        self.filelike = filelike
        self.blksize = blksize
        self.close = filelike.close

    def __iter__(self) -> t.Iterator[bytes]:
        while chunk := self.filelike.read(self.blksize):
            yield chunk


def serve(path: str, **extra: str) -> tuple[str, t.Any]:
    environ: dict[str, t.Any] = {
        "PATH_INFO": path,
        "HTTP_HOST": "testserver",
        "wsgi.file_wrapper": RecordingWrapper,
        **extra,
    }
    setup_testing_defaults(environ)
    started: list[str] = []
    body = WSGIHandler()(environ, lambda status, headers, *_: started.append(status))
    return started[0], body


def test_a_mounted_static_file_goes_to_the_servers_file_wrapper() -> None:
    status, body = serve("/files/css")
    assert isinstance(body, RecordingWrapper)
    file = body.filelike
    try:
        assert (status, b"".join(body)) == ("200 OK", CSS.read_bytes())
    finally:
        body.close()
    assert file.closed


def test_a_range_of_a_mounted_file_is_served_by_the_app() -> None:
    status, body = serve("/files/css", HTTP_RANGE="bytes=0-3")
    try:
        assert not isinstance(body, RecordingWrapper)
        assert (status, b"".join(body)) == ("206 Partial Content", CSS.read_bytes()[:4])
    finally:
        body.close()
