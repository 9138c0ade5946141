"""Flask-WTF on flaskish, used as its documentation shows.

``FlaskForm`` with ``validate_on_submit`` and the CSRF token in the session,
global ``CSRFProtect`` (form field, ``X-CSRFToken`` header, ``exempt``, the
``CSRFError`` handler), JSON bodies, and file uploads with ``FileField``.
"""

from __future__ import annotations

import io
import re
import typing as t
from pathlib import Path

import flask
import pytest
from flask import Flask, redirect, render_template_string, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired

from flaskish.security import secure_filename

SUBMIT_TEMPLATE = """<form method="POST" action="/submit">
{{ form.csrf_token }}
{{ form.name.label }} {{ form.name(size=20) }}
{% for error in form.name.errors %}<p class="error">{{ error }}</p>{% endfor %}
</form>"""


class MyForm(FlaskForm):
    name = StringField("name", validators=[DataRequired()])


class PhotoForm(FlaskForm):
    photo = FileField(validators=[FileRequired(), FileAllowed(["jpg", "png"], "Images only!")])


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match is not None, html
    return match.group(1)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = Flask(__name__, instance_path=str(tmp_path))
    app.config["SECRET_KEY"] = "a secret"

    @app.route("/submit", methods=["GET", "POST"])
    def submit() -> t.Any:
        form = MyForm()
        if form.validate_on_submit():
            return redirect(url_for("success", name=form.name.data))
        return render_template_string(SUBMIT_TEMPLATE, form=form)

    @app.route("/success")
    def success() -> str:
        return f"Thanks, {flask.request.args['name']}!"

    @app.route("/upload", methods=["GET", "POST"])
    def upload() -> t.Any:
        form = PhotoForm()
        if form.validate_on_submit():
            f = form.photo.data
            filename = secure_filename(f.filename)
            f.save(Path(app.instance_path) / filename)
            return filename
        return render_template_string(
            "{{ form.csrf_token }}{{ form.photo.errors|join(';') }}", form=form
        ), 400

    return app


def test_form_renders_a_csrf_token_tied_to_the_session(app: Flask) -> None:
    client = app.test_client()
    rv = client.get("/submit")
    assert rv.status_code == 200
    token = csrf_token_in(rv.text)
    assert '<input id="name" name="name" required size="20" type="text" value="">' in rv.text
    assert client.get_cookie("session") is not None
    # Same session, same token.
    assert csrf_token_in(client.get("/submit").text) == token


def test_valid_post_with_the_token_validates(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token_in(client.get("/submit").text)
    rv = client.post("/submit", data={"csrf_token": token, "name": "Ada"}, follow_redirects=True)
    assert (rv.status_code, rv.text) == (200, "Thanks, Ada!")
    assert rv.request.path == "/success"


def test_missing_field_shows_the_validation_error(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token_in(client.get("/submit").text)
    rv = client.post("/submit", data={"csrf_token": token, "name": ""})
    assert rv.status_code == 200
    assert '<p class="error">This field is required.</p>' in rv.text


@pytest.mark.parametrize("token", [None, "forged", "from-another-session"])
def test_post_without_the_sessions_token_does_not_validate(app: Flask, token: str | None) -> None:
    client = app.test_client()
    client.get("/submit")
    if token == "from-another-session":
        token = csrf_token_in(app.test_client().get("/submit").text)
    data = {"name": "Ada"} if token is None else {"name": "Ada", "csrf_token": token}
    rv = client.post("/submit", data=data)
    assert rv.status_code == 200
    assert "Thanks" not in rv.text


def test_file_upload_with_file_field(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    token = csrf_token_in(client.get("/upload").text)
    rv = client.post(
        "/upload",
        data={"csrf_token": token, "photo": (io.BytesIO(b"\x89PNG data"), "../My Photo.png")},
    )
    assert (rv.status_code, rv.text) == (200, "My_Photo.png")
    assert (tmp_path / "My_Photo.png").read_bytes() == b"\x89PNG data"


def test_file_field_rejects_a_missing_file_and_a_wrong_extension(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token_in(client.get("/upload").text)
    rv = client.post("/upload", data={"csrf_token": token})
    assert rv.status_code == 400
    assert rv.text.endswith("This field is required.")
    rv = client.post(
        "/upload", data={"csrf_token": token, "photo": (io.BytesIO(b"MZ"), "tool.exe")}
    )
    assert rv.status_code == 400
    assert rv.text.endswith("Images only!")


def make_protected_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "a secret"
    csrf = CSRFProtect(app)

    @app.route("/token")
    def token() -> str:
        return render_template_string("{{ csrf_token() }}")

    @app.post("/api/items")
    def create_item() -> tuple[dict[str, t.Any], int]:
        return {"created": flask.request.get_json()}, 201

    @app.post("/form")
    def form_post() -> str:
        return "posted " + flask.request.form["x"]

    @app.post("/webhook")
    @csrf.exempt
    def webhook() -> str:
        return "hook"

    @app.errorhandler(CSRFError)
    def handle_csrf_error(e: CSRFError) -> tuple[str, int]:
        return f"CSRF: {e.description}", 400

    return app


def test_csrf_protect_refuses_a_post_without_a_token() -> None:
    client = make_protected_app().test_client()
    rv = client.post("/form", data={"x": "1"})
    assert (rv.status_code, rv.text) == (400, "CSRF: The CSRF token is missing.")
    rv = client.post("/api/items", json={"a": 1})
    assert (rv.status_code, rv.text) == (400, "CSRF: The CSRF token is missing.")


def test_csrf_protect_accepts_the_token_as_field_or_header() -> None:
    client = make_protected_app().test_client()
    token = client.get("/token").text
    rv = client.post("/form", data={"x": "1", "csrf_token": token})
    assert (rv.status_code, rv.text) == (200, "posted 1")
    rv = client.post("/api/items", json={"a": 1}, headers={"X-CSRFToken": token})
    assert (rv.status_code, rv.json) == (201, {"created": {"a": 1}})


def test_csrf_protect_refuses_a_token_without_its_session() -> None:
    app = make_protected_app()
    token = app.test_client().get("/token").text
    rv = app.test_client().post("/form", data={"x": "1", "csrf_token": token})
    assert (rv.status_code, rv.text) == (400, "CSRF: The CSRF session token is missing.")


def test_csrf_protect_refuses_a_bad_token() -> None:
    client = make_protected_app().test_client()
    client.get("/token")
    rv = client.post("/form", data={"x": "1", "csrf_token": "forged"})
    assert (rv.status_code, rv.text) == (400, "CSRF: The CSRF token is invalid.")


def test_csrf_exempt_view_and_safe_methods() -> None:
    client = make_protected_app().test_client()
    assert client.post("/webhook").text == "hook"
    assert client.get("/token").status_code == 200


def test_csrf_error_without_a_handler_is_a_400() -> None:
    app = make_protected_app()
    app.error_handler_spec[None][None].clear()
    rv = app.test_client().post("/form", data={"x": "1"})
    assert rv.status_code == 400
    assert "The CSRF token is missing." in rv.text
