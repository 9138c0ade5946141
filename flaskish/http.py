"""Parsed HTTP header values: the objects Flask code reads from ``request`` and sets on
``response`` (``Accept``, ``Cache-Control``, ``ETag``, ``Range``, ``Authorization`` ...).

Parsing that Django or the standard library already does (parameters, ETag lists,
HTTP dates, comma-separated lists) is delegated to them; this module adds the
Werkzeug-compatible object model on top.
"""

from __future__ import annotations

import base64
import codecs
import collections.abc as cabc
import hashlib
import re
import typing as t
from datetime import date, datetime, time, timezone
from urllib.request import parse_http_list

from django.http.multipartparser import parse_header_parameters
from django.utils.http import http_date as _django_http_date
from django.utils.http import parse_etags as _django_parse_etags
from django.utils.http import parse_http_date_safe
from django.utils.http import quote_etag as _django_quote_etag

_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
)
_INT_RE = re.compile(r"-?[0-9]+", re.ASCII)
_Q_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)


# --- header value primitives -------------------------------------------------------


def quote_header_value(value: t.Any, allow_token: bool = True) -> str:
    """Quote ``value`` for a header unless it is a plain token (or empty, which must be
    quoted to survive)."""
    text = str(value)
    if text and allow_token and _TOKEN_CHARS.issuperset(text):
        return text
    return '"{}"'.format(text.replace("\\", "\\\\").replace('"', '\\"'))


def unquote_header_value(value: str) -> str:
    """Undo :func:`quote_header_value`: strip surrounding quotes and backslash escapes."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def dump_header(iterable: cabc.Mapping[str, t.Any] | cabc.Iterable[t.Any]) -> str:
    """Join items (or ``key=value`` pairs; ``None`` values give a bare key) with ``, ``,
    quoting where needed."""
    if isinstance(iterable, cabc.Mapping):
        return ", ".join(
            key if value is None else f"{key}={quote_header_value(value)}"
            for key, value in iterable.items()
        )
    return ", ".join(quote_header_value(item) for item in iterable)


def parse_list_header(value: str) -> list[str]:
    """Split a comma-separated header, honouring quoted strings; empty items are dropped
    and items that are wholly quoted are unquoted."""
    items = []
    for item in parse_http_list(value):
        item = item.strip()
        if len(item) >= 2 and item[0] == item[-1] == '"':
            item = item[1:-1]
        if item:
            items.append(item)
    return items


def parse_dict_header(value: str) -> dict[str, str | None]:
    """Parse ``a=b, c="d, e", f`` into ``{"a": "b", "c": "d, e", "f": None}``."""
    result: dict[str, str | None] = {}
    for item in parse_list_header(value):
        key, has_value, raw = item.partition("=")
        key = key.strip()
        if not key:
            continue
        if not has_value:
            result[key] = None
            continue
        raw = raw.strip()
        result[key] = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw
    return result


def parse_options_header(value: str | None) -> tuple[str, dict[str, str]]:
    """Parse ``text/html; charset=utf-8`` into ``("text/html", {"charset": "utf-8"})``.

    The value is lower-cased (media types are case-insensitive). Django's parser does
    the work, including RFC 2231 ``key*=`` values; a parameter with an unknown charset
    makes the whole parameter list unusable, so it is dropped rather than raising.
    """
    if not value:
        return "", {}
    try:
        return parse_header_parameters(value)
    except ValueError:
        return value.partition(";")[0].strip().lower(), {}


def dump_options_header(header: str | None, options: cabc.Mapping[str, t.Any]) -> str:
    """Build ``value; key=value`` (the reverse of :func:`parse_options_header`).

    ``None`` values are skipped; keys ending in ``*`` are assumed to be RFC 2231
    encoded already and are not quoted.
    """
    segments = [] if header is None else [header]
    for key, value in options.items():
        if value is None:
            continue
        segments.append(
            f"{key}={value}" if key.endswith("*") else f"{key}={quote_header_value(value)}"
        )
    return "; ".join(segments)


# --- Accept-* ---------------------------------------------------------------------


def _immutable(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    raise TypeError(
        f"{type(self).__name__!r} objects are immutable; build a new one from a"
        " list of (value, quality) pairs instead."
    )


class Accept(list[tuple[str, float]]):
    """An immutable list of ``(value, quality)`` pairs from an ``Accept-*`` header.

    Sorted like Werkzeug: more specific values first (``*`` last), then by quality,
    keeping header order for ties. ``accept["value"]`` is the quality the client gives
    that value (``0`` if unacceptable). An object built from a missing header has
    ``provided == False``, is empty and accepts nothing.
    """

    provided: bool

    def __init__(self, values: Accept | cabc.Iterable[tuple[str, float]] | None = ()) -> None:
        if values is None:
            super().__init__()
            self.provided = False
        elif isinstance(values, Accept):
            super().__init__(values)
            self.provided = values.provided
        else:
            super().__init__(
                sorted(
                    values,
                    key=lambda item: (self._specificity(item[0]), item[1]),
                    reverse=True,
                )
            )
            self.provided = True

    def _specificity(self, value: str) -> tuple[bool, ...]:
        return (value != "*",)

    def _value_matches(self, value: str, item: str) -> bool:
        """Does the server-side ``value`` satisfy the client's ``item``?"""
        return item == "*" or item.lower() == value.lower()

    def _client_entry(self, value: str) -> tuple[str, float] | None:
        for item, quality in self:
            if self._value_matches(value, item):
                return item, quality
        return None

    @t.overload
    def __getitem__(self, key: str) -> float: ...
    @t.overload
    def __getitem__(self, key: t.SupportsIndex) -> tuple[str, float]: ...
    @t.overload
    def __getitem__(self, key: slice) -> list[tuple[str, float]]: ...
    def __getitem__(
        self, key: str | t.SupportsIndex | slice
    ) -> float | tuple[str, float] | list[tuple[str, float]]:
        if isinstance(key, str):
            return self.quality(key)
        return list.__getitem__(self, key)

    def quality(self, key: str) -> float:
        """The client's quality for ``key``, ``0`` if it is not acceptable."""
        entry = self._client_entry(key)
        return 0 if entry is None else entry[1]

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self._client_entry(value) is not None

    def index(self, key: t.Any, *args: t.Any) -> int:
        """Position of the first entry matching ``key``; ``ValueError`` if none."""
        if isinstance(key, str):
            for position, (item, _quality) in enumerate(self):
                if self._value_matches(key, item):
                    return position
            raise ValueError(key)
        return list.index(self, key, *args)

    def find(self, key: str | tuple[str, float]) -> int:
        """Like :meth:`index`, but ``-1`` when nothing matches."""
        try:
            return self.index(key)
        except ValueError:
            return -1

    def values(self) -> cabc.Iterator[str]:
        """The accepted values, best first."""
        return (item for item, _quality in self)

    @property
    def best(self) -> str | None:
        """The client's most preferred value, or ``None`` if the list is empty."""
        return self[0][0] if self else None

    def best_match(self, matches: cabc.Iterable[str], default: str | None = None) -> str | None:
        """Pick the server option the client likes most.

        Higher client quality wins; for equal quality, the option matched by the more
        specific client entry wins; then the earlier option in ``matches``.
        """
        result = default
        best: tuple[float, tuple[bool, ...]] | None = None
        for option in matches:
            entry = self._client_entry(option)
            if entry is None or entry[1] <= 0:
                continue
            rank = (entry[1], self._specificity(entry[0]))
            if best is None or rank > best:
                result, best = option, rank
        return result

    def to_header(self) -> str:
        """Render as a header value (``;q=`` only where the quality is not 1)."""
        return ",".join(
            value if quality == 1 else f"{value};q={quality}" for value, quality in self
        )

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        pairs = ", ".join(f"({value!r}, {quality})" for value, quality in self)
        return f"{type(self).__name__}([{pairs}])"

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> tuple[t.Any, ...]:
        # The default reduction rebuilds lists with append(), which is blocked here.
        return type(self), (list(self) if self.provided else None,)

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _immutable
    append = extend = insert = pop = remove = reverse = sort = clear = _immutable


