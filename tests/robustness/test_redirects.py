"""Redirect targets from user input: never turned into another site by the browser.

``redirect("///evil.example")`` is sent as ``/evil.example``, as Flask 3.1 sends
it: browsers read three or more leading slashes as a scheme-relative URL
(``//evil.example``).  The expected values are real Flask 3.1.3's ``Location``
for the same input, except ``////evil.example``, which Flask sends as
``//evil.example`` and flaskish, stricter, as ``/evil.example``.  For a
``next`` parameter, docs/security.md recommends Django's
``url_has_allowed_host_and_scheme``; the recipe is checked here.
"""

from __future__ import annotations

import pytest
from django.utils.http import url_has_allowed_host_and_scheme
from robustness_support import assert_clean

from flaskish import Flask, redirect, request

#: what the app passes to redirect() -> the Location sent.
LOCATIONS = {
    "///evil.example": "/evil.example",
    "////evil.example": "/evil.example",
    "///a/b?c=//d": "/a/b?c=//d",
    "///a/b#//x": "/a/b#//x",
    "///": "/",
    "///é": "/%C3%A9",
    "/\\evil.example": "/%5Cevil.example",
    "//evil.example": "//evil.example",
    "/a//b": "/a//b",
    "/./x": "/./x",
    "x///y": "x///y",
    "http:///x": "http:///x",
    "https://ok.example/x": "https://ok.example/x",
    "?a=1": "?a=1",
    " ///x": "%20///x",
}


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.get("/go")
    def go() -> object:
        return redirect(request.args["to"])

    @app.get("/app-go")
    def app_go() -> object:
        from flaskish import current_app

        return current_app.redirect(request.args["to"])

    @app.get("/login")
    def login() -> object:
        target = request.args.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.host}, require_https=request.is_secure
        ):
            target = "/"
        return redirect(target)

    return app


@pytest.mark.parametrize(("target", "location"), LOCATIONS.items(), ids=LOCATIONS.keys())
@pytest.mark.parametrize("path", ["/go", "/app-go"])
def test_a_redirect_is_never_made_scheme_relative(
    app: Flask, client, path: str, target: str, location: str
) -> None:
    response = client.get(path, query_string={"to": target})
    assert_clean(response, 302, app)
    assert response.headers["Location"] == location


def test_redirect_outside_an_app_collapses_slashes_too() -> None:
    assert redirect("///evil.example").headers["Location"] == "/evil.example"


@pytest.mark.parametrize(
    "target",
    [
        "///evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        " //evil.example",
    ],
)
def test_the_documented_next_check_refuses_other_sites(app: Flask, client, target: str) -> None:
    response = client.get("/login", query_string={"next": target})
    assert_clean(response, 302, app)
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/account", "/a/b?c=1", "http://localhost/x"])
def test_the_documented_next_check_keeps_local_targets(app: Flask, client, target: str) -> None:
    response = client.get("/login", query_string={"next": target})
    assert_clean(response, 302, app)
    assert response.headers["Location"] == target
