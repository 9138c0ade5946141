"""mount(csrf=True) under Django's CsrfViewMiddleware; the ORM and ATOMIC_REQUESTS in flaskish views."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from bridge_site import notes
from bridge_site.models import Note
from django.db import connection
from django.test import Client


@pytest.fixture
def strict() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def atomic_requests(monkeypatch):
    # Read per request from the connection, as Django's own tests switch it.
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)


def form_post(client: Client, path: str, **fields: str):
    """A urlencoded POST, as the app's HTML form sends it."""
    return client.post(path, urlencode(fields), content_type="application/x-www-form-urlencoded")


def form_token(client: Client) -> str:
    page = client.get("/notes/form").content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match is not None, page
    return match.group(1)


def test_post_without_token_is_refused_by_django(strict):
    rv = form_post(strict, "/notes/", text="no token")
    assert rv.status_code == 403
    assert b"CSRF verification failed" in rv.content


@pytest.mark.django_db
def test_post_with_the_templates_token_passes(strict):
    token = form_token(strict)
    rv = form_post(strict, "/notes/", text="with token", csrfmiddlewaretoken=token)
    assert rv.status_code == 201
    assert Note.objects.get().text == "with token"


@pytest.mark.django_db
def test_token_in_header_passes(strict):
    token = form_token(strict)
    rv = strict.post(
        "/notes/",
        "text=header",
        content_type="application/x-www-form-urlencoded",
        headers={"X-CSRFToken": token},
    )
    assert rv.status_code == 201


def test_the_form_posts_to_the_mounted_url(strict):
    assert 'action="/notes/"' in strict.get("/notes/form").content.decode()


def test_apps_without_csrf_stay_exempt(strict):
    assert strict.post("/blog/only-post").status_code == 200


# -- the ORM -------------------------------------------------------------------------


@pytest.mark.django_db
def test_views_read_and_write_through_the_orm():
    first = Note.objects.create(text="from the test")
    client = notes.app.test_client()
    created = client.post("/", data={"text": "from the view"}).get_json()
    assert created == {"id": Note.objects.get(text="from the view").pk}
    assert created["id"] > first.pk
    assert client.get("/").get_json() == ["from the test", "from the view"]


@pytest.mark.django_db
def test_atomic_requests_roll_back_a_failing_view(atomic_requests):
    client = Client()
    assert form_post(client, "/notes/", text="kept").status_code == 201
    client.raise_request_exception = False
    assert form_post(client, "/notes/fail", text="rolled back").status_code == 500
    assert list(Note.objects.values_list("text", flat=True)) == ["kept"]


@pytest.mark.django_db(transaction=True)
def test_atomic_requests_roll_back_outside_a_test_transaction(atomic_requests):
    client = notes.app.test_client()
    assert client.post("/fail", data={"text": "rolled back"}).status_code == 500
    assert client.post("/", data={"text": "committed"}).status_code == 201
    assert list(Note.objects.values_list("text", flat=True)) == ["committed"]


@pytest.mark.django_db(transaction=True)
def test_without_atomic_requests_the_write_stays():
    client = notes.app.test_client()
    assert client.post("/fail", data={"text": "half done"}).status_code == 500
    assert list(Note.objects.values_list("text", flat=True)) == ["half done"]
