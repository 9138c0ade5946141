"""``DjangoSessionInterface``: the Flask ``session`` kept in Django's session.

With it, a flaskish app and the Django site share one session: a value set
by Flask-style code is in ``request.session`` for Django views and the other
way round, and the session cookie is Django's (``SESSION_COOKIE_*`` settings,
any ``SESSION_ENGINE``).  Values must be what Django's session serializer
accepts (JSON by default: tuples come back as lists).
"""

from __future__ import annotations

import typing as t
from collections.abc import Iterator

from flaskish.sessions import SessionInterface, SessionMixin

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.wrappers import Request, Response

_PERMANENT_KEY = "_permanent"


class DjangoSession(SessionMixin):
    """A view of Django's ``request.session`` with Flask's session attributes."""

    def __init__(self, django_session: t.Any) -> None:
        self.django_session = django_session

    def __getitem__(self, key: str) -> t.Any:
        return self.django_session[key]

    def __setitem__(self, key: str, value: t.Any) -> None:
        self.django_session[key] = value

    def __delitem__(self, key: str) -> None:
        del self.django_session[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.django_session.keys()))

    def __len__(self) -> int:
        return len(self.django_session.keys())

    def __contains__(self, key: object) -> bool:
        return key in self.django_session

    def clear(self) -> None:
        self.django_session.clear()

    @property  # type: ignore[override]
    def modified(self) -> bool:
        return bool(self.django_session.modified)

    @modified.setter
    def modified(self, value: bool) -> None:
        self.django_session.modified = value

    @property  # type: ignore[override]
    def accessed(self) -> bool:
        return bool(self.django_session.accessed)

    @accessed.setter
    def accessed(self, value: bool) -> None:
        self.django_session.accessed = value

    @property  # type: ignore[override]
    def new(self) -> bool:
        return self.django_session.session_key is None

    @new.setter
    def new(self, value: bool) -> None:
        raise AttributeError("Whether Django's session is new is decided by Django.")

    @property
    def permanent(self) -> bool:
        return bool(self.django_session.get(_PERMANENT_KEY, False))

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self.django_session[_PERMANENT_KEY] = bool(value)

    def __repr__(self) -> str:
        return f"<DjangoSession {dict(self.django_session.items())!r}>"


class _MissingDjangoSession:
    """Stands in for Django's session where there is none; any use says why."""

    def __getattr__(self, name: str) -> t.Any:
        raise RuntimeError(
            "DjangoSessionInterface needs Django's session: add"
            " 'django.contrib.sessions.middleware.SessionMiddleware' to MIDDLEWARE"
            " (and 'django.contrib.sessions' to INSTALLED_APPS), or use the default"
            " cookie session interface."
        )

    def __getitem__(self, key: str) -> t.Any:
        return self.__getattr__("__getitem__")

    def __setitem__(self, key: str, value: t.Any) -> None:
        self.__getattr__("__setitem__")

    def __delitem__(self, key: str) -> None:
        self.__getattr__("__delitem__")

    def __contains__(self, key: object) -> bool:
        return bool(self.__getattr__("__contains__"))


class DjangoSessionInterface(SessionInterface):
    """Open the Flask session from Django's; Django's middleware saves it."""

    def open_session(self, app: Flask, request: Request) -> DjangoSession:
        """Django's session for this request; without one (no ``SessionMiddleware``,
        or a ``test_request_context``), a session that explains that when used."""
        session = getattr(request.django, "session", None)
        return DjangoSession(session if session is not None else _MissingDjangoSession())

    def is_null_session(self, obj: object) -> bool:
        return isinstance(obj, DjangoSession) and isinstance(
            obj.django_session, _MissingDjangoSession
        )

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Apply ``permanent``: a permanent session lasts ``PERMANENT_SESSION_LIFETIME``."""
        if not isinstance(session, DjangoSession) or not session.modified:
            return
        if session.permanent:
            lifetime = app.permanent_session_lifetime
            session.django_session.set_expiry(int(lifetime.total_seconds()))
