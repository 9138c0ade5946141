"""``Map`` holds an app's rules and settings; ``MapAdapter`` matches and builds for one request.

A map is bound to what a request knows (host, script root, scheme, method)
to get an adapter. Everything about the rules is prepared when they are
added; an adapter only walks the prepared index.
"""

from __future__ import annotations

import bisect
import functools
import re
import typing as t
import warnings
from urllib.parse import quote, urlencode, urljoin, urlunsplit

from ..datastructures import iter_multi_items
from ..exceptions import BadHost, HTTPException, MethodNotAllowed, NotFound
from .converters import DEFAULT_CONVERTERS, PATH_SAFE
from .exceptions import (
    BuildError,
    NoMatch,
    RequestPath,
    RequestRedirect,
    WebsocketMismatch,
)
from .matcher import ANY_METHOD, Matcher
from .rules import QUERY_SAFE, as_rule

if t.TYPE_CHECKING:
    from .converters import BaseConverter
    from .rules import Rule, RuleFactory

__all__ = ["Map", "MapAdapter"]

_PLACEHOLDER_RE = re.compile(r"<([^>]+)>")


@functools.lru_cache(maxsize=256)
def _ascii_server_name(server_name: str) -> str:
    """``host[:port]`` with the host IDNA-encoded; a request's host, so memoised.

    :raises BadHost: the host cannot be encoded.
    """
    host, sep, port = server_name.partition(":")
    if _idna_keeps(host):
        return server_name
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as e:
        raise BadHost() from e
    return f"{host}{sep}{port}"


def _idna_keeps(host: str) -> bool:
    """Whether the IDNA codec would return ``host`` unchanged: ASCII whose labels it
    accepts (its own fast path), so the codec and its tables load only for other hosts."""
    if not host.isascii():
        return False
    *labels, last = host.split(".")
    return all(0 < len(label) < 64 for label in labels) and len(last) < 64


