"""CSRF modes of a mount, from the ``csrf=`` argument of ``mount()``.

- ``None`` (the default), ``"auto"``: an app that shares Django's session
  (:class:`~django_bridge.sessions.DjangoSessionInterface`) or login
  (:mod:`django_bridge.auth`) refuses cross-origin unsafe requests, checking
  ``Origin`` (and ``Referer`` over HTTPS) against the host and
  ``CSRF_TRUSTED_ORIGINS`` as Django's ``CsrfViewMiddleware`` does before it
  looks at tokens; unmodified forms keep working. An app on its own cookie
  session keeps Flask's semantics: no check.
- ``"origin"``: that origin check, whatever the app's session.
- ``True``, ``"token"``: Django's full check (``CsrfViewMiddleware``, a token in
  every unsafe request); templates get ``csrf_token()``.
- ``False``, ``"exempt"``: no check at all, explicitly.
"""

from __future__ import annotations

import typing as t

from django.core.exceptions import ImproperlyConfigured
from django.middleware.csrf import REASON_BAD_ORIGIN, CsrfViewMiddleware, RejectRequest

if t.TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

#: Methods Django's CSRF check lets through (RFC 9110's safe methods).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

CsrfMode = t.Literal["auto", "origin", "token", "exempt"]

_MODES: dict[object, CsrfMode] = {
    None: "auto",
    "auto": "auto",
    "origin": "origin",
    True: "token",
    "token": "token",
    False: "exempt",
    "exempt": "exempt",
}


def csrf_mode(csrf: bool | str | None, *, prefix: str) -> CsrfMode:
    """The mode ``csrf=`` names; anything else is a configuration error naming the mount."""
    try:
        return _MODES[csrf]
    except (KeyError, TypeError):
        raise ImproperlyConfigured(
            f"mount({prefix!r}, ..., csrf={csrf!r}): csrf must be None (the default),"
            " True (Django's token check), False (no check) or 'origin'."
        ) from None


def template_context() -> dict[str, t.Any]:
    """``csrf_token()`` in the templates of a mount with Django's token check."""
    from django.middleware.csrf import get_token

    from flaskish.globals import request

    return {"csrf_token": lambda: get_token(request.django)}


def refuse_cross_origin(request: HttpRequest) -> HttpResponseBase | None:
    """Django's CSRF failure view (403) for a cross-origin unsafe request, else None."""
    if request.method in SAFE_METHODS or getattr(request, "_dont_enforce_csrf_checks", False):
        # Django's test client turns its checks off the same way.
        return None
    # One per check: the middleware caches the trusted origins it reads from settings.
    return _OriginCheck().refuse(request)


class _OriginCheck(CsrfViewMiddleware):
    """The part of Django's CSRF check that needs no token: ``Origin``, else ``Referer``
    over HTTPS, against the host and ``CSRF_TRUSTED_ORIGINS``."""

    def __init__(self) -> None:
        super().__init__(lambda request: None)  # type: ignore[arg-type]

    if t.TYPE_CHECKING:
        # The middleware's private methods reused here (django-stubs leave them out).
        def _origin_verified(self, request: HttpRequest) -> bool: ...
        def _check_referer(self, request: HttpRequest) -> None: ...
        def _reject(self, request: HttpRequest, reason: str) -> HttpResponseBase: ...

    def refuse(self, request: HttpRequest) -> HttpResponseBase | None:
        if "HTTP_ORIGIN" in request.META:
            if not self._origin_verified(request):
                return self._reject(request, REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"])
        elif request.is_secure():
            try:
                self._check_referer(request)
            except RejectRequest as exc:
                return self._reject(request, exc.reason)
        return None
