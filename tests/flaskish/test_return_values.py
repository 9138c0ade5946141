"""What a view may return, and what the client then receives (issue #2, item 7).

Expected values are Flask 3.1's for the same views. Tests of Django-only
behaviour have ``django`` in their names.
"""

from __future__ import annotations

import typing as t

import pytest

from flaskish import Flask, Response, request

INVALID_TYPE = (
    "The view function for {endpoint!r} did not return a valid response. The return type"
    " must be a string, dict, list, tuple with headers or status, Response instance, or"
    " WSGI callable, but it was a {type}."
)
RETURNED_NONE = (
    "The view function for {endpoint!r} did not return a valid response. The function"
    " either returned None or ended without a return statement."
)
INVALID_TUPLE = (
    "The view function did not return a valid response tuple. The tuple must have the form"
    " (body, status, headers), (body, status), or (body, headers)."
)


def route(app: Flask, rv: t.Callable[[], t.Any], endpoint: str = "view") -> None:
    app.add_url_rule("/", endpoint, rv)


# --- bodies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "data", "content_type"),
    [
        ("héllo", "héllo".encode(), "text/html; charset=utf-8"),
        (b"\xff", b"\xff", "text/html; charset=utf-8"),
        (bytearray(b"ba"), b"ba", "text/html; charset=utf-8"),
        ({"a": 1}, b'{"a":1}\n', "application/json"),
        ([1, "x"], b'[1,"x"]\n', "application/json"),
    ],
    ids=["str", "bytes", "bytearray", "dict", "list"],
)
def test_plain_bodies(app, client, value, data, content_type):
    route(app, lambda: value)
    rv = client.get("/")
    assert (rv.status, rv.data, rv.content_type) == ("200 OK", data, content_type)


def test_flaskish_response_is_used_as_is(app, client):
    route(app, lambda: Response("r", status=203, headers={"X-A": "1"}, mimetype="text/plain"))
    rv = client.get("/")
    assert (rv.status, rv.data, rv.content_type, rv.headers["X-A"]) == (
        "203 NON AUTHORITATIVE INFORMATION",
        b"r",
        "text/plain; charset=utf-8",
        "1",
    )


def test_generator_and_iterator_bodies_are_streamed(app, client):
    app.add_url_rule("/gen", "gen", lambda: (c for c in ["a", "b"]))
    app.add_url_rule("/iter", "iter", lambda: iter([b"a", b"b"]))
    for path in ("/gen", "/iter"):
        rv = client.get(path)
        assert (rv.status_code, rv.data, rv.content_type) == (
            200,
            b"ab",
            "text/html; charset=utf-8",
        )
        assert "Content-Length" not in rv.headers


# --- tuples ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status", "data", "x_a"),
    [
        (("x", 201), "201 CREATED", b"x", []),
        (("x", "299 Weird"), "299 Weird", b"x", []),
        (("x", {"X-A": "1"}), "200 OK", b"x", ["1"]),
        (("x", [("X-A", "1"), ("X-A", "2")]), "200 OK", b"x", ["1", "2"]),
        (("x", 202, {"X-A": "1"}), "202 ACCEPTED", b"x", ["1"]),
        (("x", 202, [("X-A", "1")]), "202 ACCEPTED", b"x", ["1"]),
        (({"a": 1}, 201), "201 CREATED", b'{"a":1}\n', []),
        (([1, 2], 201, [("X-A", "1")]), "201 CREATED", b"[1,2]\n", ["1"]),
    ],
)
def test_tuples(app, client, value, status, data, x_a):
    route(app, lambda: value)
    rv = client.get("/")
    assert (rv.status, rv.data, rv.headers.getlist("X-A")) == (status, data, x_a)


def test_tuple_headers_can_set_content_type(app, client):
    route(app, lambda: ("x", 202, {"Content-Type": "text/plain"}))
    assert client.get("/").content_type == "text/plain"


def test_tuple_status_and_headers_override_a_response(app, client):
    route(app, lambda: (Response("r", headers={"X-B": "b"}), 404, {"X-B": "c"}))
    rv = client.get("/")
    assert (rv.status, rv.headers.getlist("X-B")) == ("404 NOT FOUND", ["c"])


def test_tuple_with_a_generator_body(app, client):
    route(app, lambda: ((c for c in "ab"), 201))
    rv = client.get("/")
    assert (rv.status_code, rv.data) == (201, b"ab")


# --- foreign responses ----------------------------------------------------------------------


