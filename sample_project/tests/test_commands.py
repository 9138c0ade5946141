"""``manage.py`` commands the sample project relies on."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_create_demo_user_is_idempotent() -> None:
    out = io.StringIO()
    call_command("create_demo_user", stdout=out)
    assert "Created the demo user: username 'demo', password 'demo'" in out.getvalue()

    user = User.objects.get(username="demo")
    user.set_password("changed")
    user.save()

    out = io.StringIO()
    call_command("create_demo_user", stdout=out)
    assert "Reset the demo user: username 'demo', password 'demo'" in out.getvalue()
    user = User.objects.get()
    assert user.check_password("demo")
    assert user.is_staff and user.is_superuser


def test_migrations_match_the_models() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_system_checks_pass() -> None:
    call_command("check", fail_level="WARNING", stdout=io.StringIO())
