"""The request object: Flask's ``Request`` API over Django's ``HttpRequest``.

Expected values come from Flask 3.1 / Werkzeug 3.1 run on the same test-client
calls (the literals below were produced by real Flask), or from issue #2.
Tests of Django-only behaviour have ``django`` in their names.
"""

from __future__ import annotations

import io
import typing as t
from datetime import datetime, timezone

import pytest

from flaskish import Flask, request
from flaskish.wrappers import Request

# --- helpers --------------------------------------------------------------------------


def capture(app: Flask, rule: str = "/", methods: t.Sequence[str] = ("GET",), **route_kw: t.Any):
    """Route ``rule`` to a view that stores the request it saw; return the store."""
    seen: dict[str, t.Any] = {}

    def view(**kwargs: t.Any) -> str:
        seen["request"] = request._get_current_object()
        seen["kwargs"] = kwargs
        return "ok"

    app.add_url_rule(rule, view_func=view, methods=list(methods), **route_kw)
    return seen


def probe(app: Flask, expr: t.Callable[[], t.Any], rule: str = "/probe", methods=("GET",)):
    """Route a view that evaluates ``expr()`` inside the request and keeps the result."""
    box: dict[str, t.Any] = {}

    def view(**kwargs: t.Any) -> str:
        box["value"] = expr()
        return "ok"

    app.add_url_rule(rule, endpoint="probe", view_func=view, methods=list(methods))
    return box


# --- query string, form, values -----------------------------------------------------------


def test_args_is_a_multidict_of_the_query_string(app, client):
    seen = capture(app)
    client.get("/?a=1&a=2&b=x%20y&c=&d=5")
    args = seen["request"].args
    assert args["a"] == "1"
    assert args.getlist("a") == ["1", "2"]
    assert args["b"] == "x y"
    assert args["c"] == ""
    assert args.get("d", type=int) == 5
    assert args.get("b", default=0, type=int) == 0
    assert args.get("missing") is None
    assert args.get("missing", "dflt") == "dflt"
    assert args.to_dict() == {"a": "1", "b": "x y", "c": "", "d": "5"}
    assert args.to_dict(flat=False) == {"a": ["1", "2"], "b": ["x y"], "c": [""], "d": ["5"]}
    assert list(args.items()) == [("a", "1"), ("b", "x y"), ("c", ""), ("d", "5")]
    assert list(args.items(multi=True)) == [
        ("a", "1"),
        ("a", "2"),
        ("b", "x y"),
        ("c", ""),
        ("d", "5"),
    ]
    assert list(args.lists()) == [("a", ["1", "2"]), ("b", ["x y"]), ("c", [""]), ("d", ["5"])]


def test_args_missing_key_is_a_400_bad_request(app, client):
    @app.route("/")
    def index():
        return request.args["nope"]

    rv = client.get("/")
    assert rv.status_code == 400


def test_args_are_read_only(app, client):
    box = probe(app, lambda: request.args)
    client.get("/probe?a=1")
    with pytest.raises(TypeError):
        box["value"]["a"] = "2"


def test_args_decode_utf8_and_plus(app, client):
    seen = capture(app)
    client.get("/?q=caf%C3%A9+au+lait")
    assert seen["request"].args["q"] == "café au lait"


def test_form_from_urlencoded_post(app, client):
    seen = capture(app, methods=["POST"])
    client.post("/", data={"name": "Ann", "tag": ["a", "b"]})
    form = seen["request"].form
    assert form["name"] == "Ann"
    assert form.getlist("tag") == ["a", "b"]
    assert form.to_dict(flat=False) == {"name": ["Ann"], "tag": ["a", "b"]}
    assert seen["request"].files.to_dict() == {}


URLENCODED_BODIES = {
    "repeated keys": b"a=1&b=2&a=3",
    "blank values and keys": b"a=&=b&c&&d=4",
    "plus and percent escapes": b"q=a+b%20c&%C3%A9t%C3%A9=%E2%82%AC",
    "invalid utf-8 falls back to latin-1": b"name=caf\xe9&x=%FF",
    "semicolons are not separators": b"a=1;b=2",
    "empty": b"",
}


@pytest.mark.parametrize("body", URLENCODED_BODIES.values(), ids=URLENCODED_BODIES.keys())
def test_urlencoded_form_is_what_django_querydict_parses(app, client, body):
    from django.http import QueryDict

    seen = capture(app, methods=["POST"])
    client.post("/", data=body, content_type="application/x-www-form-urlencoded")
    expected = QueryDict(body, encoding="utf-8")
    assert seen["request"].form.to_dict(flat=False) == dict(expected.lists())


