"""The site's side of one mount: what a mounted app asks the Django site.

``mount()`` makes one :class:`DjangoSiteMount` per mount and the bridge view
hands it to the app as ``request.site_mount`` (the
:class:`flaskish.typing.SiteMount` protocol). flaskish asks it for what
depends on the site and not on the app: Django URL names for ``url_for``,
the site's static files, the session cookie's scope, flags and keys, and
the CSRF decision. Nothing is written on the app, so the same app object
still runs standalone, or under a second mount, unchanged.
"""

from __future__ import annotations

import functools
import re
import typing as t
from collections.abc import Mapping
from types import MappingProxyType
from urllib.parse import quote, urlencode

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, reverse

from flaskish.routing import BuildError

from . import conf
from . import csrf as _csrf
from .csrf import CsrfMode
from .sessions import DjangoSessionInterface

if t.TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

    from flaskish import Flask
    from flaskish.typing import SiteMount
    from flaskish.wrappers import Request

_COOKIE_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def scoped_cookie_name(script_root: str) -> str:
    """The session cookie name of an app mounted at ``script_root``.

    ``"session"`` at the site root, ``"session_blog"`` at ``/blog``: distinct
    per mount, as Django's test client and a root mount see every path's cookies.
    """
    scope = _COOKIE_UNSAFE.sub("_", script_root.strip("/"))
    return f"session_{scope}" if scope else "session"


class SiteBuildError(BuildError):
    """A :class:`~flaskish.routing.BuildError` that also says what Django's ``reverse()`` said."""

    def __init__(self, error: BuildError, django_error: NoReverseMatch) -> None:
        super().__init__(error.endpoint, error.values, error.method, error.adapter)
        self.django_error = django_error

    def __str__(self) -> str:
        return (
            f"{super().__str__()} It is not a Django URL name either:"
            f" reverse({self.endpoint!r}) says: {self.django_error}"
        )


