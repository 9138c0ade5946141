"""Celery tasks of a mounted flaskish app, run by the Django site's one Celery app.

Flask's Celery pattern gives each app a Celery app whose tasks run inside that
app's context. In a Django site there is one Celery app, configured from Django's
settings (Django's documented ``proj/celery.py`` layout), and its worker runs every
task: Django's own ``@shared_task`` functions, and a mounted app's tasks declared
with :func:`flask_task`, which run inside *that* app's application context, so
``current_app``, ``g`` and the app's extensions work as in a request::

    from django_bridge.celery import flask_task

    @flask_task("blog")          # the mount's namespace, or the app object itself
    def publish(post_id: int) -> None:
        current_app.logger.info("publishing %s", post_id)

``url_for`` outside a request needs ``SERVER_NAME`` in the app's config, as in
Flask; for a mounted app, URLs are built below its mount (``/blog/...``) unless
``APPLICATION_ROOT`` says otherwise. Celery is imported by this module only: it is
an optional dependency of the site, not of flaskish.
"""

from __future__ import annotations

import typing as t

from celery import Task, shared_task

from .discovery import find_mount, load_app

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.ctx import AppContext

__all__ = ["FlaskAppTask", "flask_task"]


class FlaskAppTask(Task):  # type: ignore[misc]  # celery ships no types
    """A task whose body runs inside its Flask app's application context.

    ``flask_app`` is the app, or the name the site knows it by (a mount's namespace
    or a ``FLASKISH_APPS`` key), looked up when the task first runs: in a worker,
    the app the site's URLconf mounted.
    """

    flask_app: Flask | str | None = None

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        with self.app_context():
            return self.run(*args, **kwargs)

    def get_flask_app(self) -> Flask:
        """The bound app (looked up by name once per process)."""
        app = self.flask_app
        if app is None:
            raise RuntimeError(
                f"The task {self.name!r} is not bound to a Flask app. Declare it with"
                " @django_bridge.celery.flask_task(app), or set flask_app on its class."
            )
        if isinstance(app, str):
            app = self.flask_app = load_app(app)
        return app

    def app_context(self) -> AppContext:
        """The app's context for one run; URLs are built below the app's mount."""
        app = self.get_flask_app()
        ctx = app.app_context()
        server_name = app.config["SERVER_NAME"]
        mount = find_mount(app)
        if server_name is not None and mount is not None and app.config["APPLICATION_ROOT"] == "/":
            ctx.url_adapter = app.url_map.bind(
                server_name,
                script_name=mount.path_prefix or "/",
                url_scheme=app.config["PREFERRED_URL_SCHEME"],
            )
        return ctx


def flask_task(app: Flask | str, *args: t.Any, **options: t.Any) -> t.Any:
    """``@shared_task`` whose body runs in ``app``'s application context.

    :param app: the Flask app, or the name the site knows it by (``"blog"``).
    :param options: Celery's task options (``bind``, ``autoretry_for``, ``name``...).
    """
    return shared_task(*args, base=FlaskAppTask, flask_app=app, **options)
