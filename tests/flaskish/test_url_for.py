"""URL building: url_for, build errors and their handlers, redirect."""

from __future__ import annotations

import pytest

from flaskish import Flask, redirect, request, url_for
from flaskish.routing import BuildError
from flaskish.wrappers import Response


@pytest.fixture
def routed(app):
    @app.route("/")
    def index():
        return ""

    @app.route("/u/<int:id>")
    def user(id):
        return ""

    @app.route("/p/<path:p>")
    def page(p):
        return ""

    @app.route("/item", methods=["POST"])
    def create():
        return ""

    @app.route("/item/<int:id>", methods=["GET"], endpoint="item")
    @app.route("/item-edit/<int:id>", methods=["PUT"], endpoint="item")
    def item(id):
        return ""

    return app


def test_url_for_in_a_request(routed):
    with routed.test_request_context("/"):
        assert url_for("index") == "/"
        assert url_for("user", id=3) == "/u/3"
        assert url_for("user", id=3, q=[1, 2], none=None, _anchor="a b") == "/u/3?q=1&q=2#a%20b"
        assert url_for("page", p="a/b c") == "/p/a/b%20c"
        assert url_for("user", id=3, _external=True) == "http://localhost/u/3"
        assert url_for("user", id=3, _scheme="https", _external=True) == "https://localhost/u/3"


def test_url_for_picks_a_rule_by_method(routed):
    with routed.test_request_context("/"):
        assert url_for("item", id=1, _method="GET") == "/item/1"
        assert url_for("item", id=1, _method="PUT") == "/item-edit/1"


def test_scheme_without_external_is_refused(routed):
    with routed.test_request_context("/"):
        with pytest.raises(
            ValueError, match="When specifying '_scheme', '_external' must be True."
        ):
            url_for("index", _scheme="https", _external=False)


def test_url_for_without_request_needs_server_name(routed):
    with routed.app_context():
        with pytest.raises(RuntimeError) as exc:
            url_for("index")
    assert str(exc.value) == (
        "Unable to build URLs outside an active request without 'SERVER_NAME' configured."
        " Also configure 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as needed."
    )


def test_url_for_in_app_context_with_server_name(routed):
    routed.config.update(
        SERVER_NAME="example.com", APPLICATION_ROOT="/app", PREFERRED_URL_SCHEME="https"
    )
    with routed.app_context():
        assert url_for("user", id=3, q=[1, 2]) == "https://example.com/app/u/3?q=1&q=2"
        assert url_for("user", id=3, _external=False) == "/app/u/3"
        assert url_for("page", p="a/b c", _scheme="http") == "http://example.com/app/p/a/b%20c"


def test_build_error_says_what_is_missing(routed):
    with routed.test_request_context("/"):
        with pytest.raises(BuildError) as missing:
            url_for("user")
        with pytest.raises(BuildError) as typo:
            url_for("usr", id=1)
    assert "Could not build url for endpoint 'user'." in str(missing.value)
    assert "['id']" in str(missing.value)
    assert "Did you mean 'user' instead?" in str(typo.value)
    assert isinstance(missing.value, LookupError)


def test_url_build_error_handlers_can_supply_a_url(routed):
    def external(error, endpoint, values):
        if endpoint == "docs":
            return "https://docs.example.com/"
        return None

    routed.url_build_error_handlers.append(external)
    with routed.test_request_context("/"):
        assert url_for("docs") == "https://docs.example.com/"
        with pytest.raises(BuildError):
            url_for("nothing")


def test_url_defaults_and_value_preprocessors(app, client):
    @app.url_defaults
    def add_lang(endpoint, values):
        values.setdefault("lang", "en")

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        request.lang = values.pop("lang")

    @app.route("/<lang>/about")
    def about():
        return f"{request.lang} {url_for('about')}"

    assert client.get("/de/about").data == b"de /en/about"


def test_redirect_response():
    rv = redirect("/target?a=1")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/target?a=1"
    assert b'href="/target?a=1"' in rv.get_data()
    assert redirect("/x", 301).status_code == 301


def test_redirect_quotes_non_ascii_locations():
    assert redirect("/caf\u00e9").headers["Location"] == "/caf%C3%A9"


def test_redirect_refuses_newlines():
    with pytest.raises(ValueError, match="newline"):
        redirect("/ok\r\nSet-Cookie: evil=1")


def test_redirect_with_custom_response_class():
    class Custom(Response):
        pass

    assert type(redirect("/x", Response=Custom)) is Custom


def test_app_redirect_uses_the_app_response_class(app, client):
    class Custom(Response):
        pass

    app.response_class = Custom

    @app.route("/go")
    def go():
        rv = redirect(url_for("there"))
        assert type(rv) is Custom
        return rv

    @app.route("/there")
    def there():
        return "arrived"

    rv = client.get("/go", follow_redirects=True)
    assert rv.data == b"arrived"
    assert [r.status_code for r in rv.history] == [302]


def test_url_for_with_a_script_root(routed):
    with routed.test_request_context("/", base_url="http://localhost/mount/"):
        assert url_for("user", id=1) == "/mount/u/1"
        assert url_for("user", id=1, _external=True) == "http://localhost/mount/u/1"


def test_thousand_apps_build_their_own_urls():
    apps = []
    for i in range(50):
        app = Flask(f"app{i}")
        app.add_url_rule(f"/only/{i}", "only", lambda: "")
        apps.append(app)
    for i, app in enumerate(apps):
        with app.test_request_context("/"):
            assert url_for("only") == f"/only/{i}"