def test_urlencoded_form_builds_no_querydict(app, client, monkeypatch):
    # The form is parsed straight into its multidict: a QueryDict built and
    # copied would be the same work twice on every form request.
    from django.http import request as django_request

    built: list[object] = []
    real_init = django_request.QueryDict.__init__

    def counting_init(self, *args: t.Any, **kwargs: t.Any) -> None:
        built.append(args)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(django_request.QueryDict, "__init__", counting_init)
    seen = capture(app, methods=["POST"])
    client.post("/", data=b"a=1&b=2", content_type="application/x-www-form-urlencoded")
    assert seen["request"].form.to_dict() == {"a": "1", "b": "2"}
    assert [args for args in built if args and args[0]] == []


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_form_is_parsed_for_any_method_not_just_post(app, client, method):
    seen = capture(app, methods=[method])
    client.open("/", method=method, data={"a": "1", "b": "2"})
    assert seen["request"].form.to_dict() == {"a": "1", "b": "2"}


def test_multipart_put_parses_form_and_files(app, client):
    seen = capture(app, methods=["PUT"])
    client.put("/", data={"a": "1", "f": (io.BytesIO(b"data"), "f.txt")})
    req = seen["request"]
    assert req.form.to_dict() == {"a": "1"}
    assert req.files["f"].read() == b"data"


def test_form_is_empty_for_other_content_types(app, client):
    seen = capture(app, methods=["POST"])
    client.post("/", data="a=1", content_type="text/plain")
    assert seen["request"].form.to_dict() == {}
    assert seen["request"].data == b"a=1"


def test_values_combines_args_and_form(app, client):
    seen = capture(app, methods=["POST"])
    client.post("/?a=q&b=q", data={"a": "f", "c": "f"})
    values = seen["request"].values
    assert values["a"] == "q"
    assert values.getlist("a") == ["q", "f"]
    assert values.to_dict() == {"a": "q", "b": "q", "c": "f"}
    assert values.to_dict(flat=False) == {"a": ["q", "f"], "b": ["q"], "c": ["f"]}


def test_values_for_get_is_only_args(app, client):
    seen = capture(app)
    client.get("/?a=1", data={"b": "2"})
    assert seen["request"].values.to_dict() == {"a": "1"}


# --- files ------------------------------------------------------------------------------


def test_files_have_the_filestorage_api(app, client, tmp_path):
    seen: dict[str, t.Any] = {}

    @app.post("/upload")
    def upload():
        f = request.files["doc"]
        seen.update(
            filename=f.filename,
            name=f.name,
            mimetype=f.mimetype,
            content_type=f.content_type,
            content_length=f.content_length,
            first=f.read(3),
        )
        f.stream.seek(0)
        seen["stream"] = f.stream.read()
        f.seek(0)
        f.save(tmp_path / "saved.txt")
        target = io.BytesIO()
        f.seek(0)
        f.save(target)
        seen["saved_to_fileobj"] = target.getvalue()
        return "ok"

    rv = client.post(
        "/upload",
        data={"doc": (io.BytesIO(b"hello world"), "notes.txt", "text/markdown")},
    )
    assert rv.status_code == 200
    assert seen["filename"] == "notes.txt"
    assert seen["name"] == "doc"
    assert seen["mimetype"] == "text/markdown"
    assert seen["content_type"] == "text/markdown"
    assert seen["first"] == b"hel"
    assert seen["stream"] == b"hello world"
    assert (tmp_path / "saved.txt").read_bytes() == b"hello world"
    assert seen["saved_to_fileobj"] == b"hello world"


def test_uploaded_file_content_type_keeps_its_parameters(app, client):
    box = probe(
        app,
        lambda: (request.files["f"].content_type, request.files["f"].mimetype_params),
        methods=["POST"],
    )
    client.post("/probe", data={"f": (io.BytesIO(b"x"), "a.txt", "text/plain; charset=utf-8")})
    assert box["value"] == ("text/plain; charset=utf-8", {"charset": "utf-8"})


