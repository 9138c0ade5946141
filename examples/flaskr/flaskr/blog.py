"""Posts: everyone reads them, signed-in users write them, only authors change them."""

from __future__ import annotations

import sqlite3

from flaskish import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from .auth import login_required
from .db import get_db

bp = Blueprint("blog", __name__)


@bp.route("/")
def index():
    posts = (
        get_db()
        .execute(
            "SELECT p.id, title, body, created, author_id, username"
            " FROM post p JOIN user u ON p.author_id = u.id"
            " ORDER BY created DESC, p.id DESC"
        )
        .fetchall()
    )
    return render_template("blog/index.html", posts=posts)


def get_post(id: int, check_author: bool = True) -> sqlite3.Row:
    """The post ``id`` with its author's name; 404 if missing, 403 if not the user's own."""
    post = (
        get_db()
        .execute(
            "SELECT p.id, title, body, created, author_id, username"
            " FROM post p JOIN user u ON p.author_id = u.id"
            " WHERE p.id = ?",
            (id,),
        )
        .fetchone()
    )
    if post is None:
        abort(404, f"There is no post {id}.")
    if check_author and post["author_id"] != g.user["id"]:
        abort(403)
    return post


def _submitted_post() -> tuple[str, str] | None:
    """The form's title and body, or ``None`` (with the reason flashed) if they won't do."""
    title = request.form["title"].strip()
    if not title:
        flash("A post needs a title.")
        return None
    return title, request.form["body"]


def _write(sql: str, params: tuple[object, ...]) -> None:
    db = get_db()
    db.execute(sql, params)
    db.commit()


@bp.route("/create", methods=("GET", "POST"))
@login_required
def create():
    if request.method == "POST" and (post := _submitted_post()) is not None:
        _write("INSERT INTO post (title, body, author_id) VALUES (?, ?, ?)", (*post, g.user["id"]))
        return redirect(url_for("blog.index"))
    return render_template("blog/create.html")


@bp.route("/<int:id>/update", methods=("GET", "POST"))
@login_required
def update(id: int):
    post = get_post(id)
    if request.method == "POST" and (edited := _submitted_post()) is not None:
        _write("UPDATE post SET title = ?, body = ? WHERE id = ?", (*edited, id))
        return redirect(url_for("blog.index"))
    return render_template("blog/update.html", post=post)


@bp.route("/<int:id>/delete", methods=("POST",))
@login_required
def delete(id: int):
    get_post(id)
    _write("DELETE FROM post WHERE id = ?", (id,))
    return redirect(url_for("blog.index"))
