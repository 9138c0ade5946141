"""App factories: plain, with arguments, raising, and returning the wrong thing."""

from flaskish import Flask


def create_app() -> Flask:
    return Flask("factory_app")


def make_named(name: str, *, debug: bool = False) -> Flask:
    app = Flask(name)
    app.config["FACTORY_DEBUG_ARG"] = debug
    return app


def raising() -> Flask:
    raise RuntimeError("the database is not configured")


def not_an_app() -> str:
    return "nope"


def inner_type_error() -> Flask:
    return len(5)  # type: ignore[arg-type,return-value]
