"""A flaskish app using the Django ORM, CSRF, static folders and CLI commands, mounted at /notes/."""

from __future__ import annotations

import click

from flaskish import (
    Blueprint,
    Flask,
    current_app,
    render_template,
    render_template_string,
    request,
    url_for,
)

from .models import Note

app = Flask(__name__, static_folder="notes_static", template_folder="notes_templates")

widgets = Blueprint(
    "widgets", __name__, static_folder="widgets_static", url_prefix="/widgets", cli_group="widgets"
)


@widgets.route("/asset")
def widget_asset():
    return url_for(".static", filename="widget.js")


@widgets.cli.command("count")
@click.option("--times", default=1, type=int, help="How often to count.")
def count_widgets(times):
    click.echo(" ".join(["widget"] * times) + f" in {current_app.name}")


app.register_blueprint(widgets)


@app.get("/")
def list_notes():
    return [note.text for note in Note.objects.order_by("pk")]


@app.post("/")
def create_note():
    note = Note.objects.create(text=request.form["text"])
    return {"id": note.pk}, 201


@app.post("/fail")
def create_then_fail():
    Note.objects.create(text=request.form["text"])
    raise RuntimeError("failed after writing")


@app.get("/form")
def form():
    return render_template("form.html")


@app.get("/styled")
def styled():
    return render_template_string("{{ url_for('static', filename='css/notes.css') }}")


@app.get("/asset")
def asset():
    return {
        "css": url_for("static", filename="css/notes.css"),
        "external": url_for("static", filename="css/notes.css", _external=True, v="2"),
    }


@app.cli.command("greet")
@click.argument("name")
@click.option("--shout", is_flag=True, help="Greet loudly.")
def greet(name, shout):
    text = f"hello {name} from {current_app.name}"
    click.echo(text.upper() if shout else text)


@app.cli.command("add-note")
@click.argument("text")
def add_note(text):
    Note.objects.create(text=text)
    click.echo(f"{Note.objects.count()} notes")


@app.shell_context_processor
def shell_context():
    return {"Note": Note, "greeting": "hello from the notes shell"}
