"""Invalid UTF-8 and NUL bytes in the path, query, form, cookies and headers.

The requests are built as a WSGI server hands them over (bytes as latin-1
text), since the test client would not send most of them.  Nothing here may
give a 500; undecodable bytes come through replaced or percent-encoded.
"""

from __future__ import annotations

import base64

import pytest
from robustness_support import assert_clean, call_wsgi, environ

from flaskish import Flask, request, session, url_for


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.get("/echo/<name>")
    def echo(name: str) -> dict:
        return {"name": name, "path": request.path}

    @app.get("/file/<path:rest>")
    def file(rest: str) -> dict:
        return {"rest": rest}

    @app.get("/number/<int:n>")
    def number(n: int) -> dict:
        return {"n": n}

    @app.get("/args")
    def args() -> dict:
        return {"args": sorted(request.args.items(multi=True)), "url": request.url}

    @app.post("/form")
    def form() -> dict:
        return {"form": sorted(request.form.items(multi=True))}

    @app.get("/where")
    def where() -> dict:
        return {"root": request.script_root, "link": url_for("where"), "url": request.url}

    @app.get("/cookies")
    def cookies() -> dict:
        return {"cookies": sorted(request.cookies.items()), "session": dict(session)}

    @app.get("/headers")
    def headers() -> dict:
        return {
            "x_thing": request.headers.get("X-Thing"),
            "user_agent": request.user_agent.string,
            "accept": request.accept_mimetypes.best,
            "language": request.accept_languages.best,
            "authorization": request.authorization is not None,
            "if_modified_since": str(request.if_modified_since),
            "range": str(request.range),
            "if_none_match": list(request.if_none_match),
            "cache_control_max_age": request.cache_control.max_age,
        }

    return app


# -- path ----------------------------------------------------------------------------

PATHS = {
    # Django re-percent-encodes bytes that are not UTF-8 (werkzeug shows U+FFFD instead):
    # the value stays ASCII and reversible.
    "invalid UTF-8": (b"/echo/\xff\xfe", 200, {"name": "%FF%FE", "path": "/echo/%FF%FE"}),
    "overlong UTF-8 slash": (b"/echo/\xc0\xaf", 200, {"name": "%C0%AF", "path": "/echo/%C0%AF"}),
    "UTF-8 of a surrogate": (
        b"/echo/\xed\xa0\x80",
        200,
        {"name": "%ED%A0%80", "path": "/echo/%ED%A0%80"},
    ),
    "NUL": (b"/echo/a\x00b", 200, {"name": "a\x00b", "path": "/echo/a\x00b"}),
    "percent sign after decoding": (b"/echo/a%00b", 200, {"name": "a%00b", "path": "/echo/a%00b"}),
    "NUL in a path converter": (b"/file/a\x00b", 200, {"rest": "a\x00b"}),
    "NUL after an int": (b"/number/1\x00", 404, None),
    "invalid UTF-8 after an int": (b"/number/1\xff", 404, None),
    "invalid UTF-8, no route": (b"/nowhere\xff", 404, None),
    "NUL, no route": (b"/nowhere\x00", 404, None),
}


@pytest.mark.parametrize(("path", "status", "body"), PATHS.values(), ids=PATHS.keys())
def test_bad_bytes_in_the_path(app: Flask, path: bytes, status: int, body: dict | None) -> None:
    result = call_wsgi(app, environ(path))
    assert_clean(result, status, app)
    if body is not None:
        assert app.json.loads(result.data) == body


# -- query string ------------------------------------------------------------------------

QUERIES = {
    # Raw bytes that are not UTF-8 make Django read the whole query as latin-1;
    # werkzeug fails on them with a 500.
    "raw invalid UTF-8": (b"a=\xff", [["a", "\xff"]]),
    "percent-encoded invalid UTF-8": (b"a=%ff", [["a", "\ufffd"]]),
    "percent-encoded NUL": (b"a=%00", [["a", "\x00"]]),
    "raw NUL": (b"a=\x00", [["a", "\x00"]]),
    "broken percent escapes": (b"a=%zz&b=%", [["a", "%zz"], ["b", "%"]]),
    "raw UTF-8": ("é=1".encode(), [["é", "1"]]),
    "separators only": (b"&&==;;", [["", "=;;"]]),
}


