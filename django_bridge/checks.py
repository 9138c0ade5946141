"""System checks for mounted flaskish apps (``manage.py check``)."""

from __future__ import annotations

import typing as t

from django.core.checks import Error, Tags, Warning, register
from django.urls import URLResolver, get_resolver

from .discovery import Mount, iter_mounts
from .resolver import FlaskAppResolver


@register(Tags.urls)
def check_mounts(app_configs: t.Any = None, **kwargs: t.Any) -> list[t.Any]:
    """No secret-less apps, no namespace shared by two apps, no hidden patterns."""
    try:
        mounts = list(iter_mounts())
        hiding = list(_root_mounts_before_others(get_resolver()))
    except Exception:  # noqa: BLE001 - URLconf problems are reported by Django's own checks
        return []
    return [*_secret_key_errors(mounts), *_namespace_errors(mounts), *hiding]


def _secret_key_errors(mounts: list[Mount]) -> t.Iterator[Error]:
    for mount in mounts:
        if not mount.app.config.get("SECRET_KEY"):
            yield Error(
                f"The flaskish app {mount.app.name!r} mounted at {mount.path_prefix or '/'!r}"
                " has no usable secret key.",
                hint="Set SECRET_KEY in the Django settings or in the app's config.",
                id="django_bridge.E001",
            )


def _namespace_errors(mounts: list[Mount]) -> t.Iterator[Error]:
    seen: dict[str, Mount] = {}
    for mount in mounts:
        other = seen.setdefault(mount.namespace, mount)
        if other.app is not mount.app:
            yield Error(
                f"The namespace {mount.namespace!r} is used by two mounted apps"
                f" ({other.app.name!r} and {mount.app.name!r}).",
                hint="Pass a distinct namespace= to one of the mount() calls.",
                id="django_bridge.E002",
            )


def _root_mounts_before_others(resolver: URLResolver) -> t.Iterator[Warning]:
    """A mount with an empty prefix answers first for every path its rules match."""
    patterns = list(resolver.url_patterns)
    for index, entry in enumerate(patterns):
        if isinstance(entry, FlaskAppResolver):
            if entry.prefix == "" and index < len(patterns) - 1:
                yield Warning(
                    f"The flaskish app {entry.app.name!r} is mounted with an empty prefix"
                    " before other URL patterns; paths its rules match hide them.",
                    hint="Mount it last, or under a prefix.",
                    id="django_bridge.W001",
                )
        elif isinstance(entry, URLResolver):
            yield from _root_mounts_before_others(entry)
