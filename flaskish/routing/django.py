"""Compile an app's rules into Django URL patterns.

One ``URLPattern`` per rule, named after its endpoint, so Django's
``reverse()``/``{% url %}`` build the app's URLs and Django's resolver can
match them with the same converters.  Each pattern carries its own converter
instances: nothing goes into Django's global converter registry, which would
outlive the (many, short-lived) apps of a test suite.
"""

from __future__ import annotations

import re
import typing as t
from urllib.parse import unquote

from django.urls import URLPattern
from django.urls.resolvers import RegexPattern

if t.TYPE_CHECKING:
    from .converters import BaseConverter
    from .map import Map
    from .rules import Rule


class DjangoConverter:
    """A flaskish converter with the interface Django's resolver expects."""

    def __init__(self, converter: BaseConverter) -> None:
        self.converter = converter
        self.regex = converter.regex

    def to_python(self, value: str) -> t.Any:
        return self.converter.to_python(value)

    def to_url(self, value: t.Any) -> str:
        # Django quotes the reversed URL itself; hand it the unquoted text.
        return unquote(self.converter.to_url(value))


class RulePattern(RegexPattern):
    """A regex pattern whose named groups go through the rule's converters."""

    def __init__(self, regex: str, converters: dict[str, DjangoConverter], name: str) -> None:
        super().__init__(regex, name=name, is_endpoint=True)
        self.converters = converters

    def match(self, path: str) -> tuple[str, tuple[t.Any, ...], dict[str, t.Any]] | None:
        matched = super().match(path)
        if matched is None:
            return None
        remaining, args, kwargs = matched
        try:
            converted = {
                key: self.converters[key].to_python(value) for key, value in kwargs.items()
            }
        except ValueError:
            return None
        return remaining, args, converted

    def check(self) -> list[t.Any]:
        return []


def rule_regex(rule: Rule) -> str:
    """The rule's path as an anchored regex relative to a mount (no leading ``/``)."""
    from .rules import _tokenize

    path = re.sub("/{2,}", "/", rule.rule) if rule.merge_slashes else rule.rule
    pieces: list[str] = []
    for token in _tokenize(path):
        if isinstance(token, str):
            pieces.append(re.escape(token))
        else:
            pieces.append(f"(?P<{token.name}>{rule._converters[token.name].regex})")
    regex = "".join(pieces)
    if regex.startswith("/"):
        regex = regex[1:]
    return f"^{regex}\\Z"


def rule_to_pattern(rule: Rule, view: t.Callable[..., t.Any], name_prefix: str = "") -> URLPattern:
    """One Django ``URLPattern`` for ``rule``, calling ``view(request, **values)``."""
    converters = {name: DjangoConverter(conv) for name, conv in rule._converters.items()}
    name = f"{name_prefix}{rule.endpoint}"
    pattern = RulePattern(rule_regex(rule), converters, name)
    return URLPattern(pattern, view, dict(rule.defaults or {}), name)


def to_django_patterns(
    url_map: Map, view: t.Callable[..., t.Any], name_prefix: str = ""
) -> list[URLPattern]:
    """Django URL patterns for every rule of ``url_map``, in matching order."""
    return [
        rule_to_pattern(rule, view, name_prefix)
        for rule in url_map.iter_rules()
        if not rule.build_only
    ]
