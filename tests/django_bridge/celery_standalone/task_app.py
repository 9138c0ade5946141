"""Flask's documented Celery pattern, unchanged, on a standalone flaskish app.

``celery -A task_app worker`` (run from this folder) imports it: no Django project,
flaskish configures its embedded Django. The broker is ``REDIS_URL``.
"""

from __future__ import annotations

import os
import typing as t

from celery import Celery, Task, shared_task

from flaskish import Flask, current_app, g, url_for


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):  # type: ignore[misc]
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


def create_app() -> Flask:
    app = Flask(__name__)
    redis_url = os.environ.get("REDIS_URL", "memory://")
    app.config.from_mapping(
        CELERY={"broker_url": redis_url, "result_backend": redis_url, "task_ignore_result": True},
        SERVER_NAME="tasks.example",
        GREETING="hello from the app's config",
    )
    celery_init_app(app)

    @app.get("/report/<int:number>")
    def report(number: int) -> str:
        return f"report {number}"

    return app


flask_app = create_app()
celery_app = flask_app.extensions["celery"]


@shared_task(ignore_result=False)
def describe(number: int) -> dict[str, t.Any]:
    """What a task sees: the app, its config, g and url_for, and the process it ran in."""
    g.number = number
    return {
        "app": current_app.name,
        "greeting": current_app.config["GREETING"],
        "g": g.number,
        "url": url_for("report", number=number),
        "pid": os.getpid(),
    }