class DjangoSiteMount:
    """One mount of ``app`` in the site: ``request.site_mount`` for its requests."""

    def __init__(
        self,
        app: Flask,
        prefix: str,
        namespace: str,
        csrf: CsrfMode,
        *,
        factory: t.Callable[[], Flask] | None = None,
    ) -> None:
        self.app = app
        #: The factory that made ``app``, when ``mount()`` was given one: the test
        #: clients of the apps it makes later go through the site too.
        self.factory = factory
        self.prefix = prefix
        self.namespace = namespace
        self.csrf = csrf

    @property
    def debug(self) -> bool:
        """The site's ``DEBUG``: a mounted app is in debug mode when the site is."""
        return conf.debug()

    # -- URLs ------------------------------------------------------------------

    def build_url(self, endpoint: str, values: dict[str, t.Any]) -> str | None:
        """``url_for`` of a Django URL name (``"admin:index"``), as Flask builds its own:
        extra values become the query string; ``_anchor``, ``_external``, ``_scheme``.

        When the app has no ``url_build_error_handlers`` of its own, a name Django
        does not know either raises a :class:`SiteBuildError` naming both attempts.
        """
        from flaskish.globals import request, request_ctx

        arguments = {k: v for k, v in values.items() if not k.startswith("_")}
        try:
            url = self._reverse(endpoint, arguments)
        except NoReverseMatch as miss:
            if self.app.url_build_error_handlers:
                return None
            app_error = BuildError(
                endpoint, arguments, values.get("_method"), request_ctx.url_adapter
            )
            raise SiteBuildError(app_error, miss) from None
        scheme = values.get("_scheme")
        if values.get("_external") or scheme:
            url = request.django.build_absolute_uri(url)
            if scheme:
                url = f"{scheme}:{url.partition(':')[2]}"
        anchor = values.get("_anchor")
        if anchor:
            url += "#" + quote(anchor, safe="%!#$&()*+,/:;=?@'")
        return url

    @staticmethod
    def _reverse(endpoint: str, arguments: dict[str, t.Any]) -> str:
        """The URL of a Django name; arguments its pattern does not take go to the query."""
        present = {k: v for k, v in arguments.items() if v is not None}
        try:
            return reverse(endpoint, kwargs=present or None)
        except NoReverseMatch as first:
            # Which arguments the pattern takes is Django's to know: try the route
            # alone, then with the arguments it names in its message, longest first.
            for taken in _argument_subsets(present):
                try:
                    url = reverse(endpoint, kwargs=taken or None)
                except NoReverseMatch:
                    continue
                query = {k: v for k, v in present.items() if k not in taken}
                return f"{url}?{urlencode(query, doseq=True)}" if query else url
            raise first

    def static_url(self, endpoint: str, values: dict[str, t.Any]) -> str | None:
        if not conf.static_urls_enabled():
            return None
        from .staticfiles import site_static_url

        return site_static_url(self.app, self.namespace, endpoint, values)

    def template_context(self) -> dict[str, t.Any]:
        """``csrf_token()`` for the templates of a mount with Django's token check."""
        return _csrf.template_context() if self.csrf == "token" else {}

    # -- messages --------------------------------------------------------------

    def shares_messages(self, django_request: HttpRequest) -> bool:
        """Whether ``flash()`` uses Django's messages (``FLASKISH_SHARED_MESSAGES``)."""
        from . import messages

        return messages.enabled(django_request)

    def flash(self, category: str, message: str) -> None:
        from flaskish.globals import request

        from . import messages

        messages.add(request.django, category, message)

    def flashed_messages(self) -> list[tuple[str, str]]:
        from flaskish.globals import request

        from . import messages

        return messages.pop_all(request.django)

    # -- sessions --------------------------------------------------------------

    def session_defaults(self, app: Flask, request: Request) -> Mapping[str, t.Any]:
        """The site's cookie flags; for an app without a key of its own, also the
        mount's scope: its own cookie name and ``Path`` the mount prefix.

        Asked once per cookie setting the session reads, on every request: made
        once per scope, until a ``SESSION_COOKIE_*`` setting changes.
        """
        return _session_defaults(None if app.secret_key else request.script_root)

    def session_keys(self) -> tuple[tuple[str | bytes, ...], str] | None:
        key = conf.secret_key()
        if not key:
            return None
        return (*conf.secret_key_fallbacks(), key), f"django_bridge.mount:{self.namespace}"

    # -- CSRF ------------------------------------------------------------------

    def refuse(self, django_request: HttpRequest) -> HttpResponseBase | None:
        """Django's failure view for a cross-origin unsafe request, where the mount's
        CSRF mode asks for the origin check (see :mod:`django_bridge.csrf`)."""
        if django_request.method in _csrf.SAFE_METHODS or not self.checks_origin():
            return None
        return _csrf.refuse_cross_origin(django_request)

    def checks_origin(self) -> bool:
        """Whether unsafe requests must come from the site's own origins."""
        if self.csrf == "auto":
            return isinstance(self.app.session_interface, DjangoSessionInterface)
        return self.csrf == "origin"

    def refuse_for_auth(self, django_request: HttpRequest) -> HttpResponseBase | None:
        """The origin check for an app that uses Django's login (:mod:`django_bridge.auth`)
        in an ``"auto"`` mount: using the site's login makes it share the site's identity."""
        if self.csrf != "auto":
            return None
        return _csrf.refuse_cross_origin(django_request)

    def __repr__(self) -> str:
        return (
            f"<DjangoSiteMount {self.app.name!r} at {self.prefix!r} (namespace={self.namespace!r})>"
        )


@functools.lru_cache(maxsize=64)
def _session_defaults(scope: str | None) -> Mapping[str, t.Any]:
    """:meth:`DjangoSiteMount.session_defaults` for a mount scope (None: the app's own key)."""
    defaults = conf.session_cookie_flags()
    if scope is not None:
        defaults["SESSION_COOKIE_NAME"] = scoped_cookie_name(scope)
        defaults["APPLICATION_ROOT"] = scope or "/"
    return MappingProxyType(defaults)


def _forget_session_defaults(*, setting: str, **kwargs: t.Any) -> None:
    if setting.startswith("SESSION_COOKIE_"):
        _session_defaults.cache_clear()


setting_changed.connect(_forget_session_defaults)


def _argument_subsets(arguments: dict[str, t.Any]) -> t.Iterator[dict[str, t.Any]]:
    """Sub-dicts of ``arguments``, fewest dropped first (routes take few arguments)."""
    from itertools import combinations

    names = sorted(arguments)
    if len(names) > 8:
        # Past a handful of values, only the route alone: the rest is the query.
        yield {}
        return
    for size in range(len(names) - 1, -1, -1):
        for kept in combinations(names, size):
            yield {k: arguments[k] for k in kept}


if t.TYPE_CHECKING:

    def _is_a_site_mount(site: DjangoSiteMount) -> SiteMount:
        """mypy checks here that :class:`DjangoSiteMount` is what flaskish asks for."""
        return site
