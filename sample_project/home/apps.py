"""The ``home`` Django app."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
