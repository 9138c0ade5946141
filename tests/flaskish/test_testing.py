"""The test client: building requests, cookies, redirects, kept contexts, sessions."""

from __future__ import annotations

import io
import typing as t

import pytest

from flaskish import Flask, g, has_request_context, make_response, redirect, request, session
from flaskish.testing import ClientRedirectError, FlaskClient, TestResponse


@pytest.fixture
def echo_app(app: Flask) -> Flask:
    """An app whose one view reports what the request carried."""

    @app.route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def echo() -> dict[str, t.Any]:
        return {
            "method": request.method,
            "path": request.path,
            "url": request.url,
            "args": request.args.to_dict(flat=False),
            "form": request.form.to_dict(flat=False),
            "files": {
                key: [[f.filename, f.content_type, f.read().decode()] for f in files]
                for key, files in request.files.lists()
            },
            "json": request.get_json(silent=True),
            "data": request.get_data(as_text=True) if not request.form else "",
            "content_type": request.content_type,
            "content_length": request.content_length,
            "cookies": request.cookies.to_dict(),
            "remote_addr": request.remote_addr,
            "user_agent": request.headers.get("User-Agent"),
            "x_thing": request.headers.get("X-Thing"),
        }

    return app


# -- methods -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_method_helpers(echo_app: Flask, client: FlaskClient, method: str) -> None:
    response = getattr(client, method)("/echo")
    assert response.status_code == 200
    assert response.json["method"] == method.upper()


def test_open_with_method(echo_app: Flask, client: FlaskClient) -> None:
    assert client.open("/echo", method="PATCH").json["method"] == "PATCH"
    assert client.open("/echo").json["method"] == "GET"


def test_head_has_no_body_but_keeps_content_length(app: Flask, client: FlaskClient) -> None:
    app.route("/")(lambda: "hello")
    get = client.get("/")
    head = client.head("/")
    assert get.data == b"hello"
    assert get.headers["Content-Length"] == "5"
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Length"] == "5"
    assert head.request.method == "HEAD"


def test_options_lists_allowed_methods(echo_app: Flask, client: FlaskClient) -> None:
    response = client.options("/echo")
    assert response.status_code == 200
    assert response.data == b""
    assert set(response.headers["Allow"].split(", ")) == {
        "DELETE",
        "GET",
        "HEAD",
        "OPTIONS",
        "PATCH",
        "POST",
        "PUT",
    }


def test_wrong_method_is_405(app: Flask, client: FlaskClient) -> None:
    app.get("/only-get")(lambda: "x")
    response = client.post("/only-get")
    assert response.status_code == 405
    assert response.status == "405 METHOD NOT ALLOWED"


# -- request bodies ------------------------------------------------------------------


def test_form_data_dict_with_list_values(echo_app: Flask, client: FlaskClient) -> None:
    response = client.post("/echo", data={"name": "ann", "tag": ["a", "b"]})
    body = response.json
    assert body["form"] == {"name": ["ann"], "tag": ["a", "b"]}
    assert body["content_type"] == "application/x-www-form-urlencoded"


def test_form_data_with_files(echo_app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/echo",
        data={
            "name": "ann",
            "upload": (io.BytesIO(b"file one"), "one.txt"),
            "many": [
                (io.BytesIO(b"2"), "two.bin", "application/x-custom"),
                (io.BytesIO(b"3"), "three.png"),
            ],
        },
    )
    body = response.json
    assert body["form"] == {"name": ["ann"]}
    assert body["files"] == {
        "upload": [["one.txt", "text/plain", "file one"]],
        "many": [["two.bin", "application/x-custom", "2"], ["three.png", "image/png", "3"]],
    }
    assert body["content_type"].startswith("multipart/form-data; boundary=")


def test_form_data_with_an_open_file(echo_app: Flask, client: FlaskClient, tmp_path: t.Any) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\n")
    with path.open("rb") as f:
        response = client.post("/echo", data={"report": f})
    assert response.json["files"] == {"report": [["report.csv", "text/csv", "a,b\n"]]}