def test_several_files_and_several_per_field(app, client):
    seen: dict[str, t.Any] = {}

    @app.post("/")
    def index():
        seen["names"] = [(k, f.filename) for k, f in request.files.items(multi=True)]
        seen["many"] = [f.read() for f in request.files.getlist("many")]
        seen["form"] = request.form.to_dict(flat=False)
        seen["content_types"] = [f.mimetype for f in request.files.getlist("many")]
        return "ok"

    client.post(
        "/",
        data={
            "title": "t",
            "one": (io.BytesIO(b"1"), "one.bin"),
            "many": [(io.BytesIO(b"a"), "a.txt"), (io.BytesIO(b"b"), "b.png")],
        },
    )
    assert sorted(seen["names"]) == [("many", "a.txt"), ("many", "b.png"), ("one", "one.bin")]
    assert seen["many"] == [b"a", b"b"]
    assert seen["content_types"] == ["text/plain", "image/png"]
    assert seen["form"] == {"title": ["t"]}


def test_uploaded_file_name_loses_client_directories_django(app, client):
    box = probe(app, lambda: request.files["f"].filename, methods=["POST"])
    client.post("/probe", data={"f": (io.BytesIO(b"x"), "../../etc/passwd")})
    assert box["value"] == "passwd"


# --- raw body and JSON ----------------------------------------------------------------


def test_data_and_get_data(app, client):
    seen: dict[str, t.Any] = {}

    @app.post("/")
    def index():
        seen["data"] = request.data
        seen["text"] = request.get_data(as_text=True)
        seen["again"] = request.get_data()
        return "ok"

    client.post("/", data="héllo".encode(), content_type="application/octet-stream")
    assert seen == {"data": "héllo".encode(), "text": "héllo", "again": "héllo".encode()}


def test_get_data_without_cache_then_with(app, client):
    box = probe(app, lambda: (request.get_data(cache=False), request.get_data()), methods=["POST"])
    client.post("/probe", data=b"abc", content_type="application/octet-stream")
    # Flask reads the stream once: uncached data is gone for the next call.
    assert box["value"] == (b"abc", b"")


def test_get_data_parse_form_data_fills_form(app, client):
    box = probe(
        app,
        lambda: (request.get_data(parse_form_data=True), request.form.to_dict()),
        methods=["POST"],
    )
    client.post("/probe", data={"a": "1"})
    assert box["value"][1] == {"a": "1"}


def test_data_is_empty_for_form_bodies(app, client):
    box = probe(
        app, lambda: (request.data, request.form.to_dict(), request.get_data()), methods=["POST"]
    )
    client.post("/probe", data={"a": "1"})
    assert box["value"] == (b"", {"a": "1"}, b"")
    client.post("/probe", data={"a": "1", "f": (io.BytesIO(b"x"), "f.txt")})
    assert box["value"] == (b"", {"a": "1"}, b"")


def test_data_before_form_keeps_both(app, client):
    box = probe(app, lambda: (request.get_data(), request.form.to_dict()), methods=["POST"])
    client.post("/probe", data={"a": "1"})
    assert box["value"] == (b"a=1", {"a": "1"})


def test_json_and_get_json(app, client):
    seen: dict[str, t.Any] = {}

    @app.post("/")
    def index():
        seen["json"] = request.json
        seen["get_json"] = request.get_json()
        seen["is_json"] = request.is_json
        return "ok"

    client.post("/", json={"a": [1, 2], "b": None})
    assert seen == {
        "json": {"a": [1, 2], "b": None},
        "get_json": {"a": [1, 2], "b": None},
        "is_json": True,
    }


@pytest.mark.parametrize(
    ("content_type", "is_json"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("application/vnd.api+json", True),
        ("text/json", False),
        ("text/plain", False),
    ],
)
def test_is_json_by_mimetype(app, client, content_type, is_json):
    box = probe(app, lambda: (request.is_json, request.get_json(silent=True)), methods=["POST"])
    client.post("/probe", data="[1]", content_type=content_type)
    assert box["value"] == (is_json, [1] if is_json else None)


def test_get_json_force_ignores_the_mimetype(app, client):
    box = probe(app, lambda: request.get_json(force=True), methods=["POST"])
    client.post("/probe", data='{"x": 1}', content_type="text/plain")
    assert box["value"] == {"x": 1}


def test_get_json_silent_returns_none_on_bad_json(app, client):
    box = probe(app, lambda: request.get_json(silent=True), methods=["POST"])
    rv = client.post("/probe", data="{bad", content_type="application/json")
    assert rv.status_code == 200
    assert box["value"] is None


