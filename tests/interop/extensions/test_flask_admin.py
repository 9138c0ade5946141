"""Flask-Admin on flaskish, used as its documentation shows.

``Admin(app)`` with a ``ModelView`` over a Flask-SQLAlchemy model (SQLite in
memory): the index, the list view, creating a record through the form, editing
it, and the list's search.
"""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class User(db.Model):  # type: ignore[name-defined, misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(120))


class UserView(ModelView):
    column_searchable_list = ["name", "email"]


@pytest.fixture
def app() -> t.Iterator[Flask]:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="admin test key", SQLALCHEMY_DATABASE_URI="sqlite://")
    db.init_app(app)
    # Flask-Babel is installed in this environment, so Flask-Admin translates
    # through it and needs it initialised (as it would on Flask).
    Babel(app)
    admin = Admin(app, name="microblog")
    with app.app_context():
        db.create_all()
        admin.add_view(UserView(User, db))
        db.session.add(User(name="Ann", email="ann@example.com"))
        db.session.commit()
        yield app
        db.session.remove()
        db.drop_all()


def test_index_and_list_view(app: Flask) -> None:
    client = app.test_client()
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "microblog" in index.text
    assert 'href="/admin/user/"' in index.text
    listing = client.get("/admin/user/")
    assert listing.status_code == 200
    assert "ann@example.com" in listing.text


def test_create_edit_and_search(app: Flask) -> None:
    client = app.test_client()
    form = client.get("/admin/user/new/")
    assert form.status_code == 200
    assert 'name="email"' in form.text
    created = client.post("/admin/user/new/", data={"name": "Bob", "email": "bob@example.com"})
    assert created.status_code == 302
    bob = db.session.execute(db.select(User).filter_by(name="Bob")).scalar_one()
    assert bob.email == "bob@example.com"

    edited = client.post(
        f"/admin/user/edit/?id={bob.id}", data={"name": "Bob", "email": "robert@example.com"}
    )
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, bob.id).email == "robert@example.com"

    found = client.get("/admin/user/?search=robert")
    assert "robert@example.com" in found.text
    assert "ann@example.com" not in found.text
