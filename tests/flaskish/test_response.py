"""The response object: Flask's ``Response`` API on a Django ``HttpResponse``.

Expected values come from Flask 3.1 / Werkzeug 3.1 (literals produced by running
the same calls on real Flask), from RFC 9110/6265, or from issue #2. Tests of
Django-only behaviour have ``django`` in their names.
"""

from __future__ import annotations

import gzip
import typing as t
from datetime import datetime, timedelta, timezone

import pytest

from flaskish import Flask, Response, request, stream_with_context
from flaskish.testing import build_environ


def wsgi_call(app: Flask, path: str, **kwargs: t.Any) -> tuple[str, list[tuple[str, str]], t.Any]:
    """Call ``app.wsgi_app`` as a server would: (status, header lines, body iterable)."""
    captured: dict[str, t.Any] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        captured["status"] = status
        captured["headers"] = headers
        return lambda data: None

    body = app.wsgi_app(build_environ(app, path, **kwargs), start_response)
    return captured["status"], captured["headers"], body


def set_cookie_lines(rv: t.Any) -> list[str]:
    return rv.headers.getlist("Set-Cookie")


# --- construction, body, status -------------------------------------------------------


def test_constructor_arguments():
    rv = Response("hé", status=404, headers={"X-A": "1"}, mimetype="text/plain")
    assert rv.status == "404 NOT FOUND"
    assert rv.status_code == 404
    assert rv.content_type == "text/plain; charset=utf-8"
    assert rv.mimetype == "text/plain"
    assert rv.mimetype_params == {"charset": "utf-8"}
    assert rv.content_length == 3
    assert rv.data == "hé".encode()
    assert rv.get_data(as_text=True) == "hé"
    assert list(rv.headers.items()) == [
        ("X-A", "1"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", "3"),
    ]


def test_defaults():
    rv = Response()
    assert (rv.status, rv.content_type, rv.data, rv.content_length) == (
        "200 OK",
        "text/html; charset=utf-8",
        b"",
        None,
    )


def test_content_type_argument_is_used_verbatim():
    assert Response("x", content_type="application/json").content_type == "application/json"
    assert Response(headers={"Content-Type": "text/csv"}).content_type == "text/csv"
    rv = Response(headers={"Content-Type": "text/csv"}, mimetype="text/plain")
    assert rv.content_type == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("mimetype", "content_type"),
    [
        ("text/plain", "text/plain; charset=utf-8"),
        ("application/xml", "application/xml; charset=utf-8"),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
        ("application/javascript", "application/javascript; charset=utf-8"),
        ("application/json", "application/json"),
        ("image/png", "image/png"),
    ],
)
def test_mimetype_adds_charset_to_textual_types(mimetype, content_type):
    assert Response(mimetype=mimetype).content_type == content_type
    rv = Response()
    rv.mimetype = mimetype
    assert rv.content_type == content_type


def test_content_type_setter_and_params():
    rv = Response("x")
    rv.content_type = "text/plain; charset=latin-1"
    assert rv.mimetype == "text/plain"
    assert rv.mimetype_params == {"charset": "latin-1"}


@pytest.mark.parametrize(
    ("status", "line", "code"),
    [
        (201, "201 CREATED", 201),
        ("404", "404 NOT FOUND", 404),
        ("418", "418 I'M A TEAPOT", 418),
        ("299 Custom Thing", "299 Custom Thing", 299),
        ("404 not found", "404 not found", 404),
        (999, "999 UNKNOWN", 999),
        (203, "203 NON AUTHORITATIVE INFORMATION", 203),
        (414, "414 REQUEST URI TOO LONG", 414),
    ],
)
def test_status(status, line, code):
    rv = Response(status=status)
    assert (rv.status, rv.status_code) == (line, code)
    rv = Response()
    rv.status = status
    assert (rv.status, rv.status_code) == (line, code)


def test_status_code_setter_updates_status():
    rv = Response()
    rv.status_code = 500
    assert rv.status == "500 INTERNAL SERVER ERROR"


