"""JSON providers: how an application turns Python data into JSON and back.

Every app owns one provider (``app.json``, built from ``app.json_provider_class``);
:func:`flaskish.jsonify`, the ``tojson`` template filter and the session serializer
all go through it, so replacing the provider changes JSON handling everywhere.
"""

from __future__ import annotations

import dataclasses
import decimal
import json
import typing as t
import uuid
import warnings
import weakref
from datetime import date

from .._legacy_app import SEED_CONFIG_DEFAULTS
from ..http import http_date

if t.TYPE_CHECKING:
    from ..sansio.app import App
    from ..wrappers import Response

__all__ = ["JSONProvider", "DefaultJSONProvider"]


def _default(o: t.Any) -> t.Any:
    """Turn the common non-JSON types Flask supports into JSON types."""
    if isinstance(o, date):
        return http_date(o)
    if isinstance(o, (decimal.Decimal, uuid.UUID)):
        return str(o)
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return dataclasses.asdict(o)
    if hasattr(o, "__html__"):
        return str(o.__html__())
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


#: The :func:`json.dumps` options whose encoders :meth:`DefaultJSONProvider.dumps`
#: keeps (any other option, ``cls`` included, goes through :func:`json.dumps`).
_ENCODER_OPTIONS = frozenset(("default", "ensure_ascii", "sort_keys", "indent", "separators"))
#: Bounds the encoders one provider keeps.
_MAX_ENCODERS = 16


