"""What routing raises: redirects and HTTP errors for matching, ``BuildError`` for building."""

from __future__ import annotations

import difflib
import typing as t

from ..exceptions import BadRequest, HTTPException
from ..werkzeug_interop import werkzeug_twin

if t.TYPE_CHECKING:
    from ..response import Response
    from .map import MapAdapter
    from .rules import Rule

__all__ = [
    "RoutingException",
    "RequestRedirect",
    "RequestPath",
    "RequestAliasRedirect",
    "NoMatch",
    "BuildError",
    "WebsocketMismatch",
]


class RoutingException(*(werkzeug_twin("RoutingException", "routing") or (Exception,))):  # type: ignore[misc]
    """Base of what URL routing raises (``RequestRedirect``, ``BuildError``, ...)."""


_REDIRECT_TWIN = werkzeug_twin("RequestRedirect", "routing")


class RequestRedirect(*_REDIRECT_TWIN, HTTPException, RoutingException):  # type: ignore[misc]
    """Raised by URL matching when the canonical URL differs (slashes, defaults).

    With werkzeug installed, its ``RequestRedirect`` comes first among the bases,
    so the ``code`` read is werkzeug's: code that changes it there (Flask's tests
    do, to get 301s) changes flaskish's redirects too.
    """

    if not _REDIRECT_TWIN:
        code = 308

    def __init__(self, new_url: str) -> None:
        HTTPException.__init__(self, new_url)
        self.new_url = new_url

    def get_response(self, environ: t.Any = None, scope: t.Any = None) -> Response:
        from ..response import redirect

        return redirect(self.new_url, self.code)


class RequestPath(RoutingException):
    """Internal: the matcher wants a redirect to ``path_info`` (slashes fixed)."""

    def __init__(self, path_info: str) -> None:
        super().__init__(path_info)
        self.path_info = path_info


class RequestAliasRedirect(RoutingException):
    """Internal: an alias rule matched; the adapter redirects to the canonical URL."""

    def __init__(self, matched_values: t.Mapping[str, t.Any], endpoint: t.Any) -> None:
        super().__init__(matched_values, endpoint)
        self.matched_values = matched_values
        self.endpoint = endpoint


class NoMatch(RoutingException):
    """Internal: nothing matched; carries what is needed to choose 404, 405 or 400."""

    def __init__(self, have_match_for: set[str], websocket_mismatch: bool) -> None:
        super().__init__(have_match_for, websocket_mismatch)
        self.have_match_for = have_match_for
        self.websocket_mismatch = websocket_mismatch


class WebsocketMismatch(BadRequest, *werkzeug_twin("WebsocketMismatch", "routing")):  # type: ignore[misc]
    """The path matched only WebSocket rules for an HTTP request, or the reverse."""


class BuildError(RoutingException, *werkzeug_twin("BuildError", "routing"), LookupError):  # type: ignore[misc]
    """No rule of ``endpoint`` can be built from ``values`` and ``method``.

    The message names what is missing, or the closest existing endpoint when
    the name itself looks mistyped. With werkzeug installed it is also a
    ``werkzeug.routing.BuildError``, so code catching that one catches it.
    """

    def __init__(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any],
        method: str | None,
        adapter: MapAdapter | None = None,
    ) -> None:
        # Not super(): werkzeug's __init__, when it is a base, would drop the args.
        LookupError.__init__(self, endpoint, values, method)
        self.endpoint = endpoint
        self.values = values
        self.method = method
        self.adapter = adapter
        self._suggested: tuple[Rule | None] | None = None

    @property
    def suggested(self) -> Rule | None:
        """The rule the caller most likely meant, found lazily (it scans every rule)."""
        if self._suggested is None:
            self._suggested = (self.closest_rule(self.adapter),)
        return self._suggested[0]

    def closest_rule(self, adapter: MapAdapter | None) -> Rule | None:
        """The rule whose endpoint name is most alike, preferring ones that fit the values."""
        if adapter is None:
            return None
        rules = adapter.map._rules
        if not rules:
            return None
        wanted = str(self.endpoint)
        given = set(self.values or ())

        def score(rule: Rule) -> float:
            name = difflib.SequenceMatcher(None, str(rule.endpoint), wanted).ratio()
            fits_values = given.issubset(rule.arguments)
            fits_method = bool(rule.methods and self.method in rule.methods)
            return 0.98 * name + 0.01 * fits_values + 0.01 * fits_method

        return max(rules, key=score)

    def __str__(self) -> str:
        text = f"Could not build url for endpoint {self.endpoint!r}"
        if self.method:
            text += f" ({self.method!r})"
        if self.values:
            text += f" with values {sorted(self.values)!r}"
        text += "."
        rule = self.suggested
        if rule is None:
            return text
        if rule.endpoint != self.endpoint:
            return f"{text} Did you mean {rule.endpoint!r} instead?"
        if self.method and rule.methods is not None and self.method not in rule.methods:
            text += f" Did you mean to use methods {sorted(rule.methods)!r}?"
        missing = (rule.arguments | set(rule.defaults or ())) - set(self.values)
        if missing:
            text += f" Did you forget to specify values {sorted(missing)!r}?"
        return text