def test_the_status_line_of_a_code_is_made_once(monkeypatch):
    # Read for every response served: the phrase is looked up once per code.
    from flaskish import response as response_module

    looked_up: list[int] = []
    real = response_module._standard_phrase
    monkeypatch.setattr(
        response_module, "_standard_phrase", lambda code: looked_up.append(code) or real(code)
    )
    response_module._default_status_line.cache_clear()
    lines = [Response(status=code).status for code in (207, 207, 451, 207, 451)]
    assert lines == [
        "207 MULTI STATUS",
        "207 MULTI STATUS",
        "451 UNAVAILABLE FOR LEGAL REASONS",
        "207 MULTI STATUS",
        "451 UNAVAILABLE FOR LEGAL REASONS",
    ]
    assert sorted(looked_up) == [207, 451]


def test_set_data_and_data_setter_update_length():
    rv = Response("x")
    rv.set_data("abcdef")
    assert (rv.data, rv.content_length) == (b"abcdef", 6)
    rv.data = b"12"
    assert (rv.data, rv.content_length) == (b"12", 2)
    rv.set_data("é")
    assert (rv.data, rv.content_length) == (b"\xc3\xa9", 2)


def test_list_body_is_buffered_not_streamed():
    rv = Response(["a", b"b"])
    assert rv.is_streamed is False
    assert rv.data == b"ab"


def test_iterator_body_is_streamed():
    rv = Response(iter([b"a", "b"]))
    assert rv.is_streamed is True
    assert rv.content_length is None
    assert list(rv.iter_encoded()) == [b"a", b"b"]


def test_default_mimetype_of_a_subclass(app, client):
    class XMLResponse(Response):
        default_mimetype = "application/xml"

    app.response_class = XMLResponse

    @app.route("/")
    def index():
        return "<a/>"

    rv = client.get("/")
    assert rv.content_type == "application/xml; charset=utf-8"
    assert XMLResponse("x").content_type == "application/xml; charset=utf-8"


# --- headers ----------------------------------------------------------------------------


def test_headers_api():
    rv = Response("x")
    rv.headers.add("X-M", "a")
    rv.headers.add("x-m", "b")
    rv.headers.add("X-P", "v", q="1")
    assert rv.headers.getlist("x-M") == ["a", "b"]
    assert rv.headers["X-P"] == "v; q=1"
    rv.headers.extend({"X-E": "1"})
    rv.headers.extend([("X-E", "2")])
    assert rv.headers.getlist("x-e") == ["1", "2"]
    assert rv.headers.get("Content-Length", type=int) == 1
    assert rv.headers.get("x-m", -1, type=int) == -1
    assert rv.headers.get("X-Missing") is None
    assert rv.headers.setdefault("X-S", "s") == "s"
    assert rv.headers.setdefault("X-S", "t") == "s"
    rv.headers.set("X-M", "c")
    assert rv.headers.getlist("X-M") == ["c"]
    rv.headers.remove("X-E")
    assert "x-e" not in rv.headers
    assert list(rv.headers.items()) == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", "1"),
        ("X-M", "c"),
        ("X-P", "v; q=1"),
        ("X-S", "s"),
    ]


def test_django_item_access_shares_the_headers_django():
    rv = Response("x")
    rv["X-Django"] = "1"
    assert rv.headers["x-django"] == "1"
    rv.headers["X-Flask"] = "2"
    assert rv["X-Flask"] == "2"
    assert rv.has_header("x-flask")
    del rv["X-Flask"]
    assert "X-Flask" not in rv.headers


@pytest.mark.parametrize("value", ["a\nb", "a\r\nb", "a\rb"])
def test_header_value_with_a_newline_is_refused(value):
    rv = Response("x")
    for setter in (
        lambda: rv.headers.set("X-Bad", value),
        lambda: rv.headers.add("X-Bad", value),
        lambda: rv.headers.__setitem__("X-Bad", value),
    ):
        with pytest.raises(ValueError, match="newline"):
            setter()
    with pytest.raises(ValueError):
        Response("x", headers={"X-Bad": value})
    assert "X-Bad" not in rv.headers


@pytest.mark.parametrize("value", ["a\nb", "a\r\nb"])
def test_header_value_with_a_newline_is_refused_through_django_item_access_django(value):
    rv = Response("x")
    with pytest.raises(ValueError, match="newline"):
        rv["X-Bad"] = value
    assert "X-Bad" not in rv.headers


