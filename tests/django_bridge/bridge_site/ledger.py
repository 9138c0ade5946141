"""A Flask-style app writing through SQLAlchemy and the Django ORM in one view."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from django_bridge.sqla import django_engine
from flaskish import Flask, request

from .models import Note

app = Flask("ledger")
engine = django_engine()
#: Django's Note table, as SQLAlchemy sees it.
notes = sa.Table(
    "bridge_site_note",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("text", sa.String(200)),
)


@app.post("/both")
def both() -> tuple[str, int]:
    """One note through SQLAlchemy (committed by its session), one through the ORM."""
    with Session(engine) as session:
        session.execute(notes.insert().values(text=f"sa {request.form['text']}"))
        session.commit()
    Note.objects.create(text=f"orm {request.form['text']}")
    if request.form.get("fail"):
        raise RuntimeError("after both writes")
    return "written", 201


@app.post("/sa-rollback")
def sa_rollback() -> str:
    """The ORM writes, then a SQLAlchemy session writes and rolls back: only its write goes."""
    Note.objects.create(text="orm before the rollback")
    with Session(engine) as session:
        session.execute(notes.insert().values(text="sa rolled back"))
        session.rollback()
    return "rolled back"


@app.post("/read-then-orm")
def read_then_orm() -> str:
    """A session that reads, then an ORM write, then the session closes uncommitted
    (as Flask-SQLAlchemy's teardown does): the ORM's write stays."""
    session = Session(engine)
    count = session.execute(sa.select(sa.func.count()).select_from(notes)).scalar_one()
    Note.objects.create(text=f"orm after reading {count}")
    session.close()
    return "read"
