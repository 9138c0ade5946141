"""The URL resolver a mounted app becomes inside a Django URLconf.

Django's ``reverse()`` and ``{% url %}`` see one URL pattern per rule (built
by :func:`flaskish.routing.django.to_django_patterns`), while resolving does
not walk them: the app's own indexed matcher matches the path below the prefix
once, and the result goes to the app's pipeline bound to the bridge view (so its
404, 405 and redirects are the app's). ``resolver_match.kwargs`` are the rule's
values, and ``url_name`` is its endpoint.
"""

from __future__ import annotations

import asyncio
import typing as t
from functools import cached_property

from asgiref.sync import iscoroutinefunction
from django.db import connections
from django.urls import Resolver404, ResolverMatch, URLResolver
from django.urls.resolvers import RoutePattern

from flaskish.exceptions import NotFound
from flaskish.routing import ANY_METHOD
from flaskish.routing.django import to_django_patterns

from .view import SiteMatch, make_bridge_views

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.routing import MapAdapter


def _on_event_loop() -> bool:
    """Whether Django resolves from its ASGI handler (then the async view runs on the loop).

    Asked without ``get_running_loop()``'s exception: a WSGI request has no loop.
    """
    return asyncio._get_running_loop() is not None


def _atomic_sync_view(view: t.Callable[..., t.Any] | None) -> bool:
    """Whether Django must wrap a sync view in ``ATOMIC_REQUESTS``' transaction: then the
    sync bridge view serves it under ASGI too, in a thread, as Django runs a sync view."""
    if view is None or iscoroutinefunction(view):
        return False
    return any(db.get("ATOMIC_REQUESTS") for db in connections.settings.values())


class FlaskAppResolver(URLResolver):
    """A ``URLResolver`` whose patterns are a flaskish app's rules."""

    def __init__(
        self, prefix: str, app: Flask, namespace: str, csrf: bool, site: t.Any = None
    ) -> None:
        super().__init__(
            RoutePattern(prefix, is_endpoint=False),
            urlconf_name=None,  # type: ignore[arg-type]  # url_patterns is overridden
            app_name=namespace,
            namespace=namespace,
        )
        self.app = app
        self.prefix = prefix
        self.csrf = csrf
        #: The site's side of the mount (``request.site_mount`` in the app).
        self.site = site
        self._bind_view, self._bind_async_view = make_bridge_views(app, csrf=csrf)

    @cached_property
    def view(self) -> t.Callable[..., t.Any]:
        """A view for the patterns ``reverse()`` reads (never called: resolving binds one)."""
        return self._bind_view(SiteMatch("/", self.site, complete=False))

    @cached_property
    def url_patterns(self) -> list[t.Any]:
        return to_django_patterns(self.app.url_map, self.view)

    @cached_property
    def urlconf_module(self) -> list[t.Any]:
        return self.url_patterns

    def resolve(self, path: str) -> ResolverMatch:
        path = str(path)
        found = self.pattern.match(path)
        if not found:
            raise Resolver404({"path": path})
        remaining, _args, captured = found
        match = self._match(remaining)
        if match.routing_exception is not None and not self.prefix:
            # A root mount must not hide the site's other URL patterns.
            raise Resolver404({"path": remaining, "tried": []})
        rule = match.rule
        # The enclosing resolver copies these into the request's own ResolverMatch.
        kwargs = {**captured, **match.values} if captured else match.values
        endpoint_view = self.app.view_functions.get(rule.endpoint) if rule is not None else None
        bind = self._bind_view
        if _on_event_loop() and not _atomic_sync_view(endpoint_view):
            bind = self._bind_async_view
        view = bind(match)
        if hasattr(endpoint_view, "_non_atomic_requests"):
            # transaction.non_atomic_requests on the app's view: Django reads it on the view.
            view._non_atomic_requests = endpoint_view._non_atomic_requests  # type: ignore[attr-defined,union-attr]
        return ResolverMatch(
            view,
            (),
            kwargs,
            rule.endpoint if rule is not None else None,
            [self.app_name],
            [self.namespace],
            # Below the prefix: the enclosing resolver puts the prefix before it.
            rule.rule.lstrip("/") if rule is not None else "",
            captured_kwargs=kwargs,
            extra_kwargs={},
        )

    def _match(self, remaining: str) -> SiteMatch:
        """The app's match of the path, made once for any method.

        The first rule for the path, whatever its methods, is the rule the
        request's own method gets when the rule accepts that method (the
        pipeline checks); a miss is a 404 for every method. What depends on the
        request's method or host (redirects, 405s, host and subdomain
        matching, an endpoint with several rules) is left to the app's adapter.
        """
        path = "/" + remaining
        app = self.app
        if app.url_map.host_matching or app.subdomain_matching:
            return SiteMatch(path, self.site, complete=False)
        try:
            rule, values = self._adapter.match(path, ANY_METHOD, return_rule=True)
        except NotFound as miss:
            return SiteMatch(path, self.site, routing_exception=miss)
        except Exception:  # noqa: BLE001 - 405s and redirects still belong to the app
            return SiteMatch(path, self.site, complete=False)
        complete = len(app.url_map._rules_by_endpoint[rule.endpoint]) == 1
        return SiteMatch(path, self.site, rule, values, complete=complete)

    @cached_property
    def _adapter(self) -> MapAdapter:
        """One adapter for :meth:`_match` (the map's index is always current)."""
        return self.app.url_map.bind("localhost")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.app.name!r} at {self.prefix!r} (namespace={self.namespace!r})>"
