"""ATOMIC_REQUESTS and Django's async ORM in mounted views, under WSGI and ASGI.

Runs on SQLite (``make pytest``) and on PostgreSQL (``make pytest-services``).
Django wraps a sync view in a transaction and refuses an ``async def`` view
("You cannot use ATOMIC_REQUESTS with async views.") unless it opts out with
``transaction.non_atomic_requests``; a mounted app's views get the same rules.
"""

from __future__ import annotations

import asyncio
import typing as t

import pytest
from asgiref.sync import sync_to_async
from bridge_site.models import Note
from django.db import connection, connections
from django.test import AsyncClient, Client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def close_thread_connections() -> t.Iterator[None]:
    """The ASGI requests' ORM ran in sync_to_async's thread, whose connection the test
    client keeps open (it stops Django closing it): closed, so the test database can go."""
    yield
    asyncio.run(sync_to_async(connections.close_all)())


@pytest.fixture
def atomic_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)


def texts() -> list[str]:
    return list(Note.objects.order_by("pk").values_list("text", flat=True))


def wsgi_post(path: str, **data: str) -> t.Any:
    return Client(raise_request_exception=False).post(path, data)


def asgi_post(path: str, **data: str) -> t.Any:
    return asyncio.run(AsyncClient(raise_request_exception=False).post(path, data))


@pytest.mark.parametrize("post", [wsgi_post, asgi_post], ids=["wsgi", "asgi"])
def test_a_sync_view_commits_or_rolls_back_whole(atomic_requests: None, post: t.Any) -> None:
    rv = post("/inventory/sync", text="kept")
    assert rv.status_code == 201
    assert rv.json() == {"id": Note.objects.get(text="kept").pk}
    assert post("/inventory/sync", text="half done", fail="1").status_code == 500
    assert texts() == ["kept"]


def test_under_wsgi_an_async_view_runs_in_the_requests_transaction(atomic_requests: None) -> None:
    """Django's WSGI handler calls the (sync) bridge view in its transaction; the async
    view's ORM calls run in that thread, on that connection."""
    assert wsgi_post("/inventory/async", text="kept").status_code == 201
    assert wsgi_post("/inventory/async", text="half done", fail="1").status_code == 500
    assert texts() == ["kept"]


def test_under_asgi_an_async_view_is_refused_as_django_refuses_it(atomic_requests: None) -> None:
    client = AsyncClient()
    with pytest.raises(RuntimeError) as caught:
        asyncio.run(client.post("/inventory/async", {"text": "never written"}))
    assert str(caught.value) == "You cannot use ATOMIC_REQUESTS with async views."
    assert asgi_post("/inventory/async", text="never written").status_code == 500
    assert texts() == []


@pytest.mark.parametrize("post", [wsgi_post, asgi_post], ids=["wsgi", "asgi"])
def test_an_async_view_opted_out_commits_each_write(atomic_requests: None, post: t.Any) -> None:
    assert post("/inventory/async-autocommit", text="first").status_code == 201
    assert post("/inventory/async-autocommit", text="stays", fail="1").status_code == 500
    assert texts() == ["first", "stays"]


def test_without_atomic_requests_an_async_write_stays_when_the_view_fails() -> None:
    assert asgi_post("/inventory/async", text="stays", fail="1").status_code == 500
    assert texts() == ["stays"]


def test_the_async_orm_under_wsgi() -> None:
    client = Client()
    created = [client.post("/inventory/async", {"text": text}).json() for text in ("a", "b")]
    assert [row["id"] for row in created] == list(
        Note.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert client.get(f"/inventory/async/{created[1]['id']}").json() == {
        "id": created[1]["id"],
        "text": "b",
    }
    assert client.get("/inventory/async").json() == ["a", "b"]
    assert client.get(f"/inventory/async/{created[1]['id'] + 100}").status_code == 404


def test_the_async_orm_under_asgi() -> None:
    async def session() -> list[t.Any]:
        client = AsyncClient()
        first = await client.post("/inventory/async", {"text": "x"})
        second = await client.post("/inventory/async", {"text": "y"})
        pk = second.json()["id"]
        return [
            first.status_code,
            await client.get(f"/inventory/async/{pk}"),
            await client.get("/inventory/async"),
            await client.get(f"/inventory/async/{pk + 100}"),
        ]

    status, one, listing, missing = asyncio.run(session())
    assert status == 201
    assert one.json() == {"id": Note.objects.get(text="y").pk, "text": "y"}
    assert listing.json() == ["x", "y"]
    assert missing.status_code == 404
