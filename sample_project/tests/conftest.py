"""Fixtures for the sample site's tests: users, and visitors logged in through the blog."""

from __future__ import annotations

import io
import os
import typing as t

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client

LoginViaBlog = t.Callable[[Client, str, str], HttpResponse]


@pytest.fixture
def demo(db: None) -> User:
    """The demo superuser, made by the command ``make run`` uses."""
    call_command("create_demo_user", stdout=io.StringIO())
    return User.objects.get(username="demo")


@pytest.fixture
def ann(db: None) -> User:
    """A second, ordinary user."""
    return User.objects.create_user("ann", password="ann-secret-pw")


@pytest.fixture
def login_via_blog() -> LoginViaBlog:
    """Post credentials to the blog's Flask-style login form."""

    def login(client: Client, username: str, password: str) -> HttpResponse:
        data = {"username": username, "password": password}
        return client.post("/blog/auth/login", data)  # type: ignore[return-value]

    return login


@pytest.fixture
def demo_client(client: Client, demo: User, login_via_blog: LoginViaBlog) -> Client:
    """A Django test client logged in as ``demo`` through the blog."""
    assert login_via_blog(client, "demo", "demo").status_code == 302
    return client


@pytest.fixture
def ann_client(ann: User, login_via_blog: LoginViaBlog) -> Client:
    """Another client, logged in as ``ann`` through the blog."""
    client = Client()
    assert login_via_blog(client, "ann", "ann-secret-pw").status_code == 302
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: t.Any) -> None:
    """Every test logs in; Django's production hasher would make that slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A `services` test fails without its servers: it is deselected, never skipped."""
    if item.get_closest_marker("services") and not (
        os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")
    ):
        pytest.fail(
            "This test needs PostgreSQL and Redis: run it with `make pytest-services`, or"
            ' deselect it with -m "not services".',
            pytrace=False,
        )


@pytest.fixture
def eager_tasks() -> t.Iterator[None]:
    """Celery tasks run in the caller whatever the broker (the services leg has Redis),
    as Celery's own ``task_always_eager`` test setting does."""
    from sample_site import celery_app

    conf = celery_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = saved