def test_get_json_cache(app, client):
    def view() -> t.Any:
        first = request.get_json()
        first["changed"] = True
        return [request.get_json(), request.get_json(cache=False)]

    app.add_url_rule("/", view_func=view, methods=["POST"])
    rv = client.post("/", json={"a": 1})
    # The cached object is returned again; cache=False parses afresh... but the body
    # was cached by the first read, so it parses to the original value.
    assert rv.json == [{"a": 1, "changed": True}, {"a": 1}]


def test_json_with_wrong_content_type_is_415(app, client):
    @app.post("/")
    def index():
        return repr(request.json)

    rv = client.post("/", data="{}", content_type="text/plain")
    assert rv.status_code == 415
    assert b"Did not attempt to load JSON data because the request Content-Type was not" in rv.data
    assert client.post("/", data="{}").status_code == 415


def test_malformed_json_is_400_not_500(app, client):
    @app.post("/")
    def index():
        return repr(request.json)

    app.testing = False
    for body in ["{bad", b"\xff\xfe", "", "[1,"]:
        rv = client.post("/", data=body, content_type="application/json")
        assert rv.status_code == 400, body
        assert b"Failed to decode JSON" not in rv.data  # Flask hides the detail unless debugging


def test_malformed_json_detail_shown_in_debug(app, client):
    @app.post("/")
    def index():
        return repr(request.json)

    app.debug = True
    rv = client.post("/", data="{bad", content_type="application/json")
    assert rv.status_code == 400
    assert b"Failed to decode JSON object: " in rv.data


def test_on_json_loading_failed_override_through_request_class(app, client):
    class MyRequest(Request):
        def on_json_loading_failed(self, e):
            return {"fallback": e is not None}

    app.request_class = MyRequest

    @app.post("/")
    def index():
        return {"got": request.json, "cls": type(request._get_current_object()).__name__}

    assert client.post("/", data="{bad", content_type="application/json").json == {
        "got": {"fallback": True},
        "cls": "MyRequest",
    }
    assert client.post("/", data="{}", content_type="text/plain").json == {
        "got": {"fallback": False},
        "cls": "MyRequest",
    }


# --- headers, cookies, method -------------------------------------------------------------


def test_headers_are_case_insensitive_with_get_and_getlist(app, client):
    seen = capture(app)
    client.get(
        "/", headers=[("X-Num", "42"), ("X-Text", "abc"), ("X-Multi", "a"), ("X-Multi", "b")]
    )
    headers = seen["request"].headers
    assert headers["x-num"] == "42"
    assert headers["X-NUM"] == "42"
    assert headers.get("X-Num", type=int) == 42
    assert headers.get("X-Text", -1, type=int) == -1
    assert headers.get("X-Missing") is None
    assert headers.get("X-Missing", "dflt") == "dflt"
    assert headers.getlist("x-multi") == ["a, b"]
    assert headers.getlist("X-Num", type=int) == [42]
    assert "x-text" in headers
    assert headers["Host"] == "localhost"
    assert dict(headers)["User-Agent"]


def test_missing_header_is_a_key_error(app):
    with app.test_request_context("/"):
        with pytest.raises(KeyError):
            request.headers["X-Nope"]


def test_cookies(app, client):
    seen = capture(app)
    client.set_cookie("a", "1")
    client.set_cookie("b", "two words")
    client.get("/")
    cookies = seen["request"].cookies
    assert cookies["a"] == "1"
    assert cookies["b"] == "two words"
    assert cookies.get("missing") is None
    assert cookies.to_dict() == {"a": "1", "b": "two words"}


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_method(app, client, method):
    seen = capture(app, methods=[method])
    client.open("/", method=method)
    assert seen["request"].method == method


def test_environ_and_method_are_computed_once_and_assignable(monkeypatch):
    # Read several times per request: computed once, then plain attributes.
    computed: list[str] = []
    for name in ("environ", "method"):
        descriptor = Request.__dict__[name]
        real = descriptor.fget
        monkeypatch.setattr(
            descriptor, "fget", lambda req, real=real, name=name: computed.append(name) or real(req)
        )
    req = Request({"REQUEST_METHOD": "PUT", "PATH_INFO": "/", "wsgi.input": io.BytesIO()})
    assert [req.method, req.method, req.environ["REQUEST_METHOD"], req.environ["PATH_INFO"]] == [
        "PUT",
        "PUT",
        "PUT",
        "/",
    ]
    assert computed == ["method", "environ"]
    req.method = "PATCH"  # a subclass or middleware may still replace them
    req.environ = {"REQUEST_METHOD": "PATCH"}
    assert (req.method, req.environ) == ("PATCH", {"REQUEST_METHOD": "PATCH"})


