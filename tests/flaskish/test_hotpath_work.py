"""Work counts on the hot paths (issue 15 item 6): nothing computed twice per request.

Structural, not timed: each test counts calls of the piece of work it guards,
and the behaviour tests next to it show the shortcut changes nothing visible.
"""

from __future__ import annotations

import time
from datetime import timedelta
from http.cookies import CookieError, Morsel

import pytest

from flaskish import Flask, Response, session
from flaskish import sessions as sessions_module
from flaskish.routing import Map, Rule


@pytest.fixture
def rendered(monkeypatch):
    """Counts every rendering of a ``Set-Cookie`` value."""
    calls = []
    original = Morsel.OutputString

    def spy(self, attrs=None):
        calls.append(self.key)
        return original(self, attrs)

    monkeypatch.setattr(Morsel, "OutputString", spy)
    return calls


def test_a_cookie_is_rendered_once_for_the_size_check_and_the_header(rendered):
    rv = Response("x")
    rv.set_cookie("k", "v", path="/a", httponly=True, samesite="Lax")
    headers = rv.get_wsgi_headers({})
    assert ("Set-Cookie", "k=v; HttpOnly; Path=/a; SameSite=Lax") in headers
    assert rendered == ["k"]


def test_a_session_response_renders_its_cookie_once(rendered):
    app = Flask(__name__)
    app.secret_key = "s"

    @app.route("/")
    def index():
        session["n"] = 1
        return "ok"

    rv = app.test_client().get("/")
    assert rv.headers["Set-Cookie"].startswith("session=")
    assert rendered == ["session"]


def test_a_cookie_changed_after_set_cookie_sends_its_new_attributes():
    rv = Response("x")
    rv.set_cookie("k", "v")
    assert ("Set-Cookie", "k=v; Path=/") in rv.get_wsgi_headers({})
    rv.cookies["k"]["max-age"] = 5
    rv.cookies["k"].set("k", "w", "w")
    rv.set_cookie("other", "o", domain="example.com")
    lines = [value for name, value in rv.get_wsgi_headers({}) if name == "Set-Cookie"]
    assert lines == ["k=w; Max-Age=5; Path=/", "other=o; Domain=example.com; Path=/"]


def test_a_cookie_set_twice_sends_the_second_value():
    rv = Response("x")
    rv.set_cookie("k", "one", partitioned=True)
    rv.set_cookie("k", "two", partitioned=True)
    lines = [value for name, value in rv.get_wsgi_headers({}) if name == "Set-Cookie"]
    assert lines == ["k=two; Path=/; Secure; Partitioned"]


def test_a_refused_cookie_leaves_nothing_in_the_jar():
    rv = Response("x")
    with pytest.raises(CookieError):
        rv.set_cookie("bad key", "v")
    assert "bad key" not in rv.cookies
    assert [name for name, _ in rv.get_wsgi_headers({}) if name == "Set-Cookie"] == []


def test_saving_a_standalone_session_asks_for_the_site_mount_once(monkeypatch):
    asked = []
    original = sessions_module._site_mount

    def spy():
        asked.append(1)
        return original()

    monkeypatch.setattr(sessions_module, "_site_mount", spy)
    app = Flask(__name__)
    app.secret_key = "s"
    app.config.update(SESSION_COOKIE_DOMAIN="example.com", SESSION_COOKIE_SAMESITE="Strict")

    @app.route("/")
    def index():
        session["n"] = 1
        return "ok"

    rv = app.test_client().get("/", base_url="http://example.com")
    cookie = rv.headers["Set-Cookie"]
    assert "Domain=example.com" in cookie and "SameSite=Strict" in cookie
    # open_session reads the cookie name; save_session then asks once for all attributes.
    assert len(asked) <= 2


def test_overridden_cookie_getters_still_decide_the_cookie():
    class Custom(sessions_module.SecureCookieSessionInterface):
        def get_cookie_name(self, app):
            return "custom"

        def get_cookie_path(self, app):
            return "/inner"

    app = Flask(__name__)
    app.secret_key = "s"
    app.session_interface = Custom()

    @app.route("/")
    def index():
        session["n"] = 1
        return "ok"

    cookie = app.test_client().get("/").headers["Set-Cookie"]
    assert cookie.startswith("custom=") and "Path=/inner" in cookie


