"""Host header spoofing: malformed hosts, SERVER_NAME, TRUSTED_HOSTS and ALLOWED_HOSTS.

Flask takes the Host header as given unless ``TRUSTED_HOSTS`` restricts it; a
``SERVER_NAME`` makes ``url_for(_external=True)`` independent of it.  Django's
``ALLOWED_HOSTS`` (``["*"]`` in the embedded configuration) applies on top, and
Django's validation refuses malformed hosts that werkzeug would pass on.
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from robustness_support import assert_clean, call_wsgi, environ

from flaskish import Flask, request, url_for


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.get("/")
    def index() -> dict:
        return {"external": url_for("index", _external=True), "host": request.host}

    return app


def get(app: Flask, host: bytes | str | None, **headers: str):
    return call_wsgi(app, environ("/", HTTP_HOST=host, **headers))


MALFORMED_HOSTS = {
    "path in the host": "evil.example/path",
    "CRLF": "evil.example\r\nX-Injected: 1",
    "markup": "<script>alert(1)</script>",
    "empty": "",
    "user info": "good.example@evil.example",
    "unclosed IPv6 bracket": "[::1",
    "non-numeric port": "good.example:abc",
    "label of 300 characters": "a" * 300,
    "NUL": "good.example\x00.evil.example",
}


@pytest.mark.parametrize("host", MALFORMED_HOSTS.values(), ids=MALFORMED_HOSTS.keys())
def test_malformed_host_is_400(app: Flask, host: str) -> None:
    # werkzeug serves these with an empty host ("http:///"); Django refuses them.
    result = get(app, host)
    assert_clean(result, 400, app)
    assert b"<script>" not in result.data
    assert [key for key, _ in result.headers if key.lower() == "x-injected"] == []


def test_without_restrictions_a_well_formed_host_is_used_as_in_flask(app: Flask) -> None:
    # The reason TRUSTED_HOSTS and SERVER_NAME exist; the default is Flask's.
    result = get(app, "evil.example")
    assert_clean(result, 200, app)
    assert app.json.loads(result.data) == {
        "external": "http://evil.example/",
        "host": "evil.example",
    }


def test_x_forwarded_host_is_ignored_without_a_proxy_fix(app: Flask) -> None:
    result = get(app, "good.example", HTTP_X_FORWARDED_HOST="evil.example")
    assert_clean(result, 200, app)
    assert app.json.loads(result.data)["external"] == "http://good.example/"


FOREIGN_HOSTS = {
    "another domain": "evil.example",
    "suffix attack": "good.example.evil.example",
    "subdomain": "x.good.example",
    "another port": "good.example:8080",
    "explicit default port": "evil.example:80",
}


@pytest.mark.parametrize("host", FOREIGN_HOSTS.values(), ids=FOREIGN_HOSTS.keys())
def test_server_name_is_what_external_urls_use(app: Flask, host: str) -> None:
    # Since Flask 3.1 SERVER_NAME does not refuse other hosts; it fixes built URLs.
    app.config["SERVER_NAME"] = "good.example"
    result = get(app, host)
    assert_clean(result, 200, app)
    assert app.json.loads(result.data)["external"] == "http://good.example/"


@pytest.mark.parametrize("host", FOREIGN_HOSTS.values(), ids=FOREIGN_HOSTS.keys())
def test_with_subdomain_matching_a_foreign_host_is_404(host: str) -> None:
    app = Flask("flaskish_subdomain_app", subdomain_matching=True)
    app.config.update(SECRET_KEY="robustness secret key", SERVER_NAME="good.example")

    @app.get("/")
    def index() -> str:
        return url_for("index", _external=True)

    # Flask also warns here; flaskish does not (see docs/compatibility.md).
    result = get(app, host)
    assert_clean(result, 404, app)
    served = get(app, "good.example")
    assert_clean(served, 200, app)
    assert served.data == b"http://good.example/"


TRUSTED = ["good.example", ".sub.example"]
TRUSTED_HOSTS_CASES = {
    "listed host": ("good.example", 200),
    "listed host, another port": ("good.example:8080", 200),
    # Host names are case-insensitive; Flask compares them as given and refuses this.
    "listed host in capitals": ("GOOD.EXAMPLE", 200),
    "the domain of a dotted entry": ("sub.example", 200),
    "a subdomain of a dotted entry": ("x.sub.example", 200),
    "another domain": ("evil.example", 400),
    "suffix attack": ("good.example.evil.example", 400),
    "subdomain of a plain entry": ("x.good.example", 400),
    "dotted entry as a suffix without a dot": ("evilsub.example", 400),
    "IPv6 literal": ("[::1]", 400),
}


@pytest.mark.parametrize(
    ("host", "status"), TRUSTED_HOSTS_CASES.values(), ids=TRUSTED_HOSTS_CASES.keys()
)
def test_trusted_hosts(app: Flask, host: str, status: int) -> None:
    app.config["TRUSTED_HOSTS"] = TRUSTED
    result = get(app, host)
    assert_clean(result, status, app)
    if status == 200:
        assert app.json.loads(result.data)["external"] == f"http://{host.lower()}/"


def test_trusted_hosts_refuse_a_request_without_host(app: Flask) -> None:
    # The server's own name stands in for a missing Host header, and is checked too.
    app.config["TRUSTED_HOSTS"] = TRUSTED
    assert_clean(get(app, None), 400, app)


ALLOWED_HOSTS_CASES = {
    "listed host": ("good.example", 200),
    "listed host with a port": ("good.example:8080", 200),
    "a subdomain of a dotted entry": ("x.sub.example", 200),
    "another domain": ("evil.example", 400),
    "suffix attack": ("good.example.evil.example", 400),
}


@pytest.mark.parametrize(
    ("host", "status"), ALLOWED_HOSTS_CASES.values(), ids=ALLOWED_HOSTS_CASES.keys()
)
def test_django_allowed_hosts(app: Flask, host: str, status: int) -> None:
    with override_settings(ALLOWED_HOSTS=["good.example", ".sub.example"]):
        result = get(app, host)
    assert_clean(result, status, app)
    if status == 200:
        assert app.json.loads(result.data)["external"] == f"http://{host}/"


def test_a_refused_host_page_gives_no_allowed_hosts_hint(app: Flask) -> None:
    with override_settings(ALLOWED_HOSTS=["good.example"]):
        result = get(app, "evil.example")
        assert_clean(result, 400, app)
        assert b"ALLOWED_HOSTS" not in result.data
        assert b"evil.example" not in result.data
        app.debug = True
        assert b"ALLOWED_HOSTS" in get(app, "evil.example").data
