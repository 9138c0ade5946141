"""Compile a map into Django URL patterns that Django's own resolver understands.

One ``URLPattern`` per rule, named after its endpoint, so ``resolve()``,
``reverse()`` and ``{% url %}`` work with the app's converters. The seam is
:class:`django.urls.resolvers.RegexPattern`: its constructor takes a ready
regex, Django reads ``pattern.regex`` (to match and, via ``normalize()``, to
reverse) and ``pattern.converters`` (``to_url`` when reversing), and calls
``pattern.match(path)``, which is overridden here to run the converters'
``to_python``. Each pattern owns its converters, so nothing is registered in
Django's process-global converter registry.

Django tries patterns in list order when resolving and in reverse list order
when reversing; the list is arranged so that both agree with the map:
matchable rules in the matcher's preference order, and the rules of one
endpoint, where the order is free, so that reversing tries them in the map's
build order. Redirects (missing slash, defaults, ``redirect_to``), methods
and hosts stay the app's business: Django sees paths only.
"""

from __future__ import annotations

import functools
import re
import typing as t
from urllib.parse import unquote

from django.urls import URLPattern
from django.urls.resolvers import RegexPattern

from .rules import _SLASHES_RE, _tokenize

if t.TYPE_CHECKING:
    from .converters import BaseConverter
    from .map import Map
    from .matcher import _Node
    from .rules import Rule

__all__ = ["DjangoConverter", "RulePattern", "rule_regex", "rule_to_pattern", "to_django_patterns"]


class DjangoConverter:
    """A rule's converter with the interface Django's resolver expects."""

    def __init__(self, converter: BaseConverter) -> None:
        self.converter = converter
        self.regex = converter.regex

    def to_python(self, value: str) -> t.Any:
        return self.converter.to_python(value)

    def to_url(self, value: t.Any) -> str:
        # Django percent-quotes the reversed URL itself; quoting twice would turn % into %25.
        return unquote(self.converter.to_url(value))


class RulePattern(RegexPattern):
    """A pattern built from a :class:`Rule`: its regex, its converters, its slash policy."""

    def __init__(
        self, rule: Rule, regex: str, converters: dict[str, DjangoConverter], name: str
    ) -> None:
        super().__init__(regex, name=name, is_endpoint=True)
        self.converters = converters
        self.rule = rule
        self._alternate: re.Pattern[str] | None = None
        if not rule.strict_slashes and not rule.build_only:
            toggled = regex[:-3] if regex.endswith(r"/\Z") else f"{regex[:-2]}/\\Z"
            self._alternate = re.compile(toggled)

    def match(self, path: str) -> tuple[str, tuple[t.Any, ...], dict[str, t.Any]] | None:
        if self.rule.build_only:
            return None
        found = self.regex.match(path)
        if found is None and self._alternate is not None:
            found = self._alternate.match(path)
        if found is None:
            return None
        try:
            kwargs = {
                key: self.converters[key].to_python(value)
                for key, value in found.groupdict().items()
            }
        except ValueError:
            return None
        return path[found.end() :], (), kwargs

    def __str__(self) -> str:
        return self.rule.rule


def rule_regex(rule: Rule) -> str:
    """The rule's path as an anchored regex below a mount point (without the leading ``/``)."""
    path = _SLASHES_RE.sub("/", rule.rule) if rule.merge_slashes else rule.rule
    pieces = []
    for token in _tokenize(path[1:]):
        if isinstance(token, str):
            pieces.append(re.escape(token))
        else:
            pieces.append(f"(?P<{token.name}>{rule._converters[token.name].regex})")
    return "^{}\\Z".format("".join(pieces))


def rule_to_pattern(rule: Rule, view: t.Callable[..., t.Any], name_prefix: str = "") -> URLPattern:
    """One ``URLPattern`` for ``rule``; ``view(request, **values)`` gets converted values and defaults."""
    converters = {name: DjangoConverter(converter) for name, converter in rule._converters.items()}
    name = f"{name_prefix}{rule.endpoint}"
    pattern = RulePattern(rule, rule_regex(rule), converters, name)
    url_pattern = URLPattern(pattern, view, dict(rule.defaults or {}), name)
    url_pattern.rule = rule  # type: ignore[attr-defined]
    return url_pattern


def to_django_patterns(
    url_map: Map, view: t.Callable[..., t.Any], name_prefix: str = ""
) -> list[URLPattern]:
    """Django URL patterns for every rule of ``url_map``, resolving and reversing like the map."""
    return [rule_to_pattern(rule, view, name_prefix) for rule in _ordered_rules(url_map)]


def _ordered_rules(url_map: Map) -> list[Rule]:
    # Build rank of each rule among its endpoint's rules, for endpoints with a choice.
    rank: dict[int, tuple[t.Any, int]] = {}
    for endpoint, rules in url_map._rules_by_endpoint.items():
        if len(rules) > 1:
            rank.update((id(rule), (endpoint, index)) for index, rule in enumerate(rules))
    ordered = list(
        url_map._matcher.iter_rules(functools.partial(_order_siblings, rank) if rank else None)
    )
    for rule in url_map._rules:
        if rule.build_only:
            _insert_build_only(ordered, rule, url_map._rules_by_endpoint[rule.endpoint])
    return ordered


def _order_siblings(rank: dict[int, tuple[t.Any, int]], nodes: list[_Node]) -> list[_Node]:
    """Order literal siblings so an endpoint's rules appear in reverse build order."""
    from .matcher import Matcher

    def best_ranks(node: _Node) -> dict[t.Any, int]:
        found: dict[t.Any, int] = {}
        for rule in Matcher.subtree_rules(node):
            if id(rule) in rank:
                endpoint, index = rank[id(rule)]
                found[endpoint] = min(index, found.get(endpoint, index))
        return found

    ranks = [best_ranks(node) for node in nodes]
    if not any(ranks):
        return nodes

    def compare(a: int, b: int) -> int:
        for endpoint, index in ranks[a].items():
            other = ranks[b].get(endpoint)
            if other is not None and other != index:
                return 1 if index < other else -1
        return 0

    order = sorted(range(len(nodes)), key=functools.cmp_to_key(compare))
    return [nodes[index] for index in order]


def _insert_build_only(ordered: list[Rule], rule: Rule, build_order: list[Rule]) -> None:
    """Place a never-matching rule where reversing reaches it at its build rank."""
    later = build_order[build_order.index(rule) + 1 :]
    position = 0
    for index, placed in enumerate(ordered):
        if any(placed is other for other in later):
            position = index + 1
    ordered.insert(position, rule)
