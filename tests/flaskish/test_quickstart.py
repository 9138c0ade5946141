"""Flask's quickstart, section by section, with ``from flaskish import ...``.

Each test follows one section of the quickstart and asserts what the
quickstart says the reader will see.
"""

from __future__ import annotations

import io

import pytest
from markupsafe import escape

from flaskish import (
    Flask,
    abort,
    jsonify,
    make_response,
    redirect,
    request,
    session,
    url_for,
)


@pytest.fixture
def qs_app():
    app = Flask("quickstart")
    app.secret_key = b"_5#y2L'F4Q8z\n\xec]/"
    return app


def test_a_minimal_application(qs_app):
    @qs_app.route("/")
    def hello_world():
        return "<p>Hello, World!</p>"

    rv = qs_app.test_client().get("/")
    assert rv.status == "200 OK"
    assert rv.data == b"<p>Hello, World!</p>"
    assert rv.mimetype == "text/html"


def test_html_escaping(qs_app):
    @qs_app.route("/<name>")
    def hello(name):
        return f"Hello, {escape(name)}!"

    rv = qs_app.test_client().get("/<script>alert('bad')")
    assert rv.data == b"Hello, &lt;script&gt;alert(&#39;bad&#39;)!"


def test_routing(qs_app):
    @qs_app.route("/")
    def index():
        return "Index Page"

    @qs_app.route("/hello")
    def hello():
        return "Hello, World"

    client = qs_app.test_client()
    assert client.get("/").data == b"Index Page"
    assert client.get("/hello").data == b"Hello, World"


def test_variable_rules(qs_app):
    @qs_app.route("/user/<username>")
    def show_user_profile(username):
        return f"User {escape(username)}"

    @qs_app.route("/post/<int:post_id>")
    def show_post(post_id):
        return f"Post {post_id} ({type(post_id).__name__})"

    @qs_app.route("/path/<path:subpath>")
    def show_subpath(subpath):
        return f"Subpath {escape(subpath)}"

    client = qs_app.test_client()
    assert client.get("/user/ann").data == b"User ann"
    assert client.get("/post/42").data == b"Post 42 (int)"
    assert client.get("/post/abc").status_code == 404
    assert client.get("/path/a/b/c").data == b"Subpath a/b/c"


def test_unique_urls_and_redirection_behavior(qs_app):
    @qs_app.route("/projects/")
    def projects():
        return "The project page"

    @qs_app.route("/about")
    def about():
        return "The about page"

    client = qs_app.test_client()
    rv = client.get("/projects")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/projects/"
    assert client.get("/projects", follow_redirects=True).data == b"The project page"
    assert client.get("/about").data == b"The about page"
    assert client.get("/about/").status_code == 404


def test_url_building(qs_app):
    @qs_app.route("/")
    def index():
        return "index"

    @qs_app.route("/login")
    def login():
        return "login"

    @qs_app.route("/user/<username>")
    def profile(username):
        return f"{username}'s profile"

    with qs_app.test_request_context():
        assert url_for("index") == "/"
        assert url_for("login") == "/login"
        assert url_for("login", next="/") == "/login?next=/"
        assert url_for("profile", username="John Doe") == "/user/John%20Doe"


def test_http_methods(qs_app):
    @qs_app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "POST":
            return "do_the_login"
        return "show_the_login_form"

    client = qs_app.test_client()
    assert client.get("/login").data == b"show_the_login_form"
    assert client.post("/login").data == b"do_the_login"
    assert client.delete("/login").status_code == 405


def test_http_method_decorators(qs_app):
    @qs_app.get("/login")
    def login_get():
        return "form"

    @qs_app.post("/login")
    def login_post():
        return "login"

    client = qs_app.test_client()
    assert client.get("/login").data == b"form"
    assert client.post("/login").data == b"login"


def test_static_files_url(qs_app):
    with qs_app.test_request_context():
        assert url_for("static", filename="style.css") == "/static/style.css"


def test_accessing_request_data_with_a_test_request_context(qs_app):
    with qs_app.test_request_context("/hello", method="POST"):
        assert request.path == "/hello"
        assert request.method == "POST"


def test_the_request_object(qs_app):
    def valid_login(username, password):
        return password == "secret"

    @qs_app.route("/login", methods=["POST", "GET"])
    def login():
        error = None
        if request.method == "POST":
            if valid_login(request.form["username"], request.form["password"]):
                return f"Welcome {request.form['username']}"
            error = "Invalid username/password"
        return f"form error={error} search={request.args.get('key', '')}"

    client = qs_app.test_client()
    assert client.post("/login", data={"username": "ann", "password": "secret"}).data == (
        b"Welcome ann"
    )
    assert client.post("/login", data={"username": "ann", "password": "x"}).data == (
        b"form error=Invalid username/password search="
    )
    assert client.get("/login?key=flask").data == b"form error=None search=flask"
    assert client.post("/login", data={"username": "ann"}).status_code == 400


