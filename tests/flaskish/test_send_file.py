"""``send_file``, ``send_from_directory`` and the static route.

Expected headers were taken from Flask 3.1 / werkzeug 3.1 sending the same files.
"""

from __future__ import annotations

import io
import os
import re
import zlib
from pathlib import Path

import pytest

import flaskish
from flaskish import Blueprint, Flask
from flaskish.exceptions import NotFound
from flaskish.helpers import safe_join

BODY = b"hello world, this is a file\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An app folder: ``static/`` with files, and a secret file beside it."""
    (tmp_path / "static" / "sub").mkdir(parents=True)
    (tmp_path / "static" / "hello.txt").write_bytes(BODY)
    (tmp_path / "static" / "sub" / "a.txt").write_bytes(b"sub")
    (tmp_path / "secret.txt").write_bytes(b"top secret")
    (tmp_path / "bp_static").mkdir()
    (tmp_path / "bp_static" / "bp.txt").write_bytes(b"from the blueprint")
    return tmp_path


@pytest.fixture
def app(root: Path) -> Flask:
    app = Flask("send_file_app", root_path=str(root))
    app.config["TESTING"] = True
    return app


def _etag_for(path: Path) -> str:
    """The ETag werkzeug derives from a file's mtime, size and path."""
    stat = path.stat()
    checksum = zlib.adler32(str(path).encode()) & 0xFFFFFFFF
    return f'"{stat.st_mtime}-{stat.st_size}-{checksum}"'


# -- send_file ----------------------------------------------------------------------


def test_send_path(app: Flask, root: Path) -> None:
    with app.test_request_context():
        rv = flaskish.send_file("static/hello.txt")
        assert rv.status_code == 200
        assert rv.mimetype == "text/plain"
        assert rv.headers["Content-Length"] == "28"
        assert rv.headers["Content-Disposition"] == "inline; filename=hello.txt"
        assert rv.headers["ETag"] == _etag_for(root / "static" / "hello.txt")
        assert rv.headers["Cache-Control"] == "no-cache"
        assert rv.headers["Accept-Ranges"] == "bytes"
        assert rv.last_modified is not None
        assert rv.get_data() == BODY
        rv.close()


def test_send_file_object(app: Flask) -> None:
    with app.test_request_context():
        rv = flaskish.send_file(io.BytesIO(b"0123456789"), mimetype="text/plain")
        assert rv.headers["Content-Length"] == "10"
        assert "Content-Disposition" not in rv.headers
        assert "ETag" not in rv.headers
        assert rv.get_data() == b"0123456789"


def test_file_object_mimetype_from_download_name(app: Flask) -> None:
    with app.test_request_context():
        rv = flaskish.send_file(io.BytesIO(b"{}"), download_name="d.json")
        assert rv.mimetype == "application/json"
        assert rv.headers["Content-Disposition"] == "inline; filename=d.json"


def test_file_object_without_name_or_mimetype(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(TypeError) as info:
        flaskish.send_file(io.BytesIO(b"x"))
    assert str(info.value) == (
        "Unable to detect the MIME type because a file name is not available. Either set"
        " 'download_name', pass a path instead of a file, or set 'mimetype'."
    )


def test_attachment_without_name(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(TypeError) as info:
        flaskish.send_file(io.BytesIO(b"x"), mimetype="text/plain", as_attachment=True)
    assert str(info.value) == (
        "No name provided for attachment. Either set 'download_name' or pass a path"
        " instead of a file."
    )


def test_text_file_is_refused(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(ValueError) as info:
        flaskish.send_file(io.StringIO("x"), mimetype="text/plain")
    assert str(info.value) == "Files must be opened in binary mode or use BytesIO."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.html", "filename=index.html"),
        ("a b.txt", 'filename="a b.txt"'),
        ('say "hi".txt', 'filename="say \\"hi\\".txt"'),
        ("x;y.txt", 'filename="x;y.txt"'),
        (
            "Ñandú／pingüino.txt",
            "filename=\"Nandu/pinguino.txt\"; filename*=UTF-8''"
            "%C3%91and%C3%BA%EF%BC%8Fping%C3%BCino.txt",
        ),
        ("Vögel.txt", "filename=Vogel.txt; filename*=UTF-8''V%C3%B6gel.txt"),
        ("те:/ст", "filename=\":/\"; filename*=UTF-8''%D1%82%D0%B5%3A%2F%D1%81%D1%82"),
        (
            "résumé 2024.pdf",
            "filename=\"resume 2024.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%202024.pdf",
        ),
        ("日本語.txt", "filename=.txt; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.txt"),
    ],
)
@pytest.mark.parametrize("as_attachment", [True, False])
def test_download_name_header(app: Flask, name: str, expected: str, as_attachment: bool) -> None:
    # Non-ASCII names use RFC 6266's filename* with an ASCII fallback in filename, as
    # Flask sends them (Django's content_disposition_header omits the fallback).
    with app.test_request_context():
        rv = flaskish.send_file("static/hello.txt", as_attachment=as_attachment, download_name=name)
        rv.close()
    disposition = "attachment" if as_attachment else "inline"
    assert rv.headers["Content-Disposition"] == f"{disposition}; {expected}"


def test_compressed_file_inline_has_content_encoding(app: Flask) -> None:
    with app.test_request_context():
        inline = flaskish.send_file("static/hello.txt", download_name="x.tar.gz")
        attached = flaskish.send_file(
            "static/hello.txt", download_name="x.tar.gz", as_attachment=True
        )
        inline.close()
        attached.close()
    assert inline.mimetype == "application/x-tar"
    assert inline.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in attached.headers


def test_max_age_default_from_config(app: Flask) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60
    with app.test_request_context():
        rv = flaskish.send_file("static/hello.txt")
        rv.close()
    assert rv.headers["Cache-Control"] == "public, max-age=60"
    assert "Expires" in rv.headers


def test_max_age_callable_gets_the_path(app: Flask, root: Path) -> None:
    seen = []

    def max_age(path: str | None) -> int:
        seen.append(path)
        return 0

    with app.test_request_context():
        rv = flaskish.send_file("static/hello.txt", max_age=max_age)
        rv.close()
    assert seen == [str(root / "static" / "hello.txt")]
    assert rv.headers["Cache-Control"] == "no-cache, max-age=0"


def test_custom_etag_and_last_modified(app: Flask) -> None:
    with app.test_request_context():
        custom = flaskish.send_file("static/hello.txt", etag="custom")
        none = flaskish.send_file("static/hello.txt", etag=False, last_modified=0)
        custom.close()
        none.close()
    assert custom.headers["ETag"] == '"custom"'
    assert "ETag" not in none.headers
    assert none.headers["Last-Modified"] == "Thu, 01 Jan 1970 00:00:00 GMT"


# -- the older keywords ---------------------------------------------------------------


def test_attachment_filename_is_download_name(app: Flask) -> None:
    with app.test_request_context():
        with pytest.deprecated_call(match="'attachment_filename' parameter of 'send_file'"):
            rv = flaskish.send_file(
                io.BytesIO(b"x"), as_attachment=True, attachment_filename="report.csv"
            )
        assert rv.headers["Content-Disposition"] == "attachment; filename=report.csv"
        assert rv.mimetype == "text/csv"


def test_add_etags_is_etag(app: Flask) -> None:
    with app.test_request_context():
        with pytest.deprecated_call(match="'add_etags' parameter"):
            rv = flaskish.send_file("static/hello.txt", add_etags=False)
        rv.close()
    assert "ETag" not in rv.headers


def test_cache_timeout_is_max_age(app: Flask) -> None:
    with app.test_request_context():
        with pytest.deprecated_call() as record:
            rv = flaskish.send_file("static/hello.txt", cache_timeout=120)
        rv.close()
    assert str(record.list[0].message) == (
        "The 'cache_timeout' parameter of 'send_file' was renamed to 'max_age' in Flask"
        " 2.0. Use 'max_age' instead."
    )
    assert rv.headers["Cache-Control"] == "public, max-age=120"


# -- X-Sendfile -------------------------------------------------------------------------


def test_x_sendfile(app: Flask, root: Path) -> None:
    app.config["USE_X_SENDFILE"] = True

    @app.route("/file")
    def file() -> flaskish.Response:
        return flaskish.send_file("static/hello.txt")

    rv = app.test_client().get("/file")
    assert rv.status_code == 200
    assert rv.headers["X-Sendfile"] == str(root / "static" / "hello.txt")
    assert rv.headers["Content-Length"] == "28"
    assert rv.mimetype == "text/plain"
    assert rv.data == b""


def test_x_sendfile_not_for_file_objects(app: Flask) -> None:
    app.config["USE_X_SENDFILE"] = True
    with app.test_request_context():
        rv = flaskish.send_file(io.BytesIO(b"data"), mimetype="text/plain")
    assert "X-Sendfile" not in rv.headers
    assert rv.get_data() == b"data"


def test_x_sendfile_dropped_from_304(app: Flask) -> None:
    app.config["USE_X_SENDFILE"] = True
    client = app.test_client()
    etag = client.get("/static/hello.txt", buffered=True).headers["ETag"]
    rv = client.get("/static/hello.txt", headers={"If-None-Match": etag})
    assert rv.status_code == 304
    assert "X-Sendfile" not in rv.headers


# -- conditional and range requests ----------------------------------------------------


def test_static_304_for_if_none_match(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/static/hello.txt", buffered=True)
    rv = client.get("/static/hello.txt", headers={"If-None-Match": first.headers["ETag"]})
    assert rv.status_code == 304
    assert rv.data == b""
    assert rv.headers["ETag"] == first.headers["ETag"]
    assert "Content-Length" not in rv.headers
    assert "Last-Modified" not in rv.headers


def test_static_304_for_if_modified_since(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/static/hello.txt", buffered=True)
    rv = client.get(
        "/static/hello.txt", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert rv.status_code == 304
    rv = client.get(
        "/static/hello.txt", headers={"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"}
    )
    assert rv.status_code == 200
    assert rv.data == BODY


def test_send_file_304_and_unconditional(app: Flask, root: Path) -> None:
    @app.route("/<int:conditional>")
    def view(conditional: int) -> flaskish.Response:
        return flaskish.send_file("static/hello.txt", conditional=bool(conditional))

    client = app.test_client()
    etag = _etag_for(root / "static" / "hello.txt")
    assert client.get("/1", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/1", headers={"If-None-Match": '"other"'}, buffered=True).status_code == 200
    rv = client.get("/0", headers={"If-None-Match": etag, "Range": "bytes=0-1"})
    assert rv.status_code == 200
    assert rv.data == BODY


@pytest.mark.parametrize(
    ("range_header", "content_range", "body"),
    [
        ("bytes=0-4", "bytes 0-4/28", b"hello"),
        ("bytes=6-10", "bytes 6-10/28", b"world"),
        ("bytes=-5", "bytes 23-27/28", b"file\n"),
        ("bytes=23-", "bytes 23-27/28", b"file\n"),
        ("bytes=20-1000", "bytes 20-27/28", b" a file\n"),
    ],
)
def test_static_range(app: Flask, range_header: str, content_range: str, body: bytes) -> None:
    rv = app.test_client().get("/static/hello.txt", headers={"Range": range_header})
    assert rv.status_code == 206
    assert rv.headers["Content-Range"] == content_range
    assert rv.headers["Content-Length"] == str(len(body))
    assert rv.data == body


def test_static_range_not_satisfiable(app: Flask) -> None:
    rv = app.test_client().get("/static/hello.txt", headers={"Range": "bytes=100-200"})
    assert rv.status_code == 416
    assert rv.headers["Content-Range"] == "bytes */28"


def test_range_ignored_when_if_range_is_stale(app: Flask) -> None:
    rv = app.test_client().get(
        "/static/hello.txt", headers={"Range": "bytes=0-4", "If-Range": '"stale"'}
    )
    assert rv.status_code == 200
    assert rv.data == BODY


def test_range_of_a_file_object(app: Flask) -> None:
    @app.route("/mem")
    def mem() -> flaskish.Response:
        return flaskish.send_file(io.BytesIO(b"0123456789"), mimetype="text/plain")

    client = app.test_client()
    rv = client.get("/mem", headers={"Range": "bytes=2-5"})
    assert rv.status_code == 206
    assert rv.headers["Content-Range"] == "bytes 2-5/10"
    assert rv.data == b"2345"
    assert client.get("/mem", headers={"Range": "bytes=10-"}).status_code == 416


# -- paths that leave the folder ---------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "%2e%2e/secret.txt",
        "%2E%2E/secret.txt",
        "%252e%252e/secret.txt",
        "..%2fsecret.txt",
        "..%2Fsecret.txt",
        "..%252fsecret.txt",
        "sub/../../secret.txt",
        "sub/%2e%2e/%2e%2e/secret.txt",
        "%252f{root}/secret.txt",
        "..\\secret.txt",
        "..%5csecret.txt",
        "..%255csecret.txt",
        "hello.txt%00",
        "hello.txt%00.png",
        "sub%00/a.txt",
        "missing.txt",
        "sub",
    ],
)
def test_static_refuses_paths_outside(app: Flask, root: Path, path: str) -> None:
    bp = Blueprint("bp", __name__, static_folder=str(root / "bp_static"), static_url_path="/bp")
    app.register_blueprint(bp)
    client = app.test_client()
    path = path.format(root=str(root).lstrip("/"))
    assert client.get(f"/static/{path}").status_code == 404
    assert client.get(f"/bp/{path}").status_code == 404


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/static/hello.txt", BODY),
        ("/static/sub/a.txt", b"sub"),
        ("/static/sub/../hello.txt", BODY),
        ("/static/sub%2fa.txt", b"sub"),
        ("/static/./hello.txt", BODY),
        ("/bp/bp.txt", b"from the blueprint"),
    ],
)
def test_static_serves_paths_inside(app: Flask, root: Path, url: str, body: bytes) -> None:
    bp = Blueprint("bp", __name__, static_folder=str(root / "bp_static"), static_url_path="/bp")
    app.register_blueprint(bp)
    rv = app.test_client().get(url)
    assert rv.status_code == 200
    assert rv.data == body


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "sub/../../secret.txt",
        "{root}/secret.txt",
        "/etc/passwd",
        "%2e%2e/secret.txt",
        "..%2fsecret.txt",
        "hello.txt\x00",
        "..\\secret.txt",
        "",
    ],
)
def test_send_from_directory_refuses(app: Flask, root: Path, path: str) -> None:
    with app.test_request_context(), pytest.raises(NotFound):
        flaskish.send_from_directory("static", path.format(root=root))


def test_send_from_directory_relative_to_root_path(app: Flask) -> None:
    with app.test_request_context():
        rv = flaskish.send_from_directory("static", "sub/a.txt")
        assert rv.get_data() == b"sub"
        rv.close()
        rv = flaskish.send_from_directory(os.path.join(app.root_path, "static"), "hello.txt")
        assert rv.get_data() == BODY
        rv.close()


@pytest.mark.parametrize(
    ("pathnames", "expected"),
    [
        (("a", "b/c"), "d/a/b/c"),
        (("a/../b",), "d/b"),
        (("..",), None),
        (("../x",), None),
        (("a/../../x",), None),
        (("/etc/passwd",), None),
        (("a\x00b",), None),
    ],
)
def test_safe_join(pathnames: tuple[str, ...], expected: str | None) -> None:
    assert safe_join("d", *pathnames) == expected


def test_static_max_age(app: Flask) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    rv = app.test_client().get("/static/hello.txt", buffered=True)
    assert rv.headers["Cache-Control"] == "public, max-age=3600"
    assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT", rv.headers["Expires"])
