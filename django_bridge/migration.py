"""Where a mounted app's migration to Django stands, endpoint by endpoint.

For each endpoint of each mounted app: whether the app serves it or a
:func:`~django_bridge.takeover.takeover` gives it to a Django view, the
templates its view renders (when its source names them), and the app's code
that runs around it (hooks, error handlers, context processors): what a Django
view taking it over has to do itself. ``manage.py flask migration-status``
prints it; the ``django_bridge.W010`` check warns about hooks a takeover skips.
"""

from __future__ import annotations

import inspect
import re
import typing as t
from dataclasses import asdict, dataclass, field

from django.core.checks import CheckMessage, Warning

from flaskish.utils import split_blueprint_path

from .discovery import iter_mounts
from .takeover import TakeoverResolver, iter_takeovers

if t.TYPE_CHECKING:
    from flaskish import Flask

_TEMPLATE_NAME = re.compile(r"""render_template(?:_string)?\(\s*(["'])([^"']+)\1""")
_G_ASSIGNMENT = re.compile(r"\bg\.([A-Za-z_]\w*)\s*=(?!=)")


@dataclass
class EndpointStatus:
    """One endpoint's row in the report."""

    endpoint: str
    url_name: str
    rules: list[str]
    methods: list[str]
    #: ``"flask"``, or ``"django"`` when a takeover serves every method of the endpoint.
    served_by: str
    #: The Django view of a takeover (``module.name``), else None.
    django_view: str | None
    #: The methods the Django view took over (empty when served by Flask).
    taken_methods: list[str]
    templates: list[str]
    before_request: list[str]
    after_request: list[str]
    teardown_request: list[str]
    url_value_preprocessors: list[str]
    error_handlers: list[str]
    context_processors: list[str]
    #: ``g`` attributes the before-request hooks set (read from their source).
    g_values: list[str] = field(default_factory=list)

    def replicate(self) -> list[str]:
        """What a Django view taking this endpoint over must do itself."""
        needs = [f"before_request {name}" for name in self.before_request]
        needs += [f"url_value_preprocessor {name}" for name in self.url_value_preprocessors]
        needs += [f"after_request {name}" for name in self.after_request]
        needs += [f"error handler {name}" for name in self.error_handlers]
        needs += [f"g.{name}" for name in self.g_values]
        return needs

    def as_dict(self) -> dict[str, t.Any]:
        return {**asdict(self), "replicate": self.replicate()}


@dataclass
class AppStatus:
    """One mount's report."""

    namespace: str
    app: str
    prefix: str
    endpoints: list[EndpointStatus]
    #: The app's extensions (``app.extensions``): what a Django view may need instead.
    extensions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, t.Any]:
        taken = sum(1 for e in self.endpoints if e.taken_methods)
        return {
            "namespace": self.namespace,
            "app": self.app,
            "prefix": self.prefix,
            "extensions": self.extensions,
            "endpoints_total": len(self.endpoints),
            "endpoints_taken_over": taken,
            "endpoints": [e.as_dict() for e in self.endpoints],
        }


def migration_status() -> list[AppStatus]:
    """The report for every mount of the site, in URLconf order."""
    takeovers = list(iter_takeovers())
    statuses = []
    for mount in iter_mounts():
        paths = _taken_paths(mount.app, mount.namespace, takeovers)
        rows = [
            _endpoint_status(mount.app, mount.namespace, endpoint, paths)
            for endpoint in _endpoints(mount.app)
        ]
        statuses.append(
            AppStatus(
                mount.namespace,
                mount.app.name,
                mount.path_prefix + "/",
                rows,
                sorted(mount.app.extensions),
            )
        )
    return statuses


def _endpoints(app: Flask) -> list[str]:
    return [e for e in app.url_map._rules_by_endpoint if e != "static"]


def _taken_paths(
    app: Flask, namespace: str, takeovers: list[TakeoverResolver]
) -> dict[str, list[tuple[TakeoverResolver, frozenset[str] | None]]]:
    """For each rule path of ``app`` a takeover resolves: the takeovers, in URLconf
    order, and the methods each serves (None: all)."""
    last = namespace.rpartition(":")[2]
    paths: dict[str, list[tuple[TakeoverResolver, frozenset[str] | None]]] = {}
    for entry in takeovers:
        if entry.mount_namespace != last or entry.app is not app:
            continue
        for rule in app.url_map._rules_by_endpoint.get(entry.endpoint, ()):
            paths.setdefault(rule.rule, []).append((entry, entry.taken_methods(rule)))
    return paths


