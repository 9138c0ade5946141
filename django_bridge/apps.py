"""The Django app config: registers django_bridge's system checks and test-client hook."""

from __future__ import annotations

from django.apps import AppConfig


class DjangoBridgeConfig(AppConfig):
    name = "django_bridge"
    verbose_name = "flaskish bridge"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks
        from .testing import install

        # Test clients of mounted apps go through the site (manage.py test, pytest).
        install()
