"""Bodies over the limits: Flask's MAX_* config and Django's DATA_UPLOAD_MAX_* settings.

Every limit answers with a 4xx (413 for size and count, 400 for Django's file
count, 414 for a query string with too many fields), never a 500.
"""

from __future__ import annotations

import io
import typing as t

import pytest
from django.test import override_settings
from robustness_support import assert_clean, call_wsgi, environ

from flaskish import Flask, request


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.post("/data")
    def data() -> dict:
        return {"length": len(request.get_data())}

    @app.post("/json")
    def json_body() -> dict:
        return {"json": request.get_json()}

    @app.post("/form")
    def form() -> dict:
        return {"form": len(request.form), "files": len(request.files)}

    @app.post("/stream")
    def stream() -> dict:
        return {"length": len(request.stream.read())}

    @app.get("/args")
    def args() -> dict:
        return {"args": len(request.args)}

    return app


JSON = "application/json"
Arguments = t.Callable[[], dict[str, t.Any]]


def upload(size: int = 1, name: str = "f.txt") -> tuple[io.BytesIO, str]:
    return io.BytesIO(b"z" * size), name


# -- MAX_CONTENT_LENGTH ------------------------------------------------------------------

# Request arguments are built per test: an upload's stream is read by the request.
OVER_CONTENT_LENGTH = {
    "raw body": ("/data", lambda: {"data": b"x" * 101}),
    "JSON": ("/json", lambda: {"data": b'"' + b"x" * 100 + b'"', "content_type": JSON}),
    "urlencoded form": ("/form", lambda: {"data": {"a": "x" * 100}}),
    "multipart form": ("/form", lambda: {"data": {"f": upload(101)}}),
    "stream": ("/stream", lambda: {"data": b"x" * 101}),
}