class Map:
    """The rules of one app, with the settings rules inherit.

    :param rules: rules or rule factories to add right away.
    :param default_subdomain: the subdomain of rules that name none.
    :param strict_slashes: redirect ``/branch`` to ``/branch/``.
    :param merge_slashes: redirect ``/a//b`` to ``/a/b``.
    :param redirect_defaults: redirect a URL spelling out a rule's defaults to that rule.
    :param converters: extra or replacement converters, by name.
    :param sort_parameters: sort query parameters when building.
    :param sort_key: the key for that sort.
    :param host_matching: match rules' ``host`` instead of their subdomain.
    """

    default_converters: t.Mapping[str, type[BaseConverter]] = DEFAULT_CONVERTERS

    def __init__(
        self,
        rules: t.Iterable[RuleFactory] | None = None,
        default_subdomain: str = "",
        strict_slashes: bool = True,
        merge_slashes: bool = True,
        redirect_defaults: bool = True,
        converters: t.Mapping[str, type[BaseConverter]] | None = None,
        sort_parameters: bool = False,
        sort_key: t.Callable[[t.Any], t.Any] | None = None,
        host_matching: bool = False,
    ) -> None:
        self._matcher = Matcher()
        self._rules_by_endpoint: dict[t.Any, list[Rule]] = {}
        self.default_subdomain = default_subdomain
        self.strict_slashes = strict_slashes
        self.merge_slashes = merge_slashes
        self.redirect_defaults = redirect_defaults
        self.host_matching = host_matching
        self.converters: dict[str, type[BaseConverter]] = dict(self.default_converters)
        if converters:
            self.converters.update(converters)
        self.sort_parameters = sort_parameters
        self.sort_key = sort_key
        for factory in rules or ():
            self.add(factory)

    def add(self, rulefactory: RuleFactory) -> None:
        """Bind and index a rule (or every rule of a factory, werkzeug's included)."""
        if not callable(getattr(rulefactory, "get_rules", None)):
            raise TypeError(
                f"Map.add() takes a Rule or a rule factory (such as Submount), not {rulefactory!r}."
            )
        for found in rulefactory.get_rules(self):
            rule = as_rule(found)
            rule.bind(self)
            if not rule.build_only:
                self._matcher.add(rule)
            # Kept in build preference order; insort keeps ties in registration order.
            rules = self._rules_by_endpoint.setdefault(rule.endpoint, [])
            bisect.insort(rules, rule, key=lambda r: r.build_compare_key())

    @property
    def _rules(self) -> list[Rule]:
        return [rule for rules in self._rules_by_endpoint.values() for rule in rules]

    def iter_rules(self, endpoint: t.Any | None = None) -> t.Iterator[Rule]:
        """The rules grouped by endpoint (first-registered endpoint first), each in build order."""
        if endpoint is not None:
            return iter(self._rules_by_endpoint[endpoint])
        return iter(self._rules)

    def is_endpoint_expecting(self, endpoint: t.Any, *arguments: str) -> bool:
        """Whether some rule of ``endpoint`` takes all of ``arguments``."""
        wanted = set(arguments)
        return any(wanted <= rule.arguments for rule in self._rules_by_endpoint[endpoint])

    def update(self) -> None:
        """Kept for werkzeug compatibility: the index is always up to date."""

    def bind(
        self,
        server_name: str,
        script_name: str | None = None,
        subdomain: str | None = None,
        url_scheme: str = "http",
        default_method: str = "GET",
        path_info: str | None = None,
        query_args: t.Mapping[str, t.Any] | str | None = None,
    ) -> MapAdapter:
        """An adapter for requests to ``server_name`` (``host[:port]``) under ``script_name``."""
        server_name = server_name.lower()
        if self.host_matching:
            if subdomain is not None:
                raise RuntimeError("A subdomain cannot be given when the map uses host matching.")
        elif subdomain is None:
            subdomain = self.default_subdomain
        return MapAdapter(
            self,
            _ascii_server_name(server_name),
            "/" if script_name is None else script_name,
            subdomain,
            url_scheme,
            "/" if path_info is None else path_info,
            default_method,
            query_args,
        )

    def bind_to_environ(
        self, environ: t.Any, server_name: str | None = None, subdomain: str | None = None
    ) -> MapAdapter:
        """Like :meth:`bind`, reading host, paths, scheme and method from a WSGI environ.

        With ``server_name`` given, the subdomain is what the request host adds
        in front of it; a host outside ``server_name`` gets the subdomain
        ``"<invalid>"``, which no rule matches.
        """
        env = getattr(environ, "environ", environ)
        scheme = env["wsgi.url_scheme"]
        request_host = _wsgi_host(env, scheme).lower()
        upgrade = "upgrade" in {
            v.strip() for v in env.get("HTTP_CONNECTION", "").lower().split(",")
        }
        if upgrade and env.get("HTTP_UPGRADE", "").lower() == "websocket":
            scheme = "wss" if scheme == "https" else "ws"
        if server_name is None:
            server_name = request_host
        else:
            server_name = server_name.lower()
            default_port = ":443" if scheme in {"https", "wss"} else ":80"
            server_name = server_name.removesuffix(default_port)
        if subdomain is None and not self.host_matching:
            request_labels = request_host.split(".")
            server_labels = server_name.split(".")
            if request_labels[-len(server_labels) :] != server_labels:
                warnings.warn(
                    f"Current server name {request_host!r} doesn't match configured"
                    f" server name {server_name!r}.",
                    stacklevel=2,
                )
                subdomain = "<invalid>"
            else:
                subdomain = ".".join(filter(None, request_labels[: -len(server_labels)]))
        return Map.bind(
            self,
            server_name,
            _wsgi_str(env.get("SCRIPT_NAME")),
            subdomain,
            scheme,
            env["REQUEST_METHOD"],
            _wsgi_str(env.get("PATH_INFO")),
            query_args=_wsgi_str(env.get("QUERY_STRING")),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.iter_rules())!r})"


def _wsgi_str(value: str | None) -> str | None:
    """WSGI passes bytes as latin-1 text; recover the UTF-8 the client sent."""
    if value is None:
        return None
    return value.encode("latin-1").decode("utf-8", "replace")


def _wsgi_host(env: t.Mapping[str, t.Any], scheme: str) -> str:
    host = env.get("HTTP_HOST")
    if host is None:
        if env.get("SERVER_PORT") is None or "SERVER_NAME" not in env:
            return ""
        name = env["SERVER_NAME"]
        if ":" in name and not name.startswith("["):
            name = f"[{name}]"
        host = f"{name}:{env['SERVER_PORT']}"
    return host.removesuffix(":443" if scheme in {"https", "wss"} else ":80")


