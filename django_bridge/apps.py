"""The Django app config: the ``flask`` alias, system checks and the test-client hook."""

from __future__ import annotations

import typing as t

from django.apps import AppConfig


class DjangoBridgeConfig(AppConfig):
    name = "django_bridge"
    verbose_name = "flaskish bridge"

    def __init__(self, app_name: str, app_module: t.Any) -> None:
        super().__init__(app_name, app_module)
        from . import conf

        if conf.as_flask():
            # Now, while Django builds its app registry: before any app's models
            # and any URLconf import the Flask app (manage.py, wsgi.py, asgi.py,
            # runserver's reloader child and both test runners all pass here).
            from flaskish.compat import install_as_flask

            install_as_flask()

    def ready(self) -> None:
        from django.core.checks import Tags, register

        from .testing import install

        register(_check_mounts, Tags.urls)
        register(_check_takeovers, Tags.urls)
        register(_check_as_flask)
        # Test clients of mounted apps go through the site (manage.py test, pytest).
        install()


# The checks' modules load when the checks run (manage.py check, runserver, tests),
# never in a worker that only serves.


def _check_mounts(app_configs: t.Any = None, **kwargs: t.Any) -> list[t.Any]:
    from .checks import check_mounts

    return check_mounts(app_configs, **kwargs)


def _check_takeovers(app_configs: t.Any = None, **kwargs: t.Any) -> list[t.Any]:
    from .migration import check_takeovers

    return check_takeovers(app_configs, **kwargs)


def _check_as_flask(app_configs: t.Any = None, **kwargs: t.Any) -> list[t.Any]:
    from .checks import check_as_flask

    return check_as_flask(app_configs, **kwargs)
