"""An app with routes, its own commands and blueprint command groups."""

import click

from flaskish import Blueprint, Flask, current_app

app = Flask("commands_app")


@app.route("/")
def index() -> str:
    return "index"


@app.route("/users/<int:user_id>", methods=["POST", "PUT"])
def user(user_id: int) -> str:
    return "user"


@app.cli.command()
@click.argument("name")
def greet(name: str) -> None:
    """Greet someone from inside the app context."""
    click.echo(f"Hello, {name}, from {current_app.name}!")


admin = Blueprint("admin", __name__)


@admin.cli.command("create-user")
def create_user() -> None:
    click.echo(f"created by {current_app.name}")


@admin.route("/admin")
def dashboard() -> str:
    return "admin"


app.register_blueprint(admin, subdomain="manage")