def test_file_uploads(qs_app, tmp_path):
    @qs_app.route("/upload", methods=["GET", "POST"])
    def upload_file():
        if request.method == "POST":
            f = request.files["the_file"]
            f.save(tmp_path / f"uploaded_{f.filename}")
            return f"saved {f.filename} as {f.mimetype}"
        return "form"

    rv = qs_app.test_client().post(
        "/upload",
        data={"the_file": (io.BytesIO(b"file contents"), "notes.txt", "text/plain")},
    )
    assert rv.data == b"saved notes.txt as text/plain"
    assert (tmp_path / "uploaded_notes.txt").read_bytes() == b"file contents"


def test_cookies(qs_app):
    @qs_app.route("/")
    def index():
        username = request.cookies.get("username")
        return f"username={username}"

    @qs_app.route("/set")
    def set_cookie():
        resp = make_response("cookie set")
        resp.set_cookie("username", "the username")
        return resp

    client = qs_app.test_client()
    assert client.get("/").data == b"username=None"
    rv = client.get("/set")
    assert rv.headers["Set-Cookie"] == 'username="the username"; Path=/'
    assert client.get_cookie("username").decoded_value == "the username"
    assert client.get("/").data == b"username=the username"


def test_redirects_and_errors(qs_app):
    @qs_app.route("/")
    def index():
        return redirect(url_for("login"))

    @qs_app.route("/login")
    def login():
        abort(401)

    client = qs_app.test_client()
    rv = client.get("/")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/login"
    assert client.get("/login").status_code == 401


def test_custom_error_page(qs_app):
    @qs_app.errorhandler(404)
    def page_not_found(error):
        return "<h1>Page not found</h1>", 404

    rv = qs_app.test_client().get("/nowhere")
    assert rv.status_code == 404
    assert rv.data == b"<h1>Page not found</h1>"


def test_about_responses(qs_app):
    @qs_app.errorhandler(404)
    def not_found(error):
        resp = make_response("error page", 404)
        resp.headers["X-Something"] = "A value"
        return resp

    @qs_app.route("/me")
    def me_api():
        return {"username": "ann", "theme": "dark", "image": url_for("static", filename="a.png")}

    @qs_app.route("/users")
    def users_api():
        return [{"id": 1}, {"id": 2}]

    @qs_app.route("/tuple")
    def with_tuple():
        return "created", 201, {"X-Id": "7"}

    @qs_app.route("/jsonify")
    def with_jsonify():
        return jsonify(a=1, b=[1, 2])

    client = qs_app.test_client()
    rv = client.get("/missing")
    assert (rv.status_code, rv.data, rv.headers["X-Something"]) == (404, b"error page", "A value")
    rv = client.get("/me")
    assert rv.mimetype == "application/json"
    assert rv.json == {"username": "ann", "theme": "dark", "image": "/static/a.png"}
    assert client.get("/users").json == [{"id": 1}, {"id": 2}]
    rv = client.get("/tuple")
    assert (rv.status_code, rv.data, rv.headers["X-Id"]) == (201, b"created", "7")
    assert client.get("/jsonify").data == b'{"a":1,"b":[1,2]}\n'


def test_sessions(qs_app):
    @qs_app.route("/")
    def index():
        if "username" in session:
            return f"Logged in as {session['username']}"
        return "You are not logged in"

    @qs_app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "POST":
            session["username"] = request.form["username"]
            return redirect(url_for("index"))
        return "form"

    @qs_app.route("/logout")
    def logout():
        session.pop("username", None)
        return redirect(url_for("index"))

    client = qs_app.test_client()
    assert client.get("/").data == b"You are not logged in"
    rv = client.post("/login", data={"username": "ann"}, follow_redirects=True)
    assert rv.data == b"Logged in as ann"
    assert client.get_cookie("session") is not None
    assert client.get("/logout", follow_redirects=True).data == b"You are not logged in"
    assert client.get_cookie("session") is None


def test_session_needs_a_secret_key():
    app = Flask("nokey")
    app.testing = True

    @app.route("/")
    def index():
        session["x"] = 1
        return ""

    with pytest.raises(RuntimeError, match="no secret key was set"):
        app.test_client().get("/")


def test_logging(qs_app, caplog):
    @qs_app.route("/")
    def index():
        qs_app.logger.warning("A warning occurred (%d apples)", 42)
        return ""

    with caplog.at_level("WARNING", logger="quickstart"):
        qs_app.test_client().get("/")
    assert "A warning occurred (42 apples)" in caplog.text
