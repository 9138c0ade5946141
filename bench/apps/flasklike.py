"""The benchmark app in Flask's API, built from either ``flask`` or ``flaskish``.

One source for both, so the comparison is the same code on two frameworks.
"""

from __future__ import annotations

import typing as t
from types import ModuleType

from . import data


def create_app(fl: ModuleType) -> t.Any:
    """The app with every benchmarked endpoint, on framework module ``fl``."""
    app = fl.Flask("bench_app", root_path=data.APPS_DIR)
    app.config["SECRET_KEY"] = data.SECRET_KEY

    @app.route("/hello")
    def hello() -> str:
        return data.HELLO

    @app.route("/users/<int:user_id>")
    def user(user_id: int) -> t.Any:
        return fl.jsonify(data.user(user_id))

    @app.route("/page")
    def page() -> str:
        return fl.render_template("page.html", title="Items", items=data.ITEMS)  # type: ignore[no-any-return]

    @app.route("/form", methods=["POST"])
    def form() -> str:
        return data.echo(fl.request.form)

    @app.route("/session")
    def session() -> str:
        visits = fl.session.get("visits", 0) + 1
        fl.session["visits"] = visits
        return str(visits)

    @app.route("/posts/<int:year>/<int:month>/<slug>")
    def post(year: int, month: int, slug: str) -> str:
        return f"{year}/{month}/{slug}"

    @app.route("/link")
    def link() -> str:
        return fl.url_for("post", **data.POST_VALUES)  # type: ignore[no-any-return]

    shop = fl.Blueprint("shop", __name__, url_prefix="/shop")

    @shop.route("/items/<int:item_id>")
    def item(item_id: int) -> str:
        return f"Item {item_id}"

    app.register_blueprint(shop)
    return app


def create_table(fl: ModuleType, rules: int) -> t.Any:
    """An app of ``rules`` parametrized rules ``/r{i}/<int:x>`` (route-table scaling)."""
    app = fl.Flask("bench_table", root_path=data.APPS_DIR)

    def view(x: int) -> str:
        return "ok"

    for i in range(rules):
        app.add_url_rule(f"/r{i}/<int:x>", f"r{i}", view)
    return app
