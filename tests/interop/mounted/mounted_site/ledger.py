"""Flask-SQLAlchemy on the site's Django connection (django_bridge.sqla)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column

from django_bridge.sqla import django_url, engine_options

app = Flask("ledger")
app.config["SQLALCHEMY_DATABASE_URI"] = django_url()
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options()
db = SQLAlchemy(app)


class Entry(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]


@app.post("/entries")
def add() -> tuple[str, int]:
    """One row through Flask-SQLAlchemy (committed by its session), one through the ORM."""
    db.session.add(Entry(text=request.form["text"]))
    db.session.commit()
    Group.objects.create(name=request.form["text"])
    if request.form.get("fail"):
        raise RuntimeError("after both writes")
    return "added", 201