_MIME_SPLIT_RE = re.compile(r"/|\s*;\s*")


def _mime_parts(value: str) -> tuple[str, str, list[str]]:
    parts = _MIME_SPLIT_RE.split(value.lower())
    return parts[0], parts[1], sorted(parts[2:])


class MIMEAccept(Accept):
    """``Accept``: media types with ``type/*`` and ``*/*`` wildcards.

    Parameters take part in matching (``text/html;level=1`` is not ``text/html``), as in
    Werkzeug. Server-side values must look like ``type/subtype``.
    """

    def _specificity(self, value: str) -> tuple[bool, ...]:
        return tuple(part != "*" for part in _MIME_SPLIT_RE.split(value))

    def _value_matches(self, value: str, item: str) -> bool:
        if "/" not in item:
            return False  # the client sent garbage; it can match nothing
        if "/" not in value:
            raise ValueError(
                f"Invalid mimetype {value!r}: pass a full 'type/subtype' such as 'text/html'."
            )
        value_type, value_subtype, value_params = _mime_parts(value)
        if value_type == "*" and value_subtype != "*":
            raise ValueError(
                f"Invalid mimetype {value!r}: only '*/*' may use a wildcard type;"
                " use '*/*' or name the type."
            )
        item_type, item_subtype, item_params = _mime_parts(item)
        if item_type == "*":
            return item_subtype == "*"
        if value_type == "*":
            return True
        if item_type != value_type:
            return False
        if "*" in (item_subtype, value_subtype):
            return True
        return item_subtype == value_subtype and item_params == value_params

    @property
    def accept_html(self) -> bool:
        """True if the client accepts HTML (or XHTML)."""
        return "text/html" in self or self.accept_xhtml

    @property
    def accept_xhtml(self) -> bool:
        """True if the client accepts XHTML."""
        return "application/xhtml+xml" in self or "application/xml" in self

    @property
    def accept_json(self) -> bool:
        """True if the client accepts JSON."""
        return "application/json" in self