@pytest.mark.parametrize(("query", "args"), QUERIES.values(), ids=QUERIES.keys())
def test_bad_bytes_in_the_query_string(app: Flask, query: bytes, args: list) -> None:
    result = call_wsgi(app, environ("/args", query=query))
    assert_clean(result, 200, app)
    assert app.json.loads(result.data)["args"] == args


def test_the_url_of_a_bad_query_is_ascii(app: Flask) -> None:
    result = call_wsgi(app, environ("/args", query=b"a=\xff&b=%ff&c=\x00"))
    assert_clean(result, 200, app)
    assert app.json.loads(result.data)["url"] == "http://localhost/args?a=%FF&b=%FF&c=%00"


# -- urlencoded form --------------------------------------------------------------------

FORMS = {
    "percent-encoded invalid UTF-8": (b"a=%ff", None, [["a", "\ufffd"]]),
    # As for the query string, raw non-UTF-8 bytes make the body latin-1.
    "raw invalid UTF-8": (b"a=\xfe", None, [["a", "\xfe"]]),
    "NUL, raw and encoded": (b"a=%00&b=\x00", None, [["a", "\x00"], ["b", "\x00"]]),
    "declared latin-1": (b"a=%e9", "latin-1", [["a", "é"]]),
    "unknown charset": (b"a=1", "no-such-charset", [["a", "1"]]),
}


@pytest.mark.parametrize(("body", "charset", "form"), FORMS.values(), ids=FORMS.keys())
def test_bad_bytes_in_a_form(app: Flask, body: bytes, charset: str | None, form: list) -> None:
    content_type = "application/x-www-form-urlencoded"
    if charset is not None:
        content_type += f"; charset={charset}"
    env = environ("/form", method="POST", body=body, content_type=content_type)
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert app.json.loads(result.data)["form"] == form


# -- cookies -----------------------------------------------------------------------------

COOKIES = {
    "invalid UTF-8": (b"a=\xff\xfe; b=ok", [["a", "\ufffd\ufffd"], ["b", "ok"]]),
    "NUL": (b"a=x\x00y; b=ok", [["a", "x\x00y"], ["b", "ok"]]),
    # As werkzeug reads it: empty names are dropped, a name without "=" has "".
    "unbalanced quote and empty names": (b'=;;=; "x; b=ok', [['"x', ""], ["b", "ok"]]),
}


@pytest.mark.parametrize(("cookie", "cookies"), COOKIES.values(), ids=COOKIES.keys())
def test_bad_bytes_in_cookies(app: Flask, cookie: bytes, cookies: list) -> None:
    result = call_wsgi(app, environ("/cookies", HTTP_COOKIE=cookie))
    assert_clean(result, 200, app)
    assert app.json.loads(result.data) == {"cookies": cookies, "session": {}}


@pytest.mark.parametrize(
    "value", [b"\xff\xfe.abc.def", b"a\x00b", b"\x00" * 64], ids=["invalid UTF-8", "NUL", "NULs"]
)
def test_bad_bytes_in_the_session_cookie_give_an_empty_session(app: Flask, value: bytes) -> None:
    result = call_wsgi(app, environ("/cookies", HTTP_COOKIE=b"session=" + value))
    assert_clean(result, 200, app)
    assert app.json.loads(result.data)["session"] == {}
    assert result.header("Set-Cookie") == []


# -- headers -------------------------------------------------------------------------------