def _endpoint_status(
    app: Flask,
    namespace: str,
    endpoint: str,
    paths: dict[str, list[tuple[TakeoverResolver, frozenset[str] | None]]],
) -> EndpointStatus:
    rules = app.url_map._rules_by_endpoint[endpoint]
    methods = sorted({m for rule in rules for m in (rule.methods or ())} - {"HEAD", "OPTIONS"})
    # A takeover serves a path for its methods, whichever endpoint of the path it names.
    taken: set[str] = set()
    views: list[str] = []
    for rule in rules:
        for entry, chosen in paths.get(rule.rule, ()):
            served = set(rule.methods or ()) & (
                set(rule.methods or ()) if chosen is None else chosen
            )
            if served - {"HEAD", "OPTIONS"} - taken:
                views.append(_qualname(entry.django_view))
            taken |= served
    taken -= {"HEAD", "OPTIONS"}
    names = (
        (None, *split_blueprint_path(endpoint.rpartition(".")[0])) if "." in endpoint else (None,)
    )
    before = _hooks(app.before_request_funcs, names)
    view = app.view_functions.get(endpoint)
    return EndpointStatus(
        endpoint=endpoint,
        url_name=f"{namespace}:{endpoint}",
        rules=[rule.rule for rule in rules],
        methods=methods,
        served_by="django" if taken and taken >= set(methods) else "flask",
        django_view=", ".join(dict.fromkeys(views)) or None,
        taken_methods=sorted(taken),
        templates=_templates(view),
        before_request=before,
        after_request=_hooks(app.after_request_funcs, names),
        teardown_request=_hooks(app.teardown_request_funcs, names),
        url_value_preprocessors=_hooks(app.url_value_preprocessors, names),
        error_handlers=_error_handlers(app, names),
        context_processors=_hooks(app.template_context_processors, names),
        g_values=_g_values(app.before_request_funcs, names),
    )


def _hooks(
    registry: t.Mapping[str | None, list[t.Callable[..., t.Any]]], names: t.Any
) -> list[str]:
    return [_qualname(f) for name in names for f in registry.get(name, ())]


def _error_handlers(app: Flask, names: t.Any) -> list[str]:
    found = []
    for name in names:
        for code, handlers in app.error_handler_spec.get(name, {}).items():
            for exc_class, handler in handlers.items():
                what = code if code is not None else exc_class.__name__
                found.append(f"{what}: {_qualname(handler)}")
    return found


def _source(func: t.Callable[..., t.Any] | None) -> str:
    if func is None:
        return ""
    try:
        return inspect.getsource(inspect.unwrap(func))
    except (OSError, TypeError):
        return ""


def _templates(view: t.Callable[..., t.Any] | None) -> list[str]:
    """The template names the view's source passes to ``render_template`` literally."""
    return sorted({m.group(2) for m in _TEMPLATE_NAME.finditer(_source(view))})


def _g_values(
    registry: t.Mapping[str | None, list[t.Callable[..., t.Any]]], names: t.Any
) -> list[str]:
    found: dict[str, None] = {}
    for name in names:
        for hook in registry.get(name, ()):
            found.update(dict.fromkeys(_G_ASSIGNMENT.findall(_source(hook))))
    return list(found)


def _qualname(func: t.Any) -> str:
    func = getattr(func, "view_class", func)
    module = getattr(func, "__module__", None)
    name = getattr(func, "__qualname__", None) or repr(func)
    return f"{module}.{name}" if module else name


def check_takeovers(app_configs: t.Any = None, **kwargs: t.Any) -> list[CheckMessage]:
    """``django_bridge.W010``: a taken-over endpoint's ``before_request`` hooks no longer run."""
    warnings: list[CheckMessage] = []
    try:
        statuses = migration_status()
    except Exception:  # noqa: BLE001 - a broken URLconf is Django's own check to report
        return []
    for status in statuses:
        for row in status.endpoints:
            if not row.taken_methods or not (row.before_request or row.url_value_preprocessors):
                continue
            hooks = ", ".join(row.before_request + row.url_value_preprocessors)
            warnings.append(
                Warning(
                    f"The endpoint {row.url_name!r} is taken over by {row.django_view}"
                    f" for {', '.join(row.taken_methods)}; the app's hooks {hooks} no"
                    " longer run for it.",
                    hint=(
                        "Do in the Django view (or a middleware) what the hooks do"
                        + (
                            f", including setting g.{', g.'.join(row.g_values)}"
                            if row.g_values
                            else ""
                        )
                        + ". See 'manage.py flask migration-status'."
                    ),
                    obj=row.url_name,
                    id="django_bridge.W010",
                )
            )
    return warnings
