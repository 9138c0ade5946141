"""System checks for mounted flaskish apps (``manage.py check``).

Registered by :meth:`django_bridge.apps.DjangoBridgeConfig.ready`. Two apps
under one namespace are Django's own ``urls.W005``.
"""

from __future__ import annotations

import importlib.machinery
import typing as t

from django.core.checks import CheckMessage, Error, Warning
from django.urls import URLResolver, get_resolver

from flaskish.sessions import SecureCookieSessionInterface

from . import conf
from .discovery import Mount, iter_mounts
from .resolver import FlaskAppResolver
from .site import scoped_cookie_name


def check_mounts(app_configs: t.Any = None, **kwargs: t.Any) -> list[CheckMessage]:
    """Keys, cookie scopes, CSRF and pattern order of every mounted app."""
    try:
        mounts = list(iter_mounts())
        hiding = list(_root_mounts_before_others(get_resolver()))
    except Exception:  # noqa: BLE001 - URLconf problems are reported by Django's own checks
        return []
    return [
        *_secret_key_messages(mounts),
        *_shared_cookie_scopes(mounts),
        *_csrf_exempt_shared_sessions(mounts),
        *hiding,
    ]


def _where(mount: Mount) -> str:
    return f"The flaskish app {mount.app.name!r} mounted at {mount.path_prefix or '/'!r}"


def _secret_key_messages(mounts: list[Mount]) -> t.Iterator[CheckMessage]:
    site_key = conf.secret_key()
    for mount in mounts:
        own_key = mount.app.config.get("SECRET_KEY")
        if not own_key and not site_key:
            yield Error(
                f"{_where(mount)} has no usable secret key.",
                hint="Set SECRET_KEY in the Django settings (the app then signs with it).",
                id="django_bridge.E001",
            )
        elif own_key and own_key != site_key:
            yield Warning(
                f"{_where(mount)} sets its own SECRET_KEY, which differs from the site's.",
                hint=(
                    "Remove SECRET_KEY from the app's config (for example the factory's"
                    " SECRET_KEY='dev') so it signs with the site's key in a cookie scope"
                    " of its own; keep it only to keep existing Flask session cookies"
                    " valid, and then keep it secret."
                ),
                id="django_bridge.W002",
            )


def _cookie_scope(mount: Mount) -> tuple[str, str] | None:
    """``(name, path)`` of the mount's Flask session cookie; None when it has none."""
    app = mount.app
    if not isinstance(app.session_interface, SecureCookieSessionInterface):
        return None
    config = app.config
    defaults = app.default_config
    if config.get("SECRET_KEY"):
        name = config["SESSION_COOKIE_NAME"]
        path = config["SESSION_COOKIE_PATH"] or config["APPLICATION_ROOT"]
    else:
        named = config["SESSION_COOKIE_NAME"] != defaults["SESSION_COOKIE_NAME"]
        name = config["SESSION_COOKIE_NAME"] if named else scoped_cookie_name(mount.path_prefix)
        root = config["APPLICATION_ROOT"]
        path = config["SESSION_COOKIE_PATH"] or (
            root if root != defaults["APPLICATION_ROOT"] else mount.path_prefix or "/"
        )
    return str(name), str(path)


def _shared_cookie_scopes(mounts: list[Mount]) -> t.Iterator[Warning]:
    """Two cookies of one name clash: browsers send both to the deeper path, and
    Django's test client (like any cookie jar keyed by name) keeps only one."""
    owners: dict[str, tuple[object, str]] = {
        conf.session_cookie_name(): (None, "Django's own session")
    }
    for mount in mounts:
        scope = _cookie_scope(mount)
        if scope is None:
            continue
        name, path = scope
        owner = (mount.app, mount.path_prefix)
        first, label = owners.setdefault(name, (owner, f"the app {mount.app.name!r}"))
        if first != owner:
            yield Warning(
                f"{_where(mount)} uses the session cookie {name!r} (Path={path}),"
                f" as {label} does: one overwrites the other.",
                hint=(
                    "Leave SESSION_COOKIE_NAME and SECRET_KEY unset in the app so the"
                    " mount gets a cookie of its own, or give one app another"
                    " SESSION_COOKIE_NAME."
                ),
                id="django_bridge.W003",
            )


def _csrf_exempt_shared_sessions(mounts: list[Mount]) -> t.Iterator[Warning]:
    from .sessions import DjangoSessionInterface

    for mount in mounts:
        site = mount.resolver.site
        if site is None or site.csrf != "exempt":
            continue
        if isinstance(mount.app.session_interface, DjangoSessionInterface):
            yield Warning(
                f"{_where(mount)} shares Django's session but is mounted with csrf=False:"
                " a cross-site form can act as the logged-in visitor.",
                hint="Drop csrf=False (unsafe cross-origin requests are then refused) or use csrf=True.",
                id="django_bridge.W004",
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


def check_as_flask(app_configs: t.Any = None, **kwargs: t.Any) -> list[CheckMessage]:
    """``FLASKISH_AS_FLASK`` while the real Flask is installed: which one code gets is fragile."""
    if not conf.as_flask():
        return []
    real = importlib.machinery.PathFinder.find_spec("flask")
    if real is None:
        return []
    return [
        Warning(
            f"FLASKISH_AS_FLASK is set while the real Flask is installed ({real.origin}).",
            hint=(
                "Uninstall Flask from this environment: anything that imports flask"
                " before django_bridge loads gets the real one, mixed with flaskish."
            ),
            id="django_bridge.W005",
        )
    ]
