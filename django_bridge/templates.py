"""A Django template backend for a flaskish app's Jinja templates: one template, both worlds.

A view moving to Django keeps its template. In the settings::

    TEMPLATES = [
        ...,
        {
            "BACKEND": "django_bridge.templates.FlaskishJinja2",
            "NAME": "blog",
            "OPTIONS": {"app": "blog"},  # a mount namespace, FLASKISH_APPS name or "pkg.mod:app"
        },
    ]

and ``render(request, "posts/index.html", context, using="blog")`` in the
Django view. The template renders as the app's own ``render_template`` would:
the app's loaders (its and its blueprints' template folders), filters, tests,
globals and context processors (the blueprint's too, on the URL of one of its
rules), with ``url_for`` (the app's endpoints under the mount prefix, and Django
URL names), ``get_flashed_messages``, ``request``, ``session``, ``g`` and
``config``; plus Django's ``csrf_token`` (also callable, as a mount's
``csrf_token()``) and ``csrf_input``, and ``request.user``.

``g`` starts empty, as the app's ``before_request`` hooks do not run: pass
``g={"name": value}`` in the context to set what they would have set.

Options follow Django's ``Jinja2`` backend: ``DIRS`` are searched before the
app's folders; ``environment`` names a callable that makes the Jinja
environment from the other options (the app's filters, tests and globals are
added to it where it sets none of the same name); ``context_processors`` are
Django context processors, run when there is a request.

Django's error views look up ``404.html`` and friends in every engine: this one
does not serve those names (the app's own error pages expect the app's context)
unless ``serve_error_templates`` is true.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from functools import cached_property

import jinja2
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.backends.base import BaseEngine
from django.template.backends.utils import csrf_input_lazy
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString

from .discovery import find_mount, load_app
from .view import SiteMatch

if t.TYPE_CHECKING:
    from django.http import HttpRequest

    from flaskish import Flask
    from flaskish.ctx import RequestContext

__all__ = ["FlaskishJinja2", "Template"]

#: Templates Django's error views look for, in every engine, when they answer a
#: request outside the app: the app's own ``404.html`` expects the app's context.
DJANGO_ERROR_TEMPLATES = frozenset(
    {"400.html", "403.html", "403_csrf.html", "404.html", "500.html"}
)


class FlaskishJinja2(BaseEngine):
    """``TEMPLATES`` backend: a flaskish app's Jinja environment, for Django views."""

    app_dirname = "jinja2"

    def __init__(self, params: dict[str, t.Any]) -> None:
        params = params.copy()
        options = dict(params.pop("OPTIONS", {}))
        super().__init__(params)
        self.app_name: str | None = options.pop("app", None)
        environment = options.pop("environment", None)
        self.environment_factory: t.Callable[..., jinja2.Environment] | None = (
            import_string(environment) if environment else None
        )
        self.context_processors: list[str] = options.pop("context_processors", [])
        self.serve_error_templates = bool(options.pop("serve_error_templates", False))
        self.env_options = options

    @cached_property
    def app(self) -> Flask:
        """The app whose templates this engine renders (loaded on first use)."""
        name = self.app_name
        if name and ":" in name:
            from flaskish.cli import locate_app

            module, _, attribute = name.partition(":")
            return locate_app(module, attribute or None)
        return load_app(name)

    @cached_property
    def env(self) -> jinja2.Environment:
        """The app's own environment, unless ``DIRS`` or ``environment`` ask for another."""
        app = self.app
        app_env: jinja2.Environment = app.jinja_env
        dirs = [str(d) for d in self.template_dirs]
        loader: jinja2.BaseLoader | None = app_env.loader
        if dirs:
            loader = jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(dirs), *([loader] if loader else [])]
            )
        if self.environment_factory is None:
            return app_env if not dirs else app_env.overlay(loader=loader)
        options = {"loader": loader, "autoescape": app.select_jinja_autoescape, **self.env_options}
        env = self.environment_factory(**options)
        for kind in ("filters", "tests", "globals"):
            mine: dict[str, t.Any] = getattr(env, kind)
            for name, value in getattr(app_env, kind).items():
                mine.setdefault(name, value)
        env.policies["json.dumps_function"] = app.json.dumps
        return env

    @cached_property
    def template_context_processors(self) -> list[t.Callable[..., t.Any]]:
        return [import_string(path) for path in self.context_processors]

    def from_string(self, template_code: str) -> Template:
        return Template(self.env.from_string(template_code), self)

    def get_template(self, template_name: str) -> Template:
        if template_name in DJANGO_ERROR_TEMPLATES and not self.serve_error_templates:
            raise TemplateDoesNotExist(template_name, backend=self)
        try:
            return Template(self.env.get_template(template_name), self)
        except jinja2.TemplateNotFound as e:
            raise TemplateDoesNotExist(str(e.name), backend=self) from e
        except jinja2.TemplateSyntaxError as e:
            raise TemplateSyntaxError(e.args) from e


class _CsrfToken:
    """Django's CSRF token for a request: ``{{ csrf_token }}`` (Django's Jinja2
    convention) and ``{{ csrf_token() }}`` (a mount's) both give it."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def __call__(self) -> str:
        from django.middleware.csrf import get_token

        return get_token(self.request)

    def __str__(self) -> str:
        return self()

    def __html__(self) -> str:
        return SafeString(self())


class Template:
    """A template of the app, rendered in a request context of the app."""

    def __init__(self, template: jinja2.Template, backend: FlaskishJinja2) -> None:
        self.template = template
        self.backend = backend

    @property
    def origin(self) -> t.Any:
        from django.template.base import UNKNOWN_SOURCE, Origin

        return Origin(
            name=self.template.filename or UNKNOWN_SOURCE, template_name=self.template.name
        )

    def render(
        self, context: Mapping[str, t.Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        from flaskish.templating import _render

        app = self.backend.app
        values = dict(context or {})
        if request is None:
            with app.app_context():
                return _render(app, self.template, values)
        values.setdefault("csrf_input", csrf_input_lazy(request))
        values.setdefault("csrf_token", _CsrfToken(request))
        for processor in self.backend.template_context_processors:
            for key, value in processor(request).items():
                values.setdefault(key, value)
        ctx = _request_context(app, request)
        ctx.push()
        try:
            preset = values.pop("g", None)
            if isinstance(preset, Mapping):
                from flaskish.globals import g

                for name, value in preset.items():
                    setattr(g, name, value)
            return _render(app, self.template, values)
        finally:
            ctx.pop()


def _request_context(app: Flask, request: HttpRequest) -> RequestContext:
    """A request context of ``app`` for a Django request, as the app's mount would make.

    Below the mount's prefix the path is the app's (so ``request.endpoint`` and
    the blueprint's context processors are the rule's); elsewhere it is the site's.
    """
    mount = find_mount(app)
    script_name = request.META.get("SCRIPT_NAME", "").rstrip("/")
    path = request.path_info
    site = None
    script_root = script_name
    if mount is not None:
        site = mount.resolver.site
        script_root = script_name + mount.path_prefix
        if path.startswith(mount.path_prefix + "/"):
            path = path[len(mount.path_prefix) :]
    match = SiteMatch(path, site, complete=False, script_root=script_root)
    return app._mounted_request_context(request, match)
