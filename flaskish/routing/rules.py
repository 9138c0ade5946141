"""URL rules: parsing a rule string once, into what matching and building need.

A rule such as ``/users/<int:id>/`` is split at ``/`` into *parts*. A part
without variables stays literal text (an O(1) dict key in the matcher); a
part with variables becomes one precompiled regex. A non-part-isolating
converter (``path``) makes its part *final*: it swallows the rest of the rule
and therefore the rest of the requested path. Everything here happens when
the rule is added to a map, never per request.
"""

from __future__ import annotations

import functools
import re
import typing as t
from urllib.parse import quote, urlencode

from ..datastructures import iter_multi_items
from .converters import PATH_SAFE, VALIDATION_ERRORS, PathConverter
from .spans import Literal, Run, Slash, Span, match_spans, run_for
from .spans import Path as PathSpan

if t.TYPE_CHECKING:
    from .converters import BaseConverter
    from .map import Map

__all__ = [
    "RuleFactory",
    "Rule",
    "RulePart",
    "as_rule",
    "parse_converter_args",
]

#: Characters left unescaped in query strings built from unknown values.
QUERY_SAFE = "!$'()*,/:;?@"

_VARIABLE_RE = re.compile(
    r"""<(?:(?P<converter>[a-zA-Z_]\w*)
          (?:\((?P<args>(?:[^)"']|"[^"]*"|'[^']*')*)\))?:)?
        (?P<name>[a-zA-Z_]\w*)>""",
    re.VERBOSE,
)
_STATIC_RE = re.compile(r"[^</]+")
_ARGUMENT_RE = re.compile(
    r"""\s*(?:(?P<key>[a-zA-Z_]\w*)\s*=\s*)?
        (?P<value>"[^"]*"|'[^']*'|[^\s,"'=()]+)\s*(?:,|\Z)""",
    re.VERBOSE,
)
_CONSTANTS: dict[str, t.Any] = {"None": None, "True": True, "False": False}
_SLASHES_RE = re.compile("/{2,}")
_NO_ARGUMENTS: tuple[tuple[t.Any, ...], dict[str, t.Any]] = ((), {})


def _literal(text: str) -> t.Any:
    """Read one converter argument: a quoted string, a constant, a number or a bare word."""
    if text[:1] in "\"'":
        return text[1:-1]
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            pass
    return text


def parse_converter_args(argstr: str) -> tuple[tuple[t.Any, ...], dict[str, t.Any]]:
    """Split ``4, min=1, "a,b"`` into positional and keyword converter arguments."""
    args: list[t.Any] = []
    kwargs: dict[str, t.Any] = {}
    pos = 0
    while argstr[pos:].strip():
        found = _ARGUMENT_RE.match(argstr, pos)
        if found is None:
            raise ValueError(
                f"Cannot parse the converter arguments {argstr!r} near {argstr[pos:]!r}."
            )
        value = _literal(found["value"])
        if found["key"]:
            kwargs[found["key"]] = value
        else:
            args.append(value)
        pos = found.end()
    return tuple(args), kwargs


class _Variable(t.NamedTuple):
    name: str
    converter: str
    args: str


def _tokenize(rule: str) -> list[str | _Variable]:
    """Split a rule string into ``"/"``, literal text and variables, or say where it breaks."""
    tokens: list[str | _Variable] = []
    pos = 0
    while pos < len(rule):
        if rule[pos] == "/":
            tokens.append("/")
            pos += 1
            continue
        found = _STATIC_RE.match(rule, pos) or _VARIABLE_RE.match(rule, pos)
        if found is None:
            raise ValueError(
                f"The URL rule {rule!r} is malformed at position {pos}: expected a"
                " variable like '<name>', '<converter:name>' or '<converter(args):name>'."
            )
        if found.re is _STATIC_RE:
            tokens.append(found.group())
        else:
            tokens.append(
                _Variable(found["name"], found["converter"] or "default", found["args"] or "")
            )
        pos = found.end()
    return tokens


@functools.lru_cache(maxsize=4096)
def _quote_static(text: str) -> str:
    return quote(text, safe=PATH_SAFE)