# --- URL parts --------------------------------------------------------------------------


def test_url_parts_with_percent_encoded_path_and_query(app, client):
    seen = capture(app, "/a/<name>")
    client.get("/a/h%C3%A9llo%20w?x=1&x=2&y=%20z")
    req = seen["request"]
    # Literals from Flask 3.1 for the same call.
    assert req.path == "/a/héllo w"
    assert req.full_path == "/a/héllo w?x=1&x=2&y=%20z"
    assert req.script_root == ""
    assert req.root_path == ""
    assert req.url == "http://localhost/a/héllo%20w?x=1&x=2&y=%20z"
    assert req.base_url == "http://localhost/a/héllo%20w"
    assert req.url_root == "http://localhost/"
    assert req.host_url == "http://localhost/"
    assert req.host == "localhost"
    assert req.scheme == "http"
    assert req.is_secure is False
    assert req.query_string == b"x=1&x=2&y=%20z"
    assert seen["kwargs"] == {"name": "héllo w"}


def test_url_parts_under_a_script_root_with_https_and_port(app, client):
    seen = capture(app, "/p", methods=["POST"])
    client.post("/p?q=1", base_url="https://example.com:8443/root/")
    req = seen["request"]
    assert req.path == "/p"
    assert req.full_path == "/p?q=1"
    assert req.script_root == "/root"
    assert req.root_path == "/root"
    assert req.url == "https://example.com:8443/root/p?q=1"
    assert req.base_url == "https://example.com:8443/root/p"
    assert req.url_root == "https://example.com:8443/root/"
    assert req.host_url == "https://example.com:8443/"
    assert req.host == "example.com:8443"
    assert req.scheme == "https"
    assert req.is_secure is True


def test_full_path_without_query_keeps_question_mark(app, client):
    seen = capture(app, "/x")
    client.get("/x")
    assert seen["request"].full_path == "/x?"
    assert seen["request"].url == "http://localhost/x"


def test_url_keeps_reserved_characters_quoted(app, client):
    seen = capture(app, "/<path:p>")
    client.get("/a%2Fb/c;d=e/~f?k=%26&m=%E2%98%83")
    req = seen["request"]
    assert req.path == "/a/b/c;d=e/~f"
    assert req.url == "http://localhost/a/b/c;d=e/~f?k=%26&m=☃"
    assert req.full_path == "/a/b/c;d=e/~f?k=%26&m=%E2%98%83"


def test_default_https_port_is_not_in_host(app, client):
    seen = capture(app)
    client.get("/", base_url="https://example.com:443/")
    assert seen["request"].host == "example.com"
    assert seen["request"].url == "https://example.com/"


def test_remote_addr_and_access_route(app, client):
    seen = capture(app)
    client.get(
        "/",
        headers={"X-Forwarded-For": "1.2.3.4, 5.6.7.8"},
        environ_base={"REMOTE_ADDR": "9.9.9.9"},
    )
    assert seen["request"].remote_addr == "9.9.9.9"
    assert list(seen["request"].access_route) == ["1.2.3.4", "5.6.7.8"]
    client.get("/")
    assert seen["request"].remote_addr == "127.0.0.1"
    assert list(seen["request"].access_route) == ["127.0.0.1"]


def test_environ_is_the_wsgi_environ(app, client):
    seen = capture(app)
    client.get("/?a=1", environ_base={"custom.key": "v"})
    environ = seen["request"].environ
    assert environ["REQUEST_METHOD"] == "GET"
    assert environ["QUERY_STRING"] == "a=1"
    assert environ["custom.key"] == "v"
    assert environ["wsgi.url_scheme"] == "http"


# --- routing results -----------------------------------------------------------------------


def test_endpoint_view_args_and_url_rule(app, client):
    seen = capture(app, "/user/<int:uid>", endpoint="user_page")
    client.get("/user/7")
    req = seen["request"]
    assert req.endpoint == "user_page"
    assert req.view_args == {"uid": 7}
    assert req.url_rule.rule == "/user/<int:uid>"
    assert req.url_rule.endpoint == "user_page"
    assert req.routing_exception is None
    assert req.blueprint is None
    assert req.blueprints == []


def test_blueprint_and_blueprints_from_a_dotted_endpoint(app, client):
    seen = capture(app, "/nested", endpoint="parent.child.view")
    client.get("/nested")
    assert seen["request"].blueprint == "parent.child"
    assert seen["request"].blueprints == ["parent.child", "parent"]


