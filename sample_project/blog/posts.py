"""The tutorial's ``blog`` blueprint (named ``posts`` here), on the Django ORM."""

from __future__ import annotations

import typing as t
import uuid
from collections.abc import Iterator

from django_bridge.auth import current_user
from flaskish import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    json,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from posts.models import Post

from .auth import login_required

bp = Blueprint("posts", __name__)


@bp.route("/")
def index() -> t.Any:
    """Every post, newest first.

    Step 3 of the migration: on the site, ``/blog/`` is served by the Django
    view ``posts.views.index`` now, listed before this app's mount in
    ``sample_site/urls.py``.  This view stays until the Django one has proved
    itself (removing that URLconf line rolls back); then it goes, and the
    rule stays, view-less, so ``url_for("posts.index")`` and
    ``{% url "blog:posts.index" %}`` keep building ``/blog/``::

        bp.add_url_rule("/", endpoint="index")
    """
    posts = Post.objects.select_related("author")
    return render_template("posts/index.html", posts=posts)


def get_post(id: int, check_author: bool = True) -> Post:
    """The post with this id; 404 if there is none, 403 if it is someone else's."""
    post = Post.objects.select_related("author").filter(pk=id).first()
    if post is None:
        abort(404, f"Post id {id} doesn't exist.")
    if check_author and post.author_id != current_user.pk:
        abort(403)
    return post


def post_data(post: Post) -> dict[str, t.Any]:
    """A post as JSON-ready data: one shape for the JSON view and the export."""
    return {
        "id": post.pk,
        "title": post.title,
        "body": post.body,
        "author": post.author.get_username(),
        "created": post.created.isoformat(),
    }


@bp.get("/<int:id>.json")
def show_json(id: int) -> dict[str, t.Any]:
    """One post as JSON; posts are public, so no login and no author check."""
    return post_data(get_post(id, check_author=False))


EXPORT_PAGE_SIZE = 50


def iter_posts(page_size: int = EXPORT_PAGE_SIZE) -> Iterator[Post]:
    """Every post, highest id first, one query per page.

    No database cursor stays open between pages, so a client that reads the
    export slowly holds no SQLite read lock that would make writers wait.
    """
    posts = Post.objects.select_related("author").order_by("-pk")
    page = list(posts[:page_size])
    while page:
        yield from page
        if len(page) < page_size:
            return
        page = list(posts.filter(pk__lt=page[-1].pk)[:page_size])


@bp.get("/export.ndjson")
def export() -> Response:
    """Every post, one JSON document a line, streamed so a large blog is never held in memory."""
    lines = (json.dumps(post_data(post)) + "\n" for post in iter_posts())
    return current_app.response_class(stream_with_context(lines), mimetype="application/x-ndjson")


@bp.post("/digest")
@login_required
def start_digest() -> tuple[dict[str, t.Any], int]:
    """Have the Celery worker write a digest post; poll ``GET /blog/digest/<key>`` for it.

    ``key`` (a form field, else a new one) names the digest: a repeated request with
    the same key makes no second post.
    """
    from posts.tasks import write_digest

    key = request.form.get("key", "").strip() or uuid.uuid4().hex
    result = write_digest.delay(current_user.pk, key)
    return {"task": result.id, "key": key}, 202


@bp.get("/digest/<key>")
def show_digest(key: str) -> dict[str, t.Any]:
    """The digest post named ``key`` once the worker has written it; 404 until then."""
    post = Post.objects.select_related("author").filter(title=f"Digest {key}").first()
    if post is None:
        abort(404, f"No digest {key!r} yet.")
    return post_data(post)


def read_form() -> tuple[str, str, str | None]:
    """The title and body from the form, and the error to flash if any."""
    title = request.form["title"].strip()
    body = request.form["body"]
    return title, body, None if title else "Title is required."


@bp.route("/create", methods=("GET", "POST"))
@login_required
def create() -> t.Any:
    if request.method == "POST":
        title, body, error = read_form()
        if error is None:
            Post.objects.create(author_id=current_user.pk, title=title, body=body)
            return redirect(url_for("posts.index"))
        flash(error)
    return render_template("posts/create.html")


@bp.route("/<int:id>/update", methods=("GET", "POST"))
@login_required
def update(id: int) -> t.Any:
    post = get_post(id)
    if request.method == "POST":
        title, body, error = read_form()
        if error is None:
            post.title, post.body = title, body
            post.save(update_fields=["title", "body"])
            return redirect(url_for("posts.index"))
        flash(error)
    return render_template("posts/update.html", post=post)


@bp.post("/<int:id>/delete")
@login_required
def delete(id: int) -> t.Any:
    get_post(id).delete()
    return redirect(url_for("posts.index"))
