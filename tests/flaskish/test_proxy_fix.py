"""ProxyFix: the X-Forwarded-* headers of trusted proxies, as werkzeug's middleware reads them.

Every test goes through ``app.wsgi_app = ProxyFix(app.wsgi_app, ...)`` and the
test client, and checks what the view sees: the client address, the scheme,
the host, the script root and the URLs built from them.
"""

from __future__ import annotations

import pytest

from flaskish import Flask, redirect, request, url_for
from flaskish.proxy_fix import ORIGINAL_ENVIRON_KEY, ProxyFix, trusted_entry


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.route("/where")
    def where() -> str:
        return " | ".join(
            [
                request.remote_addr or "",
                request.scheme,
                request.host,
                request.script_root,
                request.url,
                url_for("where", _external=True),
            ]
        )

    @app.route("/environ")
    def environ() -> dict[str, object]:
        keys = ("SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME")
        return {
            "now": {key: request.environ.get(key) for key in keys},
            "orig": request.environ.get(ORIGINAL_ENVIRON_KEY),
        }

    @app.route("/go")
    def go() -> object:
        return redirect(url_for("where", _external=True))

    return app


def fix(app: Flask, **counts: int) -> Flask:
    app.wsgi_app = ProxyFix(app.wsgi_app, **counts)  # type: ignore[method-assign]
    return app


ALL_HEADERS = {
    "X-Forwarded-For": "203.0.113.7, 198.51.100.2",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "example.com",
    "X-Forwarded-Port": "8443",
    "X-Forwarded-Prefix": "/shop/",
}


def test_without_proxy_fix_the_headers_change_nothing(app: Flask) -> None:
    rv = app.test_client().get("/where", headers=ALL_HEADERS)
    assert rv.text == (
        "127.0.0.1 | http | localhost |  | http://localhost/where | http://localhost/where"
    )


def test_defaults_trust_one_proxy_for_the_address_and_scheme(app: Flask) -> None:
    rv = fix(app).test_client().get("/where", headers=ALL_HEADERS)
    assert rv.text == (
        "198.51.100.2 | https | localhost |  | https://localhost/where | https://localhost/where"
    )


def test_every_header_trusted(app: Flask) -> None:
    client = fix(app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1).test_client()
    rv = client.get("/where", headers=ALL_HEADERS)
    assert rv.text == (
        "198.51.100.2 | https | example.com:8443 | /shop"
        " | https://example.com:8443/shop/where | https://example.com:8443/shop/where"
    )
    rv = client.get("/go", headers=ALL_HEADERS)
    assert rv.headers["Location"] == "https://example.com:8443/shop/where"


def test_the_original_values_are_kept_in_the_environ(app: Flask) -> None:
    client = fix(app, x_host=1, x_prefix=1).test_client()
    rv = client.get("/environ", headers=ALL_HEADERS)
    assert rv.json == {
        "now": {"SERVER_NAME": "example.com", "SERVER_PORT": "80", "SCRIPT_NAME": "/shop"},
        "orig": {
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "HTTP_HOST": "localhost",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SCRIPT_NAME": "",
        },
    }


def test_a_forwarded_host_with_a_port(app: Flask) -> None:
    client = fix(app, x_host=1).test_client()
    rv = client.get("/where", headers={"X-Forwarded-Host": "example.com:9000"})
    assert rv.text.split(" | ")[2:5] == ["example.com:9000", "", "http://example.com:9000/where"]
    rv = client.get("/environ", headers={"X-Forwarded-Host": "[::1]:81"})
    assert rv.json["now"]["SERVER_NAME"] == "[::1]"
    assert rv.json["now"]["SERVER_PORT"] == "81"


def test_the_forwarded_port_replaces_the_hosts_port(app: Flask) -> None:
    client = fix(app, x_host=1, x_port=1).test_client()
    headers = {"X-Forwarded-Host": "example.com:9000", "X-Forwarded-Port": "8080"}
    rv = client.get("/where", headers=headers)
    assert rv.text.split(" | ")[2] == "example.com:8080"


@pytest.mark.parametrize(
    ("x_for", "expected"),
    [(1, "10.0.0.3"), (2, "10.0.0.2"), (3, "10.0.0.1"), (4, "127.0.0.1")],
)
def test_trust_counts_from_the_right(app: Flask, x_for: int, expected: str) -> None:
    client = fix(app, x_for=x_for).test_client()
    rv = client.get("/where", headers={"X-Forwarded-For": "10.0.0.1, 10.0.0.2,10.0.0.3"})
    assert rv.text.split(" | ")[0] == expected


def test_a_count_of_zero_ignores_the_header(app: Flask) -> None:
    client = fix(app, x_for=0, x_proto=0).test_client()
    rv = client.get("/where", headers=ALL_HEADERS)
    assert rv.text.split(" | ")[:2] == ["127.0.0.1", "http"]


@pytest.mark.parametrize(
    ("headers", "position", "expected"),
    [
        ({"X-Forwarded-Proto": "javascript"}, 1, "http"),
        ({"X-Forwarded-Proto": "HTTPS"}, 1, "https"),
        ({"X-Forwarded-Host": "bad host!"}, 2, "localhost"),
        ({"X-Forwarded-Host": "example.com:99999"}, 2, "localhost"),
        ({"X-Forwarded-Port": "abc"}, 2, "localhost"),
        ({"X-Forwarded-Port": "0"}, 2, "localhost"),
        ({"X-Forwarded-Prefix": "shop"}, 3, ""),
        ({"X-Forwarded-Prefix": "//evil.example"}, 3, ""),
        ({"X-Forwarded-For": " , "}, 0, "127.0.0.1"),
        ({"X-Forwarded-For": ""}, 0, "127.0.0.1"),
    ],
)
def test_entries_that_cannot_be_right_are_ignored(
    app: Flask, headers: dict[str, str], position: int, expected: str
) -> None:
    client = fix(app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1).test_client()
    rv = client.get("/where", headers=headers)
    assert rv.status_code == 200
    assert rv.text.split(" | ")[position] == expected


@pytest.mark.parametrize("count", [-1, "1", None])
def test_a_count_that_is_not_a_number_of_proxies_is_refused(app: Flask, count: object) -> None:
    with pytest.raises(ValueError) as exc_info:
        ProxyFix(app.wsgi_app, x_host=count)  # type: ignore[arg-type]
    assert str(exc_info.value) == (
        f"x_host must be the number of proxies that set the header (0 or more), not {count!r}."
    )


@pytest.mark.parametrize(
    ("header", "trusted", "expected"),
    [
        (None, 1, None),
        ("a", 0, None),
        ("a", 1, "a"),
        ("a, b", 1, "b"),
        ("a, b", 2, "a"),
        ("a, b", 3, None),
        ("a, , c", 2, None),
    ],
)
def test_trusted_entry(header: str | None, trusted: int, expected: str | None) -> None:
    assert trusted_entry(header, trusted) == expected
