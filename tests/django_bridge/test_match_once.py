"""A mounted request is matched once, by the site's resolver (issue 12, item 4).

The resolver matches the path for any method: the first rule for the path is
the one the request's own method gets whenever that rule accepts it. The match
goes to the view with the request; the pipeline matches again only when the
answer depends on the method (a path whose rules split by method, a 405).
"""

from __future__ import annotations

import typing as t

import pytest
from bridge_site import blog
from django.test import Client

from flaskish.routing import ANY_METHOD


@pytest.fixture
def matches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every (path, method) the blog app's matcher is asked to match."""
    seen: list[tuple[str, str]] = []
    matcher = blog.app.url_map._matcher
    original = matcher.match

    def counting(domain: str, path: str, method: str, *args: t.Any) -> t.Any:
        seen.append((path, method))
        return original(domain, path, method, *args)

    monkeypatch.setattr(matcher, "match", counting)
    return seen


def test_a_get_is_matched_once(matches: list[tuple[str, str]]) -> None:
    rv = Client().get("/blog/posts/12")
    assert rv.content == b"post 12"
    assert matches == [("/posts/12", ANY_METHOD)]


def test_the_reused_match_sets_url_rule_and_view_args(matches: list[tuple[str, str]]) -> None:
    rv = Client().get("/blog/auth/login")
    assert rv.content == b"login form at /blog/auth/login"
    assert rv.wsgi_request.resolver_match.url_name == "auth.login"
    assert matches == [("/auth/login", ANY_METHOD)]


def test_a_post_to_a_rule_that_accepts_it_is_matched_once(
    matches: list[tuple[str, str]],
) -> None:
    rv = Client().post("/blog/only-post")
    assert rv.content == b"posted"
    assert matches == [("/only-post", ANY_METHOD)]


def test_a_method_the_rule_refuses_is_matched_again_and_gets_405(
    matches: list[tuple[str, str]],
) -> None:
    rv = Client().get("/blog/only-post")
    assert rv.status_code == 405
    assert rv["Allow"] == "OPTIONS, POST"
    assert matches == [("/only-post", ANY_METHOD), ("/only-post", "GET")]


def test_a_path_no_rule_has_is_not_matched_again_for_any_method(
    matches: list[tuple[str, str]],
) -> None:
    rv = Client().post("/blog/no/such/page")
    assert (rv.status_code, rv.content) == (404, b"blog 404")
    # Django's CommonMiddleware resolves the path again to decide about a slash;
    # the app itself matched it once, in the resolver.
    assert [m for m in matches if m[1] == "POST"] == []
    assert matches[0] == ("/no/such/page", ANY_METHOD)


@pytest.fixture
def binds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The server names the blog app's URL map is bound to (the resolver's own
    adapter is bound once, beforehand)."""
    Client().get("/blog/posts/1")
    seen: list[str] = []
    url_map = blog.app.url_map
    original = url_map.bind

    def counting(server_name: str, *args: t.Any, **kwargs: t.Any) -> t.Any:
        seen.append(server_name)
        return original(server_name, *args, **kwargs)

    monkeypatch.setattr(url_map, "bind", counting)
    return seen


def test_a_matched_get_that_builds_no_url_binds_no_adapter(binds: list[str]) -> None:
    assert Client().get("/blog/posts/12").content == b"post 12"
    assert binds == []


def test_the_adapter_is_bound_when_a_view_builds_a_url(binds: list[str]) -> None:
    rv = Client().get("/blog/auth/login")
    assert rv.content == b"login form at /blog/auth/login"
    assert binds == ["testserver"]


def test_an_untrusted_host_is_refused_before_the_view_even_unbound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(blog.app.config, "TRUSTED_HOSTS", ["example.com"])
    refused = Client().get("/blog/posts/12")
    assert refused.status_code == 400
    assert b"post 12" not in refused.content
    assert Client().get("/blog/posts/12", HTTP_HOST="example.com").content == b"post 12"


def test_resolver_match_describes_the_rule_for_django_tooling() -> None:
    rv = Client().get("/blog/posts/12")
    match = rv.wsgi_request.resolver_match
    assert match.kwargs == {"post_id": 12}
    assert (match.url_name, match.namespace, match.view_name) == ("post", "blog", "blog:post")
    assert match.route == "blog/posts/<int:post_id>"
    assert match.args == ()


def test_process_view_sees_only_the_rules_values(settings: t.Any) -> None:
    from bridge_site.middleware import ViewArgsMiddleware

    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "bridge_site.middleware.ViewArgsMiddleware"]
    ViewArgsMiddleware.seen.clear()
    assert Client().get("/blog/posts/3").content == b"post 3"
    assert Client().get("/blog/").status_code == 200
    assert ViewArgsMiddleware.seen == [((), {"post_id": 3}), ((), {})]


def test_a_path_whose_rules_split_by_method_gets_each_methods_rule() -> None:
    import sys
    import types

    from django.test import override_settings
    from django.urls import clear_url_caches

    from django_bridge import mount
    from flaskish import Flask

    app = Flask("split_methods")

    @app.get("/thing")
    def read_thing() -> str:
        return "read"

    @app.post("/thing")
    def write_thing() -> str:
        return "written"

    module = types.ModuleType("split_methods_urls")
    module.urlpatterns = [mount("s/", app)]  # type: ignore[attr-defined]
    sys.modules["split_methods_urls"] = module
    try:
        with override_settings(ROOT_URLCONF="split_methods_urls", MIDDLEWARE=[]):
            clear_url_caches()
            got = Client().get("/s/thing")
            posted = Client().post("/s/thing")
    finally:
        del sys.modules["split_methods_urls"]
        clear_url_caches()
    assert (got.content, got.wsgi_request.resolver_match.url_name) == (b"read", "read_thing")
    assert posted.content == b"written"