_LANG_DELIM_RE = re.compile(r"[_-]")


def _lang_parts(value: str) -> list[str]:
    return _LANG_DELIM_RE.split(value.lower())


def _primary_lang(value: str) -> str:
    return _LANG_DELIM_RE.split(value, maxsplit=1)[0]


class LanguageAccept(Accept):
    """``Accept-Language``: tags compared case-insensitively, ``-`` and ``_`` alike."""

    def _value_matches(self, value: str, item: str) -> bool:
        return item == "*" or _lang_parts(value) == _lang_parts(item)

    def best_match(self, matches: cabc.Iterable[str], default: str | None = None) -> str | None:
        """Like :meth:`Accept.best_match`, falling back to primary tags.

        An exact match wins; otherwise a client ``en-US`` accepts a server ``en``;
        otherwise a client ``en`` accepts the first server ``en-*`` tag. The returned
        value is always one of ``matches``, unchanged.
        """
        options = list(matches)
        result = super().best_match(options)
        if result is not None:
            return result
        client_primary = Accept([(_primary_lang(item), quality) for item, quality in self])
        result = client_primary.best_match(options)
        if result is not None:
            return result
        result = super().best_match([_primary_lang(option) for option in options])
        if result is not None:
            return next(option for option in options if option.startswith(result))
        return default


def _charset_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


class CharsetAccept(Accept):
    """``Accept-Charset``: names compared by codec (``UTF8`` is ``utf-8``)."""

    def _value_matches(self, value: str, item: str) -> bool:
        return item == "*" or _charset_name(value) == _charset_name(item)


_TAccept = t.TypeVar("_TAccept", bound=Accept)


@t.overload
def parse_accept_header(value: str | None) -> Accept: ...
@t.overload
def parse_accept_header(value: str | None, cls: type[_TAccept]) -> _TAccept: ...
def parse_accept_header(value: str | None, cls: type[Accept] = Accept) -> Accept:
    """Parse an ``Accept-*`` header into ``cls``.

    Items whose ``q`` is not a number between 0 and 1 are skipped rather than failing
    the request; other parameters stay part of the value.
    """
    if not value:
        return cls(None)
    result: list[tuple[str, float]] = []
    for item in parse_list_header(value):
        try:
            _lowered, options = parse_header_parameters(item)
        except ValueError:
            continue
        name = item.partition(";")[0].strip()
        if not name:
            continue
        quality: float = 1
        if "q" in options:
            q_text = options.pop("q").strip()
            if not _Q_RE.fullmatch(q_text) or not 0 <= float(q_text) <= 1:
                continue
            quality = float(q_text)
        result.append((dump_options_header(name, options) if options else name, quality))
    return cls(result)


# --- Cache-Control ----------------------------------------------------------------


def cache_control_property(key: str, empty: t.Any, type: type | None) -> t.Any:
    """A typed property for the directive ``key`` of a cache-control object.

    Subclasses use it to support extension directives.

    :param empty: what to return when the directive is present without a value.
    :param type: ``bool`` for presence flags, ``int`` for seconds, ``None`` for text.
    """

    def getter(self: _CacheControl) -> t.Any:
        if type is bool:
            return key in self
        if key not in self:
            return None
        raw = self[key]
        if raw is None:
            return empty
        if type is None:
            return raw
        try:
            return type(raw)
        except ValueError:
            return None

    def setter(self: _CacheControl, value: t.Any) -> None:
        if type is bool:
            if value:
                self[key] = None
            else:
                self.pop(key, None)
        elif value is None or value is False:
            self.pop(key, None)
        elif value is True:
            self[key] = None
        else:
            if type is not None:
                try:
                    value = type(value)
                except ValueError:
                    raise ValueError(
                        f"Cache-Control {key!r} needs a {type.__name__} value, got {value!r}."
                    ) from None
            self[key] = str(value)

    def deleter(self: _CacheControl) -> None:
        self.pop(key, None)

    return property(getter, setter, deleter, doc=f"The ``{key}`` directive.")


