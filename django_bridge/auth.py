"""Django's login for Flask-style code: ``login(user)``, ``logout()``, ``current_user``.

A login view written in Flask style logs the visitor into the Django site
(Django's session and ``request.user``), so ``@login_required`` Django views
see them, and a Django login is seen here.

Using any of them makes the app share the site's identity: in a mount with the
default CSRF mode, a cross-origin unsafe request that reaches them is refused
with Django's CSRF failure view (403), as :mod:`django_bridge.csrf` describes.
"""

from __future__ import annotations

import typing as t

from django.contrib import auth as django_auth

from flaskish.exceptions import Forbidden
from flaskish.globals import request
from flaskish.local import LocalProxy

if t.TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from .site import DjangoSiteMount


def _django_request() -> HttpRequest:
    django_request = request.django
    if not hasattr(django_request, "session"):
        raise RuntimeError(
            "Django login needs Django's session: add"
            " 'django.contrib.sessions.middleware.SessionMiddleware' and"
            " 'django.contrib.auth.middleware.AuthenticationMiddleware' to MIDDLEWARE."
        )
    # Only django_bridge mounts a site: its mount is a DjangoSiteMount.
    site = t.cast("DjangoSiteMount | None", request.site_mount)
    refused = site.refuse_for_auth(django_request) if site is not None else None
    if refused is not None:
        raise Forbidden(response=refused)
    return django_request


def login(user: AbstractBaseUser, backend: str | None = None) -> None:
    """Log ``user`` in for this visitor, exactly as ``django.contrib.auth.login``."""
    django_auth.login(_django_request(), user, backend=backend)


def logout() -> None:
    """Log the visitor out of the Django site and flush their session."""
    django_auth.logout(_django_request())


def authenticate(**credentials: t.Any) -> AbstractBaseUser | None:
    """Check credentials with Django's authentication backends (None if wrong)."""
    return django_auth.authenticate(_django_request(), **credentials)


def _current_user() -> AbstractBaseUser | AnonymousUser:
    django_request = _django_request()
    user = getattr(django_request, "user", None)
    if user is None:
        user = django_auth.get_user(django_request)
    return user


#: The visitor's Django user (``AnonymousUser`` when logged out).
current_user: t.Any = LocalProxy(_current_user)
