"""Unmodified Flask code: it imports ``flask``, never ``flaskish``."""

from __future__ import annotations

import flask
from flask import Flask, url_for

app = Flask("plain_flask")


@app.route("/")
def index():
    return f"{flask.__name__} via {type(app).__module__} at {url_for('index')}"