NEUTRAL_HEADERS = {
    "x_thing": None,
    "user_agent": "",
    "accept": None,
    "language": None,
    "authorization": False,
    "if_modified_since": "None",
    "range": "None",
    "if_none_match": [],
    "cache_control_max_age": None,
}
HEADERS = {
    "invalid UTF-8 in a custom header": ({"HTTP_X_THING": b"\xff\xfe"}, {"x_thing": "\xff\xfe"}),
    "NUL in a custom header": ({"HTTP_X_THING": b"a\x00b"}, {"x_thing": "a\x00b"}),
    "invalid UTF-8 in User-Agent": ({"HTTP_USER_AGENT": b"\xff"}, {"user_agent": "\xff"}),
    "NUL in Accept": ({"HTTP_ACCEPT": b"text/html\x00"}, {"accept": "text/html\x00"}),
    "invalid UTF-8 in Accept-Language": ({"HTTP_ACCEPT_LANGUAGE": b"\xff;q=x"}, {}),
    "NUL and non-ASCII in Basic credentials": ({"HTTP_AUTHORIZATION": b"Basic \x00\xff"}, {}),
    "Basic credentials not base64": ({"HTTP_AUTHORIZATION": b"Basic !!!"}, {}),
    "Basic credentials not UTF-8": (
        {"HTTP_AUTHORIZATION": b"Basic " + base64.b64encode(b"\xff\xfe:\x00")},
        {},
    ),
    "NUL as a date": ({"HTTP_IF_MODIFIED_SINCE": b"\x00"}, {}),
    "invalid date": ({"HTTP_IF_MODIFIED_SINCE": b"Mon, 99 Foo 9999 99:99:99 GMT"}, {}),
    "NUL in Range": ({"HTTP_RANGE": b"bytes=\x00-1"}, {}),
    "huge Range": (
        {"HTTP_RANGE": b"bytes=" + b"9" * 40 + b"-"},
        {"range": "bytes=" + "9" * 40 + "-"},
    ),
    # Kept as werkzeug keeps it: an opaque tag that no ETag (always quoted) matches.
    "unterminated ETag": ({"HTTP_IF_NONE_MATCH": b'"abc'}, {"if_none_match": ['"abc']}),
    "non-numeric max-age": ({"HTTP_CACHE_CONTROL": b"max-age=\xff"}, {}),
}


@pytest.mark.parametrize(("headers", "changed"), HEADERS.values(), ids=HEADERS.keys())
def test_bad_bytes_in_headers(app: Flask, headers: dict, changed: dict) -> None:
    env = environ("/headers", **{"HTTP_USER_AGENT": None, **headers})
    result = call_wsgi(app, env)
    assert_clean(result, 200, app)
    assert app.json.loads(result.data) == {**NEUTRAL_HEADERS, **changed}


@pytest.mark.parametrize("host", [b"\xff.example", b"a\x00b.example"], ids=["invalid UTF-8", "NUL"])
def test_bad_bytes_in_host_are_400(app: Flask, host: bytes) -> None:
    # Werkzeug serves these with an empty host; Django's host validation refuses them.
    result = call_wsgi(app, environ("/args", HTTP_HOST=host))
    assert_clean(result, 400, app)


@pytest.mark.parametrize("method", [b"GE\x00T", "GÉT".encode()], ids=["NUL", "non-ASCII"])
def test_bad_bytes_in_the_method_are_405(app: Flask, method: bytes) -> None:
    result = call_wsgi(app, environ("/args", method=method.decode("latin-1")))
    assert_clean(result, 405, app)


# The root as Flask 3.1 gives it: bytes that are not UTF-8 replaced (U+FFFD).
SCRIPT_NAMES = {
    "invalid UTF-8": (b"/app\xff", "/app\ufffd"),
    "truncated UTF-8": (b"/app\xe9", "/app\ufffd"),
    "UTF-8": ("/café".encode(), "/café"),
    "UTF-8 outside latin-1": ("/€".encode(), "/€"),
}


@pytest.mark.parametrize(("script_name", "root"), SCRIPT_NAMES.values(), ids=SCRIPT_NAMES.keys())
def test_bytes_in_the_script_name(app: Flask, script_name: bytes, root: str) -> None:
    result = call_wsgi(app, environ("/where", SCRIPT_NAME=script_name))
    assert_clean(result, 200, app)
    assert result.json() == {
        "root": root,
        "link": f"{root}/where",
        "url": f"http://localhost{root}/where",
    }
