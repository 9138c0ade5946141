"""CR/LF in redirect locations, header names and values, cookies and the status line.

A newline there would let whoever chose the text add headers of their own (or a
second response).  It is refused with a ``ValueError`` where the app passes it,
which a production app answers with its plain 500 page; it is never emitted.
Percent-encoded newlines are ordinary URL text and go out encoded.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timezone

import pytest
from robustness_support import assert_clean, assert_no_injected_headers, call_wsgi, environ

from flaskish import Flask, Response, abort, make_response, redirect, request, url_for

INJECTION = "\r\nSet-Cookie: injected=1"


def _response_with(change: t.Callable[[Response], t.Any]) -> Response:
    response = make_response("body")
    change(response)
    return response


# View bodies that put a newline where a header line is built.
REFUSED = {
    "redirect(), CRLF": lambda: redirect("/next" + INJECTION),
    "redirect(), LF": lambda: redirect("/next\nSet-Cookie: injected=1"),
    "redirect(), CR": lambda: redirect("/next\rSet-Cookie: injected=1"),
    "redirect() of the query's next": lambda: redirect(request.args["next"]),
    "headers[...] = value": lambda: _response_with(
        lambda r: r.headers.__setitem__("X-A", "a" + INJECTION)
    ),
    "headers.add(value)": lambda: _response_with(lambda r: r.headers.add("X-A", "a\nb")),
    "headers[name] with CRLF": lambda: _response_with(
        lambda r: r.headers.__setitem__("X-A" + INJECTION, "1")
    ),
    "response.location": lambda: _response_with(lambda r: setattr(r, "location", "/a" + INJECTION)),
    "headers from a returned dict": lambda: ("body", {"X-A": "a" + INJECTION}),
    "headers from a returned list": lambda: ("body", [("X-A", "a" + INJECTION)]),
    "status from a returned tuple": lambda: ("body", "200 OK" + INJECTION),
    "Response(mimetype=...)": lambda: Response("body", mimetype="text/html" + INJECTION),
    "Response(content_type=...)": lambda: Response("body", content_type="text/html" + INJECTION),
    "set_cookie() name": lambda: _response_with(lambda r: r.set_cookie("a" + INJECTION, "v")),
    "set_cookie() domain": lambda: _response_with(
        lambda r: r.set_cookie("a", "v", domain="example.com" + INJECTION)
    ),
    "set_cookie() expires text": lambda: _response_with(
        lambda r: r.set_cookie("a", "v", expires="Thu, 01 Jan 2099 00:00:00 GMT" + INJECTION)
    ),
    "set_cookie() samesite": lambda: _response_with(
        lambda r: r.set_cookie("a", "v", samesite="Lax" + INJECTION)
    ),
}


@pytest.fixture
def app(app: Flask) -> Flask:
    for index, view in enumerate(REFUSED.values()):
        app.add_url_rule(f"/refused/{index}", f"refused_{index}", view)
    return app


@pytest.mark.parametrize("index", range(len(REFUSED)), ids=REFUSED.keys())
def test_newline_in_a_header_line_is_refused_and_never_sent(app: Flask, index: int) -> None:
    env = environ(f"/refused/{index}", query="next=/next%0D%0ASet-Cookie:%20injected=1")
    result = call_wsgi(app, env)
    assert_clean(result, 500, app)
    assert_no_injected_headers(result)
    assert result.header("Set-Cookie") == []
    assert result.header("Location") == []
    assert b"injected" not in result.data


@pytest.mark.parametrize("location", ["/next\r\nX: y", "/next\nX: y", "/next\rX: y"])
def test_redirect_names_the_problem(location: str) -> None:
    with pytest.raises(ValueError, match="newline"):
        redirect(location)


def test_header_value_names_the_problem(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="newline"):
        make_response("body").headers["X-A"] = "a\r\nb"


@pytest.mark.parametrize(
    ("kwargs", "attribute"),
    [({"domain": "a\r\nb"}, "domain"), ({"expires": "Thu\nb"}, "expires")],
    ids=["domain", "expires"],
)
def test_cookie_attribute_names_the_problem(app: Flask, kwargs: dict, attribute: str) -> None:
    with app.app_context(), pytest.raises(ValueError, match=f"cookie's {attribute} must not"):
        make_response("body").set_cookie("a", "v", **kwargs)


def test_status_with_a_newline_names_the_problem(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="status must not contain newline"):
        make_response("body").status = "200 OK\r\nX: y"


# Views whose header text is hostile but made safe on the way out.
ENCODED = {
    "percent-encoded CRLF in a redirect": (
        lambda: redirect("/next%0d%0aSet-Cookie:%20injected=1"),
        "Location",
        "/next%0d%0aSet-Cookie:%20injected=1",
    ),
    "Unicode line separators in a redirect": (
        lambda: redirect("/next\u2028\u0085x"),
        "Location",
        "/next%E2%80%A8%C2%85x",
    ),
    # werkzeug drops the tab (as urlsplit does); encoding it keeps the URL as written.
    "tab and NUL in a redirect": (
        lambda: redirect("/next\t\x00x"),
        "Location",
        "/next%09%00x",
    ),
    "CRLF in a URL value built by url_for": (
        lambda: redirect(url_for("refused_0", _anchor="a\r\nb")),
        "Location",
        "/refused/0#a%0D%0Ab",
    ),
    "CRLF in a cookie value": (
        lambda: _response_with(lambda r: r.set_cookie("a", "v" + INJECTION)),
        "Set-Cookie",
        'a="v\\015\\012Set-Cookie: injected=1"; Path=/',
    ),
    "semicolon in a cookie value": (
        lambda: _response_with(lambda r: r.set_cookie("a", "v; Domain=evil.example")),
        "Set-Cookie",
        'a="v\\073 Domain=evil.example"; Path=/',
    ),
    "CRLF and semicolon in a cookie path": (
        lambda: _response_with(lambda r: r.set_cookie("a", "v", path="/p;q" + INJECTION)),
        "Set-Cookie",
        "a=v; Path=/p%3Bq%0D%0ASet-Cookie:%20injected=1",
    ),
}


@pytest.mark.parametrize(("view", "header", "sent"), ENCODED.values(), ids=ENCODED.keys())
def test_hostile_header_text_goes_out_encoded(
    app: Flask, view: t.Callable[[], t.Any], header: str, sent: str
) -> None:
    app.add_url_rule("/encoded", "encoded", view)
    result = call_wsgi(app, environ("/encoded"))
    assert_no_injected_headers(result)
    assert result.header(header) == [sent]
    assert [key for key, _ in result.headers if key.lower() == "set-cookie"] == (
        ["Set-Cookie"] if header == "Set-Cookie" else []
    )


def test_cookie_expiry_as_a_datetime_is_formatted_not_passed_through(app: Flask) -> None:
    expires = datetime(2099, 1, 1, tzinfo=timezone.utc)
    app.add_url_rule(
        "/cookie",
        "cookie",
        lambda: _response_with(lambda r: r.set_cookie("a", "v", expires=expires)),
    )
    result = call_wsgi(app, environ("/cookie"))
    assert_no_injected_headers(result)
    assert result.header("Set-Cookie") == ["a=v; expires=Thu, 01 Jan 2099 00:00:00 GMT; Path=/"]


def test_error_description_with_newlines_stays_in_the_escaped_body(app: Flask) -> None:
    app.add_url_rule("/abort", "abort", lambda: abort(400, "bad" + INJECTION + " <script>"))
    result = call_wsgi(app, environ("/abort"))
    assert_clean(result, 400, app)
    assert_no_injected_headers(result)
    assert result.header("Set-Cookie") == []
    assert b"<script>" not in result.data
    assert b"&lt;script&gt;" in result.data
