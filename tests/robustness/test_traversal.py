"""Path traversal against the static route, send_from_directory and safe_join.

Each attack comes plain, percent-encoded, double-encoded, with backslashes, as
an absolute path and with a NUL; the file outside the served folder must never
come back, and the answer is a 404 (or a redirect that stays on the site).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from robustness_support import assert_clean, call_wsgi, environ

from flaskish import Flask, request, send_from_directory
from flaskish.helpers import safe_join

SECRET = b"top secret file content"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """``static/`` and ``files/`` to serve, ``secret.txt`` next to them."""
    (tmp_path / "static" / "sub").mkdir(parents=True)
    (tmp_path / "static" / "hello.txt").write_text("hello")
    (tmp_path / "static" / "sub" / "inner.txt").write_text("inner")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "doc.txt").write_text("doc")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    return tmp_path


@pytest.fixture
def app(site: Path) -> Flask:
    app = Flask("flaskish_traversal_app", root_path=str(site), static_folder=str(site / "static"))
    app.config.update(SECRET_KEY="robustness secret key")

    @app.get("/download/<path:name>")
    def download(name: str):
        return send_from_directory(site / "files", name)

    @app.get("/download")
    def download_by_query():
        return send_from_directory(site / "files", request.args["name"])

    return app


# URLs as a client sends them; the test client percent-decodes them once into the
# path, as a server does. "{site}" is the served site's absolute path.
STATIC_ATTACKS = {
    "plain ..": "/static/../secret.txt",
    "from a subfolder": "/static/sub/../../secret.txt",
    "percent-encoded dots": "/static/%2e%2e/secret.txt",
    "half-encoded dots": "/static/.%2e/secret.txt",
    "percent-encoded slash": "/static/..%2fsecret.txt",
    "double-encoded dots": "/static/%252e%252e/secret.txt",
    "double-encoded slash": "/static/..%252fsecret.txt",
    "backslash": "/static/..\\secret.txt",
    "percent-encoded backslash": "/static/..%5csecret.txt",
    "overlong UTF-8 dots": "/static/%c0%ae%c0%ae/secret.txt",
    "Windows drive": "/static/C:\\secret.txt",
    "NUL before an extension": "/static/hello.txt%00.png",
    "bare ..": "/static/..",
    "tilde": "/static/~/secret.txt",
}
DOWNLOAD_ATTACKS = {
    "plain ..": "/download/../secret.txt",
    "percent-encoded dots": "/download/%2e%2e/secret.txt",
    "percent-encoded slash": "/download/..%2fsecret.txt",
    "double-encoded": "/download/%252e%252e%252fsecret.txt",
    "backslash": "/download/..\\secret.txt",
    "percent-encoded backslash": "/download/..%5csecret.txt",
    "NUL": "/download/doc.txt%00",
    "query, plain ..": "/download?name=../secret.txt",
    "query, absolute": "/download?name={site}/secret.txt",
    "query, backslash": "/download?name=..%5csecret.txt",
    "query, percent-encoded dots": "/download?name=%2e%2e/secret.txt",
    "query, NUL": "/download?name=doc.txt%00",
    "query, empty": "/download?name=",
    "query, dot": "/download?name=.",
}


@pytest.mark.parametrize(
    "url",
    [*STATIC_ATTACKS.values(), *DOWNLOAD_ATTACKS.values()],
    ids=[
        *(f"static: {k}" for k in STATIC_ATTACKS),
        *(f"send_from_directory: {k}" for k in DOWNLOAD_ATTACKS),
    ],
)
def test_traversal_is_404(client, app: Flask, site: Path, url: str) -> None:
    response = client.get(url.format(site=site))
    assert_clean(response, 404, app)
    assert SECRET not in response.data


@pytest.mark.parametrize(
    "path",
    [
        "/static/hello.txt",
        "/static/sub/../hello.txt",
        "/download/doc.txt",
        "/download?name=doc.txt",
    ],
)
def test_files_inside_the_folder_are_served(client, app: Flask, path: str) -> None:
    response = client.get(path)
    assert_clean(response, 200, app)
    assert response.data in (b"hello", b"doc")


ABSOLUTE_ATTACKS = {
    "static, double slash": "/static//etc/passwd",
    "static, encoded slash": "/static/%2fetc%2fpasswd",
    "static, the site's own path": "/static/{site}/secret.txt",
    "download, double slash": "/download//etc/passwd",
    "download, the site's own path": "/download/{site}/secret.txt",
    "download, encoded slash": "/download/%2f{site}/secret.txt",
}


@pytest.mark.parametrize("url", ABSOLUTE_ATTACKS.values(), ids=ABSOLUTE_ATTACKS.keys())
def test_absolute_paths_redirect_within_the_site_then_404(
    client, app: Flask, site: Path, url: str
) -> None:
    # Repeated slashes are merged by a redirect, as in Flask; it must stay on this
    # host (never "//etc/..."), and what it points at is inside the folder.
    response = client.get(url.format(site=site))
    assert_clean(response, 308, app)
    location = urlsplit(response.headers["Location"])
    assert (location.scheme, location.netloc) == ("http", "localhost")
    assert "//" not in location.path
    followed = client.get(location.path)
    assert_clean(followed, 404, app)
    assert SECRET not in followed.data


RAW_PATHS = {
    "unnormalised ..": b"/static/../secret.txt",
    "NUL": b"/static/hello.txt\x00",
    "backslashes": b"/static/..\\..\\secret.txt",
    "invalid UTF-8 dots": b"/static/\xc0\xae\xc0\xae/secret.txt",
    "scheme-relative": b"//evil.example/static/hello.txt",
}


@pytest.mark.parametrize("path", RAW_PATHS.values(), ids=RAW_PATHS.keys())
def test_raw_paths_from_the_server_are_refused(app: Flask, path: bytes) -> None:
    result = call_wsgi(app, environ(path))
    assert_clean(result, 404, app)
    assert SECRET not in result.data


SAFE_JOIN_ESCAPES = {
    "parent": ("../secret.txt",),
    "parent after a folder": ("sub/../../secret.txt",),
    "parent in a later part": ("sub", "../../secret.txt"),
    "bare ..": ("..",),
    "absolute": ("/etc/passwd",),
    "absolute in a later part": ("sub", "/etc/passwd"),
    "NUL": ("hello.txt\x00.png",),
}


@pytest.mark.parametrize("parts", SAFE_JOIN_ESCAPES.values(), ids=SAFE_JOIN_ESCAPES.keys())
def test_safe_join_refuses_what_leaves_the_directory(site: Path, parts: tuple[str, ...]) -> None:
    assert safe_join(str(site / "static"), *parts) is None


SAFE_JOIN_TEXT = {
    # Percent signs and backslashes are ordinary filename characters on POSIX.
    "percent-encoded dots": ("%2e%2e/secret.txt", "%2e%2e/secret.txt"),
    "double-encoded dots": ("%252e%252e/secret.txt", "%252e%252e/secret.txt"),
    "backslash": ("..\\secret.txt", "..\\secret.txt"),
    "inner parent that stays inside": ("sub/../hello.txt", "hello.txt"),
}


@pytest.mark.parametrize(("part", "joined"), SAFE_JOIN_TEXT.values(), ids=SAFE_JOIN_TEXT.keys())
def test_safe_join_keeps_encoded_names_as_names(site: Path, part: str, joined: str) -> None:
    base = str(site / "static")
    result = safe_join(base, part)
    assert result == f"{base}/{joined}"
    assert os.path.realpath(result).startswith(os.path.realpath(base) + os.sep)
