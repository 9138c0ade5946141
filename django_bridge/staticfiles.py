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
read when ``mount()`` runs, that is when the URLconf is first loaded.
"""

from __future__ import annotations

import os
import typing as t
from urllib.parse import urlencode

from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder, searched_locations
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
            found.append((mount.resolver.namespace, mount.app))
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

    def check(self, **kwargs: t.Any) -> list[t.Any]:
        return []

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

    def list(self, ignore_patterns: list[str] | None) -> t.Iterator[tuple[str, FileSystemStorage]]:
        for prefix, root in static_locations():
            if os.path.isdir(root):
                storage = FileSystemStorage(location=root)
                # collectstatic reads ``prefix`` to place the files, as for STATICFILES_DIRS.
                storage.prefix = prefix  # type: ignore[attr-defined]
                for path in utils.get_files(storage, ignore_patterns):
                    yield path, storage


class StaticURLBuilder:
    """``app.url_for`` for a mounted app whose static files Django serves.

    Static endpoints become URLs of the collected files; every other endpoint
    goes to the app's own ``url_for``. Installed per app by :func:`use_site_static_urls`.
    """

    def __init__(self, app: Flask, app_name: str) -> None:
        self.build = app.url_for
        self.app = app
        self.app_name = app_name

    def __call__(self, endpoint: str, **values: t.Any) -> str:
        prefix = self._prefix_for(endpoint)
        if prefix is None or "filename" not in values:
            return self.build(endpoint, **values)
        from django.contrib.staticfiles.storage import staticfiles_storage

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

    def _prefix_for(self, endpoint: str) -> str | None:
        if endpoint.startswith("."):
            blueprint = request.blueprint if has_request_context() else None
            endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
        if endpoint == "static":
            return static_prefix(self.app_name) if self.app.has_static_folder else None
        blueprint, _, last = endpoint.rpartition(".")
        bp = self.app.blueprints.get(blueprint) if last == "static" else None
        if bp is not None and bp.has_static_folder:
            return static_prefix(self.app_name, blueprint)
        return None


def use_site_static_urls(app: Flask, app_name: str) -> None:
    """Make ``url_for`` of ``app``'s static endpoints point at the site's static files."""
    if isinstance(app.url_for, StaticURLBuilder):
        return
    builder = StaticURLBuilder(app, app_name)
    app.url_for = builder  # type: ignore[method-assign]
    if "jinja_env" in vars(app):
        # Templates captured the bound method when the environment was made.
        app.jinja_env.globals["url_for"] = builder
