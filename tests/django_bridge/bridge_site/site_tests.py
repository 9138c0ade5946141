"""Django TestCases using a flaskish app's client, run by ``manage.py test`` (see test_testing.py)."""

from __future__ import annotations

from django.test import Client, TestCase

from . import notes
from .models import Note


class NotesThroughTheSite(TestCase):
    def test_flaskish_client_writes_to_the_test_database(self):
        client = notes.app.test_client()
        rv = client.post("/", data={"text": "from a TestCase"})
        self.assertEqual(rv.status_code, 201)
        self.assertEqual(Note.objects.get().text, "from a TestCase")
        # The request went through the site's middleware.
        self.assertEqual(rv.headers["X-Stamp"], "django-middleware")

    def test_django_client_sees_the_same_data(self):
        Note.objects.create(text="seen by both")
        self.assertEqual(Client().get("/notes/").json(), ["seen by both"])
        self.assertEqual(notes.app.test_client().get("/").get_json(), ["seen by both"])


class AnAppFromTheMountedFactory(TestCase):
    def test_its_own_client_goes_through_the_site_at_its_root(self):
        from . import wiki

        client = wiki.create_app().test_client()
        rv = client.get("/go")
        self.assertEqual(rv.headers["Location"], "/whoami")
        self.assertEqual(rv.headers["X-Stamp"], "django-middleware")
        client.get("/login/ann")
        self.assertEqual(client.get("/whoami").data, b"wiki sees ann")
