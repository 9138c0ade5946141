"""The Flask-style blog, in the shape of the Flask tutorial's ``flaskr``.

It was a Flask app with SQLite tables of its own; now its users are Django
users (``django_bridge.auth``), its session is Django's session
(``DjangoSessionInterface``) and its posts are the ``posts.Post`` Django
model.  ``sample_site/urls.py`` mounts it at ``/blog/``.
"""

from __future__ import annotations

import typing as t

from django.templatetags.static import static

from django_bridge.auth import current_user
from django_bridge.sessions import DjangoSessionInterface
from flaskish import Flask, render_template


def create_app() -> Flask:
    """Build the blog app (a factory, as in the Flask tutorial)."""
    app = Flask(__name__)
    # Step 2 of the migration: one session and one login for the whole site.
    app.session_interface = DjangoSessionInterface()

    from . import api, auth, posts, probe

    app.register_blueprint(auth.bp)
    app.register_blueprint(posts.bp)
    app.register_blueprint(probe.bp)
    app.register_blueprint(api.bp)
    # The tutorial's alias: url_for("index") is the posts index.
    app.add_url_rule("/", endpoint="index")

    app.add_template_global(static, "static")

    @app.context_processor
    def inject_user() -> dict[str, t.Any]:
        return {"current_user": current_user}

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[str, int]:
        return render_template("404.html", error=error), 404

    return app