def test_routing_exception_on_404_and_405(app, client):
    seen: dict[str, t.Any] = {}

    @app.get("/only-get")
    def only_get():
        return "ok"

    @app.errorhandler(404)
    @app.errorhandler(405)
    def handler(e):
        seen["exc"] = request.routing_exception
        seen["url_rule"] = request.url_rule
        return type(request.routing_exception).__name__, e.code

    rv = client.get("/nowhere")
    assert (rv.status_code, rv.text) == (404, "NotFound")
    assert seen["url_rule"] is None
    rv = client.post("/only-get")
    assert (rv.status_code, rv.text) == (405, "MethodNotAllowed")
    assert seen["exc"].code == 405


# --- content metadata ------------------------------------------------------------------


def test_content_type_mimetype_and_params(app, client):
    seen = capture(app, methods=["POST"])
    client.post(
        "/",
        data="x",
        content_type="Text/Plain; charset=latin-1; Format=flowed",
        headers={"Content-Encoding": "gzip"},
    )
    req = seen["request"]
    assert req.content_type == "Text/Plain; charset=latin-1; Format=flowed"
    assert req.mimetype == "text/plain"
    assert req.mimetype_params == {"charset": "latin-1", "format": "flowed"}
    assert req.content_length == 1
    assert req.content_encoding == "gzip"
    assert req.is_json is False


def test_content_metadata_absent(app, client):
    seen = capture(app)
    client.get("/")
    req = seen["request"]
    assert req.content_type is None
    assert req.mimetype == ""
    assert req.mimetype_params == {}
    assert req.content_length is None
    assert req.content_encoding is None


# --- parsed request headers --------------------------------------------------------------


def test_accept_mimetypes(app, client):
    seen = capture(app)
    client.get("/", headers={"Accept": "text/html;q=0.5, application/json"})
    accept = seen["request"].accept_mimetypes
    assert accept.best_match(["text/html", "application/json"]) == "application/json"
    assert accept.best_match(["image/png"]) is None
    assert accept.best_match(["image/png"], default="text/plain") == "text/plain"
    assert accept.accept_json is True
    assert accept.accept_html is True
    assert accept["text/html"] == 0.5
    assert accept.best == "application/json"


def test_accept_mimetypes_without_header_matches_nothing(app, client):
    seen = capture(app)
    client.get("/")
    accept = seen["request"].accept_mimetypes
    assert accept.best_match(["application/json", "text/html"]) is None
    assert accept.best_match(["application/json"], default="text/html") == "text/html"
    assert accept.accept_json is False
    assert accept.accept_html is False


def test_authorization_basic(app, client):
    seen = capture(app)
    client.get("/", headers={"Authorization": "Basic dXNlcjpwYXNzOndvcmQ="})
    auth = seen["request"].authorization
    assert auth.type == "basic"
    assert auth.username == "user"
    assert auth.password == "pass:word"
    assert auth["username"] == "user"


def test_authorization_bearer(app, client):
    seen = capture(app)
    client.get("/", headers={"Authorization": "Bearer abc.def"})
    auth = seen["request"].authorization
    assert auth.type == "bearer"
    assert auth.token == "abc.def"


def test_authorization_absent_or_malformed(app, client):
    seen = capture(app)
    client.get("/")
    assert seen["request"].authorization is None
    client.get("/", headers={"Authorization": "Basic !!!notbase64"})
    assert seen["request"].authorization is None


def test_user_agent(app, client):
    seen = capture(app)
    client.get("/", headers={"User-Agent": "Mozilla/5.0 (X11) Firefox/120.0"})
    assert seen["request"].user_agent.string == "Mozilla/5.0 (X11) Firefox/120.0"
    assert str(seen["request"].user_agent) == "Mozilla/5.0 (X11) Firefox/120.0"


def test_conditional_request_headers(app, client):
    seen = capture(app)
    client.get(
        "/",
        headers={
            "If-None-Match": '"a", W/"b"',
            "If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT",
            "Range": "bytes=0-9",
        },
    )
    req = seen["request"]
    assert "a" in req.if_none_match
    assert req.if_none_match.contains_weak("b")
    assert not req.if_none_match.contains("b")
    assert req.if_modified_since == datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)
    assert req.range.units == "bytes"
    assert req.range.ranges == [(0, 10)]


