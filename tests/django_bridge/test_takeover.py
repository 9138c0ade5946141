"""takeover(): a Django view serves one journal endpoint; the app keeps the rest."""

from __future__ import annotations

import asyncio
import typing as t

import pytest
from bridge_site import migrate_views
from django.core.checks import run_checks
from django.test import Client, override_settings
from django.urls import resolve, reverse

from django_bridge.takeover import takeover

pytestmark = pytest.mark.urls("bridge_site.migrate_urls")


@pytest.fixture
def client() -> Client:
    return Client()


def test_the_django_view_serves_the_endpoint_under_its_url_name(client: Client) -> None:
    rv = client.get("/journal/posts/")
    assert rv.status_code == 200
    assert rv.content == b"django index (journal:posts.index); self /journal/posts/"


def test_names_and_links_are_unchanged(client: Client) -> None:
    assert reverse("journal:posts.index") == "/journal/posts/"
    assert reverse("journal:posts.show", kwargs={"entry_id": 4}) == "/journal/posts/4"
    # The Flask side still links to the endpoint by its name.
    assert client.get("/journal/").content == b"journal home; posts at /journal/posts/"
    match = resolve("/journal/posts/4")
    assert match.func.django_view.view_class is migrate_views.Show
    assert match.view_name == "journal:posts.show"
    assert match.kwargs == {"entry_id": 4}


def test_rule_values_reach_the_django_view_converted(client: Client) -> None:
    assert client.get("/journal/posts/12").content == b"django shows 12"
    # The rule's converter refuses it: the app's own 404.
    rv = client.get("/journal/posts/abc")
    assert (rv.status_code, rv.content) == (404, b"journal 404")


def test_methods_the_django_view_does_not_take_still_reach_flask(client: Client) -> None:
    # Show is a class-based view with get() only; POST is still the Flask view's.
    rv = client.post("/journal/posts/3")
    assert rv.content == b"flask shows 3 (POST)"
    # posts.index is GET; POST to the same URL is another Flask endpoint (posts.create).
    rv = client.post("/journal/posts/", {"title": "third"})
    assert rv.status_code == 302
    assert rv["Location"] == "/journal/posts/"


def test_options_stays_with_the_app_for_a_function_view(client: Client) -> None:
    rv = client.options("/journal/posts/")
    assert rv.status_code == 200
    assert set(rv["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


@pytest.mark.urls("bridge_site.rollback_urls")
def test_deleting_the_line_rolls_back(client: Client) -> None:
    assert client.get("/journal/posts/12").content == b"flask shows 12 (GET)"
    assert b"<h1>The Journal: ENTRIES! (" in client.get("/journal/posts/").content
    assert reverse("journal:posts.index") == "/journal/posts/"


def test_a_takeover_without_its_mount_is_a_check_error() -> None:
    with override_settings(ROOT_URLCONF="bridge_site.takeover_broken_urls"):
        errors = [m for m in run_checks() if m.id == "django_bridge.E010"]
    assert [str(e.msg) for e in errors] == [
        "takeover('nowhere:index', ...) found no mount with the namespace 'nowhere' in its"
        " urlpatterns list. Put the takeover in the same list as the app's mount(), before it.",
        "takeover('journal:posts.missing', ...): the app 'journal' has no endpoint"
        " 'posts.missing'. Its endpoints are: front, posts.create, posts.flash_it,"
        " posts.flashes, posts.index, posts.note, posts.show, static.",
    ]


def test_a_name_without_namespace_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="'blog:posts.index'"):
        takeover("index", lambda request: None)


@override_settings(ROOT_URLCONF="bridge_site.takeover_methods_urls")
def test_explicit_methods_take_over_only_those(client: Client) -> None:
    assert client.post("/journal/posts/5").content == b"django took POST 5"
    assert client.get("/journal/posts/5").content == b"flask shows 5 (GET)"


@override_settings(ROOT_URLCONF="bridge_site.takeover_methods_urls")
def test_the_django_view_keeps_djangos_csrf_check() -> None:
    client = Client(enforce_csrf_checks=True)
    # The mount is CSRF-exempt by default; the Django view that took POST is not.
    assert client.post("/journal/posts/5").status_code == 403
    assert client.get("/journal/posts/5").status_code == 200


@override_settings(ROOT_URLCONF="bridge_site.takeover_methods_urls")
def test_an_async_django_view_under_asgi() -> None:
    from django.test import AsyncClient

    async def main() -> tuple[t.Any, t.Any]:
        client = AsyncClient()
        taken = await client.get("/journal/posts/")
        flask = await client.post("/journal/posts/", {"title": "async"})
        return taken, flask

    taken, flask = asyncio.run(main())
    assert taken.content == b"async django index"
    assert flask.status_code == 302
    assert flask["Location"] == "/journal/posts/"


@override_settings(ROOT_URLCONF="bridge_site.split_urls")
def test_both_halves_of_an_endpoint_split_by_method(client: Client) -> None:
    assert client.get("/journal/posts/").content == b"django lists"
    rv = client.post("/journal/posts/", {"title": "t"})
    assert (rv.status_code, rv.content) == (201, b"django creates t")
    # Neither takes PUT: the app's 405, with the rule's methods.
    rv = client.put("/journal/posts/")
    assert rv.status_code == 405
    assert set(rv["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