def test_django_httpresponse_keeps_status_headers_and_cookies_django(app, client):
    from django.http import HttpResponse

    def view():
        rv = HttpResponse("dj", status=201, content_type="text/plain")
        rv["X-Django"] = "1"
        rv.set_cookie("dj", "v", httponly=True)
        return rv

    route(app, view)
    rv = client.get("/")
    assert (rv.status, rv.data, rv.content_type, rv.headers["X-Django"]) == (
        "201 CREATED",
        b"dj",
        "text/plain",
        "1",
    )
    assert rv.headers.getlist("Set-Cookie") == ["dj=v; HttpOnly; Path=/"]
    assert client.get_cookie("dj").value == "v"


def test_django_responses_see_after_request_with_flask_api_django(app, client):
    from django.http import HttpResponseRedirect, JsonResponse, StreamingHttpResponse

    app.add_url_rule("/json", "json", lambda: JsonResponse({"a": 1}, status=202))
    app.add_url_rule("/redirect", "redirect", lambda: HttpResponseRedirect("/target"))
    app.add_url_rule("/stream", "stream", lambda: StreamingHttpResponse(iter([b"s1", b"s2"])))

    @app.after_request
    def after(response):
        assert isinstance(response, Response)
        response.headers["X-After"] = type(response).__name__
        return response

    rv = client.get("/json")
    assert (rv.status_code, rv.json, rv.headers["X-After"]) == (202, {"a": 1}, "Response")
    rv = client.get("/redirect")
    assert (rv.status_code, rv.location) == (302, "/target")
    rv = client.get("/stream")
    assert (rv.data, rv.headers["X-After"]) == (b"s1s2", "Response")


def test_django_response_with_a_tuple_status_django(app, client):
    from django.http import HttpResponse

    route(app, lambda: (HttpResponse("dj"), 418, {"X-T": "1"}))
    rv = client.get("/")
    assert (rv.status_code, rv.data, rv.headers["X-T"]) == (418, b"dj", "1")


def test_wsgi_callable(app, client):
    def wsgi_app(environ, start_response):
        start_response(
            "202 Accepted", [("Content-Type", "text/plain"), ("X-W", environ["PATH_INFO"])]
        )
        return [b"from ", b"wsgi"]

    route(app, lambda: wsgi_app)
    rv = client.get("/")
    assert (rv.status_code, rv.data, rv.headers["X-W"], rv.content_type) == (
        202,
        b"from wsgi",
        "/",
        "text/plain",
    )


def test_wsgi_callable_that_starts_the_response_lazily(app, client):
    def wsgi_app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        yield b"lazy"

    route(app, lambda: wsgi_app)
    assert client.get("/").data == b"lazy"


# --- invalid values -----------------------------------------------------------------------------


def test_none_raises_type_error_naming_the_view(app, client):
    @app.route("/")
    def nothing():
        pass

    with pytest.raises(TypeError) as exc_info:
        client.get("/")
    assert str(exc_info.value) == RETURNED_NONE.format(endpoint="nothing")


def test_none_body_in_a_tuple_raises_type_error(app, client):
    route(app, lambda: (None, 200), endpoint="none_tuple")
    with pytest.raises(TypeError) as exc_info:
        client.get("/")
    assert str(exc_info.value) == RETURNED_NONE.format(endpoint="none_tuple")


class Unknown:
    pass


@pytest.mark.parametrize(
    ("value", "type_name"), [(42, "int"), (1.5, "float"), ({1}, "set"), (Unknown(), "Unknown")]
)
def test_unknown_type_raises_type_error_naming_the_view(app, client, value, type_name):
    route(app, lambda: value, endpoint="odd")
    with pytest.raises(TypeError) as exc_info:
        client.get("/")
    assert str(exc_info.value) == INVALID_TYPE.format(endpoint="odd", type=type_name)


@pytest.mark.parametrize("value", [("a",), ("a", 200, {}, 1)])
def test_wrong_tuple_length_raises_type_error(app, client, value):
    route(app, lambda: value)
    with pytest.raises(TypeError) as exc_info:
        client.get("/")
    assert str(exc_info.value) == INVALID_TUPLE


def test_invalid_return_is_a_500_when_not_testing(app, client):
    @app.route("/")
    def nothing():
        return None

    app.testing = False
    assert client.get("/").status_code == 500


def test_make_response_in_a_view(app, client):
    from flaskish import make_response

    @app.route("/")
    def index():
        rv = make_response(("body", 201, {"X-A": request.path}))
        rv.set_cookie("k", "v")
        return rv

    rv = client.get("/")
    assert (rv.status_code, rv.data, rv.headers["X-A"]) == (201, b"body", "/")
    assert client.get_cookie("k").value == "v"
