"""The Django app config: the ``flask`` alias, system checks and the test-client hook."""

from __future__ import annotations

import typing as t

from django.apps import AppConfig

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.wsgi_targets import WSGITarget


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

        from flaskish.wsgi_targets import wsgi_target_hooks

        register(_check_mounts, Tags.urls)
        register(_check_takeovers, Tags.urls)
        register(_check_as_flask)
        # Test clients of mounted apps go through the site (manage.py test, pytest); the
        # test tools load when a client first asks, never in a worker that only serves.
        if site_target not in wsgi_target_hooks:
            wsgi_target_hooks.append(site_target)


def site_target(app: Flask) -> WSGITarget | None:
    """:func:`.testing.django_site_target`, whose module loads at the first call."""
    from .testing import django_site_target

    return django_site_target(app)


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
