"""FLASKISH_SHARED_MESSAGES: flash() and Django's messages are one queue for a visitor."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.test import Client, override_settings

pytestmark = pytest.mark.urls("bridge_site.migrate_urls")


@pytest.fixture
def client() -> Client:
    return Client()


@override_settings(FLASKISH_SHARED_MESSAGES=True)
def test_a_flask_flash_shows_on_the_next_django_page(client: Client) -> None:
    assert client.get("/journal/posts/flash/careful").content == b"flashed"
    rv = client.get("/django-messages/")
    assert rv.json() == {"messages": [[constants.WARNING, "warning", "careful"]]}
    # Shown once: Django marked it used.
    assert client.get("/django-messages/").json() == {"messages": []}


@override_settings(FLASKISH_SHARED_MESSAGES=True)
def test_django_messages_show_in_flask_with_categories(client: Client) -> None:
    client.get("/django-messages/add")
    rv = client.get("/journal/posts/flashes")
    assert rv.json() == {
        "flashes": [
            ["success", "saved by django"],
            ["notice", "tagged"],
            ["error", "failed by django"],
        ]
    }
    assert client.get("/journal/posts/flashes").json() == {"flashes": []}


@override_settings(FLASKISH_SHARED_MESSAGES=True)
def test_a_flask_category_comes_back_to_flask_unchanged(client: Client) -> None:
    # posts.create flashes "success"; flash_it "warning"; the default is "message".
    client.post("/journal/posts/", {"title": "shared"})
    client.get("/journal/posts/flash/plain")
    rv = client.get("/journal/posts/flashes")
    assert rv.json() == {"flashes": [["success", "created shared"], ["warning", "plain"]]}
    assert client.get("/django-messages/").json() == {"messages": []}


@override_settings(FLASKISH_SHARED_MESSAGES=True)
def test_a_flask_default_category_is_info_for_django_and_message_for_flask(
    client: Client,
) -> None:
    client.get("/journal/posts/note/plain")
    shown = client.get("/django-messages/").json()["messages"]
    assert shown == [[constants.INFO, "message info", "plain"]]
    client.get("/journal/posts/note/again")
    assert client.get("/journal/posts/flashes").json() == {"flashes": [["message", "again"]]}


def test_without_the_setting_flashes_stay_in_the_apps_session(client: Client) -> None:
    client.get("/journal/posts/flash/private")
    assert client.get("/django-messages/").json() == {"messages": []}
    rv = client.get("/journal/posts/flashes")
    assert rv.json() == {"flashes": [["warning", "private"]]}
