"""Django's session middleware, with a database failure at the session save kept a 5xx.

Django's ``SessionMiddleware`` answers 400 ("the request's session was deleted before
the request completed") whenever the session backend raises ``UpdateError``, and the
database backends raise it for *any* database error while updating an existing session:
a connection PostgreSQL dropped (a restart, a failover, ``pg_terminate_backend``) between
a view's last query and the save becomes a 400 too. That answer tells clients and load
balancers not to retry, and logs no error. The site runs on several app servers over
one database (docs/scaling.md), so it keeps Django's 400 for a session that really was
deleted and lets a lost connection be the server error it is: raised, logged by
Django, answered 500 and retried.
"""

from __future__ import annotations

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseBase


class DatabaseAwareSessionMiddleware(SessionMiddleware):
    """:class:`SessionMiddleware` where a lost database connection while saving the
    session is raised as the database error, not answered 400."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        try:
            return super().process_response(request, response)
        except SessionInterrupted as interrupted:
            lost = _lost_connection(interrupted)
            if lost is None:
                raise
            raise lost from interrupted


def _lost_connection(interrupted: SessionInterrupted) -> BaseException | None:
    """The connection error behind Django's ``UpdateError``, if that is what it was.

    A session deleted meanwhile fails the update with a plain ``DatabaseError`` ("did
    not affect any rows"): that stays Django's 400.
    """
    update_error = interrupted.__context__
    cause = update_error.__context__ if update_error is not None else None
    if isinstance(cause, (OperationalError, InterfaceError)):
        return cause
    return None