def test_conditional_request_headers_absent(app, client):
    seen = capture(app)
    client.get("/")
    req = seen["request"]
    assert not req.if_none_match
    assert req.if_modified_since is None
    assert req.range is None


# --- limits --------------------------------------------------------------------------------


def test_max_content_length_from_config_or_class(app, client):
    box = probe(app, lambda: request.max_content_length)
    client.get("/probe")
    assert box["value"] is None
    app.config["MAX_CONTENT_LENGTH"] = 1234
    client.get("/probe")
    assert box["value"] == 1234

    class Limited(Request):
        max_content_length = 10

    app.request_class = Limited
    client.get("/probe")
    assert box["value"] == 10


@pytest.mark.parametrize(
    ("kwargs", "access"),
    [
        ({"data": {"a": "x" * 200}}, lambda: request.form),
        ({"data": "x" * 200}, lambda: request.data),
        (
            {"data": "[" + "1," * 100 + "1]", "content_type": "application/json"},
            lambda: request.json,
        ),
        ({"data": {"f": (b"x" * 200, "a.txt")}}, lambda: request.files),
    ],
    ids=["form", "data", "json", "multipart"],
)
def test_body_over_max_content_length_is_413(app, client, kwargs, access):
    app.config["MAX_CONTENT_LENGTH"] = 100

    @app.post("/")
    def index():
        access()
        return "read"

    def send() -> t.Any:
        data = kwargs["data"]
        if isinstance(data, dict) and "f" in data:  # a fresh file for each request
            data = {"f": (io.BytesIO(data["f"][0]), data["f"][1])}
        return client.post("/", **{**kwargs, "data": data})

    assert send().status_code == 413
    app.config["MAX_CONTENT_LENGTH"] = 100_000
    assert send().status_code == 200