def test_config_changed_between_requests_changes_the_session_cookie():
    app = Flask(__name__)
    app.secret_key = "s"

    @app.route("/")
    def index():
        session["n"] = 1
        return "ok"

    client = app.test_client()
    assert "HttpOnly" in client.get("/").headers["Set-Cookie"]
    app.config["SESSION_COOKIE_HTTPONLY"] = False
    app.config["SESSION_COOKIE_NAME"] = "renamed"
    cookie = app.test_client().get("/").headers["Set-Cookie"]
    assert cookie.startswith("renamed=") and "HttpOnly" not in cookie


def test_a_rule_suits_values_that_give_its_variables_and_match_its_defaults():
    url_map = Map(
        [
            Rule("/posts/<int:year>/<slug>", endpoint="post", methods=["GET"]),
            Rule("/list/", endpoint="list", defaults={"page": 1}),
            Rule("/list/<int:page>", endpoint="list"),
        ]
    )
    post, first, paged = url_map.iter_rules()
    assert post.suitable_for({"year": 1}, None) is False
    assert post.suitable_for({"year": 1, "slug": "x"}, "GET") is True
    assert post.suitable_for({"year": 1, "slug": "x"}, "POST") is False
    assert first.suitable_for({}, None) is True
    assert first.suitable_for({"page": 1}, None) is True
    assert first.suitable_for({"page": 2}, None) is False
    adapter = url_map.bind("example.com")
    assert adapter.build("list", {"page": 1}) == "/list/"
    assert adapter.build("list", {"page": 2, "q": "a b"}) == "/list/2?q=a+b"
    assert adapter.build("post", {"year": 2025, "slug": "a b"}) == "/posts/2025/a%20b"


def test_the_session_adds_cookie_to_a_vary_the_view_set():
    app = Flask(__name__)
    app.secret_key = "s"

    @app.route("/")
    def index():
        session["n"] = 1
        return "ok", {"Vary": "Accept-Encoding, cookie"}

    @app.route("/other")
    def other():
        session["n"] = 1
        return "ok", {"Vary": "Accept-Encoding"}

    client = app.test_client()
    assert client.get("/").headers.getlist("Vary") == ["Accept-Encoding, cookie"]
    assert client.get("/other").headers.getlist("Vary") == ["Accept-Encoding, Cookie"]


def test_a_failed_signature_gives_a_new_session_and_other_errors_propagate():
    app = Flask(__name__)
    app.secret_key = "s"

    @app.route("/")
    def index():
        return str(session.get("n", "none"))

    client = app.test_client()
    client.set_cookie("session", "tampered.value.sig")
    assert client.get("/").data == b"none"

    class Broken(sessions_module.SecureCookieSessionInterface):
        def get_signing_serializer(self, app):
            class Loader:
                def loads(self, value, max_age=None):
                    raise LookupError("broken store")

            return Loader()

    app.session_interface = Broken()
    app.testing = True
    with pytest.raises(LookupError, match="broken store"):
        client.get("/")


def test_building_renders_only_the_parts_that_hold_variables(monkeypatch):
    from flaskish.routing import rules as rules_module

    rendered_parts = []
    original = rules_module._render

    def spy(ops, values, converters):
        rendered_parts.append(ops)
        return original(ops, values, converters)

    monkeypatch.setattr(rules_module, "_render", spy)
    url_map = Map(
        [
            Rule("/static/page", endpoint="static_page"),
            Rule("/posts/<int:year>", endpoint="post"),
            Rule("/shop/<name>", endpoint="shop", subdomain="<tenant>"),
        ],
        host_matching=False,
    )
    adapter = url_map.bind("example.com")
    assert adapter.build("static_page", {"q": "x"}) == "/static/page?q=x"
    assert rendered_parts == []
    assert adapter.build("post", {"year": 2025}) == "/posts/2025"
    assert len(rendered_parts) == 1
    rendered_parts.clear()
    assert (
        adapter.build("shop", {"tenant": "acme", "name": "a b"})
        == "http://acme.example.com/shop/a%20b"
    )
    assert len(rendered_parts) == 2


def test_safe_values_are_built_without_quoting_and_others_are_quoted(monkeypatch):
    from flaskish.routing import converters

    quoted = []
    original = converters.quote

    def spy(text, safe=""):
        quoted.append(text)
        return original(text, safe=safe)

    monkeypatch.setattr(converters, "quote", spy)
    adapter = Map([Rule("/p/<slug>", endpoint="p")]).bind("example.com")
    assert adapter.build("p", {"slug": "hello-world_1.2~x!$&'()*+,:;=@"}) == (
        "/p/hello-world_1.2~x!$&'()*+,:;=@"
    )
    assert quoted == []
    expected = {
        "a b": "/p/a%20b",
        "é": "/p/%C3%A9",
        "50%": "/p/50%25",
        "q?x#y": "/p/q%3Fx%23y",
    }
    for value, url in expected.items():
        assert adapter.build("p", {"slug": value}) == url
    assert quoted == ["a b", "é", "50%", "q?x#y"]


