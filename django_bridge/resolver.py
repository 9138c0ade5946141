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

from .view import REMAINING_PATH_KWARG, make_async_bridge_view, make_bridge_view

if t.TYPE_CHECKING:
    from flaskish import Flask


def _on_event_loop() -> bool:
    """Whether Django resolves from its ASGI handler (then the async view runs on the loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class FlaskAppResolver(URLResolver):
    """A ``URLResolver`` whose patterns are a flaskish app's rules."""

    def __init__(self, prefix: str, app: Flask, namespace: str, csrf: bool) -> None:
        super().__init__(
            RoutePattern(prefix, is_endpoint=False),
            urlconf_name=None,
            app_name=namespace,
            namespace=namespace,
        )
        self.app = app
        self.prefix = prefix
        self.csrf = csrf
        self.view = make_bridge_view(app, csrf=csrf)
        self.async_view = make_async_bridge_view(app, csrf=csrf)

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
        url_name = self._endpoint_for(remaining)
        if url_name is None and not self.prefix:
            # A root mount must not hide the site's other URL patterns.
            raise Resolver404({"path": remaining, "tried": []})
        return ResolverMatch(
            self.async_view if _on_event_loop() else self.view,
            (),
            {**captured, REMAINING_PATH_KWARG: remaining},
            url_name,
            [self.app_name],
            [self.namespace],
            str(self.pattern),
            captured_kwargs=captured,
            extra_kwargs={REMAINING_PATH_KWARG: remaining},
        )

    def _endpoint_for(self, remaining: str) -> str | None:
        """The endpoint the path matches for some method, or None (for naming and fall-through)."""
        adapter = self.app.url_map.bind("localhost", path_info="/" + remaining)
        try:
            rule, _ = adapter.match(method="GET", return_rule=True)
        except NotFound:
            return None
        except Exception:  # noqa: BLE001 - 405s and redirects still belong to the app
            return ""
        return rule.endpoint  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.app.name!r} at {self.prefix!r} (namespace={self.namespace!r})>"
