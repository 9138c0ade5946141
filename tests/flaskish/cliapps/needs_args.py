"""A ``create_app`` factory that cannot be called without arguments."""

from flaskish import Flask


def create_app(config_name: str) -> Flask:
    return Flask(config_name)