class MapAdapter:
    """A map bound to one request's host, script root and scheme: matches and builds."""

    def __init__(
        self,
        map: Map,
        server_name: str,
        script_name: str,
        subdomain: str | None,
        url_scheme: str,
        path_info: str,
        default_method: str,
        query_args: t.Mapping[str, t.Any] | str | None = None,
    ) -> None:
        self.map = map
        self.server_name = server_name
        self.script_name = script_name if script_name.endswith("/") else f"{script_name}/"
        self.subdomain = subdomain
        self.url_scheme = url_scheme
        self.path_info = path_info
        self.default_method = default_method
        self.query_args = query_args
        self.websocket = url_scheme in {"ws", "wss"}

    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: bool = False,
        query_args: t.Mapping[str, t.Any] | str | None = None,
        websocket: bool | None = None,
    ) -> tuple[t.Any, dict[str, t.Any]]:
        """The endpoint (or rule) and view arguments for a decoded path.

        :raises NotFound: no rule matches the path.
        :raises MethodNotAllowed: rules match the path, not the method.
        :raises RequestRedirect: the canonical URL differs (slashes, defaults,
            aliases, ``redirect_to``).
        :raises WebsocketMismatch: only rules of the other protocol match.
        """
        if path_info is None:
            path_info = self.path_info
        if query_args is None:
            query_args = self.query_args or {}
        if method is not ANY_METHOD:
            method = (method or self.default_method).upper()
        if websocket is None:
            websocket = self.websocket
        domain = self.server_name
        if not self.map.host_matching and self.subdomain is not None:
            domain = self.subdomain
        path = f"/{path_info.lstrip('/')}" if path_info else ""
        try:
            rule, values = self.map._matcher.match(
                domain, path, method, websocket, self.map.merge_slashes
            )
        except RequestPath as e:
            new_path = quote(e.path_info, safe=PATH_SAFE)
            raise RequestRedirect(self.make_redirect_url(new_path, query_args)) from None
        except NoMatch as e:
            if e.have_match_for:
                raise MethodNotAllowed(valid_methods=sorted(e.have_match_for)) from None
            if e.websocket_mismatch:
                raise WebsocketMismatch() from None
            raise NotFound() from None
        if self.map.redirect_defaults:
            if rule.alias:
                url = self.build(
                    rule.endpoint, values, method, append_unknown=False, force_external=True
                )
                if query_args:
                    url += f"?{self.encode_query_args(query_args)}"
                raise RequestRedirect(url)
            if self.map._rules_by_endpoint[rule.endpoint][0] is not rule:
                # Only a rule ranked above this one for its endpoint can redirect.
                redirect_url = self.get_default_redirect(rule, method, values, query_args)
                if redirect_url is not None:
                    raise RequestRedirect(redirect_url)
        if rule.redirect_to is not None:
            raise RequestRedirect(self._redirect_to(rule, values))
        return (rule if return_rule else rule.endpoint), values

    def _redirect_to(self, rule: Rule, values: dict[str, t.Any]) -> str:
        if isinstance(rule.redirect_to, str):

            def fill(found: re.Match[str]) -> str:
                return rule._converters[found[1]].to_url(values[found[1]])

            target = _PLACEHOLDER_RE.sub(fill, rule.redirect_to)
        else:
            target = rule.redirect_to(self, **values)  # type: ignore[misc]
        netloc = f"{self.subdomain}.{self.server_name}" if self.subdomain else self.server_name
        return urljoin(f"{self.url_scheme or 'http'}://{netloc}{self.script_name}", target)

    def test(self, path_info: str | None = None, method: str | None = None) -> bool:
        """Whether the path would reach a view (a redirect counts as yes)."""
        try:
            self.match(path_info, method)
        except RequestRedirect:
            return True
        except HTTPException:
            return False
        return True

    def allowed_methods(self, path_info: str | None = None) -> t.Iterable[str]:
        """The methods some rule accepts for the path (empty when none restricts it)."""
        try:
            self.match(path_info, method="--")
        except MethodNotAllowed as e:
            return e.valid_methods or []
        except HTTPException:
            pass
        return []

    def dispatch(
        self,
        view_func: t.Callable[[t.Any, t.Mapping[str, t.Any]], t.Any],
        path_info: str | None = None,
        method: str | None = None,
        catch_http_exceptions: bool = False,
    ) -> t.Any:
        """Match and call ``view_func(endpoint, values)``; redirects are returned, not raised."""
        try:
            try:
                endpoint, values = self.match(path_info, method)
            except RequestRedirect as e:
                return e
            return view_func(endpoint, values)
        except HTTPException as e:
            if catch_http_exceptions:
                return e
            raise

    def get_host(self, domain_part: str | None) -> str:
        """The full host for a rule's domain part (a subdomain, or a host when host matching)."""
        if self.map.host_matching:
            return self.server_name if domain_part is None else domain_part
        subdomain = self.subdomain if domain_part is None else domain_part
        return f"{subdomain}.{self.server_name}" if subdomain else self.server_name

    def get_default_redirect(
        self,
        rule: Rule,
        method: str,
        values: dict[str, t.Any],
        query_args: t.Mapping[str, t.Any] | str,
    ) -> str | None:
        """The URL of a rule that states ``values`` through its defaults, if one ranks above ``rule``."""
        for other in self.map._rules_by_endpoint[rule.endpoint]:
            if other is rule:
                break
            if other.provides_defaults_for(rule) and other.suitable_for(values, method):
                built = other.build({**values, **other.defaults})  # type: ignore[dict-item]
                if built is not None:
                    return self.make_redirect_url(built[1], query_args, domain_part=built[0])
        return None

    def encode_query_args(self, query_args: t.Mapping[str, t.Any] | str) -> str:
        if isinstance(query_args, str):
            return query_args
        items = [item for item in iter_multi_items(query_args) if item[1] is not None]
        return urlencode(items, safe=QUERY_SAFE)

    def make_redirect_url(
        self,
        path_info: str,
        query_args: t.Mapping[str, t.Any] | str | None = None,
        domain_part: str | None = None,
    ) -> str:
        """An absolute URL for ``path_info`` below the script root, keeping the query."""
        if query_args is None:
            query_args = self.query_args
        query = self.encode_query_args(query_args) if query_args else None
        path = "/".join((self.script_name.strip("/"), path_info.lstrip("/")))
        return urlunsplit(
            (self.url_scheme or "http", self.get_host(domain_part), path, query, None)
        )

    def _partial_build(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any],
        method: str | None,
        append_unknown: bool,
    ) -> tuple[str, str, bool] | None:
        if method is None:
            found = self._partial_build(endpoint, values, self.default_method, append_unknown)
            if found is not None:
                return found
        first = None
        for rule in self.map._rules_by_endpoint.get(endpoint, ()):
            if not rule.suitable_for(values, method):
                continue
            built = rule.build(values, append_unknown)
            if built is None:
                continue
            found = (built[0], built[1], rule.websocket)
            if not self.map.host_matching or built[0] == self.server_name:
                return found
            if first is None:
                first = found
        return first

    def build(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any] | None = None,
        method: str | None = None,
        force_external: bool = False,
        append_unknown: bool = True,
        url_scheme: str | None = None,
    ) -> str:
        """The URL of ``endpoint`` with ``values``: a path, or a full URL for another host.

        Values no rule variable takes become the query string (unless
        ``append_unknown`` is false); ``None`` values are dropped.

        :raises BuildError: no rule of the endpoint fits the values and method.
        """
        values = _clean_values(values)
        found = self._partial_build(endpoint, values, method, append_unknown)
        if found is None:
            raise BuildError(endpoint, values, method, self)
        domain_part, path, websocket = found
        host = self.get_host(domain_part)
        if url_scheme is None:
            url_scheme = self.url_scheme
        secure = url_scheme in {"https", "wss"}
        if websocket:
            force_external = True
            url_scheme = "wss" if secure else "ws"
        elif url_scheme:
            url_scheme = "https" if secure else "http"
        same_place = (
            host == self.server_name if self.map.host_matching else domain_part == self.subdomain
        )
        if same_place and not force_external:
            return f"{self.script_name.rstrip('/')}/{path.lstrip('/')}"
        scheme = f"{url_scheme}:" if url_scheme else ""
        return f"{scheme}//{host}{self.script_name[:-1]}/{path.lstrip('/')}"


def _clean_values(values: t.Any) -> dict[str, t.Any]:
    """A plain dict without ``None``s; a multi-dict's repeated keys become lists."""
    if not values:
        return {}
    if hasattr(values, "getlist"):
        cleaned = {}
        for key in values.keys():
            items = values.getlist(key)
            if items:
                cleaned[key] = items[0] if len(items) == 1 else items
        return cleaned
    return {key: value for key, value in values.items() if value is not None}
