"""Flask's ``flask.json`` module: JSON helpers that follow the current app's provider.

Inside an application context every function here delegates to ``current_app.json``
so an app's provider settings apply everywhere; outside one they fall back to the
standard library with Flask's extra types.
"""

from __future__ import annotations

import json as _json
import typing as t

from markupsafe import Markup

from ..globals import _cv_app, current_app
from ..utils import warn_from_caller
from .provider import _default

if t.TYPE_CHECKING:
    from ..wrappers import Response
    from .provider import JSONProvider

__all__ = ["dumps", "dump", "loads", "load", "jsonify", "htmlsafe_dumps", "htmlsafe_dump"]


def _app_provider() -> JSONProvider | None:
    """The active application's JSON provider, or ``None`` outside an app context."""
    ctx = _cv_app.get(None)
    return None if ctx is None else ctx.app.json


def dumps(obj: t.Any, **kwargs: t.Any) -> str:
    """Serialize ``obj`` to a JSON string with the current app's provider.

    :param kwargs: passed to the provider's ``dumps``, or to :func:`json.dumps`
        outside an application context.
    """
    provider = _app_provider()
    if provider is not None:
        return provider.dumps(obj, **kwargs)
    kwargs.setdefault("default", _default)
    return _json.dumps(obj, **kwargs)


def dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    """Serialize ``obj`` as JSON into a text file opened for writing."""
    provider = _app_provider()
    if provider is not None:
        provider.dump(obj, fp, **kwargs)
    else:
        kwargs.setdefault("default", _default)
        _json.dump(obj, fp, **kwargs)


def loads(s: str | bytes, **kwargs: t.Any) -> t.Any:
    """Deserialize JSON text or UTF-8 bytes with the current app's provider."""
    provider = _app_provider()
    if provider is not None:
        return provider.loads(s, **kwargs)
    return _json.loads(s, **kwargs)


def load(fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
    """Deserialize JSON read from a text or UTF-8 binary file."""
    provider = _app_provider()
    if provider is not None:
        return provider.load(fp, **kwargs)
    return _json.load(fp, **kwargs)


def jsonify(*args: t.Any, **kwargs: t.Any) -> Response:
    """Return a JSON response built by the current app's provider.

    Needs an application context. Views can also return a dict or list directly.

    :param args: one value to serialize, or several to serialize as a list.
    :param kwargs: items to serialize as a dict (not together with ``args``).
    """
    ctx = _cv_app.get(None)
    if ctx is None:
        # The proxy's own error, without going through the proxy on every call.
        return current_app.json.response(*args, **kwargs)
    return ctx.app.json.response(*args, **kwargs)


_HTML_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def htmlsafe_dumps(obj: t.Any, **kwargs: t.Any) -> Markup:
    """Serialize ``obj`` to JSON that is safe inside HTML, including ``<script>`` tags.

    The characters ``<``, ``>``, ``&`` and ``'`` are written as ``\\u`` escapes,
    which JSON and JavaScript read back unchanged, so the result can be placed in
    a template without escaping. This is the ``tojson`` template filter.
    """
    return Markup(dumps(obj, **kwargs).translate(_HTML_UNSAFE))


def htmlsafe_dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    """Write :func:`htmlsafe_dumps` output to a text file opened for writing."""
    fp.write(str(htmlsafe_dumps(obj, **kwargs)))


# Compatibility with Flask < 2.3 ------------------------------------------------


class JSONEncoder(_json.JSONEncoder):
    """The JSON encoder of Flask < 2.3: the standard encoder plus Flask's extra types."""

    def default(self, o: t.Any) -> t.Any:
        return _default(o)


class JSONDecoder(_json.JSONDecoder):
    """The JSON decoder of Flask < 2.3: the standard decoder, kept as a subclassing point."""


# Reachable only through the module ``__getattr__`` below, which warns.
_DEPRECATED = {"JSONEncoder": JSONEncoder, "JSONDecoder": JSONDecoder}
del JSONEncoder, JSONDecoder


def __getattr__(name: str) -> t.Any:
    if name in _DEPRECATED:
        warn_from_caller(
            f"'flaskish.json.{name}' is deprecated. Subclass"
            " 'flaskish.json.provider.DefaultJSONProvider' and set"
            " 'app.json_provider_class' instead."
        )
        return _DEPRECATED[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}", name=name)