def test_str_and_bytes_data(echo_app: Flask, client: FlaskClient) -> None:
    text = client.post("/echo", data="plain text").json
    assert (text["data"], text["content_type"], text["content_length"]) == ("plain text", None, 10)
    raw = client.post("/echo", data=b"\x01\x02", content_type="application/octet-stream").json
    assert (raw["data"], raw["content_type"], raw["content_length"]) == (
        "\x01\x02",
        "application/octet-stream",
        2,
    )


def test_json_body(echo_app: Flask, client: FlaskClient) -> None:
    body = client.post("/echo", json={"a": [1, 2], "b": None}).json
    assert body["json"] == {"a": [1, 2], "b": None}
    assert body["content_type"] == "application/json"


def test_json_and_data_together_are_refused(echo_app: Flask, client: FlaskClient) -> None:
    with pytest.raises(TypeError):
        client.post("/echo", json={"a": 1}, data="x")


def test_content_type_argument(echo_app: Flask, client: FlaskClient) -> None:
    body = client.put("/echo", data="a,b", content_type="text/csv; charset=utf-8").json
    assert body["content_type"] == "text/csv; charset=utf-8"
    assert body["data"] == "a,b"


@pytest.mark.parametrize(
    "arguments",
    [
        {"content_type": "multipart/form-data"},
        {"content_type": "multipart/form-data; boundary=ignored"},
        {"mimetype": "multipart/form-data"},
    ],
    ids=["content_type", "content_type with a boundary", "mimetype"],
)
def test_a_form_sent_as_multipart_is_encoded_with_its_boundary(
    echo_app: Flask, client: FlaskClient, arguments: dict[str, str]
) -> None:
    # As werkzeug's builder: the body is multipart, sent with the boundary it uses.
    body = client.post("/echo", data={"a": "1", "b": ["x", "y"]}, **arguments).json
    assert body["form"] == {"a": ["1"], "b": ["x", "y"]}
    assert body["content_type"].startswith("multipart/form-data; boundary=")
    assert "ignored" not in body["content_type"]


def test_a_form_sent_urlencoded_leaves_its_files_out(echo_app: Flask, client: FlaskClient) -> None:
    # As werkzeug's builder: a URL-encoded body has no room for files.
    body = client.post(
        "/echo",
        data={"a": "1", "f": (io.BytesIO(b"file"), "f.txt")},
        content_type="application/x-www-form-urlencoded",
    ).json
    assert (body["form"], body["files"]) == ({"a": ["1"]}, {})
    assert body["content_type"] == "application/x-www-form-urlencoded"


# -- query strings, headers, environ -------------------------------------------------


def test_query_string_in_the_path(echo_app: Flask, client: FlaskClient) -> None:
    assert client.get("/echo?a=1&a=2&b=").json["args"] == {"a": ["1", "2"], "b": [""]}


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("a=1&b=two", {"a": ["1"], "b": ["two"]}),
        ({"a": 1, "b": "two"}, {"a": ["1"], "b": ["two"]}),
        ({"a": ["1", "2"], "b": "x"}, {"a": ["1", "2"], "b": ["x"]}),
        ([("a", "1"), ("a", "2")], {"a": ["1", "2"]}),
        ({"q": "a b&c"}, {"q": ["a b&c"]}),
    ],
    ids=["str", "dict", "dict-of-lists", "pairs", "quoting"],
)
def test_query_string_argument(
    echo_app: Flask, client: FlaskClient, query_string: t.Any, expected: dict[str, list[str]]
) -> None:
    assert client.get("/echo", query_string=query_string).json["args"] == expected


def test_query_string_in_both_places_is_refused(echo_app: Flask, client: FlaskClient) -> None:
    with pytest.raises(ValueError) as exc_info:
        client.get("/echo?a=1", query_string={"b": 2})
    assert str(exc_info.value) == (
        "The query string is given both in the path and as 'query_string'; pass only one."
    )


def test_headers_as_dict_and_pairs(echo_app: Flask, client: FlaskClient) -> None:
    assert client.get("/echo", headers={"X-Thing": "yes"}).json["x_thing"] == "yes"
    pairs = [("X-Thing", "1"), ("X-Thing", "2")]
    assert client.get("/echo", headers=pairs).json["x_thing"] == "1, 2"


