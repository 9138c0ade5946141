"""Rule factories: groups of rules transformed together (prefix, subdomain, template).

Each factory yields fresh copies (``Rule.empty()``), so the same group can be
added to several maps or several times with different settings.
"""

from __future__ import annotations

import typing as t
from string import Template

from .rules import Rule, RuleFactory

if t.TYPE_CHECKING:
    from .map import Map

__all__ = ["Subdomain", "Submount", "EndpointPrefix", "RuleTemplate", "RuleTemplateFactory"]


class Subdomain(RuleFactory):
    """Put every rule of the group on ``subdomain`` (which may hold variables)."""

    def __init__(self, subdomain: str, rules: t.Iterable[RuleFactory]) -> None:
        self.subdomain = subdomain
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for factory in self.rules:
            for rule in factory.get_rules(map):
                rule = rule.empty()
                rule.subdomain = self.subdomain
                yield rule


class Submount(RuleFactory):
    """Prefix the path of every rule of the group with ``path``."""

    def __init__(self, path: str, rules: t.Iterable[RuleFactory]) -> None:
        self.path = path.rstrip("/")
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for factory in self.rules:
            for rule in factory.get_rules(map):
                rule = rule.empty()
                rule.rule = self.path + rule.rule
                yield rule


class EndpointPrefix(RuleFactory):
    """Prefix the (string) endpoint of every rule of the group with ``prefix``."""

    def __init__(self, prefix: str, rules: t.Iterable[RuleFactory]) -> None:
        self.prefix = prefix
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for factory in self.rules:
            for rule in factory.get_rules(map):
                rule = rule.empty()
                rule.endpoint = self.prefix + rule.endpoint
                yield rule


class RuleTemplate:
    """Rules with ``$name`` placeholders, instantiated by calling the template.

    ``RuleTemplate([Rule("/$kind/", endpoint="$kind.list")])(kind="user")``
    yields ``Rule("/user/", endpoint="user.list")``.
    """

    def __init__(self, rules: t.Iterable[Rule]) -> None:
        self.rules = list(rules)

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> RuleTemplateFactory:
        return RuleTemplateFactory(self.rules, dict(*args, **kwargs))


class RuleTemplateFactory(RuleFactory):
    """The rules of a :class:`RuleTemplate` with its placeholders filled in."""

    def __init__(self, rules: t.Iterable[RuleFactory], context: dict[str, t.Any]) -> None:
        self.rules = rules
        self.context = context

    def _fill(self, value: t.Any) -> t.Any:
        return Template(value).substitute(self.context) if isinstance(value, str) else value

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for factory in self.rules:
            for rule in factory.get_rules(map):
                defaults = None
                if rule.defaults:
                    defaults = {key: self._fill(value) for key, value in rule.defaults.items()}
                yield Rule(
                    self._fill(rule.rule),
                    defaults,
                    self._fill(rule.subdomain),
                    rule.methods,
                    rule.build_only,
                    self._fill(rule.endpoint),
                    rule.strict_slashes,
                )
