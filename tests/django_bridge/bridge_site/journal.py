"""A Flask-style journal, moved to Django one endpoint at a time (see migrate_urls)."""

from __future__ import annotations

import os

from flaskish import (
    Blueprint,
    Flask,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)

app = Flask("journal", root_path=os.path.dirname(__file__), template_folder="journal_templates")
app.config["SECRET_KEY"] = None
# What an extension's init_app leaves; migration-status lists it.
app.extensions["journal.ledger"] = object()

posts = Blueprint("posts", __name__, url_prefix="/posts", template_folder="journal_posts_templates")
ENTRIES = ["first", "second"]


@app.before_request
def load_reader() -> None:
    g.reader = request.args.get("reader", "guest")


@app.errorhandler(404)
def not_found(error: Exception) -> tuple[str, int]:
    return "journal 404", 404


@app.context_processor
def site_name() -> dict[str, str]:
    return {"site_name": "The Journal"}


@posts.context_processor
def section() -> dict[str, str]:
    return {"section": "posts"}


@app.template_filter("shout")
def shout(value: str) -> str:
    return value.upper() + "!"


@app.template_global("entry_count")
def entry_count() -> int:
    return len(ENTRIES)


@posts.get("/")
def index() -> str:
    return render_template("posts/index.html", entries=ENTRIES)


@posts.post("/")
def create() -> object:
    ENTRIES.append(request.form["title"])
    flash(f"created {request.form['title']}", "success")
    return redirect(url_for("posts.index"))


@posts.route("/<int:entry_id>", methods=["GET", "POST"])
def show(entry_id: int) -> str:
    return f"flask shows {entry_id} ({request.method})"


@posts.route("/flash/<text>")
def flash_it(text: str) -> str:
    flash(text, "warning")
    return "flashed"


@posts.route("/note/<text>")
def note(text: str) -> str:
    flash(text)
    return "noted"


@posts.route("/flashes")
def flashes() -> dict[str, object]:
    return {"flashes": get_flashed_messages(with_categories=True)}


app.register_blueprint(posts)


@app.route("/")
def front() -> str:
    return f"journal home; posts at {url_for('posts.index')}"