LINE_BREAKS = {
    "CRLF in a dict": {"headers": {"X-Thing": "a\r\nX-Injected: 1"}},
    "LF in pairs": {"headers": [("X-Thing", "a\nb")]},
    "CR": {"headers": {"X-Thing": "a\rb"}},
    "in Content-Type given as a header": {"headers": {"Content-Type": "text/plain\nX: 1"}},
    "in content_type": {"data": b"x", "content_type": "text/plain\r\nX: 1"},
    "in mimetype": {"data": b"x", "mimetype": "text/plain\nX: 1"},
}


@pytest.mark.parametrize("arguments", LINE_BREAKS.values(), ids=LINE_BREAKS.keys())
def test_header_values_with_line_breaks_are_refused(
    echo_app: Flask, client: FlaskClient, arguments: dict[str, t.Any]
) -> None:
    with pytest.raises(ValueError) as exc_info:
        client.post("/echo", **arguments)
    assert str(exc_info.value) == "Header values must not contain newline characters."


def test_headers_replace_the_clients_defaults(echo_app: Flask, client: FlaskClient) -> None:
    default_agent = client.get("/echo").json["user_agent"]
    assert default_agent
    assert client.get("/echo", headers={"User-Agent": "me"}).json["user_agent"] == "me"


def test_environ_base_and_overrides(echo_app: Flask, client: FlaskClient) -> None:
    body = client.get("/echo", environ_base={"REMOTE_ADDR": "10.1.2.3"}).json
    assert body["remote_addr"] == "10.1.2.3"
    body = client.get(
        "/echo",
        headers={"X-Thing": "from headers"},
        environ_overrides={"HTTP_X_THING": "overridden", "wsgi.url_scheme": "https"},
    ).json
    assert body["x_thing"] == "overridden"
    assert body["url"] == "https://localhost/echo"


def test_client_environ_base_applies_to_every_request(echo_app: Flask, client: FlaskClient) -> None:
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert client.get("/echo").json["remote_addr"] == "192.0.2.7"
    assert client.post("/echo").json["remote_addr"] == "192.0.2.7"


def test_base_url_and_absolute_urls(echo_app: Flask, client: FlaskClient) -> None:
    body = client.get("/echo", base_url="https://example.org:8443/mount/").json
    assert body["url"] == "https://example.org:8443/mount/echo"
    assert body["path"] == "/echo"
    assert client.get("http://example.com/echo?x=1").json["url"] == "http://example.com/echo?x=1"


def test_open_with_an_environ(echo_app: Flask, client: FlaskClient) -> None:
    with echo_app.test_request_context("/echo", method="DELETE") as ctx:
        environ = ctx.request.environ
    assert client.open(dict(environ)).json["method"] == "DELETE"


def test_open_with_an_environ_takes_the_rest_from_the_clients_environ_base(
    echo_app: Flask, client: FlaskClient
) -> None:
    # As in Flask: the dict gives the request (method, URL, headers, body); the
    # client's environ_base gives the rest, REMOTE_ADDR included.
    environ = echo_app.test_request_context(
        "/echo", method="PUT", headers={"X-Thing": "kept"}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    ).request.environ
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    body = client.open(dict(environ)).json
    assert (body["method"], body["x_thing"], body["remote_addr"]) == ("PUT", "kept", "192.0.2.7")


# -- the test response ---------------------------------------------------------------


def test_response_attributes(echo_app: Flask, client: FlaskClient) -> None:
    response = client.get("/echo?x=1")
    assert isinstance(response, TestResponse)
    assert response.status == "200 OK"
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Type"] == "application/json"
    assert response.json == response.get_json()
    assert response.json["args"] == {"x": ["1"]}
    assert response.text == response.data.decode()
    assert response.request.path == "/echo"
    assert response.request.args["x"] == "1"
    assert response.history == ()


