"""Flask-style Jinja2 rendering: ``render_template`` and friends, and the template context.

Templates render with ``config``, ``request``, ``session``, ``g``, ``url_for`` and
``get_flashed_messages`` in scope, and announce themselves through the
``before_render_template`` and ``template_rendered`` signals. The environment and
loaders live in :mod:`flaskish.jinja_env` (Jinja is loaded on first use); their
names are importable from here as in Flask.
"""

from __future__ import annotations

import typing as t

from .globals import _cv_app, _cv_request, current_app
from .helpers import get_template_attribute as get_template_attribute
from .helpers import stream_with_context
from .signals import before_render_template, template_rendered

if t.TYPE_CHECKING:
    from jinja2 import Template, TemplateNotFound

    from .jinja_env import DispatchingJinjaLoader, Environment
    from .sansio.app import App

__all__ = [
    "DispatchingJinjaLoader",
    "Environment",
    "TemplateNotFound",
    "get_template_attribute",
    "render_template",
    "render_template_string",
    "stream_template",
    "stream_template_string",
    "update_template_context",
]

_TemplateRef = t.Union[str, "Template", list[t.Union[str, "Template"]]]

#: Names Flask's ``templating`` module has, provided by :mod:`flaskish.jinja_env`.
_JINJA_NAMES = frozenset(
    {
        "DispatchingJinjaLoader",
        "Environment",
        "TemplateNotFound",
        "create_jinja_environment",
        "folder_loader",
    }
)


def __getattr__(name: str) -> t.Any:
    if name in _JINJA_NAMES:
        from . import jinja_env

        return getattr(jinja_env, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}", name=name)


def _default_context() -> dict[str, t.Any]:
    """The concrete ``g`` and ``request`` of the active contexts.

    ``session`` stays the proxy from the environment's globals: a template that
    never uses it neither opens the session nor marks it accessed.
    """
    rv: dict[str, t.Any] = {}
    app_ctx = _cv_app.get(None)
    if app_ctx is not None:
        rv["g"] = app_ctx.g
    req_ctx = _cv_request.get(None)
    if req_ctx is not None:
        rv["request"] = req_ctx.request
    return rv


def update_template_context(app: App, context: dict[str, t.Any]) -> None:
    """Add the defaults and the context processors' values to ``context`` in place.

    Processors run for the app, then for the current request's blueprints from
    the outermost inwards, so an inner blueprint overrides its parents. Values
    passed by the caller always win.
    """
    extra = _default_context()
    processors = app.template_context_processors
    names: list[str | None] = [None]
    req_ctx = _cv_request.get(None)
    if req_ctx is not None:
        request = req_ctx.request
        site_mount = request.site_mount
        if site_mount is not None:
            extra.update(site_mount.template_context())
        if len(processors) > (None in processors):  # blueprints have processors of their own
            names.extend(reversed(request.blueprints))
    for name in names:
        for func in processors.get(name, ()):
            extra.update(app.ensure_sync(func)())
    # The caller's values win: the rest only fills in what was not passed.
    for key, value in extra.items():
        context.setdefault(key, value)


def _app() -> App:
    return current_app._get_current_object()


def _prepare(app: App, template: Template, context: dict[str, t.Any]) -> None:
    app.update_template_context(context)
    if before_render_template.receivers:  # no arguments built for nobody
        before_render_template.send(
            app, _async_wrapper=app.ensure_sync, template=template, context=context
        )


def _render(app: App, template: Template, context: dict[str, t.Any]) -> str:
    _prepare(app, template, context)
    rv = template.render(context)
    if template_rendered.receivers:
        template_rendered.send(
            app, _async_wrapper=app.ensure_sync, template=template, context=context
        )
    return rv


def _stream(app: App, template: Template, context: dict[str, t.Any]) -> t.Iterator[str]:
    _prepare(app, template, context)

    def generate() -> t.Iterator[str]:
        yield from template.generate(context)
        template_rendered.send(
            app, _async_wrapper=app.ensure_sync, template=template, context=context
        )

    if _cv_request.get(None) is not None:
        # The body is produced after the view returns; keep ``request`` and
        # friends usable until the last chunk.
        result: t.Iterator[str] = stream_with_context(generate())
        return result
    return generate()


def render_template(template_name_or_list: _TemplateRef, **context: t.Any) -> str:
    """Render a template from the template folders with ``context``.

    :param template_name_or_list: a template name, or a list of names of which
        the first that exists is used.
    :param context: variables for the template; they win over context processors.
    """
    app = _app()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _render(app, template, context)


def render_template_string(source: str, **context: t.Any) -> str:
    """Render template source code with ``context``; it is autoescaped like ``.html``."""
    app = _app()
    return _render(app, app.jinja_env.from_string(source), context)


def stream_template(template_name_or_list: _TemplateRef, **context: t.Any) -> t.Iterator[str]:
    """Render a template piece by piece; return it from a view to stream the body.

    Inside a request the iterator keeps the request context alive until it is
    exhausted, so the template can still use ``request`` and ``session``.
    """
    app = _app()
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _stream(app, template, context)


def stream_template_string(source: str, **context: t.Any) -> t.Iterator[str]:
    """Like :func:`stream_template`, for template source code."""
    app = _app()
    return _stream(app, app.jinja_env.from_string(source), context)
