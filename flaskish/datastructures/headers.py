"""``Headers``, the ordered multi-valued header list a response keeps, and
``EnvironHeaders``, a read-only view of a request's ``META``."""

from __future__ import annotations

import collections.abc as cabc
import sys
import typing as t
from email.header import Header as _MimeHeader

from django.utils.datastructures import MultiValueDict

from ..exceptions import BadRequestKeyError
from ..http import dump_options_header
from .multidict import (
    MultiDict,
    _convert,
    _convert_list,
    _immutable_error,
    _missing,
    iter_multi_items,
)

if t.TYPE_CHECKING:
    pass


def _header_key(key: t.Any) -> str:
    """A header name as Django will emit it: an ASCII ``str`` without line breaks."""
    if type(key) is not str:
        if isinstance(key, bytes):
            key = key.decode("ascii")
        elif not isinstance(key, str):
            raise TypeError(f"Header names must be strings, not {type(key).__name__!r}.")
    if not key.isascii():
        position = next(i for i, char in enumerate(key) if ord(char) > 127)
        raise UnicodeEncodeError(
            "ascii",
            key,
            position,
            position + 1,
            f"header names must be ASCII, got {key!r}",
        )
    if "\n" in key or "\r" in key:
        raise ValueError("Header names must not contain newline characters.")
    return t.cast(str, key)


def _header_value(value: t.Any) -> str:
    """A header value as Django will emit it: a latin-1 ``str`` without line breaks;
    text outside latin-1 is MIME-encoded (RFC 2047) as Django does."""
    if type(value) is not str:
        value = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    if "\n" in value or "\r" in value:
        raise ValueError("Header values must not contain newline characters.")
    if not value.isascii():
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            value = _MimeHeader(value, "utf-8", maxlinelen=sys.maxsize).encode()
    return t.cast(str, value)


def _with_params(value: t.Any, params: dict[str, t.Any]) -> t.Any:
    if not params:
        return value
    options = {name.replace("_", "-"): option for name, option in params.items()}
    return dump_options_header(str(value), options)


