"""An app known only through FLASKISH_APPS, made by a factory: CLI commands, no mount."""

from __future__ import annotations

import click

from flaskish import Flask, current_app


def create_app():
    app = Flask(__name__)

    @app.cli.command("hello")
    @click.option("--name", default="world")
    def hello(name):
        click.echo(f"hello {name} from {current_app.import_name}")

    return app