def test_header_value_with_a_newline_in_a_view_is_never_emitted(app):
    @app.route("/")
    def index():
        return "x", {"X-Bad": "a\r\nSet-Cookie: evil=1"}

    app.testing = False
    status, headers, body = wsgi_call(app, "/")
    assert status == "500 INTERNAL SERVER ERROR"
    assert not any(name.lower() in ("x-bad", "set-cookie") for name, _ in headers)
    assert all("\n" not in value and "\r" not in value for _, value in headers)


def test_multiple_values_of_one_header_are_separate_lines(app):
    @app.route("/")
    def index():
        rv = Response("x")
        rv.headers.add("X-Multi", "a")
        rv.headers.add("X-Multi", "b")
        rv.set_cookie("one", "1")
        rv.set_cookie("two", "2")
        return rv

    status, headers, body = wsgi_call(app, "/")
    assert [v for k, v in headers if k == "X-Multi"] == ["a", "b"]
    assert [v for k, v in headers if k == "Set-Cookie"] == ["one=1; Path=/", "two=2; Path=/"]


# --- cookies -----------------------------------------------------------------------------


def test_set_cookie_lines_the_client_receives_django(app, client):
    # Attribute names and order are Django's (RFC 6265 attribute names are
    # case-insensitive); the values match Flask's for the same calls.
    @app.route("/")
    def index():
        rv = Response("x")
        rv.set_cookie("a", "b")
        rv.set_cookie(
            "c",
            "d",
            max_age=timedelta(hours=1),
            path="/p",
            domain="example.com",
            secure=True,
            httponly=True,
            samesite="Lax",
        )
        rv.set_cookie(
            "e",
            "f",
            expires=datetime(2030, 1, 1, tzinfo=timezone.utc),
            partitioned=True,
            samesite="none",
        )
        rv.set_cookie("g", "h", expires=1700000000, max_age=10)
        rv.set_cookie("i", "j", expires=datetime(2031, 2, 3, 4, 5, 6))
        rv.set_cookie("k", "with space;")
        rv.set_cookie("empty")
        return rv

    lines = set_cookie_lines(client.get("/"))
    assert lines[0] == "a=b; Path=/"
    # max_age also sets Expires, to now + max_age.
    c_expires = lines[1].split("expires=")[1].split(";")[0]
    assert lines[1] == (
        f"c=d; Domain=example.com; expires={c_expires}; HttpOnly; Max-Age=3600;"
        " Path=/p; SameSite=Lax; Secure"
    )
    assert lines[2] == (
        "e=f; expires=Tue, 01 Jan 2030 00:00:00 GMT; Path=/; SameSite=None; Secure; Partitioned"
    )
    assert lines[3] == "g=h; expires=Tue, 14 Nov 2023 22:13:20 GMT; Max-Age=10; Path=/"
    assert lines[4] == "i=j; expires=Mon, 03 Feb 2031 04:05:06 GMT; Path=/"
    assert lines[5] == 'k="with space\\073"; Path=/'
    assert lines[6] == "empty=; Path=/"


def test_delete_cookie_lines_django(app, client):
    @app.route("/")
    def index():
        rv = Response("x")
        rv.delete_cookie("y")
        rv.delete_cookie(
            "x",
            path="/q",
            domain="d.com",
            secure=True,
            httponly=True,
            samesite="strict",
            partitioned=True,
        )
        return rv

    assert set_cookie_lines(client.get("/")) == [
        "y=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/",
        "x=; Domain=d.com; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0;"
        " Path=/q; SameSite=Strict; Secure; Partitioned",
    ]


def test_cookie_round_trip_through_the_client(app, client):
    @app.route("/set")
    def set_():
        rv = Response("x")
        rv.set_cookie("name", "a value")
        return rv

    @app.route("/get")
    def get():
        return request.cookies.get("name", "missing")

    @app.route("/delete")
    def delete():
        rv = Response("x")
        rv.delete_cookie("name")
        return rv

    client.get("/set")
    assert client.get_cookie("name") is not None
    assert client.get("/get").text == "a value"
    client.get("/delete")
    assert client.get_cookie("name") is None
    assert client.get("/get").text == "missing"


def test_set_cookie_refuses_an_unknown_samesite():
    with pytest.raises(ValueError, match="SameSite must be 'Strict', 'Lax', or 'None'."):
        Response().set_cookie("z", samesite="bogus")