class Headers:
    """An ordered list of ``(name, value)`` header pairs, with case-insensitive lookup
    by name; the same name may appear several times.

    It is what ``response.headers`` is, so it also speaks the mapping dialect Django's
    handlers and middleware use on responses (``headers[name]``, ``headers[name] = v``,
    ``name in headers``, ``get``, ``pop``, ``setdefault``, ``items``); ``items()``
    answers every pair, which is how repeated headers reach the wire.

    Values are stored as Django sends them: converted with ``str()``, refused if they
    contain a line break, MIME-encoded if they are not latin-1. Iterating yields pairs.

    :param defaults: a mapping (list values give several headers), another
        ``Headers``, or an iterable of pairs.
    """

    __slots__ = ("_list",)
    _list: list[tuple[str, str]]

    def __init__(self, defaults: t.Any = None) -> None:
        self._list = []
        if defaults is not None:
            self.extend(defaults)

    @classmethod
    def _from_pairs(cls, pairs: list[tuple[str, str]]) -> Headers:
        # Pairs that already passed validation: skip re-checking them.
        headers = Headers.__new__(Headers if issubclass(cls, EnvironHeaders) else cls)
        headers._list = pairs
        return headers

    # reading

    def __getitem__(self, key: t.Any) -> t.Any:
        """The first value for a name (``BadRequestKeyError`` if absent), the pair at an
        index, or a new ``Headers`` for a slice."""
        if isinstance(key, str):
            lower = key.lower()
            for name, value in self._list:
                if name.lower() == lower:
                    return value
            raise BadRequestKeyError(key)
        if isinstance(key, slice):
            return self._from_pairs(self._list[key])
        return self._list[key]

    def get(
        self,
        key: str,
        default: t.Any = None,
        type: cabc.Callable[[str], t.Any] | None = None,
    ) -> t.Any:
        """The first value for ``key``, passed through ``type`` if given.

        :param default: returned when the header is missing or ``type`` raises
            ``ValueError`` or ``TypeError``.
        """
        lower = key.lower()
        for name, value in self._list:
            if name.lower() == lower:
                return _convert(value, type, default)
        return default

    def getlist(self, key: str, type: cabc.Callable[[str], t.Any] | None = None) -> list[t.Any]:
        """Every value for ``key`` in order; values ``type`` rejects are left out."""
        lower = key.lower()
        values = [value for name, value in self._list if name.lower() == lower]
        return values if type is None else _convert_list(values, type)

    def get_all(self, name: str) -> list[str]:
        """Every value for ``name`` (the ``email.message`` spelling of :meth:`getlist`)."""
        return self.getlist(name)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        lower = key.lower()
        for name, _value in self._list:
            if name.lower() == lower:
                return True
        return False

    def __iter__(self) -> cabc.Iterator[tuple[str, str]]:
        return iter(self._list)

    def __len__(self) -> int:
        return len(self._list)

    def items(self, lower: bool = False) -> list[tuple[str, str]]:
        """Every pair, repeated names included (names lower-cased if ``lower``)."""
        if lower:
            return [(name.lower(), value) for name, value in self._list]
        return list(self._list)

    def keys(self, lower: bool = False) -> list[str]:
        """Every name, repeats included."""
        if lower:
            return [name.lower() for name, _value in self._list]
        return [name for name, _value in self._list]

    def values(self) -> list[str]:
        """Every value, in order."""
        return [value for _name, value in self._list]

    def to_wsgi_list(self) -> list[tuple[str, str]]:
        """The pairs as a list for ``start_response``."""
        return list(self._list)

    # adding and replacing

    def add(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Append a header; keyword arguments become parameters (``_`` in their names
        becomes ``-``, ``None`` values are left out).

        ``add("Content-Disposition", "attachment", filename="a.txt")`` adds
        ``attachment; filename=a.txt``.
        """
        self._list.append((_header_key(key), _header_value(_with_params(value, kwargs))))

    def add_header(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Same as :meth:`add` (the ``wsgiref`` spelling)."""
        self.add(key, value, **kwargs)

    def extend(self, arg: t.Any = None, /, **kwargs: t.Any) -> None:
        """Append headers from a mapping, ``Headers`` or pairs, and from ``kwargs``,
        keeping those already present."""
        # Build first, then extend: a refused header leaves the list untouched.
        pairs = []
        if arg is not None:
            # A list of pairs (the usual case) needs none of iter_multi_items' checks.
            items = arg if isinstance(arg, (list, tuple)) else iter_multi_items(arg)
            for key, value in items:
                pairs.append((_header_key(key), _header_value(value)))
        if kwargs:
            for key, value in iter_multi_items(kwargs):
                pairs.append((_header_key(key), _header_value(value)))
        self._list.extend(pairs)

    def set(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Replace the headers named ``key`` with one: it takes the place of the first
        of them, or goes at the end if there was none."""
        self._replace(_header_key(key), [_header_value(_with_params(value, kwargs))])

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        """``headers[name] = value`` is :meth:`set`; an index or slice takes pairs."""
        if isinstance(key, str):
            self._replace(_header_key(key), [_header_value(value)])
        elif isinstance(key, slice):
            self._list[key] = [(_header_key(k), _header_value(v)) for k, v in value]
        else:
            name, item = value
            self._list[key] = (_header_key(name), _header_value(item))

    def _set_trusted(self, key: str, value: str) -> None:
        """Set a header flaskish itself computed (ASCII name, no line breaks): no checks."""
        self._replace(key, [value])

    def setlist(self, key: str, values: cabc.Iterable[t.Any]) -> None:
        """Replace the headers named ``key`` with one per value: the first takes the
        place of the first old one, the rest go at the end. No values removes them."""
        self._replace(_header_key(key), [_header_value(value) for value in values])

    def _replace(self, key: str, values: list[str]) -> None:
        # On the hot path (``response.headers[name] = value``): one pass, no copies.
        lower = key.lower()
        pairs = self._list
        index = -1
        later = []
        for position, (name, _value) in enumerate(pairs):
            if name.lower() == lower:
                if index < 0:
                    index = position
                else:
                    later.append(position)
        for position in reversed(later):
            del pairs[position]
        if index < 0:
            pairs.extend([(key, value) for value in values])
        elif values:
            pairs[index] = (key, values[0])
            if len(values) > 1:
                pairs.extend([(key, value) for value in values[1:]])
        else:
            del pairs[index]

    def setdefault(self, key: str, default: t.Any) -> t.Any:
        """The first value for ``key``, adding ``default`` first if there is none."""
        lower = key.lower()
        for name, value in self._list:
            if name.lower() == lower:
                return value
        self.add(key, default)
        return default

    def setlistdefault(self, key: str, default: cabc.Iterable[t.Any]) -> list[str]:
        """Every value for ``key``, adding ``default`` first if there is none."""
        if key not in self:
            self.extend((key, value) for value in default)
        return self.getlist(key)

    def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> None:
        """Replace headers by name: each name in ``arg`` or ``kwargs`` ends up with the
        values given for it (a list gives several). Other headers are kept."""
        if arg is not None:
            if isinstance(arg, (Headers, MultiDict, MultiValueDict)):
                names: dict[str, str] = {}
                grouped: dict[str, list[t.Any]] = {}
                for key, value in iter_multi_items(arg):
                    names[key.lower()] = key
                    grouped.setdefault(key.lower(), []).append(value)
                for lower, values in grouped.items():
                    self.setlist(names[lower], values)
            elif isinstance(arg, cabc.Mapping):
                self._update_from_mapping(arg)
            else:
                for key, value in arg:
                    self.set(key, value)
        self._update_from_mapping(kwargs)

    def _update_from_mapping(self, mapping: cabc.Mapping[str, t.Any]) -> None:
        for key, value in mapping.items():
            if isinstance(value, (list, tuple)):
                self.setlist(key, value)
            else:
                self.set(key, value)

    def __or__(self, other: t.Any) -> Headers:
        if not isinstance(other, (cabc.Mapping, Headers)):
            return NotImplemented
        result = self.copy()
        result.update(other)
        return result

    def __ior__(self, other: t.Any) -> Headers:
        if not isinstance(other, (cabc.Mapping, Headers, cabc.Iterable)):
            return NotImplemented
        self.update(other)
        return self

    # removing

    def __delitem__(self, key: t.Any) -> None:
        """Remove every header named ``key`` (nothing happens if there is none, as
        Django's ``del response[name]`` expects), or the pair(s) at an index or slice."""
        if isinstance(key, str):
            lower = key.lower()
            self._list[:] = [pair for pair in self._list if pair[0].lower() != lower]
        else:
            del self._list[key]

    def remove(self, key: str) -> None:
        """Remove every header named ``key``."""
        del self[key]

    def pop(self, key: str | int | None = None, default: t.Any = _missing) -> t.Any:
        """Remove headers and answer what was removed.

        With a name: removes every header of that name and answers the first value, or
        ``default`` (``BadRequestKeyError`` without one) if there was none; this serves
        both Werkzeug's ``pop(name)`` and Django's ``pop(name, default)``. With an index
        or nothing: removes and answers that pair, or the last one.
        """
        if key is None:
            return self._list.pop()
        if isinstance(key, int):
            return self._list.pop(key)
        lower = key.lower()
        for name, value in self._list:
            if name.lower() == lower:
                del self[key]
                return value
        if default is _missing:
            raise BadRequestKeyError(key)
        return default

    def popitem(self) -> tuple[str, str]:
        """Remove and answer the last pair."""
        return self._list.pop()

    def clear(self) -> None:
        """Remove every header."""
        del self._list[:]

    # the rest

    def copy(self) -> Headers:
        return self._from_pairs(list(self._list))

    def __copy__(self) -> Headers:
        return self.copy()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        return self.items(lower=True) == other.items(lower=True)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        """The headers as an HTTP header block, ending with the blank line."""
        return "".join(f"{name}: {value}\r\n" for name, value in self._list) + "\r\n"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._list!r})"


# CGI passes these two without the HTTP_ prefix (and a client-sent HTTP_CONTENT_TYPE is
# not the real one).
_CONTENT_KEYS = frozenset(("CONTENT_TYPE", "CONTENT_LENGTH"))


def _environ_name(key: str) -> str | None:
    """The header name for a WSGI environ key, or ``None`` if the key is not a header."""
    if key.startswith("HTTP_"):
        if key[5:] in _CONTENT_KEYS:
            return None
        return key[5:].replace("_", "-").title()
    if key in _CONTENT_KEYS:
        return key.replace("_", "-").title()
    return None


def _environ_key(name: str) -> str:
    key = name.upper().replace("-", "_")
    return key if key in _CONTENT_KEYS else "HTTP_" + key


class EnvironHeaders(Headers):
    """The request headers as a read-only :class:`Headers` over a WSGI environ (Django's
    ``request.META``): ``HTTP_X_FOO`` reads as ``X-Foo``, plus ``Content-Type`` and
    ``Content-Length`` when not empty.

    Creating one costs nothing; a name lookup reads the environ directly, and the full
    list is built only when something iterates. Changes raise ``TypeError``.
    """

    __slots__ = ("environ", "_pairs")

    def __init__(self, environ: cabc.Mapping[str, t.Any]) -> None:
        self.environ = environ
        self._pairs: list[tuple[str, str]] | None = None

    @property
    def _list(self) -> list[tuple[str, str]]:  # type: ignore[override]
        pairs = self._pairs
        if pairs is None:
            pairs = []
            for key, value in self.environ.items():
                name = _environ_name(key)
                if name is not None and (value or key.startswith("HTTP_")):
                    pairs.append((name, value))
            self._pairs = pairs
        return pairs

    def _lookup(self, name: str) -> t.Any:
        key = _environ_key(name)
        value = self.environ.get(key)
        if not value and key in _CONTENT_KEYS:
            return None
        return value

    def __getitem__(self, key: t.Any) -> t.Any:
        if isinstance(key, str):
            value = self._lookup(key)
            if value is None:
                raise BadRequestKeyError(key)
            return value
        return super().__getitem__(key)

    def get(
        self,
        key: str,
        default: t.Any = None,
        type: cabc.Callable[[str], t.Any] | None = None,
    ) -> t.Any:
        value = self._lookup(key)
        if value is None:
            return default
        return _convert(value, type, default)

    def getlist(self, key: str, type: cabc.Callable[[str], t.Any] | None = None) -> list[t.Any]:
        value = self._lookup(key)
        values = [] if value is None else [value]
        return values if type is None else _convert_list(values, type)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not None

    def copy(self) -> Headers:
        """A mutable :class:`Headers` holding the same pairs."""
        return self._from_pairs(list(self._list))

    add = add_header = extend = set = setlist = _immutable_error
    setdefault = setlistdefault = update = __ior__ = _immutable_error
    __setitem__ = __delitem__ = remove = pop = popitem = clear = _immutable_error