def test_jsonify_reads_the_app_context_directly(monkeypatch):
    from flaskish import jsonify, local

    through_proxy = []
    original = local.LocalProxy.__getattr__

    def spy(self, name):
        through_proxy.append(name)
        return original(self, name)

    monkeypatch.setattr(local.LocalProxy, "__getattr__", spy)
    app = Flask(__name__)
    with app.app_context():
        rv = jsonify(b=1, a=[1, 2])
    assert (rv.mimetype, rv.get_data()) == ("application/json", b'{"a":[1,2],"b":1}\n')
    assert through_proxy == []
    with pytest.raises(RuntimeError, match="outside of application context"):
        jsonify(a=1)


@pytest.fixture
def walks(monkeypatch):
    """Counts steps of the matcher's walk through its index."""
    from flaskish.routing import matcher

    calls = []
    original = matcher._Search.walk

    def walk(self, node, parts, index, values):
        calls.append(index)
        return original(self, node, parts, index, values)

    monkeypatch.setattr(matcher._Search, "walk", walk)
    return calls


def test_a_literal_path_is_found_without_walking_the_index(walks):
    urls = Map([Rule("/hello", endpoint="hello"), Rule("/<name>", endpoint="name")]).bind("h")
    assert urls.match("/hello") == ("hello", {})
    assert walks == []
    assert urls.match("/other") == ("name", {"name": "other"})
    assert walks != []


def test_a_literal_rule_refusing_the_method_leaves_the_path_to_the_next_rule(walks):
    # As werkzeug: the literal rule is tried first, and a rule for any method follows.
    urls = Map([Rule("/a", endpoint="a", methods=["POST"]), Rule("/<x>", endpoint="x")]).bind("h")
    assert urls.match("/a", "GET") == ("x", {"x": "a"})
    assert urls.match("/a", "POST") == ("a", {})


def test_a_literal_rule_keeps_its_defaults_and_slash_redirects():
    from flaskish.routing import RequestRedirect

    urls = Map(
        [Rule("/page", endpoint="page", defaults={"n": 1}), Rule("/dir/", endpoint="dir")]
    ).bind("h")
    assert urls.match("/page") == ("page", {"n": 1})
    with pytest.raises(RequestRedirect) as redirect:
        urls.match("/dir")
    assert redirect.value.new_url == "http://h/dir/"


@pytest.fixture
def searched(monkeypatch):
    """Counts searches of a header list for a name being set."""
    from flaskish.datastructures import headers

    calls = []
    original = headers.Headers._replace

    def replace(self, key, values):
        calls.append(key)
        return original(self, key, values)

    monkeypatch.setattr(headers.Headers, "_replace", replace)
    return calls


def test_a_new_response_writes_its_headers_without_searching_them(searched):
    rv = Response("héllo")
    assert list(rv.headers) == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", "6"),
    ]
    assert rv.get_data() == "héllo".encode()
    assert Response(b"\x00\x01", 201).headers["Content-Length"] == "2"
    assert searched == []


def test_a_response_with_headers_or_a_type_still_replaces_their_values():
    rv = Response("x", headers={"Content-Length": "99", "X-A": "1"}, mimetype="text/plain")
    assert list(rv.headers) == [
        ("Content-Length", "1"),
        ("X-A", "1"),
        ("Content-Type", "text/plain; charset=utf-8"),
    ]


def test_a_subclass_setting_its_own_body_is_still_asked():
    class Upper(Response):
        def set_data(self, value):
            super().set_data(value.upper())

    assert Upper("abc").get_data() == b"ABC"
    assert Upper("abc").headers["Content-Length"] == "3"


@pytest.fixture
def binds(monkeypatch):
    """The hosts URL adapters are bound to for requests."""
    from flaskish.sansio.app import App

    seen = []
    original = App._bind_request

    def bind(self, request):
        adapter = original(self, request)
        seen.append(adapter.server_name)
        return adapter

    monkeypatch.setattr(App, "_bind_request", bind)
    return seen


@pytest.fixture
def routed():
    app = Flask(__name__)

    @app.route("/posts/<int:n>")
    def post(n):
        return f"post {n}"

    @app.route("/link")
    def link():
        return app.url_for("post", n=3, _external=True)

    @app.route("/dir/")
    def directory():
        return "dir"

    @app.route("/only-post", methods=["POST"])
    def only_post():
        return "posted"

    return app