class JSONProvider:
    """The JSON operations of one application; subclass it to use another JSON library.

    Subclasses implement at least :meth:`dumps` and :meth:`loads`; the file and
    response helpers are built on those two.

    :param app: the application. Only a weak reference is kept, so the provider
        does not keep a discarded app alive.
    """

    def __init__(self, app: App) -> None:
        self._app: App = weakref.proxy(app)

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``obj`` to a JSON string.

        :param kwargs: options for the underlying JSON library.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement dumps() to serialize JSON."
        )

    def dump(self, obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
        """Serialize ``obj`` as JSON into a text file opened for writing."""
        fp.write(self.dumps(obj, **kwargs))

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Deserialize JSON from text or UTF-8 bytes.

        :param kwargs: options for the underlying JSON library.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement loads() to deserialize JSON."
        )

    def load(self, fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
        """Deserialize JSON read from a text or UTF-8 binary file."""
        return self.loads(fp.read(), **kwargs)

    def _prepare_response_obj(self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> t.Any:
        """Choose what ``response(*args, **kwargs)`` serializes: one value, a list or a dict."""
        if args and kwargs:
            raise TypeError(
                "app.json.response() takes either args or kwargs, not both. Pass a"
                " single dict or list to combine them."
            )
        if not args and not kwargs:
            return None
        if len(args) == 1:
            return args[0]
        return list(args) if args else kwargs

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Serialize the arguments and return an ``application/json`` response.

        :param args: one value to serialize, or several to serialize as a list.
        :param kwargs: items to serialize as a dict (not together with ``args``).
        """
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(self.dumps(obj), mimetype="application/json")


class DefaultJSONProvider(JSONProvider):
    """JSON through the standard library's :mod:`json`, with Flask's extra types.

    Dates and datetimes become HTTP date strings, ``Decimal`` and ``UUID`` become
    strings, dataclasses become dicts and objects with ``__html__`` (such as
    ``Markup``) become their HTML. The output matches Flask's byte for byte.
    """

    default: t.Callable[[t.Any], t.Any] = staticmethod(_default)
    """Called by :func:`json.dumps` for objects it cannot serialize; returns a JSON
    type or raises ``TypeError``."""

    ensure_ascii = True
    """Escape non-ASCII characters; the safest output for old clients."""

    sort_keys = True
    """Sort dict keys, which keeps output stable for caching and tests."""

    compact: bool | None = None
    """Whether :meth:`response` output drops indentation. ``None`` means compact
    except in debug mode."""

    mimetype = "application/json"
    """The mimetype :meth:`response` sets."""

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``obj`` with :func:`json.dumps`.

        :attr:`default`, :attr:`ensure_ascii` and :attr:`sort_keys` supply defaults
        for keyword arguments that are not passed.
        """
        app = self._app
        encoder = _legacy_json_encoder(app)
        if encoder is not None:
            kwargs.setdefault("cls", encoder)
        if encoder is None or encoder.default is json.JSONEncoder.default:
            kwargs.setdefault("default", self.default)
        config = app.config
        if "ensure_ascii" not in kwargs:
            kwargs["ensure_ascii"] = _legacy_config(
                config, "JSON_AS_ASCII", "ensure_ascii", self.ensure_ascii
            )
        if "sort_keys" not in kwargs:
            kwargs["sort_keys"] = _legacy_config(
                config, "JSON_SORT_KEYS", "sort_keys", self.sort_keys
            )
        if kwargs.keys() <= _ENCODER_OPTIONS:
            return self._encoder(kwargs).encode(obj)
        return json.dumps(obj, **kwargs)

    def _encoder(self, options: dict[str, t.Any]) -> json.JSONEncoder:
        """The standard encoder for ``options``, as :func:`json.dumps` would build it,
        built once: it keeps no state between calls, and building it costs as much
        as encoding a small document."""
        get = options.get
        key = (
            get("default"),
            get("ensure_ascii"),
            get("sort_keys"),
            get("indent"),
            get("separators"),
        )
        encoders: dict[tuple[t.Any, ...], json.JSONEncoder] | None = self.__dict__.get("_encoders")
        if encoders is None:
            encoders = self.__dict__["_encoders"] = {}
        try:
            encoder = encoders.get(key)
        except TypeError:  # an unhashable option value: nothing to key it by
            return json.JSONEncoder(**options)
        if encoder is None:
            encoder = json.JSONEncoder(**options)
            if len(encoders) < _MAX_ENCODERS:
                encoders[key] = encoder
        return encoder

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Deserialize JSON text or UTF-8 bytes with :func:`json.loads`."""
        decoder = _legacy_json_decoder(self._app)
        if decoder is not None:
            kwargs.setdefault("cls", decoder)
        return json.loads(s, **kwargs)

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Serialize the arguments and return a response with :attr:`mimetype`.

        The body ends with a newline. It is indented when :attr:`compact` is
        ``False``, or ``None`` and the app is in debug mode, so it reads well in a
        browser or terminal.

        :param args: one value to serialize, or several to serialize as a list.
        :param kwargs: items to serialize as a dict (not together with ``args``).
        """
        obj = self._prepare_response_obj(args, kwargs)
        compact = self.compact
        if _legacy_config(self._app.config, "JSONIFY_PRETTYPRINT_REGULAR", "compact", None):
            compact = False
        dump_args: dict[str, t.Any] = {}
        if compact is False or (compact is None and self._app.debug):
            dump_args["indent"] = 2
        else:
            dump_args["separators"] = (",", ":")
        mimetype = _legacy_config(self._app.config, "JSONIFY_MIMETYPE", "mimetype", self.mimetype)
        return self._app.response_class(f"{self.dumps(obj, **dump_args)}\n", mimetype=mimetype)


# Compatibility with Flask < 2.3 ------------------------------------------------
# Apps written for older Flask configure JSON through config keys and
# ``app.json_encoder`` / ``app.json_decoder``. They keep working, with a warning
# that names the provider attribute to use instead.


def _legacy_config(
    config: t.Mapping[str, t.Any], key: str, attribute: str, default: t.Any
) -> t.Any:
    """Return the app's ``config[key]`` if the app set it (warning), else ``default``.

    The key is in every app's config with its seed-era default; left at that
    value it is not a setting, and ``app.json`` decides as in Flask 3.1.
    """
    value = config.get(key)
    if value is None or value == SEED_CONFIG_DEFAULTS.get(key):
        return default
    warnings.warn(
        f"The '{key}' config key is deprecated. Set 'app.json.{attribute}' (or a"
        " 'json_provider_class' attribute) instead.",
        DeprecationWarning,
        stacklevel=4,
    )
    return value


def _legacy_json_encoder(app: App) -> type[json.JSONEncoder] | None:
    """Return the app's ``json_encoder`` class if it set one (warning), else ``None``."""
    return t.cast("type[json.JSONEncoder] | None", _legacy_app_class(app, "json_encoder"))


def _legacy_json_decoder(app: App) -> type[json.JSONDecoder] | None:
    """Return the app's ``json_decoder`` class if it set one (warning), else ``None``."""
    return t.cast("type[json.JSONDecoder] | None", _legacy_app_class(app, "json_decoder"))


def _legacy_app_class(app: App, attribute: str) -> t.Any:
    cls = getattr(app, attribute, None)
    if cls is not None:
        warnings.warn(
            f"Setting '{attribute}' on the app is deprecated. Subclass"
            " 'DefaultJSONProvider' and set 'app.json_provider_class' instead.",
            DeprecationWarning,
            stacklevel=5,
        )
    return cls
