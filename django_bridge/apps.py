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

        from . import checks, migration
        from .testing import install

        register(checks.check_mounts, Tags.urls)
        register(migration.check_takeovers, Tags.urls)
        register(checks.check_as_flask)
        # Test clients of mounted apps go through the site (manage.py test, pytest).
        install()
