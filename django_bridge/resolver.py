"""The URL resolver a mounted app becomes inside a Django URLconf.

Django's ``reverse()`` and ``{% url %}`` see one URL pattern per rule (built
by :func:`flaskish.routing.django.to_django_patterns`), while resolving does
not walk them: every path under the prefix goes to the app's bridge view, and
the app's own indexed matcher picks the rule (so its 404, 405 and redirects
are the app's).
"""

from __future__ import annotations

import asyncio
import typing as t
from functools import cached_property

from django.urls import Resolver404, ResolverMatch, URLResolver
from django.urls.resolvers import RoutePattern

from flaskish.exceptions import NotFound
from flaskish.routing.django import to_django_patterns

from .view import MATCH_KWARG, REMAINING_PATH_KWARG, make_async_bridge_view, make_bridge_view

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.routing import MapAdapter, Rule


def _on_event_loop() -> bool:
    """Whether Django resolves from its ASGI handler (then the async view runs on the loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _url_name(found: tuple[Rule, dict[str, t.Any]] | tuple[()] | NotFound) -> str | None:
    """The endpoint as Django's ``url_name``: ``""`` for a 405 or redirect, None for a miss."""
    if isinstance(found, NotFound):
        return None
    return found[0].endpoint if found else ""


class FlaskAppResolver(URLResolver):
    """A ``URLResolver`` whose patterns are a flaskish app's rules."""

    def __init__(
        self, prefix: str, app: Flask, namespace: str, csrf: bool, site: t.Any = None
    ) -> None:
        super().__init__(
            RoutePattern(prefix, is_endpoint=False),
            urlconf_name=None,
            app_name=namespace,
            namespace=namespace,
        )
        self.app = app
        self.prefix = prefix
        self.csrf = csrf
        #: The site's side of the mount (``request.site_mount`` in the app).
        self.site = site
        self.view = make_bridge_view(app, csrf=csrf, site=site)
        self.async_view = make_async_bridge_view(app, csrf=csrf, site=site)

    @cached_property
    def url_patterns(self) -> list[t.Any]:  # type: ignore[override]
        return to_django_patterns(self.app.url_map, self.view)

    @cached_property
    def urlconf_module(self) -> list[t.Any]:  # type: ignore[override]
        return self.url_patterns

    def resolve(self, path: str) -> ResolverMatch:
        path = str(path)
        match = self.pattern.match(path)
        if not match:
            raise Resolver404({"path": path})
        remaining, _args, captured = match
        found = self._match_get(remaining)
        if isinstance(found, NotFound) and not self.prefix:
            # A root mount must not hide the site's other URL patterns.
            raise Resolver404({"path": remaining, "tried": []})
        extra = {REMAINING_PATH_KWARG: remaining, MATCH_KWARG: found or None}
        return ResolverMatch(
            self.async_view if _on_event_loop() else self.view,
            (),
            {**captured, **extra},
            _url_name(found),
            [self.app_name],
            [self.namespace],
            str(self.pattern),
            captured_kwargs=captured,
            extra_kwargs=extra,
        )

    def _match_get(self, remaining: str) -> tuple[Rule, dict[str, t.Any]] | tuple[()] | NotFound:
        """The app's match for a GET of the path: ``(rule, values)``, ``()`` or ``NotFound``.

        It names the match (``url_name``), lets a root mount fall through on a
        miss, and is handed to the view, which uses it instead of matching again
        where the host cannot change the answer (a rule for a GET, a miss for any
        method). ``()``: the path is the app's, but as a 405 or a redirect.
        """
        try:
            return self._localhost_adapter.match(  # type: ignore[return-value]
                "/" + remaining, "GET", return_rule=True
            )
        except NotFound as miss:
            return miss
        except Exception:  # noqa: BLE001 - 405s and redirects still belong to the app
            return ()

    @cached_property
    def _localhost_adapter(self) -> MapAdapter:
        """One adapter for :meth:`_match_get` (the map's index is always current)."""
        return self.app.url_map.bind("localhost")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.app.name!r} at {self.prefix!r} (namespace={self.namespace!r})>"
