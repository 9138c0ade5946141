"""Which flaskish apps a Django site knows: those mounted in its URLconf and ``FLASKISH_APPS``.

Commands (``manage.py flask``), the pytest plugin and the staticfiles finder
all ask the same questions: which names exist, which app a name means, and
where (if anywhere) an app is mounted. Mounts are read from the live URLconf
on every call, so ``override_settings(ROOT_URLCONF=...)`` is honoured and no
app is kept alive by a registry of our own.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from . import conf
from .resolver import FlaskAppResolver

if t.TYPE_CHECKING:
    from flaskish import Flask


@dataclass(frozen=True)
class Mount:
    """A flaskish app found in the URLconf."""

    app: Flask
    #: The full URL namespace (``"blog"``, or ``"outer:blog"`` inside an include).
    namespace: str
    #: The path from the site root, without the trailing slash: ``"/blog"``, or ``""``.
    path_prefix: str
    resolver: FlaskAppResolver


def _route(pattern: t.Any) -> str:
    """The literal path a pattern matches; regex anchors are dropped."""
    if isinstance(pattern, RegexPattern):
        return str(pattern).removeprefix("^").removesuffix("$").replace("\\", "")
    return str(pattern)


def _walk(resolver: URLResolver, route: str, namespaces: tuple[str, ...]) -> t.Iterator[Mount]:
    for entry in resolver.url_patterns:
        if not isinstance(entry, URLResolver):
            continue
        entry_route = route + _route(entry.pattern)
        entry_namespaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
        if isinstance(entry, FlaskAppResolver):
            prefix = ("/" + entry_route).rstrip("/")
            yield Mount(entry.app, ":".join(entry_namespaces), prefix, entry)
        else:
            yield from _walk(entry, entry_route, entry_namespaces)


def iter_mounts() -> t.Iterator[Mount]:
    """Every mounted app in the site's URLconf, in URLconf order."""
    if not conf.root_urlconf():
        return
    yield from _walk(get_resolver(), "", ())


def find_mount(app: Flask) -> Mount | None:
    """Where ``app`` is mounted (its first mount), or None."""
    return next((m for m in iter_mounts() if m.app is app), None)


def app_names() -> list[str]:
    """Every name an app is known by: ``FLASKISH_APPS`` keys and mount namespaces."""
    return sorted(set(conf.flaskish_apps()) | {m.namespace for m in iter_mounts()})


def default_app_name() -> str | None:
    """The name an unnamed command means: the site's only known app, else its only
    mounted app (``FLASKISH_APPS`` may name others, as for a factory in tests)."""
    names = app_names()
    if len(names) == 1:
        return names[0]
    mounted = {m.namespace: m.app for m in iter_mounts()}
    if len(set(map(id, mounted.values()))) == 1:
        return next(iter(mounted))
    return None


def load_app(name: str | None = None) -> Flask:
    """The app called ``name``; without a name, the site's only (mounted) app.

    A ``FLASKISH_APPS`` entry wins over a mount namespace of the same name.
    A factory entry (``"pkg:create_app()"``) makes a new app on every call.

    :raises NoAppException: the name is unknown, or none was given and the
        site knows no app or several; the message lists the known names.
    """
    # flaskish.cli loads click: only the commands and checks that load apps need it.
    from flaskish.cli import NoAppException, locate_app

    names = app_names()
    if name is None:
        name = default_app_name()
        if name is None:
            raise NoAppException(_pick_one_message(names))
    import_path = conf.flaskish_apps().get(name)
    if import_path is not None:
        # Settings name importable modules, so no file-path handling (or sys.path change).
        module, _, app_name = import_path.partition(":")
        return locate_app(module, app_name or None)
    for mount in iter_mounts():
        if mount.namespace == name:
            return mount.app
    raise NoAppException(
        f"No flaskish app is named {name!r}. {_known_message(names)}"
        " Pick one of them, or add the app to FLASKISH_APPS or mount it in the URLconf."
    )


def _known_message(names: list[str]) -> str:
    if not names:
        return "The site knows no flaskish apps."
    return f"The known apps are {', '.join(repr(n) for n in names)}."


def _pick_one_message(names: list[str]) -> str:
    if not names:
        return (
            "The site knows no flaskish apps. Mount one in the URLconf with"
            " django_bridge.mount(), or name it in the FLASKISH_APPS setting."
        )
    return f"Several flaskish apps are known; choose one with '--app NAME'. {_known_message(names)}"
