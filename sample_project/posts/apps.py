"""The ``posts`` Django app."""

from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Blog posts"