def test_a_matched_request_that_builds_no_url_binds_no_adapter(routed, binds):
    client = routed.test_client()
    assert client.get("/posts/12").data == b"post 12"
    missing = client.get("/nothing")
    assert missing.status_code == 404
    refused = client.get("/only-post")
    assert refused.status_code == 405
    assert set(refused.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert binds == []


def test_the_adapter_is_bound_to_the_host_when_a_url_is_built_or_a_redirect_made(routed, binds):
    client = routed.test_client()
    assert client.get("/link", base_url="http://example.com").data == b"http://example.com/posts/3"
    moved = client.get("/dir", base_url="http://other.example")
    assert (moved.status_code, moved.headers["Location"]) == (308, "http://other.example/dir/")
    assert binds == ["example.com", "other.example"]


def test_a_refused_host_is_a_400_before_matching_as_before(routed):
    routed.config["TRUSTED_HOSTS"] = ["good.example"]
    client = routed.test_client()
    assert client.get("/posts/1", base_url="http://evil.example").status_code == 400
    assert client.get("/nothing", base_url="http://evil.example").status_code == 400
    assert client.get("/posts/1", base_url="http://good.example").data == b"post 1"


def test_literal_segments_with_no_alternative_are_walked_without_recursion(walks):
    urls = Map([Rule("/api/v1/users/<int:id>", endpoint="user")]).bind("h")
    assert urls.match("/api/v1/users/12") == ("user", {"id": 12})
    # One walk from the root down the literal segments, one below the converter.
    assert len(walks) == 2


def test_the_walk_still_comes_back_where_another_rule_may_match():
    urls = Map(
        [
            Rule("/a/b/c", endpoint="literal"),
            Rule("/a/<x>/d", endpoint="variable"),
            Rule("/loose", endpoint="loose", strict_slashes=False),
            Rule("/tree/<path:rest>", endpoint="tree"),
            Rule("/tree/fixed/end", endpoint="fixed"),
        ]
    ).bind("h")
    assert urls.match("/a/b/c") == ("literal", {})
    assert urls.match("/a/b/d") == ("variable", {"x": "b"})
    assert urls.match("/loose/") == ("loose", {})
    assert urls.match("/tree/fixed/end") == ("fixed", {})
    assert urls.match("/tree/fixed/other") == ("tree", {"rest": "fixed/other"})


@pytest.mark.parametrize(
    "attributes",
    [
        {},
        {"max_age": 60},
        {"max_age": 90.5},
        {"max_age": timedelta(hours=1)},
        {"expires": "Wed, 21 Oct 2015 07:28:00 GMT"},
        {"expires": "Wed, 21 Oct 2015 07:28:00 GMT", "max_age": 5},
        {"path": "/a", "domain": "example.com"},
        {"secure": True, "httponly": True, "samesite": "Lax"},
        {"samesite": "None", "secure": True},
    ],
    ids=repr,
)
def test_a_cookie_gets_the_attributes_djangos_set_cookie_gives(monkeypatch, attributes):
    from django.http import HttpResponse

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.25)
    ours = Response("x")
    ours.set_cookie("k", "v", **attributes)
    django = HttpResponse("x")
    django.set_cookie("k", "v", **attributes)
    assert ours.cookies["k"].OutputString() == django.cookies["k"].OutputString()
    assert dict(ours.cookies["k"]) == dict(django.cookies["k"])


def test_a_cookie_set_again_is_replaced_whole():
    # Django's jar keeps one cookie per name: the second call's, with only its own
    # attributes (none left over from the first).
    rv = Response("x")
    rv.set_cookie("k", "one", max_age=60, domain="example.com", secure=True, httponly=True)
    rv.set_cookie("k", "two", path="/b")
    lines = [value for name, value in rv.get_wsgi_headers({}) if name == "Set-Cookie"]
    assert lines == ["k=two; Path=/b"]


def test_a_cookies_attributes_are_written_once_not_checked_one_by_one(monkeypatch):
    checked = []
    original = Morsel.__setitem__

    def setitem(self, key, value):
        checked.append(key)
        original(self, key, value)

    monkeypatch.setattr(Morsel, "__setitem__", setitem)
    rv = Response("x")
    rv.set_cookie("k", "v", max_age=5, path="/p", secure=True, httponly=True, samesite="Strict")
    assert "Max-Age=5" in rv.cookies["k"].OutputString()
    assert checked == []