def test_body_under_max_content_length_is_read(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 100
    box = probe(app, lambda: request.form.to_dict(), methods=["POST"])
    assert client.post("/probe", data={"a": "x" * 50}).status_code == 200
    assert box["value"] == {"a": "x" * 50}


def test_max_form_memory_size_is_413_for_urlencoded_and_multipart_fields(app, client):
    app.config["MAX_FORM_MEMORY_SIZE"] = 10

    @app.post("/")
    def index():
        return request.form.to_dict()

    assert client.post("/", data={"a": "x" * 20}).status_code == 413
    assert (
        client.post("/", data={"a": "x" * 20, "f": (io.BytesIO(b"y"), "f.txt")}).status_code == 413
    )
    assert client.post("/", data={"a": "x"}).json == {"a": "x"}


def test_max_form_parts_is_413_for_multipart(app, client):
    app.config["MAX_FORM_PARTS"] = 3

    @app.post("/")
    def index():
        return request.form.to_dict(flat=False)

    rv = client.post("/", data={"a": ["1", "2", "3", "4"], "f": (io.BytesIO(b"x"), "f.txt")})
    assert rv.status_code == 413
    rv = client.post("/", data={"a": ["1", "2"], "f": (io.BytesIO(b"x"), "f.txt")})
    assert rv.json == {"a": ["1", "2"]}


def test_broken_multipart_is_400(app, client):
    @app.post("/")
    def index():
        return request.form.to_dict()

    app.testing = False
    rv = client.post("/", data=b"garbage", content_type="multipart/form-data")
    assert rv.status_code == 400
    rv = client.post("/", data=b"garbage", content_type="multipart/form-data; boundary=\x00bad")
    assert rv.status_code == 400


# --- Django -------------------------------------------------------------------------------


def test_request_django_is_the_django_httprequest(app, client):
    from django.http import HttpRequest

    seen = capture(app, methods=["POST"])
    client.post("/?a=1", data={"b": "2"}, headers={"X-Thing": "v"})
    dj = seen["request"].django
    assert isinstance(dj, HttpRequest)
    assert dj.method == "POST"
    assert dj.GET["a"] == "1"
    assert dj.META["HTTP_X_THING"] == "v"


def test_request_wraps_a_django_request_directly_django(app):
    from django.test import RequestFactory

    dj = RequestFactory().get("/x?y=1", HTTP_ACCEPT="application/json")
    req = Request(dj)
    assert req.django is dj
    assert req.path == "/x"
    assert req.args["y"] == "1"
    assert req.accept_mimetypes.accept_json
    assert req.url == "http://testserver/x?y=1"


def test_urlencoded_over_django_field_count_is_413_django(app, client):
    from django.conf import settings

    @app.post("/")
    def index():
        return str(len(request.form))

    count = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    app.testing = False
    rv = client.post(
        "/",
        data="&".join(f"k{i}=v" for i in range(count)),
        content_type="application/x-www-form-urlencoded",
    )
    assert rv.status_code == 413


# --- direct construction ---------------------------------------------------------------------


def test_request_from_a_wsgi_environ(app):
    from flaskish.testing import build_environ

    environ = build_environ(
        app,
        "/p?x=1",
        method="POST",
        data={"a": "1"},
        headers={"X-H": "v"},
        base_url="http://example.com/app/",
    )
    with app.app_context():
        req = Request(environ)
        assert (req.method, req.path, req.script_root, req.url) == (
            "POST",
            "/p",
            "/app",
            "http://example.com/app/p?x=1",
        )
        assert req.args.to_dict() == {"x": "1"}
        assert req.form.to_dict() == {"a": "1"}
        assert req.headers["X-H"] == "v"
        assert req.environ is environ


def test_user_agent_class_is_a_plug_point(app, client):
    from flaskish.http import UserAgent

    class ParsedAgent(UserAgent):
        @property
        def browser(self):  # type: ignore[override]
            return self.string.split("/")[0].lower()

    class MyRequest(Request):
        user_agent_class = ParsedAgent

    app.request_class = MyRequest
    box = probe(app, lambda: request.user_agent.browser)
    client.get("/probe", headers={"User-Agent": "Firefox/120.0"})
    assert box["value"] == "firefox"


def test_ipv6_host_is_kept_as_is(app, client):
    seen = capture(app)
    client.get("/", base_url="http://[::1]:8000/")
    assert seen["request"].host == "[::1]:8000"
    assert seen["request"].url == "http://[::1]:8000/"
    assert seen["request"].host_url == "http://[::1]:8000/"


def test_query_string_over_django_field_count_is_414_django(app, client):
    from django.conf import settings

    box = probe(app, lambda: len(request.args))
    app.testing = False
    count = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    rv = client.get("/probe?" + "&".join(f"k{i}=v" for i in range(count)))
    assert rv.status_code == 414
    assert "value" not in box


def test_multipart_form_already_parsed_by_django_middleware(app):
    """CSRF middleware reads request.POST first; the form must still be there."""
    from django.core.handlers.wsgi import WSGIRequest

    from flaskish.testing import build_environ
    from flaskish.wrappers import Request

    environ = build_environ(
        app,
        "/",
        method="POST",
        data={"name": "ann", "upload": (io.BytesIO(b"data"), "a.txt", "text/plain")},
    )
    django_request = WSGIRequest(environ)
    assert django_request.POST["name"] == "ann"
    with app.app_context():
        request = Request(django_request)
        assert request.form.to_dict() == {"name": "ann"}
        assert request.files["upload"].read() == b"data"


def test_malformed_host_is_400(app, client):
    @app.route("/h")
    def h():
        return request.host

    assert client.get("/h", headers={"Host": "bad host!"}).status_code == 400
    assert client.get("/h", headers={"Host": "example.com:8080"}).data == b"example.com:8080"


def test_allowed_hosts_still_apply_when_restricted(app, client):
    from django.test import override_settings

    @app.route("/h")
    def h():
        return request.host

    with override_settings(ALLOWED_HOSTS=["good.example"]):
        assert client.get("/h", headers={"Host": "good.example"}).data == b"good.example"
        assert client.get("/h", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/h", headers={"Host": "evil.example"}).data == b"evil.example"


def test_a_remembered_host_verdict_follows_allowed_hosts_changes(app, client):
    from django.test import override_settings

    @app.route("/h")
    def h():
        return request.host

    with override_settings(ALLOWED_HOSTS=[".example.org"]):
        assert client.get("/h", headers={"Host": "a.example.org"}).data == b"a.example.org"
        assert client.get("/h", headers={"Host": "a.example.org"}).data == b"a.example.org"
    with override_settings(ALLOWED_HOSTS=["b.example.org"]):
        assert client.get("/h", headers={"Host": "a.example.org"}).status_code == 400
        assert client.get("/h", headers={"Host": "b.example.org:81"}).data == b"b.example.org:81"
    with override_settings(ALLOWED_HOSTS=[], DEBUG=False):
        assert client.get("/h", headers={"Host": "localhost"}).status_code == 400
    with override_settings(ALLOWED_HOSTS=[], DEBUG=True):
        assert client.get("/h", headers={"Host": "localhost"}).data == b"localhost"
