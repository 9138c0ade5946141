"""``takeover()``: a Django view takes over one endpoint of a mounted app, by name.

One line in the URLconf, in the same list as the app's ``mount()`` and before it::

    urlpatterns = [
        takeover("blog:posts.index", posts.views.index),
        mount("blog/", blog_app),
    ]

The Django view then answers the endpoint's URL (every rule of the endpoint,
with the rule's converted values as keyword arguments) for the methods it
accepts; other methods still reach the app, so an endpoint split by method
moves one half at a time. Nothing changes on the app: its rule stays in its URL
map, so ``url_for``, ``reverse("blog:posts.index")`` and ``{% url %}`` build
the same URL, and deleting the line rolls back.
"""

from __future__ import annotations

import functools
import inspect
import typing as t
from dataclasses import dataclass

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, ResolverMatch, URLResolver, get_resolver, get_urlconf
from django.urls.resolvers import RoutePattern
from django.views.decorators.csrf import csrf_protect

from flaskish.routing.django import DjangoConverter, RulePattern, rule_regex

from .resolver import FlaskAppResolver

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.routing import Rule

__all__ = ["TakeoverResolver", "takeover", "view_methods"]

#: Methods a view without a declared set is given by default: not ``OPTIONS``,
#: which the app answers from its own rules (``Allow``) unless asked otherwise.
_DEFAULT_EXCLUDED = frozenset({"OPTIONS"})


def takeover(
    name: str,
    view: t.Callable[..., t.Any],
    *,
    methods: t.Iterable[str] | None = None,
) -> TakeoverResolver:
    """Serve the endpoint ``name`` (``"namespace:endpoint"``) of a mounted app with ``view``.

    :param name: the endpoint's Django URL name, as ``reverse()`` takes it.
    :param view: a Django view; it is called with the rule's values as keyword
        arguments, as the app's view was.
    :param methods: the methods the Django view takes over. By default, those
        its class declares (a class-based view's handlers), else every method of
        the endpoint's rule but ``OPTIONS``; the others still reach the app.
    """
    namespace, sep, endpoint = name.rpartition(":")
    if not sep or not namespace or not endpoint:
        raise ImproperlyConfigured(
            f"takeover({name!r}, ...) needs the endpoint's URL name with its mount's"
            " namespace, as reverse() takes it: 'blog:posts.index'."
        )
    if not callable(view):
        raise ImproperlyConfigured(
            f"takeover({name!r}, ...) needs a Django view, not {type(view).__name__!r}."
        )
    chosen = None if methods is None else frozenset(m.upper() for m in methods)
    return TakeoverResolver(namespace.rpartition(":")[2], endpoint, view, chosen)


