"""What a mounted request pays for, counted rather than timed (issue 15, items 3 and 6).

A mounted request should cost one request object, one pair of contexts and one
match on top of Django's own handling: these tests count each, so a change that
adds a second of any fails here before it shows in the benchmark.
"""

from __future__ import annotations

import typing as t

import pytest
from bridge_site import blog
from django.test import Client, override_settings
from django.utils.functional import cached_property

from django_bridge import site as site_module
from django_bridge.resolver import FlaskAppResolver
from flaskish.ctx import AppContext, RequestContext
from flaskish.wrappers import Request


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many flaskish requests and contexts are made, and paths a mount's resolver
    matches (mounts whose prefix the path does not start with match nothing)."""
    counts = {"request": 0, "request_context": 0, "app_context": 0, "match": 0}

    def counting(cls: type, key: str) -> None:
        original = cls.__init__

        def init(self: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
            counts[key] += 1
            original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", init)

    counting(Request, "request")
    counting(RequestContext, "request_context")
    counting(AppContext, "app_context")
    original_match = FlaskAppResolver._match

    def match(self: FlaskAppResolver, remaining: str) -> t.Any:
        counts["match"] += 1
        return original_match(self, remaining)

    monkeypatch.setattr(FlaskAppResolver, "_match", match)
    return counts


@override_settings(MIDDLEWARE=[])
def test_a_mounted_get_makes_one_request_one_context_pair_one_match(
    made: dict[str, int],
) -> None:
    rv = Client().get("/blog/posts/12")
    assert rv.content == b"post 12"
    assert made == {"request": 1, "request_context": 1, "app_context": 1, "match": 1}


@override_settings(MIDDLEWARE=[])
def test_a_request_matched_again_for_its_method_still_makes_one_request(
    made: dict[str, int],
) -> None:
    rv = Client().get("/blog/only-post")
    assert rv.status_code == 405
    assert made == {"request": 1, "request_context": 1, "app_context": 1, "match": 1}


@override_settings(MIDDLEWARE=[])
def test_the_request_wraps_djangos_request_rather_than_copying_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[Request] = []
    original = Request.__init__

    def init(self: Request, *args: t.Any, **kwargs: t.Any) -> None:
        seen.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Request, "__init__", init)
    rv = Client().get("/blog/posts/3", HTTP_X_PROBE="yes")
    assert rv.content == b"post 3"
    (req,) = seen
    assert req.django is rv.wsgi_request
    assert req.environ is rv.wsgi_request.META
    assert req.headers["X-Probe"] == "yes"


def test_the_resolver_binds_the_sync_view_outside_an_event_loop() -> None:
    from bridge_site.urls import urlpatterns

    resolver = next(p for p in urlpatterns if isinstance(p, FlaskAppResolver) and p.app is blog.app)
    match = resolver.resolve(f"{resolver.prefix}posts/5")
    assert type(match.func).__name__.startswith("flaskish_view_")
    assert match.kwargs == {"post_id": 5}
    assert match.captured_kwargs == {"post_id": 5}


def test_session_defaults_are_made_once_per_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[None] = []
    original = site_module.conf.session_cookie_flags

    def counting() -> dict[str, t.Any]:
        reads.append(None)
        return original()

    monkeypatch.setattr(site_module.conf, "session_cookie_flags", counting)
    site_module._session_defaults.cache_clear()
    client = Client()
    for _ in range(3):
        assert client.get("/blog/session").status_code == 200
    assert len(reads) == 1


def test_saving_a_mounted_session_asks_the_site_for_its_defaults_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[None] = []
    original = site_module.DjangoSiteMount.session_defaults

    def counting(self: t.Any, app: t.Any, request: t.Any) -> t.Any:
        asked.append(None)
        return original(self, app, request)

    monkeypatch.setattr(site_module.DjangoSiteMount, "session_defaults", counting)
    client = Client()
    first = client.get("/blog/session")
    assert first.content == b"1"
    cookie = first.cookies["session_blog"]
    assert (cookie["path"], cookie["samesite"], cookie["httponly"]) == ("/blog", "Lax", True)
    asked.clear()
    assert client.get("/blog/session").content == b"2"
    # Once to find the cookie's name when opening, once for all of its attributes.
    assert len(asked) == 2


def test_session_defaults_follow_a_changed_cookie_setting() -> None:
    client = Client()
    before = client.get("/blog/login/ann").cookies["session_blog"]
    assert before["samesite"] == "Lax"
    with override_settings(SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_SECURE=True):
        during = client.get("/blog/login/bob").cookies["session_blog"]
    after = client.get("/blog/login/cid").cookies["session_blog"]
    assert (during["samesite"], during["secure"]) == ("Strict", True)
    assert (after["samesite"], after["secure"]) == ("Lax", "")


@override_settings(MIDDLEWARE=[], ALLOWED_HOSTS=["testserver"])
def test_an_allowed_host_is_checked_without_building_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no ``TRUSTED_HOSTS`` only Django's verdict counts: the scheme and the
    host without its default port are left for a view that asks."""
    built: list[str] = []
    original_host = Request.host.func  # type: ignore[attr-defined]
    original_scheme = Request.scheme.func  # type: ignore[attr-defined]

    def host(self: Request) -> str:
        built.append("host")
        return t.cast(str, original_host(self))

    def scheme(self: Request) -> str:
        built.append("scheme")
        return t.cast(str, original_scheme(self))

    monkeypatch.setattr(Request, "host", cached_property(host))
    monkeypatch.setattr(Request, "scheme", cached_property(scheme))
    Request.host.__set_name__(Request, "host")
    Request.scheme.__set_name__(Request, "scheme")
    assert Client().get("/blog/posts/12").content == b"post 12"
    assert built == []


@override_settings(MIDDLEWARE=[], ALLOWED_HOSTS=["testserver"])
def test_a_host_django_refuses_is_a_400_before_the_view() -> None:
    refused = Client(HTTP_HOST="evil.example").get("/blog/posts/12")
    assert refused.status_code == 400
    assert b"post 12" not in refused.content
    assert Client().get("/blog/posts/12").content == b"post 12"


@override_settings(MIDDLEWARE=[], ALLOWED_HOSTS=["*"])
def test_a_host_with_no_idna_form_is_a_400_before_a_view_builds_a_url() -> None:
    # Django accepts the name; binding the app's URL adapter to it cannot.
    refused = Client(HTTP_HOST="a" * 300).get("/blog/auth/login")
    assert refused.status_code == 400
    assert b"login form" not in refused.content
    assert Client().get("/blog/auth/login").content == b"login form at /blog/auth/login"
