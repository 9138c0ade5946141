"""The Jinja2 environment of an app and the loader that searches its template folders.

Templates are looked up in the application's ``template_folder`` first and then
in each registered blueprint's. Jinja is imported here, the first time an app
renders a template, so a process that never renders one does not load it.
"""

from __future__ import annotations

import os
import typing as t
from itertools import chain

import jinja2
from jinja2 import BaseLoader, TemplateNotFound

from .globals import _cv_request, g, request, session

if t.TYPE_CHECKING:
    from .sansio.app import App
    from .scaffold import Scaffold

_Source = tuple[str, str | None, t.Callable[[], bool] | None]


class Environment(jinja2.Environment):
    """A Jinja environment that belongs to one application.

    Unless a ``loader`` is passed, it loads templates through the app's global
    loader, so blueprint template folders are searched too.
    """

    def __init__(self, app: App, **options: t.Any) -> None:
        if "loader" not in options:
            options["loader"] = app.create_global_jinja_loader()
        super().__init__(**options)
        self.app = app


def create_jinja_environment(app: App) -> Environment:
    """Build ``app``'s environment from ``app.jinja_options`` and its config.

    Options the user set in ``jinja_options`` win; otherwise autoescaping follows
    ``app.select_jinja_autoescape`` and reloading follows ``TEMPLATES_AUTO_RELOAD``
    (or debug mode when that is None).
    """
    options = dict(app.jinja_options)
    options.setdefault("autoescape", app.select_jinja_autoescape)
    if "auto_reload" not in options:
        auto_reload = app.config["TEMPLATES_AUTO_RELOAD"]
        options["auto_reload"] = app.debug if auto_reload is None else auto_reload
    env_class: type[Environment] = getattr(app, "jinja_environment", Environment)
    env = env_class(app, **options)
    env.globals.update(
        url_for=app.url_for,
        get_flashed_messages=_flashed_messages_function(),
        config=app.config,
        # The context processor puts the concrete objects in each render's
        # context; these proxies serve imported templates and macros, which
        # see only the globals.
        request=request,
        session=session,
        g=g,
    )
    # Jinja's own ``tojson`` filter escapes for HTML and reads its serializer
    # from this policy, so the app's JSON provider decides how values dump.
    env.policies["json.dumps_function"] = app.json.dumps
    return env


def _flashed_messages_function() -> t.Callable[..., t.Any]:
    """``helpers.get_flashed_messages``, or a stand-in that finds it at call time."""
    from . import helpers

    found = getattr(helpers, "get_flashed_messages", None)
    if found is not None:
        result: t.Callable[..., t.Any] = found
        return result

    def get_flashed_messages(*args: t.Any, **kwargs: t.Any) -> t.Any:
        real = getattr(helpers, "get_flashed_messages", None)
        if real is None:
            raise RuntimeError(
                "Message flashing is not available: 'flaskish.helpers' does not"
                " define 'get_flashed_messages'."
            )
        return real(*args, **kwargs)

    return get_flashed_messages


def folder_loader(scaffold: Scaffold) -> jinja2.FileSystemLoader | None:
    """A loader for ``scaffold``'s template folder, or None when it has none."""
    if scaffold.template_folder is None:
        return None
    return jinja2.FileSystemLoader(
        os.path.join(scaffold.root_path, os.fspath(scaffold.template_folder))
    )


class DispatchingJinjaLoader(BaseLoader):
    """Search the application's template folder, then each blueprint's, in order.

    The first folder holding the template wins, so an app can override a
    blueprint's template by placing one with the same name in its own folder.
    """

    def __init__(self, app: App) -> None:
        self.app = app

    def _iter_loaders(self) -> t.Iterator[tuple[Scaffold, BaseLoader]]:
        # The app and its blueprints, each with a ``jinja_loader`` property.
        sources: t.Iterable[t.Any] = chain((self.app,), self.app.iter_blueprints())
        for source in sources:
            loader = source.jinja_loader
            if loader is not None:
                yield source, loader

    def get_source(self, environment: jinja2.Environment, template: str) -> _Source:
        explain = self.app.config["EXPLAIN_TEMPLATE_LOADING"]
        attempts: list[tuple[Scaffold, BaseLoader, _Source | None]] = []
        found: _Source | None = None
        for source, loader in self._iter_loaders():
            try:
                rv = loader.get_source(environment, template)
            except TemplateNotFound:
                rv = None
            if not explain and rv is not None:
                return rv
            attempts.append((source, loader, rv))
            if found is None:
                found = rv
        if explain:
            self._explain(template, attempts)
        if found is not None:
            return found
        raise TemplateNotFound(template, _not_found_message(template, attempts))

    def _explain(
        self, template: str, attempts: list[tuple[Scaffold, BaseLoader, _Source | None]]
    ) -> None:
        """Log, at INFO level, every loader tried for ``template`` and what it found."""
        lines = [f"Locating template {template!r}:"]
        for number, (source, loader, rv) in enumerate(attempts, 1):
            outcome = "no match" if rv is None else f"found ({rv[1] or '<string>'!r})"
            lines.append(f"{number:5}: loader of {self._describe(source)}")
            lines.append(f"       {_describe_loader(loader)}")
            lines.append(f"       -> {outcome}")
        matches = sum(rv is not None for _, _, rv in attempts)
        if matches == 0:
            lines.append("Error: no loader found the template.")
        elif matches > 1:
            lines.append("Warning: several loaders found the template; the first one wins.")
        req_ctx = _cv_request.get(None)
        blueprint = req_ctx.request.blueprint if req_ctx is not None else None
        if blueprint is not None and matches != 1:
            lines.append(
                f"  The template was requested by an endpoint of the blueprint"
                f" {blueprint!r}. Check that the template is in that blueprint's"
                " template folder, under a name no other folder uses."
            )
        self.app.logger.info("\n".join(lines))

    def _describe(self, source: Scaffold) -> str:
        if source is self.app:
            return f"application {source.import_name!r}"
        return f"blueprint {getattr(source, 'name', '?')!r} ({source.import_name})"

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for _source, loader in self._iter_loaders():
            names.update(loader.list_templates())
        return sorted(names)


def _describe_loader(loader: BaseLoader) -> str:
    searchpath = getattr(loader, "searchpath", None)
    if searchpath is not None:
        return f"{type(loader).__name__} searching {', '.join(map(repr, searchpath))}"
    return repr(loader)


def _not_found_message(
    template: str, attempts: list[tuple[Scaffold, BaseLoader, _Source | None]]
) -> str:
    folders = [
        folder
        for _source, loader, _rv in attempts
        for folder in getattr(loader, "searchpath", None) or [repr(loader)]
    ]
    if not folders:
        return (
            f"The template {template!r} was not found: neither the application nor"
            " any blueprint has a template folder."
        )
    return f"The template {template!r} was not found. Searched: {', '.join(folders)}."
