"""The rule index: a tree over path segments, walked depth-first with backtracking.

The first level is the domain (subdomain, or host with ``host_matching``),
then one level per ``/``-separated segment. Each node maps literal segments
to children in a dict, so static prefixes cost one lookup however many rules
share the level, and keeps its few dynamic parts (precompiled regexes) sorted
by weight. At a node, the literal child is tried first, then the dynamic ones
in order; the first rule whose method, protocol and converters accept the
request wins. This yields the same preference as werkzeug (static before
dynamic, more literal text first, lighter converters first) independent of
registration order.
"""

from __future__ import annotations

import bisect
import re
import typing as t

from .converters import VALIDATION_ERRORS
from .exceptions import NoMatch, RequestPath

if t.TYPE_CHECKING:
    from .rules import Rule, RulePart

__all__ = ["ANY_METHOD", "Matcher"]

#: The method to match with when any method will do: the first rule for the path
#: wins, whatever its methods (a mounted app's site resolves before it knows better).
#: Compared by identity (built at run time, so no request's method is this object).
ANY_METHOD = "".join(("<any", " method>"))

_SLASHES_RE = re.compile("/{2,}")
_NO_ENDS: dict[str, t.Any] = {}
_Result = tuple["Rule", dict[str, t.Any]]


class _Node:
    __slots__ = ("static", "dynamic", "dynamic_index", "rules")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.dynamic: list[tuple[RulePart, _Node]] = []
        self.dynamic_index: dict[RulePart, _Node] = {}
        self.rules: list[Rule] = []


class _SlashRequired(Exception):
    """The path matches a rule once a trailing slash is added."""


class _Search:
    """One request's walk: what it asks for and what it learned about near misses."""

    __slots__ = ("method", "websocket", "allowed", "websocket_mismatch")

    def __init__(self, method: str, websocket: bool) -> None:
        self.method = method
        self.websocket = websocket
        self.allowed: set[str] = set()
        self.websocket_mismatch = False

    def accept(self, rule: Rule, values: tuple[str, ...]) -> _Result | None:
        if rule.methods is not None and self.method not in rule.methods:
            if self.method is ANY_METHOD:
                return _convert(rule, values)
            self.allowed.update(rule.methods)
            return None
        if rule.websocket != self.websocket:
            self.websocket_mismatch = True
            return None
        return _convert(rule, values)

    def walk(
        self, node: _Node, parts: t.Sequence[str], index: int, values: tuple[str, ...]
    ) -> _Result | None:
        last = len(parts) - 1
        while True:
            if index > last:
                return self.at_end(node, values)
            segment = parts[index]
            child = node.static.get(segment)
            if child is None:
                break
            if not node.dynamic and (index != last or segment != "" or not node.rules):
                # Nothing here to fall back on if the literal child fails: go down
                # without a frame to come back to.
                node, index = child, index + 1
                continue
            found = self.walk(child, parts, index + 1, values)
            if found is not None:
                return found
            break
        for part, child in node.dynamic:
            if part.final:
                matched = part.match("/".join(parts[index:]))
                rest: t.Sequence[str] = ("",) if matched and matched[1] else ()
                next_index = 0
            else:
                matched = part.match(segment)
                rest, next_index = parts, index + 1
            if matched is not None:
                found = self.walk(child, rest, next_index, values + matched[0])
                if found is not None:
                    return found
        if segment == "" and index == last:
            # "/foo/" may still reach "/foo" when that rule does not insist on slashes.
            for rule in node.rules:
                if not rule.strict_slashes:
                    found = self.accept(rule, values)
                    if found is not None:
                        return found
        return None

    def at_end(self, node: _Node, values: tuple[str, ...]) -> _Result | None:
        for rule in node.rules:
            found = self.accept(rule, values)
            if found is not None:
                return found
        slashed = node.static.get("")
        if slashed is not None:
            for rule in slashed.rules:
                if rule.websocket != self.websocket:
                    continue
                if (
                    rule.methods is not None
                    and self.method not in rule.methods
                    and self.method is not ANY_METHOD
                ):
                    continue
                found = _convert(rule, values)
                if found is not None:
                    if rule.strict_slashes:
                        raise _SlashRequired()
                    return found
        return None


