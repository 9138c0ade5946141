"""Building URLs: rule choice, quoting, query strings, hosts and errors, as werkzeug 3.1 does."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from flaskish.routing import BuildError, Map, RoutingException, Rule


@pytest.fixture
def adapter():
    url_map = Map(
        [
            Rule("/", endpoint="i"),
            Rule("/u/<int:id>", endpoint="user"),
            Rule("/users", endpoint="users"),
            Rule("/x/<a>/<int(min=2):b>", endpoint="x", methods=["POST"]),
            Rule("/all/", defaults={"page": 1}, endpoint="all"),
            Rule("/all/page/<int:page>", endpoint="all"),
            Rule("/q/<int(fixed_digits=4):n>", endpoint="q"),
            Rule("/ü/<name>", endpoint="uni"),
            Rule("/p/<path:rest>/", endpoint="p"),
            Rule("/ws", endpoint="ws", websocket=True),
            Rule("/m", endpoint="m_post", methods=["POST", "PUT"]),
            Rule("/keep//double", endpoint="kd", merge_slashes=False),
        ]
    )
    return url_map.bind("example.com", script_name="/app")


@pytest.mark.parametrize(
    ("endpoint", "values", "options", "expected"),
    [
        ("user", {"id": 3}, {}, "/app/u/3"),
        ("user", {"id": 3}, {"force_external": True}, "http://example.com/app/u/3"),
        (
            "user",
            {"id": "7"},
            {"force_external": True, "url_scheme": "https"},
            "https://example.com/app/u/7",
        ),
        ("user", {"id": 3, "q": "a b&c"}, {"append_unknown": False}, "/app/u/3"),
        ("x", {"a": 1, "b": 5}, {}, "/app/x/1/5"),
        ("x", {"a": "ü", "b": 1}, {}, "/app/x/%C3%BC/1"),
        ("all", {}, {}, "/app/all/"),
        ("all", {"page": 1}, {}, "/app/all/"),
        ("all", {"page": 2, "x": None, "y": ["a", "b"]}, {}, "/app/all/page/2?y=a&y=b"),
        ("q", {"n": 7}, {}, "/app/q/0007"),
        ("uni", {"name": "ä b/c?d#e%f"}, {}, "/app/%C3%BC/%C3%A4%20b/c%3Fd%23e%25f"),
        ("p", {"rest": "a b/c"}, {}, "/app/p/a%20b/c/"),
        ("ws", {}, {}, "ws://example.com/app/ws"),
        ("m_post", {}, {}, "/app/m"),
        ("i", {"a": ("x", "y"), "n": None, "e": ""}, {}, "/app/?a=x&a=y&e="),
        ("i", {"q": "a&b=c", "r": 1.5}, {}, "/app/?q=a%26b%3Dc&r=1.5"),
        ("kd", {}, {}, "/app/keep//double"),
    ],
)
def test_build(adapter, endpoint, values, options, expected):
    assert adapter.build(endpoint, values, **options) == expected


def test_multi_dict_values_repeat(adapter):
    assert adapter.build("i", QueryDict("a=1&a=2&b=3")) == "/app/?a=1&a=2&b=3"


def test_sorted_parameters():
    adapter = Map([Rule("/", endpoint="i")], sort_parameters=True).bind("example.com")
    assert adapter.build("i", {"b": 1, "a": 2, "c": [3, 1]}) == "/?a=2&b=1&c=1&c=3"
    adapter = Map(
        [Rule("/", endpoint="i")], sort_parameters=True, sort_key=lambda item: item[1]
    ).bind("example.com")
    assert adapter.build("i", {"b": "1", "a": "2", "c": ["3", "0"]}) == "/?c=0&b=1&a=2&c=3"


def test_server_name_is_idna_encoded():
    adapter = Map([Rule("/", endpoint="i")]).bind("BÜcher.de:80")
    assert adapter.build("i", force_external=True) == "http://xn--bcher-kva.de:80/"


@pytest.mark.parametrize(
    ("endpoint", "values", "method", "message"),
    [
        (
            "user",
            {},
            None,
            "Could not build url for endpoint 'user'. Did you forget to specify values ['id']?",
        ),
        ("usr", {}, None, "Could not build url for endpoint 'usr'. Did you mean 'user' instead?"),
        (
            "x",
            {"a": 1, "b": 5},
            "GET",
            "Could not build url for endpoint 'x' ('GET') with values ['a', 'b']. Did you mean to use methods ['POST']?",
        ),
        (
            "x",
            {"a": 1},
            "POST",
            "Could not build url for endpoint 'x' ('POST') with values ['a']. Did you forget to specify values ['b']?",
        ),
        (
            "m_post",
            {},
            "GET",
            "Could not build url for endpoint 'm_post' ('GET'). Did you mean to use methods ['POST', 'PUT']?",
        ),
    ],
)
def test_build_errors(adapter, endpoint, values, method, message):
    with pytest.raises(BuildError) as error:
        adapter.build(endpoint, values, method)
    assert str(error.value) == message
    assert (error.value.endpoint, error.value.values, error.value.method) == (
        endpoint,
        values,
        method,
    )
    assert isinstance(error.value, RoutingException) and isinstance(error.value, LookupError)


def test_build_error_without_an_adapter():
    assert str(BuildError("e", {}, None)) == "Could not build url for endpoint 'e'."


def test_any_rejects_unknown_values_loudly():
    adapter = Map([Rule("/<any(a, b):page>", endpoint="page")]).bind("example.com")
    assert adapter.build("page", {"page": "b"}) == "/b"
    with pytest.raises(ValueError, match=r"^'c' is not one of 'a', 'b'\.$"):
        adapter.build("page", {"page": "c"})


SUBDOMAIN_RULES = [
    Rule("/", endpoint="index"),
    Rule("/", subdomain="<user>", endpoint="user_home"),
    Rule("/stats", subdomain="<user>", endpoint="user_stats"),
    Rule("/api", subdomain="api", endpoint="api"),
]


@pytest.mark.parametrize(
    ("subdomain", "expected"),
    [
        (
            "www",
            [
                "/app/",
                "http://bob.example.com:8080/app/",
                "http://api.example.com:8080/app/api",
                "https://api.example.com:8080/app/api",
            ],
        ),
        (
            "api",
            [
                "http://www.example.com:8080/app/",
                "http://bob.example.com:8080/app/",
                "/app/api",
                "/app/api",
            ],
        ),
        (
            "bob",
            [
                "http://www.example.com:8080/app/",
                "/app/",
                "http://api.example.com:8080/app/api",
                "https://api.example.com:8080/app/api",
            ],
        ),
    ],
)
def test_subdomain_building(subdomain, expected):
    url_map = Map([rule.empty() for rule in SUBDOMAIN_RULES], default_subdomain="www")
    adapter = url_map.bind("Example.com:8080", subdomain=subdomain, script_name="/app")
    assert [
        adapter.build("index"),
        adapter.build("user_home", {"user": "bob"}),
        adapter.build("api"),
        adapter.build("api", url_scheme="https"),
    ] == expected
    assert (
        adapter.build("index", force_external=True, url_scheme="") == "//www.example.com:8080/app/"
    )


HOST_RULES = [
    Rule("/", host="example.com", endpoint="main"),
    Rule("/", host="<user>.example.com", endpoint="user"),
    Rule("/x", host="<user>.example.com", endpoint="userx"),
    Rule("/x", host="admin.example.com", endpoint="admx"),
]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        (
            "example.com",
            [
                "/",
                "http://z.example.com/",
                "http://admin.example.com/x",
                "http://admin.example.com/x",
            ],
        ),
        ("admin.example.com", ["http://example.com/", "http://z.example.com/", "/x", "/x"]),
    ],
)
def test_host_building(host, expected):
    adapter = Map([rule.empty() for rule in HOST_RULES], host_matching=True).bind(host)
    assert [
        adapter.build("main"),
        adapter.build("user", {"user": "z"}),
        adapter.build("admx"),
        adapter.build("userx", {"user": "admin"}),
    ] == expected


def test_rule_level_helpers():
    url_map = Map(
        [
            Rule("/u/<int:id>", endpoint="user"),
            Rule("/all/", defaults={"page": 1}, endpoint="all"),
            Rule("/all/page/<int:page>", endpoint="all"),
        ]
    )
    (user,) = url_map.iter_rules("user")
    assert user.build({"id": 3, "z": 1}) == ("", "/u/3?z=1")
    assert user.build({"id": 3}, append_unknown=False) == ("", "/u/3")
    assert (
        user.suitable_for({"id": 1}),
        user.suitable_for({}),
        user.suitable_for({"id": 1}, "POST"),
    ) == (True, False, True)
    canonical, paged = url_map.iter_rules("all")
    assert (canonical.provides_defaults_for(paged), paged.provides_defaults_for(canonical)) == (
        True,
        False,
    )
    assert (canonical.build_compare_key(), paged.build_compare_key()) == ((0, -1, -1), (0, -1, 0))
