"""Flask-SQLAlchemy in a mounted app, on Django's connection: one transaction with the ORM."""

from __future__ import annotations

import typing as t

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from mounted_site.ledger import Entry, app, db

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def tables() -> t.Iterator[None]:
    with app.app_context():
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()


@pytest.fixture
def atomic_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)


def rows() -> tuple[list[str], list[str]]:
    with app.app_context():
        entries = sorted(e.text for e in db.session.scalars(db.select(Entry)))
    return entries, sorted(Group.objects.values_list("name", flat=True))


def test_atomic_requests_commit_both(atomic_requests: None) -> None:
    assert Client().post("/ledger/entries", {"text": "kept"}).status_code == 201
    assert rows() == (["kept"], ["kept"])


def test_atomic_requests_roll_back_both(atomic_requests: None) -> None:
    client = Client(raise_request_exception=False)
    assert client.post("/ledger/entries", {"text": "lost", "fail": "1"}).status_code == 500
    assert rows() == ([], [])


def test_without_atomic_requests_both_writes_stay() -> None:
    client = Client(raise_request_exception=False)
    assert client.post("/ledger/entries", {"text": "half", "fail": "1"}).status_code == 500
    assert rows() == (["half"], ["half"])