def view_methods(view: t.Callable[..., t.Any]) -> frozenset[str] | None:
    """The methods a class-based view answers (``view.view_class``), or None if unknown."""
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return None
    names = {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    if "GET" in names:
        names.add("HEAD")  # View.setup() answers HEAD with get().
    return frozenset(names)


@dataclass(frozen=True)
class _Target:
    """What the takeover serves, found in the URLconf on first use."""

    mount: FlaskAppResolver
    patterns: tuple[tuple[RulePattern, Rule, frozenset[str] | None], ...]
    #: The takeovers of the same mount after this one: a method this one leaves
    #: goes to the first of them that has the path, else to the mount.
    later: tuple[TakeoverResolver, ...] = ()


class TakeoverResolver(URLResolver):
    """The URLconf entry :func:`takeover` returns; it resolves the endpoint's paths.

    It has no URL patterns of its own (so no URL name: ``reverse()`` still reaches
    the mount's pattern). The mount is found on first use: the mount with the
    namespace in the same ``urlpatterns`` list.
    """

    def __init__(
        self,
        namespace: str,
        endpoint: str,
        view: t.Callable[..., t.Any],
        methods: frozenset[str] | None,
    ) -> None:
        super().__init__(RoutePattern("", is_endpoint=False), urlconf_name=[])
        self.mount_namespace = namespace
        self.endpoint = endpoint
        self.django_view = view
        self.methods = methods
        self._targets: dict[int, _Target] = {}

    # -- what is taken over ----------------------------------------------------

    @property
    def name(self) -> str:
        return f"{self.mount_namespace}:{self.endpoint}"

    def target(self) -> _Target:
        """The mount and the endpoint's rules, in the URLconf of the current request."""
        root = get_resolver(get_urlconf())
        found = self._targets.get(id(root))
        if found is None:
            found = self._targets[id(root)] = self._find(root)
        return found

    def _find(self, root: URLResolver) -> _Target:
        found = _siblings(root, self)
        if found is None:
            raise ImproperlyConfigured(
                f"takeover({self.name!r}, ...) found no mount with the namespace"
                f" {self.mount_namespace!r} in its urlpatterns list. Put the takeover in"
                " the same list as the app's mount(), before it."
            )
        mount, later = found
        rules = mount.app.url_map._rules_by_endpoint.get(self.endpoint)
        if not rules:
            known = ", ".join(sorted(mount.app.view_functions)) or "none"
            raise ImproperlyConfigured(
                f"takeover({self.name!r}, ...): the app {mount.app.name!r} has no endpoint"
                f" {self.endpoint!r}. Its endpoints are: {known}."
            )
        return _Target(mount, tuple(self._pattern(rule) for rule in rules), later)

    def _pattern(self, rule: Rule) -> tuple[RulePattern, Rule, frozenset[str] | None]:
        converters = {k: DjangoConverter(c) for k, c in rule._converters.items()}
        pattern = RulePattern(rule, rule_regex(rule), converters, rule.endpoint)
        return pattern, rule, self.taken_methods(rule)

    def taken_methods(self, rule: Rule) -> frozenset[str] | None:
        """The methods of ``rule`` the Django view serves (None: every method)."""
        declared = self.methods if self.methods is not None else view_methods(self.django_view)
        if declared is None:
            if rule.methods is None:
                return None
            return frozenset(rule.methods) - _DEFAULT_EXCLUDED
        return declared if rule.methods is None else declared & frozenset(rule.methods)

    @property
    def app(self) -> Flask:
        return self.target().mount.app

    # -- Django's resolver interface -------------------------------------------

    @property
    def url_patterns(self) -> list[t.Any]:
        return []

    def check(self) -> list[CheckMessage]:
        try:
            self.target()
        except ImproperlyConfigured as e:
            return [Error(str(e), obj=self, id="django_bridge.E010")]
        return []

    def resolve(self, path: str) -> ResolverMatch:
        path = str(path)
        target = self.target()
        below = target.mount.pattern.match(path)
        if below is not None:
            for pattern, rule, methods in target.patterns:
                found = pattern.match(below[0])
                if found is not None and not found[0]:
                    return self._match(target, path, rule, methods, found[2])
        raise Resolver404({"path": path, "tried": []})

    def _match(
        self,
        target: _Target,
        path: str,
        rule: Rule,
        methods: frozenset[str] | None,
        values: dict[str, t.Any],
    ) -> ResolverMatch:
        kwargs = {**(rule.defaults or {}), **values}
        view = _dispatcher(self.django_view, methods, target, path)
        return ResolverMatch(
            view,
            (),
            kwargs,
            rule.endpoint,
            [target.mount.app_name],
            [target.mount.namespace],
            target.mount.prefix + rule.rule.lstrip("/"),
            captured_kwargs=values,
            extra_kwargs=dict(rule.defaults or {}),
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} -> {_view_name(self.django_view)}>"


def _siblings(
    resolver: URLResolver, takeover: TakeoverResolver
) -> tuple[FlaskAppResolver, tuple[TakeoverResolver, ...]] | None:
    """The mount of ``takeover``'s namespace in the list that holds ``takeover``,
    and the takeovers of that namespace after ``takeover`` in the list."""
    patterns = resolver.url_patterns
    position = next((i for i, entry in enumerate(patterns) if entry is takeover), None)
    if position is not None:
        namespace = takeover.mount_namespace
        mount = next(
            (
                entry
                for entry in patterns
                if isinstance(entry, FlaskAppResolver) and entry.namespace == namespace
            ),
            None,
        )
        later = tuple(
            entry
            for entry in patterns[position + 1 :]
            if isinstance(entry, TakeoverResolver) and entry.mount_namespace == namespace
        )
        return None if mount is None else (mount, later)
    for entry in patterns:
        if isinstance(entry, URLResolver) and not isinstance(
            entry, FlaskAppResolver | TakeoverResolver
        ):
            found = _siblings(entry, takeover)
            if found is not None:
                return found
    return None


class _TakeoverView(functools.partial):  # type: ignore[type-arg]
    """The view of one resolved takeover: Django's view, or the app for other methods.

    Exempt from the middleware's CSRF check: the check is applied here, as the
    view that answers asks (the Django view's own, or the mount's mode).
    """

    csrf_exempt = True
    #: The Django view the endpoint was given to.
    django_view: t.Callable[..., t.Any]


def _dispatcher(
    view: t.Callable[..., t.Any],
    methods: frozenset[str] | None,
    target: _Target,
    path: str,
) -> _TakeoverView:
    protected = view if getattr(view, "csrf_exempt", False) else csrf_protect(view)

    def to_app(request: HttpRequest) -> t.Any:
        """A later takeover of the path (it checks the method in turn), else the app."""
        mount = target.mount
        for other in target.later:
            try:
                match = other.resolve(path)
            except Resolver404:
                continue
            return match.func(request, *match.args, **match.kwargs)
        match = mount.resolve(path)
        func = csrf_protect(match.func) if mount.csrf else match.func
        return func(request, *match.args, **match.kwargs)

    if iscoroutinefunction(view):

        async def dispatch_async(request: HttpRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
            if methods is None or request.method in methods:
                return await protected(request, *args, **kwargs)
            response = to_app(request)
            return await response if inspect.isawaitable(response) else response

        bound = _TakeoverView(dispatch_async)
        bound.django_view = view
        markcoroutinefunction(bound)
        return bound

    def dispatch(request: HttpRequest, *args: t.Any, **kwargs: t.Any) -> HttpResponseBase:
        if methods is None or request.method in methods:
            return protected(request, *args, **kwargs)  # type: ignore[no-any-return]
        return to_app(request)  # type: ignore[no-any-return]

    bound = _TakeoverView(dispatch)
    bound.django_view = view
    return bound


def _view_name(view: t.Callable[..., t.Any]) -> str:
    return f"{getattr(view, '__module__', '?')}.{getattr(view, '__qualname__', repr(view))}"


def iter_takeovers(resolver: URLResolver | None = None) -> t.Iterator[TakeoverResolver]:
    """Every takeover in the site's URLconf (or below ``resolver``)."""
    if resolver is None:
        resolver = get_resolver(get_urlconf())
    for entry in resolver.url_patterns:
        if isinstance(entry, TakeoverResolver):
            yield entry
        elif isinstance(entry, URLResolver) and not isinstance(entry, FlaskAppResolver):
            yield from iter_takeovers(entry)