def _convert(rule: Rule, values: tuple[str, ...]) -> _Result | None:
    """The view arguments for ``rule``, or ``None`` when a converter rejects a value."""
    if not values:  # a rule of literal parts: its defaults are all its values
        return rule, dict(rule.defaults) if rule.defaults else {}
    result: dict[str, t.Any] = {}
    converters = rule._converters
    try:
        for name, value in zip(rule._variables, values, strict=True):
            result[name] = converters[name].to_python(value)
    except VALIDATION_ERRORS:
        return None
    if rule.defaults:
        result.update(rule.defaults)
    return rule, result


class Matcher:
    """Finds the rule for ``(domain, path, method)``; built incrementally by :meth:`add`."""

    def __init__(self) -> None:
        self._root = _Node()
        #: Domain, then path, to the node a rule of literal parts only ends at: the
        #: first node the walk reaches for that path, found without walking.
        self._literal_ends: dict[str, dict[str, _Node]] = {}

    def add(self, rule: Rule) -> None:
        node = self._root
        for part in rule._parts:
            if part.static:
                child = node.static.get(part.content)
                if child is None:
                    child = node.static[part.content] = _Node()
            else:
                child = node.dynamic_index.get(part)
                if child is None:
                    child = node.dynamic_index[part] = _Node()
                    # insort keeps equal weights in registration order.
                    bisect.insort(node.dynamic, (part, child), key=lambda entry: entry[0].weight)
            node = child
        node.rules.append(rule)
        if all(part.static for part in rule._parts):
            domain, *path = (part.content for part in rule._parts)
            self._literal_ends.setdefault(domain, {})["/".join(path)] = node

    def match(
        self, domain: str, path: str, method: str, websocket: bool, merge_slashes: bool
    ) -> _Result:
        """The winning rule and its converted values.

        :raises RequestPath: the canonical path differs (trailing or doubled slashes).
        :raises NoMatch: nothing matched; says which methods would have.
        """
        search = _Search(method, websocket)
        try:
            found = None
            # The walk tries literal children first, so the node of a rule of
            # literal parts only is where it would end first for this path.
            literal_end = self._literal_ends.get(domain, _NO_ENDS).get(path)
            if literal_end is not None:
                found = search.at_end(literal_end, ())
            if found is None:
                found = search.walk(self._root, [domain, *path.split("/")], 0, ())
        except _SlashRequired:
            raise RequestPath(f"{path}/") from None
        if found is None and merge_slashes and "//" in path:
            merged = _SLASHES_RE.sub("/", path)
            try:
                found = search.walk(self._root, [domain, *merged.split("/")], 0, ())
            except _SlashRequired:
                raise RequestPath(f"{merged}/") from None
            if found is not None and found[0].merge_slashes:
                raise RequestPath(merged)
            found = None
        if found is None:
            raise NoMatch(search.allowed, search.websocket_mismatch)
        return found

    def iter_rules(
        self, order_static: t.Callable[[list[_Node]], list[_Node]] | None = None
    ) -> t.Iterator[Rule]:
        """Every indexed rule in matching preference (depth-first) order.

        Literal siblings never compete for the same segment, so their relative
        order is free; ``order_static`` may rearrange them.
        """
        stack: list[_Node] = [self._root]
        while stack:
            node = stack.pop()
            yield from node.rules
            statics = list(node.static.values())
            if order_static is not None and len(statics) > 1:
                statics = order_static(statics)
            stack.extend(reversed([*statics, *(child for _, child in node.dynamic)]))

    @staticmethod
    def subtree_rules(node: _Node) -> t.Iterator[Rule]:
        """The rules at ``node`` and below it, in no particular order."""
        stack = [node]
        while stack:
            node = stack.pop()
            yield from node.rules
            stack.extend(node.static.values())
            stack.extend(child for _, child in node.dynamic)
