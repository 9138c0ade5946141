"""django_bridge.sqla: SQLAlchemy on Django's connection, one transaction for both ORMs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from bridge_site.ledger import notes
from bridge_site.models import Note
from django.db import connection, transaction
from django.test import Client
from sqlalchemy.orm import Session

from django_bridge.sqla import django_engine, django_url

pytestmark = [pytest.mark.urls("bridge_site.ledger_urls"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def atomic_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)


def texts() -> list[str]:
    return sorted(Note.objects.values_list("text", flat=True))


def test_atomic_requests_commit_both_orms(atomic_requests: None) -> None:
    assert Client().post("/ledger/both", {"text": "kept"}).status_code == 201
    assert texts() == ["orm kept", "sa kept"]


def test_atomic_requests_roll_back_both_orms(atomic_requests: None) -> None:
    client = Client(raise_request_exception=False)
    assert client.post("/ledger/both", {"text": "lost", "fail": "1"}).status_code == 500
    # SQLAlchemy's session committed, but inside Django's transaction: undone with it.
    assert texts() == []


def test_without_atomic_requests_each_write_stays() -> None:
    client = Client(raise_request_exception=False)
    assert client.post("/ledger/both", {"text": "half", "fail": "1"}).status_code == 500
    assert texts() == ["orm half", "sa half"]


def test_a_sqlalchemy_rollback_undoes_its_own_writes_only(atomic_requests: None) -> None:
    assert Client().post("/ledger/sa-rollback").content == b"rolled back"
    assert texts() == ["orm before the rollback"]


def test_a_session_that_only_read_does_not_undo_orm_writes(atomic_requests: None) -> None:
    assert Client().post("/ledger/read-then-orm").content == b"read"
    assert texts() == ["orm after reading 0"]


def test_the_same_connection_sees_uncommitted_orm_writes() -> None:
    engine = django_engine()
    with transaction.atomic():
        Note.objects.create(text="not committed yet")
        with Session(engine) as session:
            seen = session.execute(sa.select(notes.c.text)).scalars().all()
        assert seen == ["not committed yet"]
        transaction.set_rollback(True)
    assert texts() == []


def test_closing_sqlalchemy_leaves_djangos_connection_open() -> None:
    engine = django_engine()
    with engine.connect() as conn:
        conn.execute(sa.text("select 1"))
    assert connection.connection is not None
    assert Note.objects.count() == 0


def test_the_url_follows_djangos_backend() -> None:
    expected = {
        "sqlite": "sqlite+pysqlite:////django-connection/default",
        "postgresql": "postgresql+psycopg://",
    }
    assert django_url() == expected[connection.vendor]
    assert django_url("default") == django_engine().url.render_as_string()