def test_response_headers_are_exactly_those_sent(app: Flask) -> None:
    """No default Content-Type or Content-Length is invented for a body the app never sent."""

    def bare(environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> list[bytes]:
        start_response("304 Not Modified", [("ETag", '"v1"')])
        return []

    app.wsgi_app = bare  # type: ignore[method-assign]
    response = app.test_client().get("/")
    assert response.status == "304 Not Modified"
    assert list(response.headers.items()) == [("ETag", '"v1"')]
    assert response.data == b""


def test_not_found_response(client: FlaskClient) -> None:
    response = client.get("/missing")
    assert response.status == "404 NOT FOUND"
    assert response.mimetype == "text/html"
    assert "Not Found" in response.text


def test_streamed_response_is_read_by_data(app: Flask, client: FlaskClient) -> None:
    @app.route("/stream")
    def stream() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "a"
            yield "b"

        return generate()

    response = client.get("/stream")
    assert "Content-Length" not in response.headers
    assert response.data == b"ab"
    assert response.data == b"ab"
    assert client.get("/stream", buffered=True).data == b"ab"


def test_response_class_subclass_is_kept(client: FlaskClient) -> None:
    from flaskish import Response

    class MyResponse(Response):
        def hello(self) -> str:
            return "hi"

    class MyApp(Flask):
        response_class = MyResponse

    app = MyApp(__name__)
    app.route("/")(lambda: "x")
    response = app.test_client().get("/")
    assert isinstance(response, MyResponse)
    assert isinstance(response, TestResponse)
    assert response.hello() == "hi"


# -- redirects -----------------------------------------------------------------------


@pytest.fixture
def redirect_app(app: Flask) -> Flask:
    @app.route("/redirect/<int:code>", methods=["GET", "POST", "PUT"])
    def redirect_with(code: int) -> t.Any:
        return redirect("/target?from=redirect", code)

    @app.route("/target", methods=["GET", "POST", "PUT"])
    def target() -> dict[str, t.Any]:
        return {
            "method": request.method,
            "data": request.get_data(as_text=True),
            "content_type": request.content_type,
            "args": request.args.to_dict(),
        }

    return app


def test_redirect_is_not_followed_by_default(redirect_app: Flask, client: FlaskClient) -> None:
    response = client.get("/redirect/302")
    assert response.status_code == 302
    assert response.location == "/target?from=redirect"
    assert response.history == ()


@pytest.mark.parametrize("code", [301, 302, 303])
def test_301_302_303_switch_to_get_and_drop_the_body(
    redirect_app: Flask, client: FlaskClient, code: int
) -> None:
    response = client.post(
        f"/redirect/{code}", data="payload", content_type="text/plain", follow_redirects=True
    )
    assert response.json == {
        "method": "GET",
        "data": "",
        "content_type": None,
        "args": {"from": "redirect"},
    }
    assert [r.status_code for r in response.history] == [code]
    assert response.history[0].request.path == f"/redirect/{code}"
    assert response.request.path == "/target"


@pytest.mark.parametrize("code", [307, 308])
def test_307_308_keep_method_and_body(redirect_app: Flask, client: FlaskClient, code: int) -> None:
    response = client.put(
        f"/redirect/{code}", data="payload", content_type="text/plain", follow_redirects=True
    )
    assert response.json == {
        "method": "PUT",
        "data": "payload",
        "content_type": "text/plain",
        "args": {"from": "redirect"},
    }
    assert response.history[0].status == (
        "307 TEMPORARY REDIRECT" if code == 307 else "308 PERMANENT REDIRECT"
    )


def test_redirect_chain_history_is_oldest_first(app: Flask, client: FlaskClient) -> None:
    app.add_url_rule("/one", "one", lambda: redirect("/two"))
    app.add_url_rule("/two", "two", lambda: redirect("/three", 301))
    app.add_url_rule("/three", "three", lambda: "end")
    response = client.get("/one", follow_redirects=True)
    assert response.data == b"end"
    assert [(r.request.path, r.status_code) for r in response.history] == [
        ("/one", 302),
        ("/two", 301),
    ]
    assert response.history[0].location == "/two"


def test_redirect_loop_is_detected(app: Flask, client: FlaskClient) -> None:
    app.route("/loop")(lambda: redirect("/loop"))
    with pytest.raises(ClientRedirectError) as exc_info:
        client.get("/loop", follow_redirects=True)
    assert str(exc_info.value) == "Redirect loop: the 302 redirect to /loop was already followed."


def test_endless_redirects_stop(app: Flask, client: FlaskClient) -> None:
    @app.route("/n/<int:n>")
    def step(n: int) -> t.Any:
        return redirect(f"/n/{n + 1}")

    with pytest.raises(ClientRedirectError) as exc_info:
        client.get("/n/0", follow_redirects=True)
    assert str(exc_info.value) == "The test client followed 20 redirects; stopping."


def test_redirect_to_another_host_is_refused(app: Flask, client: FlaskClient) -> None:
    app.route("/away")(lambda: redirect("http://elsewhere.example/"))
    with pytest.raises(RuntimeError) as exc_info:
        client.get("/away", follow_redirects=True)
    assert str(exc_info.value) == (
        "The test client cannot follow a redirect to another host (elsewhere.example)."
    )


def test_cookies_set_during_redirects_are_sent_on(app: Flask, client: FlaskClient) -> None:
    @app.route("/login")
    def login() -> t.Any:
        session["user"] = "ann"
        return redirect("/me")

    app.route("/me")(lambda: {"user": session.get("user")})
    assert client.get("/login", follow_redirects=True).json == {"user": "ann"}


# -- cookies -------------------------------------------------------------------------


@pytest.fixture
def cookie_app(app: Flask) -> Flask:
    @app.route("/set")
    def set_cookies() -> t.Any:
        response = make_response("set")
        response.set_cookie("plain", "1")
        response.set_cookie("scoped", "2", path="/scoped")
        response.set_cookie("private", "3", secure=True, httponly=True, samesite="Lax")
        return response

    @app.route("/delete")
    def delete_cookie() -> t.Any:
        response = make_response("deleted")
        response.delete_cookie("plain")
        return response

    @app.route("/expire")
    def expire_cookie() -> t.Any:
        response = make_response("expired")
        response.set_cookie("plain", "gone", expires=0)
        return response

    @app.route("/read")
    @app.route("/scoped/read")
    def read() -> dict[str, str]:
        return request.cookies.to_dict()

    return app


def test_cookie_jar_keeps_cookies_between_requests(cookie_app: Flask, client: FlaskClient) -> None:
    client.get("/set")
    assert client.get("/read").json == {"plain": "1", "private": "3"}
    assert client.get("/scoped/read").json == {"plain": "1", "scoped": "2", "private": "3"}


def test_get_cookie(cookie_app: Flask, client: FlaskClient) -> None:
    assert client.get_cookie("plain") is None
    client.get("/set")
    plain = client.get_cookie("plain")
    assert (plain.key, plain.value, plain.domain, plain.path) == ("plain", "1", "localhost", "/")
    assert client.get_cookie("scoped") is None
    scoped = client.get_cookie("scoped", path="/scoped")
    assert scoped.value == "2"
    secure = client.get_cookie("private")
    assert (secure.secure, secure.http_only, secure.same_site) == (True, True, "Lax")


def test_secure_cookies_are_sent_over_http_too(cookie_app: Flask, client: FlaskClient) -> None:
    # As werkzeug's client does: an app with SESSION_COOKIE_SECURE is testable over http://.
    client.get("/set")
    assert client.get("/read").json["private"] == "3"
    assert client.get("/read", base_url="https://localhost/").json["private"] == "3"


def test_cookie_with_an_attribute_unknown_to_http_cookies_is_kept(
    app: Flask, client: FlaskClient
) -> None:
    @app.route("/set")
    def set_partitioned() -> t.Any:
        response = make_response("set")
        response.set_cookie("chip", "1", secure=True, samesite="None", partitioned=True)
        return response

    assert "Partitioned" in client.get("/set").headers["Set-Cookie"]
    chip = client.get_cookie("chip")
    assert (chip.value, chip.secure, chip.same_site) == ("1", True, "None")


def test_server_deleted_and_expired_cookies_are_dropped(
    cookie_app: Flask, client: FlaskClient
) -> None:
    client.get("/set")
    client.get("/delete")
    assert client.get_cookie("plain") is None
    assert client.get("/read").json == {"private": "3"}
    client.get("/set")
    client.get("/expire")
    assert client.get_cookie("plain") is None


def test_client_set_and_delete_cookie(cookie_app: Flask, client: FlaskClient) -> None:
    client.set_cookie("mine", "value")
    assert client.get("/read").json == {"mine": "value"}
    client.set_cookie("deep", "x", path="/scoped")
    assert client.get("/read").json == {"mine": "value"}
    assert client.get("/scoped/read").json == {"mine": "value", "deep": "x"}
    client.delete_cookie("mine")
    client.delete_cookie("deep", path="/scoped")
    assert client.get("/scoped/read").json == {}


def test_cookie_domain_scoping(cookie_app: Flask, client: FlaskClient) -> None:
    client.set_cookie("there", "1", domain="example.com")
    client.set_cookie("sub", "2", domain="example.com", origin_only=False)
    assert client.get("/read").json == {}
    assert client.get("/read", base_url="http://example.com/").json == {"there": "1", "sub": "2"}
    assert client.get("/read", base_url="http://api.example.com/").json == {"sub": "2"}


def test_response_cookie_for_a_domain_reaches_subdomains(app: Flask, client: FlaskClient) -> None:
    @app.route("/set")
    def set_cookie() -> t.Any:
        response = make_response("")
        response.set_cookie("wide", "1", domain="example.com")
        return response

    app.route("/read")(lambda: request.cookies.to_dict())
    client.get("/set", base_url="http://example.com/")
    assert client.get_cookie("wide", domain="example.com").origin_only is False
    assert client.get("/read", base_url="http://www.example.com/").json == {"wide": "1"}


def test_cookie_values_that_need_quoting_round_trip(app: Flask, client: FlaskClient) -> None:
    @app.route("/set")
    def set_cookie() -> t.Any:
        response = make_response("")
        response.set_cookie("odd", 'a;b "q" ,c')
        return response

    app.add_url_rule("/read", "read", lambda: request.cookies.to_dict())
    client.get("/set")
    cookie = client.get_cookie("odd")
    assert cookie.decoded_value == 'a;b "q" ,c'
    assert cookie.value == '"a\\073b \\"q\\" \\054c"'
    client.set_cookie("mine", "x;y z")
    assert client.get_cookie("mine").decoded_value == "x;y z"
    assert client.get("/read").json == {"odd": 'a;b "q" ,c', "mine": "x;y z"}


def test_disabled_cookies(cookie_app: Flask) -> None:
    client = cookie_app.test_client(use_cookies=False)
    client.get("/set")
    assert client.get("/read").json == {}
    message = "Cookies are disabled. Create a client with 'use_cookies=True'."
    for use in (
        lambda: client.get_cookie("plain"),
        lambda: client.set_cookie("a", "b"),
        lambda: client.delete_cookie("a"),
    ):
        with pytest.raises(TypeError) as exc_info:
            use()
        assert str(exc_info.value) == message


def test_cookie_header_is_sent_without_a_jar(cookie_app: Flask) -> None:
    client = cookie_app.test_client(use_cookies=False)
    assert client.get("/read", headers={"Cookie": "a=1; b=2"}).json == {"a": "1", "b": "2"}


# -- keeping the context: with client ------------------------------------------------


def test_with_client_keeps_the_last_request_context(app: Flask, client: FlaskClient) -> None:
    torn_down: list[str] = []

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        torn_down.append(request.path)

    @app.route("/<name>")
    def view(name: str) -> str:
        g.name = name
        session["name"] = name
        return name

    with client:
        client.get("/first?x=1")
        assert request.path == "/first"
        assert request.args["x"] == "1"
        assert g.name == "first"
        assert session["name"] == "first"
        client.get("/second")
        assert request.path == "/second"
        assert g.name == "second"
        assert "/first" in torn_down
        before_exit = len(torn_down)
    assert not has_request_context()
    assert len(torn_down) > before_exit
    assert torn_down[-1] == "/second"


def test_without_with_the_context_is_gone(app: Flask, client: FlaskClient) -> None:
    app.route("/")(lambda: "x")
    client.get("/")
    assert not has_request_context()


def test_with_client_cannot_nest(client: FlaskClient) -> None:
    with client:
        with pytest.raises(RuntimeError) as exc_info:
            with client:
                pass
    assert str(exc_info.value) == "Cannot nest client invocations"


def test_with_client_does_not_keep_the_context_of_a_raising_request(
    app: Flask, client: FlaskClient
) -> None:
    torn_down: list[str] = []
    app.teardown_request(lambda exc: torn_down.append(request.path))

    @app.route("/fail")
    def fail() -> str:
        raise ValueError("no")

    @app.route("/ok")
    def ok() -> str:
        return "ok"

    with client:
        with pytest.raises(ValueError):
            client.get("/fail")
        assert not has_request_context()
        assert torn_down == ["/fail"]
        client.get("/ok")
        assert request.path == "/ok"
        assert torn_down == ["/fail", "/ok"]
    assert not has_request_context()
    assert torn_down == ["/fail", "/ok", "/ok"]


def test_with_client_keeps_only_the_final_context_of_a_redirect_chain(
    app: Flask, client: FlaskClient
) -> None:
    torn_down: list[str] = []
    app.teardown_request(lambda exc: torn_down.append(request.path))
    app.add_url_rule("/start", "start", lambda: redirect("/end"))
    app.add_url_rule("/end", "end", lambda: "end")
    with client:
        client.get("/start", follow_redirects=True)
        assert request.path == "/end"
        # /start was kept only until the redirect was followed.
        assert torn_down == ["/start", "/start", "/end"]
    assert torn_down == ["/start", "/start", "/end", "/end"]
    assert not has_request_context()


# -- session_transaction -------------------------------------------------------------


def test_session_transaction_changes_reach_the_next_request(
    app: Flask, client: FlaskClient
) -> None:
    app.route("/read")(lambda: {"user": session.get("user"), "n": session.get("n")})
    with client.session_transaction() as sess:
        assert dict(sess) == {}
        sess["user"] = "ann"
    assert client.get("/read").json == {"user": "ann", "n": None}


def test_session_transaction_sees_what_a_request_stored(app: Flask, client: FlaskClient) -> None:
    @app.route("/count")
    def count() -> str:
        session["n"] = session.get("n", 0) + 1
        return str(session["n"])

    client.get("/count")
    client.get("/count")
    with client.session_transaction() as sess:
        assert sess["n"] == 2
        sess["n"] = 10
    assert client.get("/count").data == b"11"


def test_session_transaction_inside_with_client(app: Flask, client: FlaskClient) -> None:
    app.route("/read")(lambda: str(session.get("n")))
    with client:
        with client.session_transaction() as sess:
            sess["n"] = 5
        assert client.get("/read").data == b"5"
        assert session["n"] == 5


def test_session_transaction_without_cookies_is_refused(app: Flask) -> None:
    client = app.test_client(use_cookies=False)
    with pytest.raises(TypeError) as exc_info:
        with client.session_transaction():
            pass
    assert str(exc_info.value) == "Cookies are disabled. Create a client with 'use_cookies=True'."


def test_session_transaction_without_a_secret_key_says_what_to_do() -> None:
    app = Flask(__name__)
    with pytest.raises(RuntimeError) as exc_info:
        with app.test_client().session_transaction():
            pass
    assert str(exc_info.value) == (
        "Session backend did not open a session: the session interface returned"
        " None. Set 'app.secret_key' (or check the session interface's"
        " configuration) to use sessions."
    )


def test_test_client_class_is_a_plug_point(app: Flask) -> None:
    class MyClient(FlaskClient):
        pass

    app.test_client_class = MyClient
    assert isinstance(app.test_client(), MyClient)


def test_client_sends_a_non_ascii_path(app: Flask) -> None:
    @app.route("/киртест")
    def cyrillic() -> str:
        return request.path

    rv = app.test_client().get("/киртест")
    assert rv.text == "/киртест"
    assert rv.request.path == "/киртест"
