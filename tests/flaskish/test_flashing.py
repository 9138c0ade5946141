"""Message flashing through the session."""

from __future__ import annotations

from flaskish import flash, get_flashed_messages, message_flashed, redirect


def test_flash_then_show_on_next_request(app, client):
    @app.route("/do")
    def do():
        flash("Saved.")
        flash("Disk almost full.", "warning")
        return redirect("/show")

    @app.route("/show")
    def show():
        first = get_flashed_messages()
        again = get_flashed_messages(with_categories=True)
        return {"first": first, "again": again}

    rv = client.get("/do", follow_redirects=True)
    assert rv.json == {
        "first": ["Saved.", "Disk almost full."],
        "again": [["message", "Saved."], ["warning", "Disk almost full."]],
    }
    assert client.get("/show").json == {"first": [], "again": []}


def test_category_filter(app, client):
    @app.route("/do")
    def do():
        flash("a", "info")
        flash("b", "error")
        flash("c", "error")
        return ""

    @app.route("/errors")
    def errors():
        return {"errors": get_flashed_messages(category_filter=["error"])}

    client.get("/do")
    assert client.get("/errors").json == {"errors": ["b", "c"]}


def test_message_flashed_signal(app, client):
    recorded = []

    def record(sender, message, category, **extra):
        recorded.append((sender, message, category))

    @app.route("/do")
    def do():
        flash("hello", "info")
        return ""

    with message_flashed.connected_to(record, app):
        client.get("/do")
    assert recorded == [(app, "hello", "info")]
