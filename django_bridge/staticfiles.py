"""Static files of flaskish apps in Django's staticfiles: found, collected, linked.

Add the finder to the site's settings::

    STATICFILES_FINDERS = [
        "django.contrib.staticfiles.finders.FileSystemFinder",
        "django.contrib.staticfiles.finders.AppDirectoriesFinder",
        "django_bridge.staticfiles.FlaskishStaticFinder",
    ]

Each app's files are found under the app's name (its mount namespace, or its
``FLASKISH_APPS`` key when it is not mounted), and each blueprint's under the
app's name and the blueprint's: ``static/app.css`` of the app mounted as
``blog`` becomes ``blog/app.css``, and ``static/widget.js`` of its ``widgets``
blueprint ``blog/widgets/widget.js``. So ``collectstatic`` gathers them, and
``{% static "blog/app.css" %}`` or ``runserver`` in DEBUG serves them.

With ``FLASKISH_STATIC_URLS = True``, ``url_for("static", filename=...)`` (and
a blueprint's ``".static"``) in a mounted app points at those collected files
(``STATIC_URL``, through ``staticfiles_storage``, so hashed names of a manifest
storage are used too) instead of the app's own static route. The setting is
read on every call, so ``override_settings`` is honoured.
"""

from __future__ import annotations

import os
import typing as t
from urllib.parse import urlencode

from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder, searched_locations
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join

from flaskish import has_request_context, request
from flaskish.cli import NoAppException

from . import conf
from .discovery import iter_mounts, load_app

if t.TYPE_CHECKING:
    from flaskish import Flask


def static_prefix(app_name: str, blueprint: str | None = None) -> str:
    """Where an app's (or a blueprint's) static files go among the site's static files."""
    parts = [*app_name.split(":"), *([blueprint] if blueprint else [])]
    return "/".join(parts)


def _named_apps() -> list[tuple[str, Flask]]:
    """Mounted apps by namespace, then ``FLASKISH_APPS`` apps not mounted; each app once."""
    found: list[tuple[str, Flask]] = []
    seen: set[int] = set()
    for mount in iter_mounts():
        if id(mount.app) not in seen:
            seen.add(id(mount.app))
            # The mount's own namespace, as mount() gives it to the URL builder.
            found.append((t.cast(str, mount.resolver.namespace), mount.app))
    for name in conf.flaskish_apps():
        try:
            app = load_app(name)
        except NoAppException:
            continue  # reported by the system check, not by a file search
        if id(app) not in seen:
            seen.add(id(app))
            found.append((name, app))
    return found


def static_locations() -> list[tuple[str, str]]:
    """``(prefix, folder)`` for every static folder of the site's apps and blueprints."""
    locations: list[tuple[str, str]] = []
    for name, app in _named_apps():
        if app.static_folder:
            locations.append((static_prefix(name), app.static_folder))
        for bp_name, bp in app.blueprints.items():
            if bp.static_folder:
                locations.append((static_prefix(name, bp_name), bp.static_folder))
    return locations


class FlaskishStaticFinder(BaseFinder):
    """Finds the static files of mounted and ``FLASKISH_APPS`` apps and their blueprints.

    Django keeps one finder per process, so the apps are looked up on every
    call rather than remembered: a changed URLconf is seen at once.
    """

    if t.TYPE_CHECKING:
        # Django 5.2's shim for the old ``all=`` argument (private; not in django-stubs).
        def _check_deprecated_find_param(self, **kwargs: t.Any) -> bool: ...

    def check(self, **kwargs: t.Any) -> list[CheckMessage]:
        """The settings this finder reads: ``FLASKISH_APPS``, ``FLASKISH_STATIC_URLS``."""
        return [*_apps_setting_errors(), *_static_urls_errors()]

    def find(self, path: str, find_all: bool = False, **kwargs: t.Any) -> t.Any:
        if kwargs:  # Django 5.2 still accepts the old ``all=`` spelling.
            find_all = self._check_deprecated_find_param(find_all=find_all, **kwargs)
        matches: list[str] = []
        for prefix, root in static_locations():
            if root not in searched_locations:
                searched_locations.append(root)
            if not path.startswith(prefix + "/"):
                continue
            candidate = safe_join(root, path.removeprefix(prefix + "/"))
            if os.path.exists(candidate):
                if not find_all:
                    return candidate
                matches.append(candidate)
        return matches

    def list(
        self, ignore_patterns: t.Iterable[str] | None
    ) -> t.Iterator[tuple[str, FileSystemStorage]]:
        for prefix, root in static_locations():
            if os.path.isdir(root):
                storage = FileSystemStorage(location=root)
                # collectstatic reads ``prefix`` to place the files, as for STATICFILES_DIRS.
                storage.prefix = prefix  # type: ignore[attr-defined]
                for path in utils.get_files(storage, ignore_patterns):
                    yield path, storage


def _apps_setting_errors() -> t.Iterator[CheckMessage]:
    apps = conf.raw_flaskish_apps()
    if not isinstance(apps, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in apps.items()
    ):
        yield Error(
            f"FLASKISH_APPS must map app names to import strings, not {apps!r}.",
            hint='For example FLASKISH_APPS = {"blog": "blog:create_app()"}.',
            id="django_bridge.E006",
        )
        return
    for name in apps:
        try:
            load_app(name)
        except Exception as e:  # noqa: BLE001 - any failure to load is the message
            yield Error(
                f"The FLASKISH_APPS entry {name!r} ({apps[name]!r}) cannot be loaded: {e}",
                hint="Fix the import string, or remove the entry.",
                id="django_bridge.E007",
            )


def _static_urls_errors() -> t.Iterator[CheckMessage]:
    if conf.static_urls_enabled() and not conf.static_url():
        yield Error(
            "FLASKISH_STATIC_URLS is on, but STATIC_URL is not set.",
            hint="Set STATIC_URL (for example '/static/'), or turn FLASKISH_STATIC_URLS off.",
            id="django_bridge.E008",
        )


def site_static_url(
    app: Flask, app_name: str, endpoint: str, values: dict[str, t.Any]
) -> str | None:
    """The collected file's URL for ``url_for("static", filename=...)`` (or a blueprint's
    ``"bp.static"``) of a mounted app, or None for any other endpoint.

    Asked by the app's ``url_for`` through ``request.site_mount`` (see
    :class:`django_bridge.site.DjangoSiteMount`): the app itself is not changed.
    """
    prefix = _prefix_for(app, app_name, endpoint)
    if prefix is None or "filename" not in values:
        return None
    from django.contrib.staticfiles.storage import staticfiles_storage

    values = dict(values)
    anchor = values.pop("_anchor", None)
    external = values.pop("_external", None)
    for key in ("_method", "_scheme"):
        values.pop(key, None)
    url = staticfiles_storage.url(f"{prefix}/{values.pop('filename')}")
    query = {k: v for k, v in values.items() if v is not None}
    if query:
        url += ("&" if "?" in url else "?") + urlencode(query, doseq=True)
    if external and url.startswith("/") and has_request_context():
        url = request.django.build_absolute_uri(url)
    return f"{url}#{anchor}" if anchor else url


def _prefix_for(app: Flask, app_name: str, endpoint: str) -> str | None:
    if endpoint == "static":
        return static_prefix(app_name) if app.has_static_folder else None
    blueprint, _, last = endpoint.rpartition(".")
    bp = app.blueprints.get(blueprint) if last == "static" else None
    if bp is not None and bp.has_static_folder:
        return static_prefix(app_name, blueprint)
    return None
