"""Flask-SQLAlchemy on flaskish, used as its documentation's quickstart shows.

A SQLite file in the app's instance folder, models on ``db.Model``,
``db.session`` scoped to the application context (removed at teardown),
``get_or_404``, ``first_or_404`` and ``paginate`` reading ``page``/``per_page``.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
from flask import Flask, abort, jsonify, redirect, request, url_for
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class User(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(unique=True)
    email: Mapped[str]


def create_app(instance_path: Path) -> Flask:
    app = Flask(__name__, instance_path=str(instance_path))
    # A relative SQLite path lives in the instance folder.
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///project.db"
    db.init_app(app)

    with app.app_context():
        db.create_all()

    @app.route("/users")
    def user_list() -> t.Any:
        page = db.paginate(db.select(User).order_by(User.username), per_page=2)
        return jsonify(
            users=[user.username for user in page],
            page=page.page,
            pages=page.pages,
            total=page.total,
            next=page.next_num,
        )

    @app.route("/users/create", methods=["POST"])
    def user_create() -> t.Any:
        user = User(username=request.form["username"], email=request.form["email"])
        db.session.add(user)
        db.session.commit()
        return redirect(url_for("user_detail", id=user.id))

    @app.route("/user/<int:id>")
    def user_detail(id: int) -> t.Any:
        user = db.get_or_404(User, id)
        return {"id": user.id, "username": user.username, "email": user.email}

    @app.route("/user/by-name/<name>")
    def user_by_name(name: str) -> str:
        user = db.first_or_404(db.select(User).filter_by(username=name))
        return user.email

    @app.route("/user/<int:id>/delete", methods=["POST"])
    def user_delete(id: int) -> t.Any:
        user = db.get_or_404(User, id)
        db.session.delete(user)
        db.session.commit()
        return redirect(url_for("user_list"))

    @app.route("/users/uncommitted", methods=["POST"])
    def uncommitted() -> str:
        db.session.add(User(username="ghost", email="ghost@example.com"))
        db.session.flush()
        abort(409)

    return app


@pytest.fixture
def app(tmp_path: Path) -> t.Iterator[Flask]:
    app = create_app(tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


def add_users(client: t.Any, *names: str) -> None:
    for name in names:
        rv = client.post("/users/create", data={"username": name, "email": f"{name}@example.com"})
        assert rv.status_code == 302


def test_the_database_file_is_in_the_instance_folder(app: Flask, tmp_path: Path) -> None:
    assert (tmp_path / "project.db").is_file()
    with app.app_context():
        assert db.engine.url.database == str(tmp_path / "project.db")


def test_create_then_read(app: Flask) -> None:
    client = app.test_client()
    rv = client.post("/users/create", data={"username": "ada", "email": "ada@example.com"})
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/user/1"
    rv = client.get("/user/1")
    assert rv.json == {"id": 1, "username": "ada", "email": "ada@example.com"}
    assert client.get("/user/by-name/ada").text == "ada@example.com"


def test_missing_rows_are_404(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/user/99").status_code == 404
    assert client.get("/user/by-name/nobody").status_code == 404


def test_delete(app: Flask) -> None:
    client = app.test_client()
    add_users(client, "ada")
    rv = client.post("/user/1/delete")
    assert (rv.status_code, rv.headers["Location"]) == (302, "/users")
    assert client.get("/user/1").status_code == 404


def test_paginate_reads_page_from_the_query_string(app: Flask) -> None:
    client = app.test_client()
    add_users(client, "carl", "ada", "bob")
    assert client.get("/users").json == {
        "users": ["ada", "bob"],
        "page": 1,
        "pages": 2,
        "total": 3,
        "next": 2,
    }
    assert client.get("/users?page=2").json == {
        "users": ["carl"],
        "page": 2,
        "pages": 2,
        "total": 3,
        "next": None,
    }
    assert client.get("/users?page=3").status_code == 404
    # With error_out (the default) a page that is not a number is a 404 too.
    assert client.get("/users?page=x").status_code == 404


def test_the_session_is_removed_at_teardown_so_uncommitted_work_is_lost(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/users/uncommitted").status_code == 409
    assert client.get("/users").json["total"] == 0
    with app.app_context():
        assert db.session.scalars(db.select(User)).all() == []


def test_a_unique_violation_is_a_500_and_leaves_the_next_request_working(app: Flask) -> None:
    client = app.test_client()
    add_users(client, "ada")
    rv = client.post("/users/create", data={"username": "ada", "email": "again@example.com"})
    assert rv.status_code == 500
    assert client.get("/users").json["total"] == 1


def test_session_in_an_app_context_outside_requests(app: Flask) -> None:
    with app.app_context():
        db.session.add(User(username="eve", email="eve@example.com"))
        db.session.commit()
        assert db.session.execute(db.select(User.email)).scalar_one() == "eve@example.com"
    assert app.test_client().get("/user/1").json["username"] == "eve"


def test_the_shell_context_has_db_and_the_models(app: Flask) -> None:
    with app.app_context():
        context = app.make_shell_context()
    assert context["db"] is db
    assert context["User"] is User


def test_recorded_queries(tmp_path: Path) -> None:
    from flask_sqlalchemy.record_queries import get_recorded_queries

    app = Flask(__name__, instance_path=str(tmp_path))
    app.config.update(SQLALCHEMY_DATABASE_URI="sqlite://", SQLALCHEMY_RECORD_QUERIES=True)
    db.init_app(app)

    @app.route("/count")
    def count() -> str:
        db.create_all()
        db.session.scalars(db.select(User)).all()
        statements = [q.statement for q in get_recorded_queries()]
        return str(sum(s.startswith("SELECT") and "FROM user" in s for s in statements))

    assert app.test_client().get("/count").text == "1"
    with app.app_context():
        db.engine.dispose()
