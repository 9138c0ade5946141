"""Type aliases for the callables and return values Flask code annotates with.

Flask code writes ``import flask.typing as ft``; these are the same names, so
such annotations keep working under :func:`flaskish.compat.install_as_flask`.
This is a leaf module: it imports nothing from the package at run time.
"""

# Aliases are evaluated at run time and some name classes as strings, which the
# ``X | Y`` syntax cannot join: keep ``t.Union``/``t.Optional`` here.
# ruff: noqa: UP007, UP045

from __future__ import annotations

import collections.abc as cabc
import typing as t

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication  # noqa: F401
    from django.http import HttpRequest
    from django.http.response import HttpResponseBase

    from .app import Flask
    from .datastructures import Headers  # noqa: F401
    from .wrappers import Request, Response  # noqa: F401

#: What a view may return as the body, or a finished response.
ResponseValue = t.Union[
    "Response",
    str,
    bytes,
    list[t.Any],
    t.Mapping[str, t.Any],
    t.Iterator[str],
    t.Iterator[bytes],
    cabc.AsyncIterable[str],
    cabc.AsyncIterable[bytes],
]

#: One header's value: a string, or several.
HeaderValue = t.Union[str, list[str], tuple[str, ...]]

#: Headers as a view may give them in a tuple.
HeadersValue = t.Union[
    "Headers",
    t.Mapping[str, HeaderValue],
    t.Sequence[tuple[str, HeaderValue]],
]

#: Everything a view may return, tuples included.
ResponseReturnValue = t.Union[
    ResponseValue,
    tuple[ResponseValue, HeadersValue],
    tuple[ResponseValue, int],
    tuple[ResponseValue, int, HeadersValue],
    "WSGIApplication",
]

#: A response class or subclass, for hooks that take and return a response.
ResponseClass = t.TypeVar("ResponseClass", bound="Response")

#: ``None`` for the app itself, else a blueprint's name.
AppOrBlueprintKey = t.Optional[str]
AfterRequestCallable = t.Union[
    t.Callable[[ResponseClass], ResponseClass],
    t.Callable[[ResponseClass], t.Awaitable[ResponseClass]],
]
BeforeFirstRequestCallable = t.Union[t.Callable[[], None], t.Callable[[], t.Awaitable[None]]]
BeforeRequestCallable = t.Union[
    t.Callable[[], t.Optional[ResponseReturnValue]],
    t.Callable[[], t.Awaitable[t.Optional[ResponseReturnValue]]],
]
ShellContextProcessorCallable = t.Callable[[], dict[str, t.Any]]
TeardownCallable = t.Union[
    t.Callable[[t.Optional[BaseException]], None],
    t.Callable[[t.Optional[BaseException]], t.Awaitable[None]],
]
TemplateContextProcessorCallable = t.Union[
    t.Callable[[], dict[str, t.Any]],
    t.Callable[[], t.Awaitable[dict[str, t.Any]]],
]
TemplateFilterCallable = t.Callable[..., t.Any]
TemplateGlobalCallable = t.Callable[..., t.Any]
TemplateTestCallable = t.Callable[..., bool]
URLDefaultCallable = t.Callable[[str, dict[str, t.Any]], None]
URLValuePreprocessorCallable = t.Callable[[t.Optional[str], t.Optional[dict[str, t.Any]]], None]
#: Takes the exception (any type, so one handler may serve several classes).
ErrorHandlerCallable = t.Union[
    t.Callable[[t.Any], ResponseReturnValue],
    t.Callable[[t.Any], t.Awaitable[ResponseReturnValue]],
]
RouteCallable = t.Union[
    t.Callable[..., ResponseReturnValue],
    t.Callable[..., t.Awaitable[ResponseReturnValue]],
]


class SiteMount(t.Protocol):
    """What a site that mounts an app tells the app about the mount (``request.site_mount``).

    ``django_bridge`` provides it; flaskish asks it, per request, for what depends on
    the site rather than on the app, so that mounting changes nothing on the app object.
    """

    @property
    def debug(self) -> bool:
        """The site's debug flag, for an app whose own ``DEBUG`` is off."""
        ...

    def build_url(self, endpoint: str, values: dict[str, t.Any]) -> str | None:
        """A URL for a name the app does not know (a Django URL name), or None."""
        ...

    def static_url(self, endpoint: str, values: dict[str, t.Any]) -> str | None:
        """The site's URL for a static file endpoint (``"static"``, ``"bp.static"``),
        or None to let the app build its own."""
        ...

    def template_context(self) -> t.Mapping[str, t.Any]:
        """Values the site adds to the app's template context (``csrf_token``)."""
        ...

    def session_defaults(self, app: Flask, request: Request) -> t.Mapping[str, t.Any]:
        """Config values (``SESSION_COOKIE_*``, ``APPLICATION_ROOT``) that stand in for
        the app's where the app left Flask's default: the site's cookie flags, and the
        mount's own cookie scope for an app without a secret key of its own."""
        ...

    def session_keys(self) -> tuple[tuple[str | bytes, ...], str] | None:
        """The site's secret keys (oldest first) and a scope mixed into the salt, to sign
        the cookie session of an app without a secret key of its own; None if none."""
        ...

    def refuse(self, django_request: HttpRequest) -> HttpResponseBase | None:
        """A response refusing the request before the app sees it (a cross-site POST to
        an app sharing the site's login), or None."""
        ...


class MountMatch(t.Protocol):
    """The site's match of a request for a mounted app, handed to its pipeline."""

    #: Where the app is mounted (``"/blog"``) and the path below it (``"/posts/1"``).
    script_root: str
    path: str
    #: The site's side of the mount (:class:`SiteMount`), or None.
    site_mount: SiteMount | None
    #: The first rule for the path (whatever its methods) and its converted values,
    #: or a 404 the path gets for every method and host.
    rule: t.Any
    values: dict[str, t.Any]
    routing_exception: t.Any
    #: Whether that answer stands for any method the rule accepts, on any host
    #: (else the app matches the request itself: redirects, 405s, host matching).
    complete: bool
