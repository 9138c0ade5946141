"""``manage.py create_demo_user``: the ``demo``/``demo`` superuser, created once."""

from __future__ import annotations

import typing as t

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "demo"
PASSWORD = "demo"


class Command(BaseCommand):
    help = "Create (or reset) the demo superuser and print its credentials."

    def handle(self, *args: t.Any, **options: t.Any) -> None:
        user, created = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        action = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{action} the demo user: username {USERNAME!r}, password {PASSWORD!r}"
                " (a superuser: log in at /blog/auth/login or /admin/)."
            )
        )
