"""A small blog in the shape of the Flask 3 tutorial, built on flaskish.

``create_app`` is the application factory: ``flaskish --app flaskr init-db`` and
``flaskish --app flaskr run --debug`` find it by name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flaskish import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build and configure an app; ``test_config`` replaces the instance config file."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        # Deployments override this in instance/config.py.
        SECRET_KEY="dev only: not a secret",
        DATABASE=os.path.join(app.instance_path, "flaskr.sqlite"),
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)

    os.makedirs(app.instance_path, exist_ok=True)

    @app.route("/ping")
    def ping() -> str:
        return "pong"

    from . import auth, blog, db

    db.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(blog.bp)
    # The blog's index is the site's front page: "index" and "blog.index" both build "/".
    app.add_url_rule("/", endpoint="index")
    return app
