"""A database connection lost while the session is saved (PostgreSQL; docs/scaling.md).

``make scale-check`` terminates PostgreSQL backends under load. A login whose
connection went between its last query and the session save was answered 400 by
Django's ``SessionMiddleware`` (its "session interrupted"), which no client retries.
The site's middleware keeps that a server error; a session really deleted meanwhile
is still Django's 400.
"""

from __future__ import annotations

import asyncio
import typing as t

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db import OperationalError, close_old_connections, connection
from django.http import HttpResponse
from django.test import AsyncClient, Client

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DJANGO_SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"
SITE_SESSIONS = "sample_site.middleware.DatabaseAwareSessionMiddleware"
DEMO = {"username": "demo", "password": "demo"}
LOGIN = "/blog/auth/login"


def _drop_this_connection(**_kwargs: t.Any) -> None:
    """What ``pg_terminate_backend`` from another session does to a request in flight."""
    pid = connection.connection.info.backend_pid
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def _delete_the_session(request: t.Any, **_kwargs: t.Any) -> None:
    """A concurrent request (a logout elsewhere) deleting this request's session."""
    Session.objects.filter(session_key=request.session.session_key).delete()


class AfterLogin:
    """Runs a function when the blog's login has logged the user in (after Django's own
    ``last_login`` update, before the response and its session save)."""

    def inject(self, receiver: t.Callable[..., None]) -> None:
        user_logged_in.connect(receiver, dispatch_uid="session-fault")

    def clear(self) -> None:
        """No more faults; a dropped connection is replaced, as between requests (in this
        thread and in the one the ASGI handler runs sync code in)."""
        user_logged_in.disconnect(dispatch_uid="session-fault")
        close_old_connections()
        asyncio.run(sync_to_async(close_old_connections)())


@pytest.fixture
def after_login(demo: User) -> t.Iterator[AfterLogin]:
    """The demo user, and a way to break its login."""
    faults = AfterLogin()
    yield faults
    faults.clear()


class Driver(t.Protocol):
    def __call__(self, path: str, data: dict[str, str] | None = None) -> HttpResponse: ...


@pytest.fixture(params=["wsgi", "asgi"])
def post(request: pytest.FixtureRequest) -> Driver:
    """POST (or GET, without data) through Django's WSGI or ASGI handler, one client's
    cookies kept, a server error answered as the site answers it."""
    if request.param == "wsgi":
        client = Client(raise_request_exception=False)

        def send(path: str, data: dict[str, str] | None = None) -> HttpResponse:
            if data is None:
                return client.get(path)  # type: ignore[return-value]
            return client.post(path, data)  # type: ignore[return-value]

        return send
    async_client = AsyncClient(raise_request_exception=False)

    def send_async(path: str, data: dict[str, str] | None = None) -> HttpResponse:
        if data is None:
            return asyncio.run(async_client.get(path))  # type: ignore[no-any-return]
        return asyncio.run(async_client.post(path, data))  # type: ignore[no-any-return]

    return send_async


def test_the_site_uses_its_session_middleware_on_postgresql(settings: t.Any) -> None:
    assert SITE_SESSIONS in settings.MIDDLEWARE
    assert DJANGO_SESSIONS not in settings.MIDDLEWARE


def test_a_connection_lost_before_the_session_save_is_a_server_error_and_a_retry_logs_in(
    after_login: AfterLogin, post: Driver
) -> None:
    after_login.inject(_drop_this_connection)
    response = post(LOGIN, DEMO)
    assert response.status_code == 500
    assert "sessionid" not in response.cookies

    after_login.clear()
    assert post(LOGIN, DEMO).status_code == 302
    assert post("/me/").status_code == 200  # Django's @login_required page


def test_django_s_own_middleware_answers_that_with_a_400(
    after_login: AfterLogin, post: Driver, settings: t.Any
) -> None:
    # Why the site has its own: the same fault under Django's SessionMiddleware.
    settings.MIDDLEWARE = [
        DJANGO_SESSIONS if name == SITE_SESSIONS else name for name in settings.MIDDLEWARE
    ]
    after_login.inject(_drop_this_connection)
    assert post(LOGIN, DEMO).status_code == 400


def test_a_session_deleted_meanwhile_is_still_django_s_400(
    after_login: AfterLogin, post: Driver
) -> None:
    after_login.inject(_delete_the_session)
    assert post(LOGIN, DEMO).status_code == 400


def test_the_lost_connection_is_the_error_django_handles(after_login: AfterLogin) -> None:
    # Raised (and so logged by Django as a server error), not swallowed.
    after_login.inject(_drop_this_connection)
    with pytest.raises(OperationalError):
        Client().post(LOGIN, DEMO)  # this client raises what the site raised
