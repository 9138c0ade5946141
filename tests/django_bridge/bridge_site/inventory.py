"""A Flask-style app writing with the ORM from sync and ``async def`` views (mounted at /inventory/)."""

from __future__ import annotations

import typing as t

from django.db import transaction

from flaskish import Flask, abort, request

from .models import Note

app = Flask("inventory")


@app.post("/sync")
def sync_write() -> tuple[dict[str, t.Any], int]:
    note = Note.objects.create(text=request.form["text"])
    if request.form.get("fail"):
        raise RuntimeError("failed after a sync write")
    return {"id": note.pk}, 201


@app.post("/async")
async def async_write() -> tuple[dict[str, t.Any], int]:
    note = await Note.objects.acreate(text=request.form["text"])
    if request.form.get("fail"):
        raise RuntimeError("failed after an async write")
    return {"id": note.pk}, 201


@app.get("/async/<int:pk>")
async def async_read(pk: int) -> dict[str, t.Any]:
    try:
        note = await Note.objects.aget(pk=pk)
    except Note.DoesNotExist:
        abort(404)
    return {"id": note.pk, "text": note.text}


@app.get("/async")
async def async_list() -> list[str]:
    return [note.text async for note in Note.objects.order_by("pk")]


@app.post("/async-autocommit")
@transaction.non_atomic_requests
async def async_autocommit_write() -> tuple[dict[str, t.Any], int]:
    """Opted out of ATOMIC_REQUESTS, as Django asks of an async view: each query commits."""
    return await async_write()
