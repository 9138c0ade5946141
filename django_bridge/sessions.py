"""``DjangoSessionInterface``: the Flask ``session`` kept in Django's session.

With it, a flaskish app and the Django site share one session: a value set
by Flask-style code is in ``request.session`` for Django views and the other
way round, and the session cookie is Django's (``SESSION_COOKIE_*`` settings,
any ``SESSION_ENGINE``).  Values must be what Django's session serializer
accepts (JSON by default: tuples come back as lists).

The Flask ``session`` is the app's part of Django's session: everything but
Django's own keys (the logged-in user, a session-stored CSRF secret), which it
neither lists nor clears. So ``session.clear()`` -- which a Flask login view
calls before it stores the user -- gives the visitor a new session key (as
Flask's cookie session gives a new cookie: a session key planted before login
is worthless after it) and leaves a Django login in place; Django's ``logout``
and :func:`django_bridge.auth.logout` still end both.
"""

from __future__ import annotations

import typing as t
from collections.abc import Iterator

from flaskish.sessions import SessionInterface, SessionMixin

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.wrappers import Request, Response

_PERMANENT_KEY = "_permanent"


def _django_keys() -> frozenset[str]:
    """Django's own session keys: the login, and the CSRF secret with ``CSRF_USE_SESSIONS``."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_SESSION_KEY

    return frozenset({SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY, CSRF_SESSION_KEY})


class DjangoSession(SessionMixin):
    """A view of Django's ``request.session`` with Flask's session attributes."""

    def __init__(self, django_session: t.Any) -> None:
        self.django_session = django_session

    def __getitem__(self, key: str) -> t.Any:
        if key in _django_keys():
            raise KeyError(key)
        return self.django_session[key]

    def __setitem__(self, key: str, value: t.Any) -> None:
        self._refuse_django_key(key)
        self.django_session[key] = value

    def __delitem__(self, key: str) -> None:
        self._refuse_django_key(key)
        del self.django_session[key]

    def __iter__(self) -> Iterator[str]:
        hidden = _django_keys()
        return iter([k for k in self.django_session.keys() if k not in hidden])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        return key not in _django_keys() and key in self.django_session

    def clear(self) -> None:
        """Drop the app's keys and rotate the session key; Django's login stays."""
        django_session = self.django_session
        for key in list(self):
            del django_session[key]
        if django_session.session_key is not None:
            django_session.cycle_key()

    @staticmethod
    def _refuse_django_key(key: str) -> None:
        if key in _django_keys():
            raise KeyError(
                f"{key!r} belongs to Django's login; use django_bridge.auth.login() or"
                " logout() to change it."
            )

    @property
    def modified(self) -> bool:
        return bool(self.django_session.modified)

    @modified.setter
    def modified(self, value: bool) -> None:
        self.django_session.modified = value

    @property
    def accessed(self) -> bool:
        return bool(self.django_session.accessed)

    @accessed.setter
    def accessed(self, value: bool) -> None:
        self.django_session.accessed = value

    @property
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