class RulePart:
    """One ``/``-separated piece of a rule, as the matcher indexes it.

    ``content`` is literal text when ``static``, else the source of ``pattern``.
    Equal parts of different rules share one node of the matcher's tree.
    """

    __slots__ = (
        "content",
        "static",
        "final",
        "suffixed",
        "weight",
        "groups",
        "pattern",
        "spans",
        "_key",
    )

    def __init__(
        self,
        content: str,
        static: bool = True,
        final: bool = False,
        suffixed: bool = False,
        weight: tuple[t.Any, ...] = (),
        groups: tuple[str, ...] = (),
        pattern: re.Pattern[str] | None = None,
        spans: tuple[Span, ...] | None = None,
    ) -> None:
        self.content = content
        self.static = static
        self.final = final
        self.suffixed = suffixed
        self.weight = weight
        self.groups = groups
        self.pattern = pattern
        #: The part as spans, matched in linear time, when it has several variables.
        self.spans = spans
        self._key = (content, static, final, suffixed, weight)

    def match(self, text: str) -> tuple[tuple[str, ...], bool] | None:
        """The variables' values in ``text`` and whether it ended in the optional slash;
        None when ``text`` is not this part."""
        if self.spans is not None:
            return _match_spans(self.spans, text)
        found = self.pattern.match(text)  # type: ignore[union-attr]
        if found is None:
            return None
        return tuple(map(found.group, self.groups)), bool(self.suffixed and found["_slash"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RulePart) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        kind = "static" if self.static else "final" if self.final else "dynamic"
        return f"<RulePart {kind} {self.content!r}>"


def _split(tokens: list[str | _Variable], converters: dict[str, BaseConverter]) -> list[RulePart]:
    """Group tokens into matcher parts; after a slash-spanning converter, one final part."""
    parts: list[RulePart] = []
    segment: list[str | _Variable] = []
    final = False
    for token in tokens:
        if token == "/" and not final:
            parts.extend(_make_part(segment, converters, final))
            segment = []
        else:
            segment.append(token)
            if not isinstance(token, str) and not converters[token.name].part_isolating:
                final = True
    parts.extend(_make_part(segment, converters, final))
    return parts


def _make_part(
    segment: list[str | _Variable], converters: dict[str, BaseConverter], final: bool
) -> list[RulePart]:
    if len(segment) == 1 and isinstance(segment[0], str):
        return [RulePart(segment[0])]
    if all(isinstance(token, str) for token in segment):
        return [RulePart("".join(segment))]  # type: ignore[arg-type]
    regex: list[str] = []
    spans: list[Span] | None = []
    static_weights: list[tuple[int, int]] = []
    argument_weights: list[int] = []
    for token in segment:
        if isinstance(token, str):
            if token != "/":
                static_weights.append((len(static_weights), -len(token)))
            regex.append(re.escape(token))
            spans = None if spans is None else [*spans, Literal(token)]
        else:
            converter = converters[token.name]
            regex.append(f"(?P<_v{len(argument_weights)}>{converter.regex})")
            argument_weights.append(converter.weight)
            span = _span_for(converter)
            spans = None if spans is None or span is None else [*spans, span]
    suffixed = final and segment[-1] == "/"
    if suffixed:
        # A trailing slash after a path-like value is matched optionally, so a
        # missing one can still be recognised and redirected like a static rule.
        regex[-1] = r"(?<!/)(?P<_slash>/?)"
        spans = None if spans is None else [*spans[:-1], Slash()]
    if len(argument_weights) < 2:
        spans = None  # one variable cannot backtrack against another: the regex is linear
    weight = (
        -len(static_weights),
        tuple(static_weights),
        -len(argument_weights),
        tuple(argument_weights),
    )
    part = _dynamic_part(
        "".join(regex) + r"\Z",
        final,
        suffixed,
        weight,
        len(argument_weights),
        None if spans is None else _merged(spans),
    )
    return [part, RulePart("")] if suffixed else [part]


def _span_for(converter: BaseConverter) -> Span | None:
    """The span a converter's value is, when the linear matcher knows its regex."""
    if not converter.part_isolating and converter.regex == PathConverter.regex:
        return PathSpan()
    return run_for(converter.regex)


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    """Adjacent literals as one: fewer, longer searches."""
    merged: list[Span] = []
    for span in spans:
        if isinstance(span, Literal) and merged and isinstance(merged[-1], Literal):
            merged[-1] = Literal(merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


def _match_spans(spans: tuple[Span, ...], text: str) -> tuple[tuple[str, ...], bool] | None:
    values = match_spans(spans, text)
    if values is None:
        return None
    variables = tuple(
        value
        for span, value in zip(spans, values, strict=True)
        if isinstance(span, (PathSpan, Run))
    )
    return variables, isinstance(spans[-1], Slash) and values[-1] == "/"


@functools.lru_cache(maxsize=4096)
def _dynamic_part(
    regex: str,
    final: bool,
    suffixed: bool,
    weight: tuple[t.Any, ...],
    count: int,
    spans: tuple[Span, ...] | None = None,
) -> RulePart:
    """Parts are immutable, so rules with the same shape share one (and its compiled regex)."""
    groups = tuple(f"_v{number}" for number in range(count))
    return RulePart(regex, False, final, suffixed, weight, groups, re.compile(regex), spans)


_ROOT_PART = RulePart("")


class RuleFactory:
    """Anything that yields rules for a map: a rule itself, or a group transforming rules."""

    def get_rules(self, map: Map) -> t.Iterable[Rule]:
        raise NotImplementedError()


class Rule(RuleFactory):
    """One URL pattern and the endpoint it leads to.

    :param string: the path pattern, starting with ``/``; variables are written
        ``<name>``, ``<converter:name>`` or ``<converter(args):name>``.
    :param defaults: values the view gets without them being in the URL; a URL
        spelling them out for another rule of the endpoint redirects here.
    :param subdomain: the subdomain pattern (may hold variables).
    :param methods: the HTTP methods served; ``HEAD`` joins ``GET``. ``None`` means all.
    :param build_only: never matched, only built (e.g. files served elsewhere).
    :param endpoint: what a match returns and what ``build`` looks rules up by.
    :param strict_slashes: redirect ``/a`` to ``/a/`` (default from the map).
    :param merge_slashes: redirect ``/a//b`` to ``/a/b`` (default from the map).
    :param redirect_to: a target rule string or a callable ``(adapter, **values)``.
    :param alias: redirect to the endpoint's canonical rule when matched.
    :param host: the host pattern, used when the map has ``host_matching``.
    :param websocket: match only WebSocket requests.
    """

    def __init__(
        self,
        string: str,
        defaults: t.Mapping[str, t.Any] | None = None,
        subdomain: str | None = None,
        methods: t.Iterable[str] | None = None,
        build_only: bool = False,
        endpoint: t.Any | None = None,
        strict_slashes: bool | None = None,
        merge_slashes: bool | None = None,
        redirect_to: str | t.Callable[..., str] | None = None,
        alias: bool = False,
        host: str | None = None,
        websocket: bool = False,
    ) -> None:
        if not string.startswith("/"):
            raise ValueError(f"The URL rule {string!r} must start with a slash.")
        self.rule = string
        self.is_leaf = not string.endswith("/")
        self.is_branch = string.endswith("/")
        self.map: Map = None  # type: ignore[assignment]
        self.defaults = defaults
        self.subdomain = subdomain
        self.host = host
        self.build_only = build_only
        self.endpoint: t.Any = endpoint
        self.strict_slashes = strict_slashes
        self.merge_slashes = merge_slashes
        self.redirect_to = redirect_to
        self.alias = alias
        self.websocket = websocket
        if methods is not None:
            if isinstance(methods, str):
                raise TypeError("'methods' should be a list of strings, not a single string.")
            methods = {method.upper() for method in methods}
            if "GET" in methods:
                methods.add("HEAD")
            if websocket and methods - {"GET", "HEAD", "OPTIONS"}:
                raise ValueError(
                    "WebSocket rules can only use the 'GET', 'HEAD' and 'OPTIONS' methods."
                )
        self.methods: set[str] | None = methods
        self.arguments: set[str] = set(map(str, defaults or ()))
        # Shaped as werkzeug's, which extensions read (flask-smorest, apispec):
        # ``_trace`` is ``(is_dynamic, text)`` pairs, the host part before ``"|"``.
        self._converters: dict[str, BaseConverter] = {}
        self._trace: list[tuple[bool, str]] = []
        self._parts: list[RulePart] = []
        self._variables: tuple[str, ...] = ()

    def empty(self) -> Rule:
        """An unbound copy, for adding the same rule to another map."""
        return type(self)(self.rule, **self.get_empty_kwargs())

    def get_empty_kwargs(self) -> t.Mapping[str, t.Any]:
        """The constructor arguments :meth:`empty` passes; subclasses with more extend it."""
        return {
            "defaults": dict(self.defaults) if self.defaults else None,
            "subdomain": self.subdomain,
            "methods": self.methods,
            "build_only": self.build_only,
            "endpoint": self.endpoint,
            "strict_slashes": self.strict_slashes,
            "merge_slashes": self.merge_slashes,
            "redirect_to": self.redirect_to,
            "alias": self.alias,
            "host": self.host,
            "websocket": self.websocket,
        }

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        yield self

    def bind(self, map: Map, rebind: bool = False) -> None:
        """Attach to ``map``, taking its defaults, and compile; a rule lives in one map."""
        if self.map is not None and not rebind:
            raise RuntimeError(f"The URL rule {self!r} is already bound to the map {self.map!r}.")
        self.map = map
        if self.strict_slashes is None:
            self.strict_slashes = map.strict_slashes
        if self.merge_slashes is None:
            self.merge_slashes = map.merge_slashes
        if self.subdomain is None:
            self.subdomain = map.default_subdomain
        self.compile()

    def refresh(self) -> None:
        """Recompile after the rule was changed in place."""
        self.bind(self.map, rebind=True)

    def get_converter(
        self,
        variable_name: str,
        converter_name: str,
        args: tuple[t.Any, ...],
        kwargs: t.Mapping[str, t.Any],
    ) -> BaseConverter:
        """Instantiate the converter a variable names; a hook for subclasses."""
        if converter_name not in self.map.converters:
            raise LookupError(
                f"The URL rule {self.rule!r} uses the converter {converter_name!r} for"
                f" {variable_name!r}, but the map has no converter of that name."
            )
        return self.map.converters[converter_name](self.map, *args, **kwargs)

    def compile(self) -> None:
        """Parse the rule (and its domain) into matcher parts, converters and build steps."""
        assert self.map is not None, "The rule must be bound to a map before compiling."
        domain = (self.host if self.map.host_matching else self.subdomain) or ""
        path = _SLASHES_RE.sub("/", self.rule) if self.merge_slashes else self.rule
        self._converters = {}
        domain_tokens = _tokenize(domain) if domain else []
        path_tokens = _tokenize(path)
        self._domain_ops, domain_trace = self._compile_tokens(domain_tokens)
        self._path_ops, path_trace = self._compile_tokens(path_tokens)
        # A part without variables is the same text on every build.
        self._domain_text = _constant(self._domain_ops)
        self._path_text = _constant(self._path_ops)
        self._trace = [*domain_trace, (False, "|"), *path_trace]
        self._variables = tuple(self._converters)
        defaults = self.defaults or {}
        self.arguments = {*map(str, defaults), *self._converters}
        self._required = frozenset(self._converters).difference(defaults)
        self._parts = _split(domain_tokens, self._converters) if domain else [_ROOT_PART]
        self._parts.extend(_split(path_tokens, self._converters))

    def _compile_tokens(
        self, tokens: list[str | _Variable]
    ) -> tuple[tuple[str | tuple[str], ...], list[tuple[bool, str]]]:
        """Create the converters of ``tokens``; return the build steps and the trace."""
        defaults = self.defaults or {}
        ops: list[str | tuple[str]] = []
        trace: list[tuple[bool, str]] = []
        for token in tokens:
            if isinstance(token, str):
                trace.append((False, token))
                text = _quote_static(token)
            else:
                name = token.name
                if name in self._converters:
                    raise ValueError(
                        f"The URL rule {self.rule!r} uses the variable name {name!r} twice."
                    )
                args, kwargs = parse_converter_args(token.args) if token.args else _NO_ARGUMENTS
                converter = self.get_converter(name, token.converter, args, kwargs)
                self._converters[name] = converter
                trace.append((True, name))
                if name not in defaults:
                    ops.append((name,))
                    continue
                # A default for a variable of the rule itself is a constant when building.
                text = converter.to_url(defaults[name])
            if ops and isinstance(ops[-1], str):
                ops[-1] += text
            else:
                ops.append(text)
        return tuple(ops), trace

    def _encode_query_vars(self, query_vars: t.Any) -> str:
        items = [item for item in iter_multi_items(query_vars) if item[1] is not None]
        if self.map.sort_parameters:
            items.sort(key=self.map.sort_key)
        return urlencode(items, safe=QUERY_SAFE)

    def build(
        self, values: t.Mapping[str, t.Any], append_unknown: bool = True
    ) -> tuple[str, str] | None:
        """Render ``(domain, path)`` from ``values``, or ``None`` if a converter refuses one."""
        if not self._required.issubset(values):
            return None
        domain = self._domain_text
        path = self._path_text
        try:
            if domain is None:
                domain = _render(self._domain_ops, values, self._converters)
            if path is None:
                path = _render(self._path_ops, values, self._converters)
        except VALIDATION_ERRORS:
            return None
        if append_unknown:
            unknown = {key: value for key, value in values.items() if key not in self.arguments}
            query = self._encode_query_vars(unknown) if unknown else ""
            if query:
                path = f"{path}?{query}"
        return domain, path

    def provides_defaults_for(self, rule: Rule) -> bool:
        """Whether this rule is the canonical, defaults-providing form of ``rule``."""
        return bool(
            not self.build_only
            and self.defaults
            and self.endpoint == rule.endpoint
            and self != rule
            and self.arguments == rule.arguments
        )

    def suitable_for(self, values: t.Mapping[str, t.Any], method: str | None = None) -> bool:
        """Whether ``values`` (and ``method``) are enough to build this rule."""
        if method is not None and self.methods is not None and method not in self.methods:
            return False
        if not self._required.issubset(values):
            return False
        if not self.defaults:
            return True
        return all(
            key not in values or values[key] == value for key, value in self.defaults.items()
        )

    def build_compare_key(self) -> tuple[int, int, int]:
        """Build preference: real rules before aliases, then the most specific first."""
        return (1 if self.alias else 0, -len(self.arguments), -len(self.defaults or ()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and self._trace == other._trace

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.rule

    def __repr__(self) -> str:
        if self.map is None:
            return f"<{type(self).__name__} (unbound)>"
        text = "".join(f"<{part}>" if dynamic else part for dynamic, part in self._trace)
        text = text.lstrip("|")
        methods = f" ({', '.join(sorted(self.methods))})" if self.methods is not None else ""
        return f"<{type(self).__name__} {text!r}{methods} -> {self.endpoint}>"


def as_rule(rule: t.Any) -> Rule:
    """``rule`` itself, or a flaskish copy of a foreign rule such as a werkzeug ``Rule``.

    So werkzeug's rules and rule factories (``Submount``, ``EndpointPrefix``, ...)
    can be added to a flaskish map. The copy takes the rule's settings; behaviour
    a werkzeug ``Rule`` subclass overrides is not carried over.
    """
    if isinstance(rule, Rule):
        return rule
    string = getattr(rule, "rule", None)
    if not isinstance(string, str):
        raise TypeError(
            f"A URL map can only hold rules, but a rule factory gave {rule!r}."
            " Yield Rule objects from get_rules()."
        )
    copy = Rule(
        string,
        defaults=dict(rule.defaults) if getattr(rule, "defaults", None) else None,
        subdomain=getattr(rule, "subdomain", None),
        methods=getattr(rule, "methods", None),
        build_only=getattr(rule, "build_only", False),
        endpoint=getattr(rule, "endpoint", None),
        strict_slashes=getattr(rule, "strict_slashes", None),
        merge_slashes=getattr(rule, "merge_slashes", None),
        redirect_to=getattr(rule, "redirect_to", None),
        alias=getattr(rule, "alias", False),
        host=getattr(rule, "host", None),
        websocket=getattr(rule, "websocket", False),
    )
    # Set on rules by Flask's add_url_rule (with a werkzeug url_rule_class, say).
    if hasattr(rule, "provide_automatic_options"):
        copy.provide_automatic_options = rule.provide_automatic_options  # type: ignore[attr-defined]
    return copy


def _constant(ops: tuple[str | tuple[str], ...]) -> str | None:
    """The text of build steps that take no variable, else ``None``."""
    if all(isinstance(op, str) for op in ops):
        return "".join(t.cast("tuple[str, ...]", ops))
    return None


def _render(
    ops: tuple[str | tuple[str], ...],
    values: t.Mapping[str, t.Any],
    converters: dict[str, BaseConverter],
) -> str:
    parts = []
    for op in ops:
        parts.append(op if op.__class__ is str else converters[op[0]].to_url(values[op[0]]))
    return "".join(parts)
