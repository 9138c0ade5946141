"""A Flask-style blog mounted at /blog/ in the test site."""

from __future__ import annotations

from flaskish import Blueprint, Flask, abort, current_app, request, session, url_for

app = Flask("blog")

auth = Blueprint("auth", __name__, url_prefix="/auth")


@auth.route("/login", methods=["GET", "POST"])
def login():
    return f"login form at {url_for('auth.login')}"


app.register_blueprint(auth)


@app.route("/")
def index():
    return {
        "script_root": request.script_root,
        "path": request.path,
        "url": request.url,
        "self": url_for("index"),
        "post": url_for("post", post_id=7),
        "django_home": url_for("home"),
        "stamp": getattr(request.django, "stamp", None),
    }


@app.route("/posts/<int:post_id>")
def post(post_id):
    if post_id > 100:
        abort(404)
    return f"post {post_id}"


@app.route("/only-post", methods=["POST"])
def only_post():
    return "posted"


@app.route("/session")
def show_session():
    session["visits"] = session.get("visits", 0) + 1
    return str(session["visits"])


@app.route("/login/<name>")
def login_as(name):
    session.clear()
    session["user"] = name
    return f"blog login {name}"


@app.route("/whoami")
def whoami():
    return f"blog sees {session.get('user', 'anonymous')}"


@app.route("/user")
def user():
    user = request.user
    return "anonymous" if user.is_anonymous else user.get_username()


@app.post("/django-user")
def django_user():
    from django_bridge.auth import current_user

    return current_user.get_username() or "anonymous"


@app.route("/debug")
def debug():
    return {"debug": current_app.debug}


@app.route("/links")
def links():
    return {
        "admin_page": url_for("admin:index", page=2),
        "home_anchor": url_for("home", page=2, _anchor="top"),
        "external": url_for("admin:index", page=2, _external=True),
        "https": url_for("admin:index", _scheme="https", _external=True),
        "with_kwargs": url_for("admin:app_list", app_label="auth", q="x y"),
    }


@app.route("/bad-link")
def bad_link():
    from flaskish.routing import BuildError

    try:
        return url_for("nowhere", page=2)
    except BuildError as error:
        return str(error)


@app.route("/crash")
def crash():
    raise RuntimeError("unhandled in blog")


@app.errorhandler(404)
def not_found(error):
    return "blog 404", 404