@pytest.mark.parametrize(
    ("path", "arguments"), OVER_CONTENT_LENGTH.values(), ids=OVER_CONTENT_LENGTH.keys()
)
def test_body_over_max_content_length_is_413(
    client, app: Flask, path: str, arguments: Arguments
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 100
    assert_clean(client.post(path, **arguments()), 413, app)


def test_body_at_max_content_length_is_read(client, app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = client.post("/data", data=b"x" * 100)
    assert_clean(response, 200, app)
    assert response.get_json() == {"length": 100}


def test_a_declared_length_over_the_limit_is_refused_before_reading(client, app: Flask) -> None:
    # The body is short: the header alone decides, as the server would read that much.
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = client.post("/data", data=b"x", environ_overrides={"CONTENT_LENGTH": "101"})
    assert_clean(response, 413, app)


# -- Content-Length itself ------------------------------------------------------------

BAD_CONTENT_LENGTHS = {
    "word": ("abc", 400),
    "float": ("1e3", 400),
    "two values": ("5, 5", 400),
    "more than any stream holds": ("9" * 30, 413),
}


READERS = {
    "/data": (b"hello", "application/octet-stream"),
    "/json": (b'{"a": 1}', JSON),
    "/form": (b"a=1", "application/x-www-form-urlencoded"),
    "/stream": (b"hello", "application/octet-stream"),
}


@pytest.mark.parametrize("path", READERS.keys())
@pytest.mark.parametrize(
    ("value", "status"), BAD_CONTENT_LENGTHS.values(), ids=BAD_CONTENT_LENGTHS.keys()
)
def test_unusable_content_length_is_refused(app: Flask, path: str, value: str, status: int) -> None:
    # A lenient server (the development server among them) passes the header on as sent.
    body, content_type = READERS[path]
    env = environ(path, method="POST", body=body, content_type=content_type, CONTENT_LENGTH=value)
    assert_clean(call_wsgi(app, env), status, app)


def test_negative_content_length_reads_no_body(app: Flask) -> None:
    env = environ("/data", method="POST", body=b"hello", CONTENT_LENGTH="-1")
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert result.data == b'{"length":0}\n'


def test_body_shorter_than_its_content_length_is_read_as_sent(app: Flask) -> None:
    env = environ("/data", method="POST", body=b"hello", CONTENT_LENGTH="100")
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert result.data == b'{"length":5}\n'


# -- MAX_FORM_MEMORY_SIZE ------------------------------------------------------------------


def test_urlencoded_body_over_max_form_memory_size_is_413(client, app: Flask) -> None:
    # As in Flask, a urlencoded body is held in memory whole: the limit is on all of it.
    app.config["MAX_FORM_MEMORY_SIZE"] = 100
    assert_clean(client.post("/form", data={"a": "x" * 50, "b": "y" * 50}), 413, app)


def test_urlencoded_body_within_max_form_memory_size_is_parsed(client, app: Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 100
    response = client.post("/form", data={"a": "x" * 40, "b": "y" * 40})
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": 2, "files": 0}


MULTIPART_FIELDS = {
    "ASCII field over": ({"a": "x" * 101}, 413),
    "multibyte field over in bytes, not in characters": ({"a": "é" * 60}, 413),
    "fields each within": ({"a": "x" * 100, "b": "y" * 100}, 200),
}


@pytest.mark.parametrize(
    ("fields", "status"), MULTIPART_FIELDS.values(), ids=MULTIPART_FIELDS.keys()
)
def test_multipart_field_against_max_form_memory_size(
    client, app: Flask, fields: dict, status: int
) -> None:
    # Per field, as Flask documents the limit; werkzeug also counts whole read
    # chunks against it, which makes small limits refuse more than that.
    app.config["MAX_FORM_MEMORY_SIZE"] = 100
    response = client.post("/form", data={**fields, "f": upload()})
    assert_clean(response, status, app)


def test_uploaded_files_do_not_count_against_max_form_memory_size(client, app: Flask) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 100
    response = client.post("/form", data={"f": upload(10_000)})
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": 0, "files": 1}


# -- MAX_FORM_PARTS -----------------------------------------------------------------------


def test_multipart_with_more_parts_than_max_form_parts_is_413(client, app: Flask) -> None:
    app.config["MAX_FORM_PARTS"] = 3
    response = client.post("/form", data={"a": "1", "b": "2", "c": "3", "f": upload()})
    assert_clean(response, 413, app)


def test_multipart_with_max_form_parts_parts_is_parsed(client, app: Flask) -> None:
    app.config["MAX_FORM_PARTS"] = 3
    response = client.post("/form", data={"a": "1", "b": "2", "f": upload()})
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": 2, "files": 1}


def test_default_max_form_parts_refuses_a_thousand_and_one_parts(client, app: Flask) -> None:
    fields = {f"field{i}": "v" for i in range(1000)}
    response = client.post("/form", data={**fields, "f": upload()})
    assert_clean(response, 413, app)


def test_max_form_parts_leaves_urlencoded_forms_alone(client, app: Flask) -> None:
    # As in Flask: the part limit is a multipart one; Django's field count covers both.
    app.config["MAX_FORM_PARTS"] = 3
    response = client.post("/form", data={"a": "1", "b": "2", "c": "3", "d": "4"})
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": 4, "files": 0}


# -- Django's DATA_UPLOAD_MAX_* ----------------------------------------------------------


FOUR_FIELDS = {"a": "1", "b": "2", "c": "3", "d": "4"}
OVER_NUMBER_FIELDS = {
    "urlencoded": ("post", "/form", lambda: {"data": FOUR_FIELDS}, 413),
    "multipart": ("post", "/form", lambda: {"data": {**FOUR_FIELDS, "f": upload()}}, 413),
    "query string": ("get", "/args", lambda: {"query_string": FOUR_FIELDS}, 414),
}


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3)
@pytest.mark.parametrize(
    ("method", "path", "arguments", "status"),
    OVER_NUMBER_FIELDS.values(),
    ids=OVER_NUMBER_FIELDS.keys(),
)
def test_more_fields_than_data_upload_max_number_fields(
    client, app: Flask, method: str, path: str, arguments: Arguments, status: int
) -> None:
    assert_clean(getattr(client, method)(path, **arguments()), status, app)


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3)
def test_data_upload_max_number_fields_fields_are_parsed(client, app: Flask) -> None:
    response = client.post("/form", data={"a": "1", "b": "2", "c": "3"})
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": 3, "files": 0}


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_more_files_than_data_upload_max_number_files_is_400(client, app: Flask) -> None:
    # Django raises TooManyFilesSent, a SuspiciousOperation: flaskish answers it with 400.
    response = client.post("/form", data={"f": [upload(), upload(), upload()]})
    assert_clean(response, 400, app)


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_data_upload_max_number_files_files_are_parsed(client, app: Flask) -> None:
    response = client.post("/form", data={"f": [upload(), upload()]})
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": 0, "files": 1}


OVER_DATA_UPLOAD_MEMORY = {
    "raw body": ("/data", lambda: {"data": b"x" * 101}),
    "JSON": ("/json", lambda: {"data": b'"' + b"x" * 100 + b'"', "content_type": JSON}),
    "urlencoded form": ("/form", lambda: {"data": {"a": "x" * 100}}),
    "multipart fields": ("/form", lambda: {"data": {"a": "x" * 60, "b": "y" * 60, "f": upload()}}),
}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
@pytest.mark.parametrize(
    ("path", "arguments"), OVER_DATA_UPLOAD_MEMORY.values(), ids=OVER_DATA_UPLOAD_MEMORY.keys()
)
def test_over_data_upload_max_memory_size_is_413(
    client, app: Flask, path: str, arguments: Arguments
) -> None:
    assert_clean(client.post(path, **arguments()), 413, app)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_data_upload_max_memory_size_leaves_files_alone(client, app: Flask) -> None:
    response = client.post("/form", data={"a": "x" * 50, "f": upload(10_000)})
    assert_clean(response, 200, app)
    assert response.get_json() == {"form": 1, "files": 1}