# --- structured headers ---------------------------------------------------------------------


def test_location():
    rv = Response()
    rv.location = "/x"
    assert (rv.location, rv.headers["Location"]) == ("/x", "/x")


def test_json_get_json_and_is_json():
    rv = Response('{"a": 1}', mimetype="application/json")
    assert rv.is_json
    assert rv.json == {"a": 1}
    assert rv.get_json() == {"a": 1}
    assert Response("[1]", mimetype="application/vnd.api+json").json == [1]
    plain = Response("[1]", mimetype="text/plain")
    assert plain.is_json is False
    assert plain.get_json() is None
    assert plain.get_json(force=True) == [1]


def test_cache_control():
    rv = Response()
    rv.cache_control.max_age = 60
    rv.cache_control.public = True
    rv.cache_control.no_cache = True
    assert rv.headers["Cache-Control"] == "max-age=60, public, no-cache"
    assert (rv.cache_control.max_age, rv.cache_control.public, rv.cache_control.no_store) == (
        60,
        True,
        False,
    )


def test_vary():
    rv = Response()
    rv.vary.add("Cookie")
    rv.vary.add("Accept")
    assert rv.headers["Vary"] == "Cookie, Accept"
    assert "cookie" in rv.vary


def test_last_modified_and_expires():
    rv = Response()
    rv.last_modified = datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert rv.headers["Last-Modified"] == "Thu, 02 Jan 2020 03:04:05 GMT"
    assert rv.last_modified == datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    rv.expires = datetime(2021, 1, 2, 3, 4, 5)
    assert rv.headers["Expires"] == "Sat, 02 Jan 2021 03:04:05 GMT"
    assert rv.expires == datetime(2021, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    rv.expires = 0
    assert rv.headers["Expires"] == "Thu, 01 Jan 1970 00:00:00 GMT"


def test_etags():
    rv = Response("hello")
    assert rv.get_etag() == (None, None)
    rv.add_etag()
    assert rv.headers["ETag"] == '"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"'
    assert rv.get_etag() == ("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", False)
    rv.set_etag("abc", weak=True)
    assert (rv.headers["ETag"], rv.get_etag()) == ('W/"abc"', ("abc", True))
    rv.add_etag()
    assert rv.get_etag() == ("abc", True)
    rv.add_etag(overwrite=True)
    assert rv.get_etag() == ("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", False)


# --- make_conditional --------------------------------------------------------------------------


@pytest.fixture
def conditional_app(app: Flask) -> Flask:
    @app.route("/c", methods=["GET", "PUT"])
    def conditional():
        rv = Response("0123456789abcdef", mimetype="text/plain")
        rv.set_etag("v1")
        rv.last_modified = datetime(2020, 1, 1, tzinfo=timezone.utc)
        rv.headers["X-Extra"] = "1"
        rv.cache_control.max_age = 10
        return rv.make_conditional(request, accept_ranges=True, complete_length=16)

    return app


def headers_without_date(headers: t.Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers if k != "Date"]


@pytest.mark.parametrize(
    "conditions",
    [
        {"If-None-Match": '"v1"'},
        {"If-None-Match": 'W/"v1"'},
        {"If-None-Match": "*"},
        {"If-Modified-Since": "Wed, 01 Jan 2020 00:00:00 GMT"},
    ],
)
def test_make_conditional_304(conditional_app, conditions):
    status, headers, body = wsgi_call(conditional_app, "/c", headers=conditions)
    assert status == "304 NOT MODIFIED"
    assert b"".join(body) == b""
    # As Flask: headers describing the body go, the rest stay.
    assert headers_without_date(headers) == [
        ("ETag", '"v1"'),
        ("X-Extra", "1"),
        ("Cache-Control", "max-age=10"),
        ("Accept-Ranges", "bytes"),
    ]
    assert any(k == "Date" for k, _ in headers)


def test_make_conditional_304_through_the_client_has_no_content_type(conditional_app):
    rv = conditional_app.test_client().get("/c", headers={"If-None-Match": '"v1"'})
    assert rv.status_code == 304
    assert "Content-Type" not in rv.headers


@pytest.mark.parametrize(
    "conditions",
    [
        {"If-None-Match": '"v2"'},
        {"If-Modified-Since": "Tue, 31 Dec 2019 00:00:00 GMT"},
        {"If-Match": '"v1"'},
    ],
)
def test_make_conditional_200_when_conditions_do_not_hold(conditional_app, client, conditions):
    rv = client.get("/c", headers=conditions)
    assert rv.status_code == 200
    assert rv.data == b"0123456789abcdef"
    assert rv.headers["Accept-Ranges"] == "bytes"
    assert rv.headers["Content-Length"] == "16"


def test_make_conditional_412_for_if_match(conditional_app, client):
    rv = client.get("/c", headers={"If-Match": '"v2"'})
    assert rv.status_code == 412
    assert rv.headers["ETag"] == '"v1"'


@pytest.mark.parametrize(
    ("range_header", "body", "content_range"),
    [
        ("bytes=2-5", b"2345", "bytes 2-5/16"),
        ("bytes=-3", b"def", "bytes 13-15/16"),
        ("bytes=10-", b"abcdef", "bytes 10-15/16"),
        ("bytes=10-100", b"abcdef", "bytes 10-15/16"),
    ],
)
def test_make_conditional_206_for_a_range(
    conditional_app, client, range_header, body, content_range
):
    rv = client.get("/c", headers={"Range": range_header})
    assert rv.status_code == 206
    assert rv.data == body
    assert rv.headers["Content-Range"] == content_range
    assert rv.headers["Content-Length"] == str(len(body))


def test_make_conditional_if_range(conditional_app, client):
    rv = client.get("/c", headers={"Range": "bytes=2-5", "If-Range": '"v1"'})
    assert (rv.status_code, rv.data) == (206, b"2345")
    rv = client.get("/c", headers={"Range": "bytes=2-5", "If-Range": '"v0"'})
    assert (rv.status_code, rv.data) == (200, b"0123456789abcdef")


@pytest.mark.parametrize("range_header", ["bytes=100-200", "bytes=abc", "bytes=0-1,4-5"])
def test_make_conditional_416(conditional_app, client, range_header):
    rv = client.get("/c", headers={"Range": range_header})
    assert rv.status_code == 416
    assert rv.headers["Content-Range"] == "bytes */16"


def test_make_conditional_ignores_other_methods(conditional_app, client):
    rv = client.put("/c", headers={"If-None-Match": '"v1"', "Range": "bytes=2-5"})
    assert (rv.status_code, rv.data) == (200, b"0123456789abcdef")


def test_make_conditional_head_304(conditional_app, client):
    assert client.head("/c", headers={"If-None-Match": '"v1"'}).status_code == 304


def test_make_conditional_accepts_an_environ(app):
    environ = build_environ(app, "/", headers={"If-None-Match": '"x"'})
    rv = Response("body")
    rv.set_etag("x")
    assert rv.make_conditional(environ).status_code == 304


# --- streaming ---------------------------------------------------------------------------------


def test_generator_body_streams_without_buffering(app):
    events: list[str] = []

    @app.route("/stream")
    def stream():
        def generate():
            events.append("produced 1")
            yield "chunk 1"
            events.append("produced 2")
            yield "chunk 2"

        return generate()

    status, headers, body = wsgi_call(app, "/stream")
    assert status == "200 OK"
    assert not any(k == "Content-Length" for k, _ in headers)
    chunks = iter(body)
    assert events == []
    assert next(chunks) == b"chunk 1"
    assert events == ["produced 1"]
    assert next(chunks) == b"chunk 2"
    assert events == ["produced 1", "produced 2"]
    assert list(chunks) == []
    body.close()


def test_stream_with_context_keeps_request_usable(app, client):
    @app.route("/stream")
    def stream():
        @stream_with_context
        def generate():
            yield "path="
            yield request.path
            yield "&q="
            yield request.args["q"]

        return generate()

    assert client.get("/stream?q=1").data == b"path=/stream&q=1"


def test_stream_with_context_wrapping_a_generator_object(app, client):
    @app.route("/stream")
    def stream():
        def generate():
            yield request.args["q"]

        return Response(stream_with_context(generate()), mimetype="text/plain")

    assert client.get("/stream?q=x").data == b"x"


def test_streamed_response_is_a_streaming_django_response_django():
    rv = Response(iter([b"a", b"b"]))
    assert rv.streaming is True
    assert list(rv.streaming_content) == [b"a", b"b"]


# --- force_type ------------------------------------------------------------------------------------


def test_force_type_from_django_httpresponse_django():
    from django.http import HttpResponse

    dj = HttpResponse("hi", status=201, content_type="text/plain")
    dj["X-A"] = "1"
    dj.set_cookie("c", "v")
    rv = Response.force_type(dj)
    assert isinstance(rv, Response)
    assert rv.status == "201 CREATED"
    assert rv.content_type == "text/plain"
    assert rv.data == b"hi"
    assert rv.headers["X-A"] == "1"
    assert ("Set-Cookie", "c=v; Path=/") in rv.get_wsgi_headers({})


def test_force_type_from_jsonresponse_django():
    from django.http import JsonResponse

    rv = Response.force_type(JsonResponse({"a": 1}))
    assert (rv.status_code, rv.is_json, rv.json) == (200, True, {"a": 1})


def test_force_type_from_streaminghttpresponse_keeps_streaming_django():
    from django.http import StreamingHttpResponse

    produced: list[int] = []

    def generate():
        produced.append(1)
        yield b"a"
        produced.append(2)
        yield b"b"

    rv = Response.force_type(StreamingHttpResponse(generate()))
    assert rv.is_streamed
    assert produced == []
    assert list(rv.iter_encoded()) == [b"a", b"b"]


def test_force_type_from_fileresponse_django(tmp_path):
    from django.http import FileResponse

    path = tmp_path / "f.txt"
    path.write_bytes(b"file content")
    rv = Response.force_type(FileResponse(path.open("rb"), as_attachment=True, filename="x.txt"))
    try:
        assert rv.headers["Content-Disposition"] == 'attachment; filename="x.txt"'
        assert rv.content_type == "text/plain"
        assert rv.content_length == 12
        assert rv.get_data() == b"file content"
    finally:
        rv.close()


def test_force_type_from_a_wsgi_application(app):
    def wsgi(environ, start_response):
        start_response("202 Accepted", [("X-W", "1"), ("Content-Type", "text/plain")])
        return [b"w", b"s"]

    rv = Response.force_type(wsgi, build_environ(app, "/"))
    assert (rv.status, rv.headers["X-W"], rv.data) == ("202 Accepted", "1", b"ws")


def test_force_type_keeps_an_instance():
    rv = Response("x")
    assert Response.force_type(rv) is rv


# --- Django middleware --------------------------------------------------------------------------------


def run_middleware(middleware: t.Any, response: Response, **meta: t.Any) -> t.Any:
    from django.test import RequestFactory

    return middleware(lambda request: response)(RequestFactory().get("/x/", **meta))


def test_gzip_middleware_compresses_a_response_django():
    from django.middleware.gzip import GZipMiddleware

    rv = Response("hello " * 100, mimetype="text/plain")
    rv.headers.add("X-Multi", "a")
    rv.headers.add("X-Multi", "b")
    out = run_middleware(GZipMiddleware, rv, HTTP_ACCEPT_ENCODING="gzip")
    assert out.headers["Content-Encoding"] == "gzip"
    assert out.headers["Vary"] == "Accept-Encoding"
    assert int(out.headers["Content-Length"]) == len(out.content)
    assert gzip.decompress(out.content) == b"hello " * 100
    assert out.headers.getlist("X-Multi") == ["a", "b"]


def test_gzip_middleware_compresses_a_stream_django():
    from django.middleware.gzip import GZipMiddleware

    out = run_middleware(
        GZipMiddleware,
        Response(iter([b"chunk1 " * 50, b"chunk2 " * 50]), mimetype="text/plain"),
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert out.streaming
    assert out.headers["Content-Encoding"] == "gzip"
    assert "Content-Length" not in out.headers
    assert gzip.decompress(b"".join(out.streaming_content)) == b"chunk1 " * 50 + b"chunk2 " * 50


def test_conditional_get_middleware_django():
    from django.middleware.http import ConditionalGetMiddleware

    rv = Response("body")
    rv.set_etag("abc")
    out = run_middleware(ConditionalGetMiddleware, rv, HTTP_IF_NONE_MATCH='"abc"')
    assert out.status_code == 304
    assert out.content == b""
    fresh = run_middleware(ConditionalGetMiddleware, Response("body"))
    assert fresh.status_code == 200
    etag = fresh.headers["ETag"]
    again = run_middleware(ConditionalGetMiddleware, Response("body"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_common_middleware_django():
    from django.middleware.common import CommonMiddleware

    out = run_middleware(CommonMiddleware, Response("body"))
    assert out.status_code == 200
    assert out.headers["Content-Length"] == "4"
    assert out.content == b"body"


def test_response_is_a_context_manager_that_closes(app, client):
    closed = []

    def body():
        try:
            yield b"a"
        finally:
            closed.append(True)

    @app.route("/cm")
    def cm():
        return Response(body())

    with client.get("/cm") as rv:
        assert rv.status_code == 200
    assert rv.closed is True


def test_max_cookie_size_is_the_app_config_inside_an_app_context(app: Flask) -> None:
    assert Response().max_cookie_size == 4093
    app.config["MAX_COOKIE_SIZE"] = 100
    with app.app_context():
        assert Response().max_cookie_size == 100


def test_a_cookie_over_the_limit_warns(app: Flask) -> None:
    app.config["MAX_COOKIE_SIZE"] = 100
    with app.app_context():
        rv = Response()
        with pytest.warns(UserWarning) as record:
            rv.set_cookie("foo", "bar" * 100)
    assert str(record[0].message) == (
        "The 'foo' cookie is too large: the value was 300 bytes but the header required"
        " 12 extra bytes. The final size was 312 bytes but the limit is 100 bytes."
        " Browsers may silently ignore cookies larger than this."
    )


def test_a_zero_max_cookie_size_turns_the_warning_off(app: Flask) -> None:
    app.config["MAX_COOKIE_SIZE"] = 0
    with app.app_context():
        Response().set_cookie("foo", "bar" * 2000)


def test_response_has_every_attribute_djangos_constructor_sets():
    """Response sets Django's base state itself; a new Django attribute must not be missed."""
    from django.http import HttpResponse

    response = Response("x")
    # hasattr, not vars(): ``headers`` is a property over ``_headers``.
    assert {name for name in vars(HttpResponse()) if not hasattr(response, name)} == set()


@pytest.mark.parametrize(
    ("value", "line"),
    [
        # What Flask sends: these characters need no quotes.
        ("foo@bar.tld|a=b/c[1]{2}?", "k=foo@bar.tld|a=b/c[1]{2}?; Path=/"),
        ("", "k=; Path=/"),
        ("a b", 'k="a b"; Path=/'),
        ("a,b", 'k="a\\054b"; Path=/'),
    ],
)
def test_cookie_values_are_quoted_only_where_flask_quotes_them(value: str, line: str) -> None:
    rv = Response()
    rv.set_cookie("k", value)
    assert rv.get_wsgi_headers()[-1] == ("Set-Cookie", line)


def test_headers_assigned_as_pairs_keep_every_value() -> None:
    rv = Response("x")
    rv.headers = [("Vary", "Cookie"), ("Vary", "Origin")]  # type: ignore[assignment]
    rv.headers.add("X-Multi", "1")
    rv.headers.add("X-Multi", "2")
    lines = rv.get_wsgi_headers()
    assert [v for k, v in lines if k == "Vary"] == ["Cookie", "Origin"]
    assert [v for k, v in lines if k == "X-Multi"] == ["1", "2"]
    # Django's side of the response reads the same headers.
    assert rv["vary"] == "Cookie"
    assert rv.has_header("X-Multi")


def test_headers_assigned_as_a_dict_become_headers() -> None:
    rv = Response("x")
    rv.headers = {"X-One": "1"}  # type: ignore[assignment]
    rv.headers.add("X-Two", "2")
    assert rv.headers.get("x-one") == "1"
    assert ("X-Two", "2") in rv.get_wsgi_headers()


def test_call_on_close_runs_when_the_response_is_closed(app: Flask) -> None:
    calls: list[str] = []

    @app.route("/")
    def index() -> Response:
        response = Response("body")
        response.call_on_close(lambda: calls.append("closed"))
        return response

    rv = app.test_client().get("/")
    assert rv.get_data() == b"body"
    rv.close()
    assert calls == ["closed"]
