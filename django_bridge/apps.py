"""The Django app config: registers django_bridge's system checks."""

from __future__ import annotations

from django.apps import AppConfig


class DjangoBridgeConfig(AppConfig):
    name = "django_bridge"
    verbose_name = "flaskish bridge"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks
