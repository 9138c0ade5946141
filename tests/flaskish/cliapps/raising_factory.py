"""A ``create_app`` factory that fails while building the app."""

from flaskish import Flask


def create_app() -> Flask:
    raise RuntimeError("the database is not configured")
