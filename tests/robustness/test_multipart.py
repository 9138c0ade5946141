"""Broken multipart bodies: boundaries, truncation, oversized part headers, hostile filenames.

Django's parser reads the forms, and it is stricter than werkzeug's in places
(a missing or unusable boundary and oversized part headers are a 400, where
Flask shows an empty form); neither ever answers with a 500.
"""

from __future__ import annotations

import pytest
from robustness_support import assert_clean

from flaskish import Flask, request

BOUNDARY = "robustness-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
END = f"--{BOUNDARY}--\r\n"


def part(name: str, value: str, filename: str | None = None, headers: str = "") -> str:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n{headers}\r\n{value}\r\n"


GOOD = part("a", "1") + part("f", "file body", "x.txt", "Content-Type: text/plain\r\n") + END


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.post("/form")
    def form() -> dict:
        return {
            "form": sorted(request.form.items(multi=True)),
            "files": sorted(
                (name, upload.filename, upload.read().decode("latin-1"))
                for name, upload in request.files.items(multi=True)
            ),
        }

    return app


def post(client, body: str | bytes, content_type: str = MULTIPART):
    data = body.encode() if isinstance(body, str) else body
    return client.post("/form", data=data, content_type=content_type)


def test_well_formed_multipart_is_parsed(client, app: Flask) -> None:
    response = post(client, GOOD)
    assert_clean(response, 200, app)
    assert response.get_json() == {
        "form": [["a", "1"]],
        "files": [["f", "x.txt", "file body"]],
    }


# Django refuses a boundary it cannot use; werkzeug reads such a body as an empty form.
UNUSABLE_BOUNDARIES = {
    "no boundary parameter": "multipart/form-data",
    "empty boundary": "multipart/form-data; boundary=",
    "NUL in the boundary": 'multipart/form-data; boundary="a\x00b"',
    "boundary of 500 characters": "multipart/form-data; boundary=" + "x" * 500,
}


@pytest.mark.parametrize(
    "content_type", UNUSABLE_BOUNDARIES.values(), ids=UNUSABLE_BOUNDARIES.keys()
)
def test_unusable_boundary_is_400(client, app: Flask, content_type: str) -> None:
    assert_clean(post(client, GOOD, content_type), 400, app)


def test_a_body_with_another_boundary_yields_no_upload(client, app: Flask) -> None:
    # Django reads what precedes the first boundary as a part; the file never parses.
    response = post(client, GOOD, "multipart/form-data; boundary=not-the-one")
    assert_clean(response, 200, app)
    assert response.get_json()["files"] == []


TRUNCATED = {
    "missing final boundary": part("a", "1") + part("f", "file body", "x.txt"),
    "final boundary without CRLF": part("a", "1") + part("f", "file body", "x.txt") + END[:-2],
    "cut inside a part's headers": GOOD[:70],
    "cut inside a file": part("a", "1") + part("f", "file body", "x.txt")[:-6],
    "no parts at all": END,
    "empty body": "",
    "garbage": "garbage, not multipart",
    "bare LF line endings": (part("a", "1") + END).replace("\r\n", "\n"),
}


@pytest.mark.parametrize("body", TRUNCATED.values(), ids=TRUNCATED.keys())
def test_truncated_or_garbled_multipart_is_read_without_error(
    client, app: Flask, body: str
) -> None:
    response = post(client, body)
    assert_clean(response, 200, app)
    files = response.get_json()["files"]
    # An unterminated upload is never handed over as if complete.
    assert all(content == "file body" for _, _, content in files)


def test_a_field_before_a_missing_final_boundary_is_kept(client, app: Flask) -> None:
    response = post(client, part("a", "1") + part("f", "file body", "x.txt"))
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": [["a", "1"]], "files": []}


PART_HEADERS = {
    "one header of 200 kB": ("X-Big: " + "x" * 200_000 + "\r\n", 400),
    "five thousand headers": ("X-H: y\r\n" * 5_000, 400),
    "a header within the limit": ("X-Small: " + "x" * 500 + "\r\n", 200),
}


@pytest.mark.parametrize(("headers", "status"), PART_HEADERS.values(), ids=PART_HEADERS.keys())
def test_oversized_part_headers_are_400(client, app: Flask, headers: str, status: int) -> None:
    # Django caps a part's headers (1 kB in all); werkzeug reads them whatever their size.
    response = post(client, part("a", "1", headers=headers) + END)
    assert_clean(response, status, app)


MALFORMED_PARTS = {
    "no Content-Disposition": f"--{BOUNDARY}\r\nX-Foo: bar\r\n\r\n1\r\n{END}",
    "header without a colon": f"--{BOUNDARY}\r\nContent-Disposition form-data\r\n\r\n1\r\n{END}",
    "Content-Disposition without a name": (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\n1\r\n{END}"
    ),
}


@pytest.mark.parametrize("body", MALFORMED_PARTS.values(), ids=MALFORMED_PARTS.keys())
def test_parts_without_a_usable_name_are_skipped(client, app: Flask, body: str) -> None:
    response = post(client, body)
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": [], "files": []}


def test_invalid_utf8_and_nul_in_fields_are_decoded_not_fatal(client, app: Flask) -> None:
    body = (
        part("a", "").encode()[:-2]
        + b"\xff\xfe\r\n"
        + part("n\x00ame", "v\x00w").encode()
        + END.encode()
    )
    response = post(client, body)
    assert_clean(response, 200, app)
    assert response.get_json()["form"] == [["a", "\ufffd\ufffd"], ["n\x00ame", "v\x00w"]]


def test_unknown_charset_parameter_is_ignored(client, app: Flask) -> None:
    response = post(client, part("a", "1") + END, f"{MULTIPART}; charset=no-such-charset")
    assert_clean(response, 200, app)
    assert response.get_json()["form"] == [["a", "1"]]


# Django keeps only the last path component of an upload's name (werkzeug keeps it
# as sent, for the app to pass through secure_filename).
FILENAMES = {
    "POSIX traversal": ("../../etc/passwd", "passwd"),
    "Windows traversal": ("..\\..\\evil.txt", "evil.txt"),
    "absolute POSIX path": ("/etc/passwd", "passwd"),
    "absolute Windows path": ("C:\\x\\evil.txt", "evil.txt"),
    "NUL byte": ("a\x00b.txt", "ab.txt"),
    "right-to-left override": ("\u202etxt.exe", "txt.exe"),
    "percent-encoded traversal, left as text": ("%2e%2e%2fx", "%2e%2e%2fx"),
}


@pytest.mark.parametrize(("filename", "expected"), FILENAMES.values(), ids=FILENAMES.keys())
def test_upload_filenames_lose_their_directories(
    client, app: Flask, filename: str, expected: str
) -> None:
    response = post(client, part("f", "z", filename) + END)
    assert_clean(response, 200, app)
    assert response.get_json()["files"] == [["f", expected, "z"]]


@pytest.mark.parametrize("filename", ["..", "."])
def test_upload_named_only_dots_is_dropped(client, app: Flask, filename: str) -> None:
    response = post(client, part("f", "z", filename) + END)
    assert_clean(response, 200, app)
    assert response.get_json()["files"] == []
