"""A database connection lost while the session is saved (PostgreSQL; docs/scaling.md).

``make scale-check`` terminates PostgreSQL backends under load. A login whose
connection went between its last query and the session save was answered 400 by
Django's ``SessionMiddleware`` (its "session interrupted"), which no client retries.
The site's middleware keeps that a server error; a session really deleted meanwhile
is still Django's 400.
"""

from __future__ import annotations

import typing as t

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db import OperationalError, close_old_connections, connection
from django.test import Client

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DJANGO_SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"
SITE_SESSIONS = "sample_site.middleware.DatabaseAwareSessionMiddleware"


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


@pytest.fixture
def after_login() -> t.Iterator[t.Callable[[t.Callable[..., None]], None]]:
    """Run a function when the blog's login has logged the user in (after Django's
    own ``last_login`` update, before the response and its session save)."""

    def connect(receiver: t.Callable[..., None]) -> None:
        user_logged_in.connect(receiver, dispatch_uid="session-fault")

    yield connect
    user_logged_in.disconnect(dispatch_uid="session-fault")
    close_old_connections()  # a dropped connection is replaced, as between requests


def _post_login(login_via_blog: t.Callable[..., t.Any]) -> t.Any:
    client = Client(raise_request_exception=False)
    return client, login_via_blog(client, "demo", "demo")


def test_the_site_uses_its_session_middleware_on_postgresql(settings: t.Any) -> None:
    assert SITE_SESSIONS in settings.MIDDLEWARE
    assert DJANGO_SESSIONS not in settings.MIDDLEWARE


def test_a_connection_lost_before_the_session_save_is_a_server_error_and_a_retry_logs_in(
    demo: User,
    login_via_blog: t.Callable[..., t.Any],
    after_login: t.Callable[[t.Callable[..., None]], None],
) -> None:
    after_login(_drop_this_connection)
    client, response = _post_login(login_via_blog)
    assert response.status_code == 500
    assert "sessionid" not in response.cookies

    user_logged_in.disconnect(dispatch_uid="session-fault")
    close_old_connections()
    retried = login_via_blog(client, "demo", "demo")
    assert retried.status_code == 302
    assert client.get("/me/").status_code == 200  # Django's @login_required page


def test_django_s_own_middleware_answers_that_with_a_400(
    demo: User,
    login_via_blog: t.Callable[..., t.Any],
    after_login: t.Callable[[t.Callable[..., None]], None],
    settings: t.Any,
) -> None:
    # Why the site has its own: the same fault under Django's SessionMiddleware.
    settings.MIDDLEWARE = [
        DJANGO_SESSIONS if name == SITE_SESSIONS else name for name in settings.MIDDLEWARE
    ]
    after_login(_drop_this_connection)
    _client, response = _post_login(login_via_blog)
    assert response.status_code == 400


def test_a_session_deleted_meanwhile_is_still_django_s_400(
    demo: User,
    login_via_blog: t.Callable[..., t.Any],
    after_login: t.Callable[[t.Callable[..., None]], None],
) -> None:
    after_login(_delete_the_session)
    _client, response = _post_login(login_via_blog)
    assert response.status_code == 400


def test_the_lost_connection_is_the_error_django_handles(
    demo: User, after_login: t.Callable[[t.Callable[..., None]], None]
) -> None:
    # Raised (and so logged by Django as a server error), not swallowed.
    after_login(_drop_this_connection)
    client = Client()  # raises what the site raised
    with pytest.raises(OperationalError):
        client.post("/blog/auth/login", {"username": "demo", "password": "demo"})