class _CacheControl(dict[str, str | None]):
    """Directive name -> value (``None`` for a bare directive), with typed properties.

    Every change calls ``on_update(self)`` so an owner can write the header back.
    """

    no_store: bool = cache_control_property("no-store", None, bool)
    max_age: int | None = cache_control_property("max-age", None, int)
    no_transform: bool = cache_control_property("no-transform", None, bool)
    stale_if_error: int | None = cache_control_property("stale-if-error", None, int)

    cache_property = staticmethod(cache_control_property)

    def __init__(
        self,
        values: cabc.Mapping[str, str | None] | cabc.Iterable[tuple[str, str | None]] | None = (),
        on_update: cabc.Callable[[t.Any], None] | None = None,
    ) -> None:
        super().__init__(values or ())
        self.on_update = on_update
        self.provided = values is not None

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def __setitem__(self, key: str, value: str | None) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._changed()

    def pop(self, key: str, *default: t.Any) -> t.Any:
        present = key in self
        value = super().pop(key, *default)
        if present:
            self._changed()
        return value

    def popitem(self) -> tuple[str, str | None]:
        item = super().popitem()
        self._changed()
        return item

    def setdefault(self, key: str, default: str | None = None) -> str | None:
        if key in self:
            return self[key]
        self[key] = default
        return default

    def update(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().update(*args, **kwargs)
        self._changed()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> tuple[t.Any, ...]:
        # The default reduction refills dicts item by item, which the request class blocks.
        return type(self), (dict(self) if self.provided else None, self.on_update)

    def to_header(self) -> str:
        """Render as a ``Cache-Control`` value: bare names for flags, ``k=v`` otherwise."""
        return dump_header(self)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        pairs = " ".join(f"{key}={value!r}" for key, value in sorted(self.items()))
        return f"<{type(self).__name__} {pairs}>"


class RequestCacheControl(_CacheControl):
    """The request's ``Cache-Control``: read-only, with the request directives."""

    no_cache: bool = cache_control_property("no-cache", None, bool)
    max_stale: int | t.Literal[True] | None = cache_control_property("max-stale", True, int)
    min_fresh: int | None = cache_control_property("min-fresh", None, int)
    only_if_cached: bool = cache_control_property("only-if-cached", None, bool)

    def _read_only(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise TypeError(
            "'RequestCacheControl' objects are immutable; the request's Cache-Control"
            " cannot be changed. Set directives on response.cache_control instead."
        )

    __setitem__ = __delitem__ = pop = popitem = setdefault = update = clear = _read_only


class ResponseCacheControl(_CacheControl):
    """The response's ``Cache-Control``: mutable, with the response directives."""

    no_cache: str | t.Literal[True] | None = cache_control_property("no-cache", True, None)
    public: bool = cache_control_property("public", None, bool)
    private: str | t.Literal[True] | None = cache_control_property("private", True, None)
    must_revalidate: bool = cache_control_property("must-revalidate", None, bool)
    proxy_revalidate: bool = cache_control_property("proxy-revalidate", None, bool)
    s_maxage: int | None = cache_control_property("s-maxage", None, int)
    immutable: bool = cache_control_property("immutable", None, bool)
    must_understand: bool = cache_control_property("must-understand", None, bool)
    stale_while_revalidate: int | None = cache_control_property("stale-while-revalidate", None, int)


_TCacheControl = t.TypeVar("_TCacheControl", bound=_CacheControl)


@t.overload
def parse_cache_control_header(
    value: str | None, on_update: cabc.Callable[[_CacheControl], None] | None = None
) -> RequestCacheControl: ...
@t.overload
def parse_cache_control_header(
    value: str | None,
    on_update: cabc.Callable[[_TCacheControl], None] | None = None,
    cls: type[_TCacheControl] = ...,
) -> _TCacheControl: ...
def parse_cache_control_header(
    value: str | None,
    on_update: cabc.Callable[[t.Any], None] | None = None,
    cls: type[_CacheControl] = RequestCacheControl,
) -> _CacheControl:
    """Parse a ``Cache-Control`` header into ``cls`` (request directives by default)."""
    return cls(parse_dict_header(value) if value else (), on_update)


# --- ETags ------------------------------------------------------------------------


def quote_etag(etag: str, weak: bool = False) -> str:
    """Quote an entity tag, ``W/``-prefixed when ``weak``."""
    if '"' in etag:
        raise ValueError(
            f"Invalid ETag {etag!r}: an entity tag cannot contain '\"'. Pass the bare"
            " value; quoting is added for you."
        )
    quoted = _django_quote_etag(etag)
    return f"W/{quoted}" if weak else quoted


@t.overload
def unquote_etag(etag: str) -> tuple[str, bool]: ...
@t.overload
def unquote_etag(etag: None) -> tuple[None, None]: ...
def unquote_etag(etag: str | None) -> tuple[str, bool] | tuple[None, None]:
    """Split ``W/"tag"`` into ``("tag", True)``; ``(None, None)`` for an empty value."""
    if not etag:
        return None, None
    etag = etag.strip()
    weak = etag[:2] in ("W/", "w/")
    if weak:
        etag = etag[2:]
    if len(etag) >= 2 and etag[0] == etag[-1] == '"':
        etag = etag[1:-1]
    return etag, weak


def generate_etag(data: bytes) -> str:
    """An ETag for ``data``: its SHA-1 hex digest, like Werkzeug (MD5 may be disabled)."""
    return hashlib.sha1(data).hexdigest()


class ETags(cabc.Collection[str]):
    """The entity tags of ``If-Match`` / ``If-None-Match``, unquoted, split by strength.

    ``in`` checks strong tags only (or anything, for ``*``), which is the comparison
    ``If-Match`` needs; ``contains_weak`` is the one ``If-None-Match`` needs.
    """

    def __init__(
        self,
        strong_etags: cabc.Iterable[str] | None = None,
        weak_etags: cabc.Iterable[str] | None = None,
        star_tag: bool = False,
    ) -> None:
        self._strong = frozenset(() if star_tag else strong_etags or ())
        self._weak = frozenset(weak_etags or ())
        self.star_tag = star_tag

    def as_set(self, include_weak: bool = False) -> set[str]:
        """The strong tags (plus the weak ones if asked) as a plain set."""
        return set(self._strong | self._weak) if include_weak else set(self._strong)

    def is_weak(self, etag: str) -> bool:
        """True if ``etag`` was given as a weak tag."""
        return etag in self._weak

    def is_strong(self, etag: str) -> bool:
        """True if ``etag`` was given as a strong tag."""
        return etag in self._strong

    def contains(self, etag: str) -> bool:
        """Strong comparison: ``*`` or one of the strong tags."""
        return self.star_tag or etag in self._strong

    def contains_weak(self, etag: str) -> bool:
        """Weak comparison: like :meth:`contains`, but weak tags count too."""
        return self.is_weak(etag) or self.contains(etag)

    def contains_raw(self, etag: str) -> bool:
        """Check a still-quoted tag, using weak comparison if it is ``W/``-prefixed."""
        tag, weak = unquote_etag(etag)
        if tag is None:
            return False
        return self.contains_weak(tag) if weak else self.contains(tag)

    def to_header(self) -> str:
        """Render as an ``If-Match`` style header value."""
        if self.star_tag:
            return "*"
        return ", ".join(
            [quote_etag(tag) for tag in self._strong]
            + [quote_etag(tag, True) for tag in self._weak]
        )

    def __contains__(self, etag: object) -> bool:
        return isinstance(etag, str) and self.contains(etag)

    def __iter__(self) -> cabc.Iterator[str]:
        return iter(self._strong)

    def __len__(self) -> int:
        return len(self._strong)

    def __bool__(self) -> bool:
        return bool(self.star_tag or self._strong or self._weak)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


def parse_etags(value: str | None) -> ETags:
    """Parse ``If-Match`` / ``If-None-Match`` with Django's (RFC 9110) parser.

    Malformed tags, such as unquoted ones, are ignored as Django ignores them.
    """
    if not value:
        return ETags()
    quoted = _django_parse_etags(value)
    if quoted == ["*"]:
        return ETags(star_tag=True)
    strong: list[str] = []
    weak: list[str] = []
    for item in quoted:
        tag, is_weak = unquote_etag(item)
        (weak if is_weak else strong).append(tag)
    return ETags(strong, weak)


# --- Range, Content-Range, If-Range ------------------------------------------------


def _plain_int(text: str) -> int:
    """``int()`` restricted to ASCII digits and ``-`` (``int`` also takes ``+``, ``_``)."""
    text = text.strip()
    if not _INT_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not an integer.")
    return int(text)


def is_byte_range_valid(start: int | None, stop: int | None, length: int | None) -> bool:
    """Can ``start``-``stop`` (stop exclusive) describe bytes of a ``length``-byte body?"""
    if (start is None) != (stop is None):
        return False
    if start is None or stop is None:
        return length is None or length >= 0
    if start >= stop:
        return False
    if length is None:
        return start >= 0
    return 0 <= start < length


class Range:
    """A parsed ``Range`` header: ``ranges`` are ``(start, stop)`` with ``stop``
    exclusive, ``None`` when open-ended; ``(-N, None)`` is the last ``N`` bytes.

    The helpers only answer for a single byte range, which is all Flask serves.
    """

    def __init__(self, units: str, ranges: cabc.Sequence[tuple[int, int | None]]) -> None:
        for start, stop in ranges:
            if start is None or (stop is not None and (start < 0 or start >= stop)):
                raise ValueError(
                    f"{(start, stop)} is not a valid range: use (start, stop) with"
                    " 0 <= start < stop, (start, None) or (-suffix_length, None)."
                )
        self.units = units
        self.ranges = list(ranges)

    def range_for_length(self, length: int | None) -> tuple[int, int] | None:
        """The satisfiable ``(start, stop)`` for a body of ``length`` bytes, else ``None``."""
        if self.units != "bytes" or length is None or len(self.ranges) != 1:
            return None
        start, stop = self.ranges[0]
        if stop is None:
            stop = length
            if start < 0:
                start += length
        if is_byte_range_valid(start, stop, length):
            return start, min(stop, length)
        return None

    def make_content_range(self, length: int | None) -> ContentRange | None:
        """The matching :class:`ContentRange` for ``length``, or ``None``."""
        span = self.range_for_length(length)
        return None if span is None else ContentRange(self.units, span[0], span[1], length)

    def to_header(self) -> str:
        """Render as a ``Range`` value (inclusive ends, as on the wire)."""
        specs = []
        for start, stop in self.ranges:
            if stop is not None:
                specs.append(f"{start}-{stop - 1}")
            else:
                specs.append(f"{start}-" if start >= 0 else str(start))
        return f"{self.units}={','.join(specs)}"

    def to_content_range_header(self, length: int | None) -> str | None:
        """The ``Content-Range`` value answering this range for ``length``, or ``None``."""
        content_range = self.make_content_range(length)
        return None if content_range is None else content_range.to_header()

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


def parse_range_header(value: str | None) -> Range | None:
    """Parse ``Range: bytes=0-499,-500``; ``None`` for anything malformed, including
    overlapping or out-of-order ranges."""
    if not value or "=" not in value:
        return None
    units, _, spec = value.partition("=")
    ranges: list[tuple[int, int | None]] = []
    last_stop = 0  # -1 once an open-ended range has been seen
    for item in spec.split(","):
        item = item.strip()
        if "-" not in item:
            return None
        try:
            if item.startswith("-"):
                if last_stop < 0:
                    return None
                ranges.append((_plain_int(item), None))
                last_stop = -1
                continue
            first, _, last = item.partition("-")
            start = _plain_int(first)
            stop = _plain_int(last) + 1 if last.strip() else None
        except ValueError:
            return None
        if last_stop < 0 or start < last_stop or (stop is not None and start >= stop):
            return None
        ranges.append((start, stop))
        last_stop = -1 if stop is None else stop
    return Range(units.strip().lower(), ranges)


def _notifying_field(name: str) -> t.Any:
    """A :class:`ContentRange` field that calls the owner's ``on_update`` when assigned."""

    def getter(self: ContentRange) -> t.Any:
        return self.__dict__[name]

    def setter(self: ContentRange, value: t.Any) -> None:
        self.__dict__[name] = value
        if self.on_update is not None:
            self.on_update(self)

    return property(getter, setter)


class ContentRange:
    """A ``Content-Range`` value; assigning any field calls ``on_update(self)``.

    ``start``/``stop`` are ``None`` for ``bytes */length``; ``stop`` is exclusive.
    ``units=None`` means the header should not be sent.
    """

    def __init__(
        self,
        units: str | None,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        on_update: cabc.Callable[[ContentRange], None] | None = None,
    ) -> None:
        self.on_update = on_update
        self.set(start, stop, length, units)

    units: str | None = _notifying_field("_units")
    start: int | None = _notifying_field("_start")
    stop: int | None = _notifying_field("_stop")
    length: int | None = _notifying_field("_length")

    def set(
        self,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        units: str | None = "bytes",
    ) -> None:
        """Replace all fields at once (one ``on_update`` call)."""
        if not is_byte_range_valid(start, stop, length):
            raise ValueError(
                f"Invalid content range {start}-{stop}/{length}: start and stop must both"
                " be set or both be None, with 0 <= start < stop and start < length."
            )
        self.__dict__.update(_units=units, _start=start, _stop=stop, _length=length)
        if self.on_update is not None:
            self.on_update(self)

    def unset(self) -> None:
        """Clear the value so the header is no longer sent."""
        self.set(None, None, units=None)

    def to_header(self) -> str:
        """Render as ``bytes 0-499/1234`` (``*`` for unknown length or range)."""
        if self.units is None:
            return ""
        length = "*" if self.length is None else self.length
        if self.start is None or self.stop is None:
            return f"{self.units} */{length}"
        return f"{self.units} {self.start}-{self.stop - 1}/{length}"

    def __bool__(self) -> bool:
        return self.units is not None

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


def parse_content_range_header(
    value: str | None, on_update: cabc.Callable[[ContentRange], None] | None = None
) -> ContentRange | None:
    """Parse ``bytes 0-499/1234``, ``bytes 0-499/*`` or ``bytes */1234``; ``None`` if
    malformed."""
    if not value:
        return None
    try:
        units, spec = value.strip().split(None, 1)
    except ValueError:
        return None
    span, slash, length_text = spec.partition("/")
    if not slash:
        return None
    try:
        length = None if length_text == "*" else _plain_int(length_text)
        if span == "*":
            start = stop = None
        else:
            first, dash, last = span.partition("-")
            if not dash:
                return None
            start, stop = _plain_int(first), _plain_int(last) + 1
    except ValueError:
        return None
    if not is_byte_range_valid(start, stop, length):
        return None
    return ContentRange(units, start, stop, length, on_update=on_update)


class IfRange:
    """A parsed ``If-Range``: an entity tag or a date (or neither), never both."""

    def __init__(self, etag: str | None = None, date: datetime | None = None) -> None:
        self.etag = etag
        self.date = date

    def to_header(self) -> str:
        """Render back as a header value, ``""`` if empty."""
        if self.date is not None:
            return http_date(self.date)
        if self.etag is not None:
            return quote_etag(self.etag)
        return ""

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


def parse_if_range_header(value: str | None) -> IfRange:
    """Parse ``If-Range``; weakness is dropped since ranges need strong validators."""
    if not value:
        return IfRange()
    parsed_date = parse_date(value)
    if parsed_date is not None:
        return IfRange(date=parsed_date)
    return IfRange(unquote_etag(value)[0])


# --- Authorization, WWW-Authenticate ------------------------------------------------


def _split_credentials(value: str) -> tuple[str, str, dict[str, str | None] | None, str | None]:
    """``"Scheme rest"`` -> (scheme lower-cased, rest, auth-params or None, token or None)."""
    scheme, _, rest = value.partition(" ")
    rest = rest.strip()
    # An "=" that is not trailing base64 padding means auth-params, otherwise a token68.
    if "=" in rest.rstrip("="):
        return scheme.lower(), rest, parse_dict_header(rest), None
    return scheme.lower(), rest, None, rest


class _AuthHeader:
    """What ``Authorization`` and ``WWW-Authenticate`` share: a scheme with either
    auth-params or a token, and read access to the params by key."""

    type: str
    parameters: dict[str, str | None]
    token: str | None

    def __getitem__(self, key: str) -> str | None:
        return self.parameters.get(key)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.parameters.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.parameters

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return (self.type, self.token, self.parameters) == (
            other.type,
            other.token,
            other.parameters,
        )

    __hash__ = None  # type: ignore[assignment]

    def to_header(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"


class Authorization(_AuthHeader):
    """A parsed ``Authorization`` header.

    Depending on the scheme either :attr:`parameters` or :attr:`token` is set; Basic
    credentials are decoded into ``username`` and ``password`` parameters.
    ``auth["key"]``, ``auth.get("key")``, ``"key" in auth`` and ``auth.key`` read the
    parameters.
    """

    def __init__(
        self,
        auth_type: str,
        data: dict[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        self.type = auth_type
        self.parameters: dict[str, str | None] = {} if data is None else data
        self.token = token

    @property
    def data(self) -> dict[str, str | None]:
        """Alias of :attr:`parameters`, named like the constructor argument."""
        return self.parameters

    @property
    def username(self) -> str | None:
        return self.parameters.get("username")

    @property
    def password(self) -> str | None:
        return self.parameters.get("password")

    def __getattr__(self, name: str) -> str | None:
        if name.startswith("__") or name == "parameters":
            raise AttributeError(name)
        return self.parameters.get(name)

    @classmethod
    def from_header(cls, value: str | None) -> Authorization | None:
        """Parse a header value; ``None`` if it is empty or Basic credentials are not
        valid base64 of ``user:password`` in UTF-8."""
        if not value:
            return None
        scheme, rest, parameters, token = _split_credentials(value)
        if scheme == "basic":
            try:
                decoded = base64.b64decode(rest, validate=True).decode()
            except ValueError:  # bad base64 or UTF-8, or non-ASCII text b64decode refuses
                return None
            username, colon, password = decoded.partition(":")
            if not colon:
                return None
            return cls(scheme, {"username": username, "password": password})
        return cls(scheme, parameters, token)

    def to_header(self) -> str:
        """Render as a header value (Basic credentials are re-encoded)."""
        if self.type.lower() == "basic":
            credentials = f"{self.username}:{self.password}".encode()
            return f"Basic {base64.b64encode(credentials).decode('ascii')}"
        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        return f"{self.type.title()} {dump_header(self.parameters)}"


def parse_authorization_header(value: str | None) -> Authorization | None:
    """Shortcut for :meth:`Authorization.from_header`."""
    return Authorization.from_header(value)


#: Digest challenge parameters that RFC 7616 requires as quoted strings.
_DIGEST_QUOTED = frozenset({"realm", "domain", "nonce", "opaque", "qop"})


class WWWAuthenticate(_AuthHeader):
    """A ``WWW-Authenticate`` challenge for 401 responses.

    Either :attr:`parameters` (``realm`` ...) or :attr:`token` is used; ``auth["key"]``
    reads and writes parameters (assigning ``None`` removes one).
    """

    def __init__(
        self,
        auth_type: str,
        values: dict[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        self.type = auth_type.lower()
        self.parameters: dict[str, str | None] = dict(values or {})
        self.token = token

    def __setitem__(self, key: str, value: str | None) -> None:
        if value is None:
            self.parameters.pop(key, None)
        else:
            self.parameters[key] = value

    def __delitem__(self, key: str) -> None:
        self.parameters.pop(key, None)

    @classmethod
    def from_header(cls, value: str | None) -> WWWAuthenticate | None:
        """Parse a challenge; ``None`` if the value is empty."""
        if not value:
            return None
        scheme, _rest, parameters, token = _split_credentials(value)
        return cls(scheme, parameters, token)

    def to_header(self) -> str:
        """Render as a header value, e.g. ``Basic realm="Login Required"``."""
        scheme = self.type.title()
        if self.token is not None:
            return f"{scheme} {self.token}"
        if not self.parameters:
            return scheme
        if self.type == "digest":
            items = (
                f"{key}={quote_header_value(value, allow_token=key not in _DIGEST_QUOTED)}"
                for key, value in self.parameters.items()
            )
            return f"Digest {', '.join(items)}"
        return f"{scheme} {dump_header(self.parameters)}"


# --- HeaderSet, User-Agent ----------------------------------------------------------


class HeaderSet(cabc.MutableSet[str]):
    """A case-insensitive, order-keeping set of tokens for ``Vary``, ``Allow`` and
    ``Content-Language``; every change calls ``on_update(self)``."""

    def __init__(
        self,
        headers: cabc.Iterable[str] | None = None,
        on_update: cabc.Callable[[HeaderSet], None] | None = None,
    ) -> None:
        self._headers: list[str] = []
        self._keys: set[str] = set()
        for header in headers or ():
            if header.lower() not in self._keys:
                self._headers.append(header)
                self._keys.add(header.lower())
        self.on_update = on_update

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def add(self, header: str) -> None:
        """Add ``header`` unless an equal one (ignoring case) is present."""
        self.update((header,))

    def update(self, iterable: cabc.Iterable[str]) -> None:
        """Add every new item of ``iterable``, notifying once."""
        added = False
        for header in iterable:
            key = header.lower()
            if key not in self._keys:
                self._headers.append(header)
                self._keys.add(key)
                added = True
        if added:
            self._changed()

    def remove(self, header: str) -> None:
        """Remove ``header`` (any case); ``KeyError`` if absent."""
        position = self.find(header)
        if position < 0:
            raise KeyError(header)
        del self[position]

    def discard(self, header: str) -> None:
        """Remove ``header`` if present."""
        if header in self:
            self.remove(header)

    def find(self, header: str) -> int:
        """Position of ``header`` (any case), or ``-1``."""
        key = header.lower()
        for position, item in enumerate(self._headers):
            if item.lower() == key:
                return position
        return -1

    def index(self, header: str) -> int:
        """Position of ``header`` (any case); ``IndexError`` if absent, as in Werkzeug."""
        position = self.find(header)
        if position < 0:
            raise IndexError(header)
        return position

    def clear(self) -> None:
        """Remove everything."""
        self._headers.clear()
        self._keys.clear()
        self._changed()

    def as_set(self, preserve_casing: bool = False) -> set[str]:
        """A plain set, lower-cased unless ``preserve_casing``."""
        return set(self._headers) if preserve_casing else set(self._keys)

    def to_header(self) -> str:
        """Render as a comma-separated header value."""
        return dump_header(self._headers)

    def __getitem__(self, position: t.SupportsIndex) -> str:
        return self._headers[position]

    def __delitem__(self, position: t.SupportsIndex) -> None:
        removed = self._headers.pop(position)
        self._keys.discard(removed.lower())
        self._changed()

    def __contains__(self, header: object) -> bool:
        return isinstance(header, str) and header.lower() in self._keys

    def __iter__(self) -> cabc.Iterator[str]:
        return iter(self._headers)

    def __len__(self) -> int:
        return len(self._headers)

    def __bool__(self) -> bool:
        return bool(self._headers)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._headers!r})"


def parse_set_header(
    value: str | None, on_update: cabc.Callable[[HeaderSet], None] | None = None
) -> HeaderSet:
    """Parse ``Vary``-style headers into a :class:`HeaderSet`."""
    return HeaderSet(parse_list_header(value) if value else None, on_update)


class UserAgent:
    """The ``User-Agent`` string.

    Like Werkzeug 3 this does no sniffing: ``platform``, ``browser``, ``version`` and
    ``language`` stay ``None`` unless a subclass parses them (set
    ``Request.user_agent_class``), and the object is falsy without a ``browser``.
    """

    platform: str | None = None
    browser: str | None = None
    version: str | None = None
    language: str | None = None

    def __init__(self, string: str) -> None:
        self.string = string

    def to_header(self) -> str:
        return self.string

    def __str__(self) -> str:
        return self.string

    def __bool__(self) -> bool:
        return bool(self.browser)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.browser}/{self.version}>"


# --- dates --------------------------------------------------------------------------


def parse_date(value: str | None) -> datetime | None:
    """Parse an HTTP date (any of the three RFC 9110 formats) into an aware UTC
    datetime; ``None`` if it is missing or invalid."""
    if not value:
        return None
    seconds = parse_http_date_safe(value.strip())
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def http_date(timestamp: datetime | date | float | None = None) -> str:
    """Format as an HTTP date. Naive datetimes are taken as UTC, dates as midnight UTC,
    numbers as Unix timestamps, ``None`` as now."""
    if isinstance(timestamp, datetime):
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=timezone.utc)
        timestamp = timestamp.timestamp()
    elif isinstance(timestamp, date):
        timestamp = datetime.combine(timestamp, time(), tzinfo=timezone.utc).timestamp()
    return _django_http_date(timestamp)


__all__ = [
    "Accept",
    "Authorization",
    "CharsetAccept",
    "ContentRange",
    "ETags",
    "HeaderSet",
    "IfRange",
    "LanguageAccept",
    "MIMEAccept",
    "Range",
    "RequestCacheControl",
    "ResponseCacheControl",
    "UserAgent",
    "WWWAuthenticate",
    "cache_control_property",
    "dump_header",
    "dump_options_header",
    "generate_etag",
    "http_date",
    "is_byte_range_valid",
    "parse_accept_header",
    "parse_authorization_header",
    "parse_cache_control_header",
    "parse_content_range_header",
    "parse_date",
    "parse_dict_header",
    "parse_etags",
    "parse_if_range_header",
    "parse_list_header",
    "parse_options_header",
    "parse_range_header",
    "parse_set_header",
    "quote_etag",
    "quote_header_value",
    "unquote_etag",
    "unquote_header_value",
]
