"""The bridge view: the Django view a mounted app's requests reach, and their match.

The resolver matches the path once and binds the result to the view it hands Django
(a ``functools.partial``: Django's resolvers rebuild the ``ResolverMatch`` of a nested
pattern, so the view callable is what reaches the view unchanged). The view passes the
match to the app's pipeline, which does not match again.
"""

from __future__ import annotations

import functools
import typing as t
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponseBase

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.exceptions import HTTPException
    from flaskish.routing import Rule


@dataclass(eq=False, slots=True)
class SiteMatch:
    """A mounted request as the site matched it (:class:`flaskish.typing.MountMatch`)."""

    #: The path below the mount prefix, ``"/posts/1"``.
    path: str
    #: The site's side of the mount (``request.site_mount`` in the app).
    site_mount: t.Any
    #: The rule and its values, when the path's first rule is known.
    rule: Rule | None = None
    values: dict[str, t.Any] = field(default_factory=dict)
    #: A 404 the path gets whatever the method and host.
    routing_exception: HTTPException | None = None
    #: Whether the app can use the match as it is (else its own adapter matches:
    #: redirects, 405s, host and subdomain matching depend on the request).
    complete: bool = True
    #: Where the app is mounted, as the request reached it (set by the view).
    script_root: str = ""


class _BoundView(functools.partial):  # type: ignore[type-arg]
    """The bridge view with one request's :class:`SiteMatch` bound to it."""


#: Makes the view Django calls for one request's match.
Binder = t.Callable[[SiteMatch], _BoundView]


def make_bridge_views(app: Flask, *, csrf: bool) -> tuple[Binder, Binder]:
    """Binders of the sync and async bridge views of ``app`` (for WSGI and for ASGI)."""

    def flaskish_view(match: SiteMatch, request: HttpRequest, **values: t.Any) -> HttpResponseBase:
        match.script_root = mount_script_root(request, match.path)
        return app.dispatch_django_request(request, match)

    async def flaskish_async_view(
        match: SiteMatch, request: HttpRequest, **values: t.Any
    ) -> HttpResponseBase:
        match.script_root = mount_script_root(request, match.path)
        return await app.async_dispatch_django_request(request, match)

    return _binder(flaskish_view, app, csrf), _binder(flaskish_async_view, app, csrf)


def _binder(view: t.Callable[..., t.Any], app: Flask, csrf: bool) -> Binder:
    name = f"{view.__name__}_{app.name.replace('.', '_')}"
    attrs = {
        "__name__": name,
        "__qualname__": name,
        "__module__": __name__,
        # Read by CsrfViewMiddleware.process_view.
        "csrf_exempt": not csrf,
    }
    bound: type[_BoundView] = type(name, (_BoundView,), attrs)

    def bind(match: SiteMatch) -> _BoundView:
        return bound(view, match)

    return bind


def mount_script_root(request: HttpRequest, path: str) -> str:
    """Where the app is mounted, as Flask sees it: the site's script name and the
    part of the path the site's patterns consumed."""
    path_info = request.path_info
    consumed = path_info[: len(path_info) - len(path) + 1]
    script_name: str = request.META.get("SCRIPT_NAME", "")
    return script_name.rstrip("/") + consumed.rstrip("/")
