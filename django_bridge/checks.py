"""System checks for mounted flaskish apps (``manage.py check``)."""

from __future__ import annotations

import typing as t

from django.core.checks import Error, Tags, Warning, register
from django.urls import URLResolver, get_resolver


def _walk(resolver: URLResolver, prefix: str = "") -> t.Iterator[tuple[str, t.Any]]:
    from .resolver import FlaskAppResolver

    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, FlaskAppResolver):
            yield route, entry
        elif isinstance(entry, URLResolver):
            yield from _walk(entry, route)


@register(Tags.urls)
def check_mounts(app_configs: t.Any = None, **kwargs: t.Any) -> list[t.Any]:
    """No secret-less apps, no namespace shared by two apps, no hidden patterns."""
    from .resolver import FlaskAppResolver

    errors: list[t.Any] = []
    try:
        root = get_resolver()
        mounts = list(_walk(root))
    except Exception:  # noqa: BLE001 - URLconf problems are reported by Django's own checks
        return errors
    seen: dict[str, FlaskAppResolver] = {}
    for route, mounted in mounts:
        if not mounted.app.config.get("SECRET_KEY"):
            errors.append(
                Error(
                    f"The flaskish app {mounted.app.name!r} mounted at {route!r} has no"
                    " usable secret key.",
                    hint="Set SECRET_KEY in the Django settings or in the app's config.",
                    id="django_bridge.E001",
                )
            )
        other = seen.get(mounted.namespace)
        if other is not None and other.app is not mounted.app:
            errors.append(
                Error(
                    f"The namespace {mounted.namespace!r} is used by two mounted apps"
                    f" ({other.app.name!r} and {mounted.app.name!r}).",
                    hint="Pass a distinct namespace= to one of the mount() calls.",
                    id="django_bridge.E002",
                )
            )
        seen[mounted.namespace] = mounted
        if mounted.prefix == "" and mounts[-1][1] is not mounted:
            errors.append(
                Warning(
                    f"The flaskish app {mounted.app.name!r} is mounted at the site root"
                    " before other patterns; paths its rules match hide them.",
                    hint="Mount it last, or under a prefix.",
                    id="django_bridge.W001",
                )
            )
    return errors
