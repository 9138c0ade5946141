"""The containers Flask code finds on ``request`` and ``response``.

``MultiDict`` and friends hold query strings, forms and uploads (built from Django's
parsed ``QueryDict``/``MultiValueDict``), ``Headers`` is an ordered, multi-valued header
list that is also the header store a Django ``HttpResponse`` expects, ``EnvironHeaders``
is a read-only view over a request's ``META``, and ``FileStorage`` wraps Django's
``UploadedFile``. Django does the parsing; this module only gives the results
Werkzeug's shape.
"""

from __future__ import annotations

import collections.abc as cabc
import copy as _copy
import mimetypes
import os
import shutil
import sys
import typing as t
from email.header import Header as _MimeHeader
from io import BytesIO

from django.utils.datastructures import MultiValueDict

from .exceptions import BadRequestKeyError
from .http import dump_options_header, parse_options_header
from .werkzeug_interop import werkzeug_twin

if t.TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

__all__ = [
    "CallbackDict",
    "CombinedMultiDict",
    "EnvironHeaders",
    "FileMultiDict",
    "FileStorage",
    "Headers",
    "ImmutableDict",
    "ImmutableDictMixin",
    "ImmutableMultiDict",
    "ImmutableMultiDictMixin",
    "ImmutableTypeConversionDict",
    "MultiDict",
    "TypeConversionDict",
    "UpdateDictMixin",
    "iter_multi_items",
]

K = t.TypeVar("K")
V = t.TypeVar("V")
_MD = t.TypeVar("_MD", bound="MultiDict[t.Any, t.Any]")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_missing: t.Any = _Missing()
_CONVERSION_ERRORS = (ValueError, TypeError)


def iter_multi_items(mapping: t.Any) -> cabc.Iterator[tuple[t.Any, t.Any]]:
    """Yield every ``(key, value)`` pair of a mapping without dropping repeated values.

    Multi-value mappings (``MultiDict``, Django's ``QueryDict``) yield each value; list,
    tuple and set values of a plain mapping are expanded; anything else is taken to be
    an iterable of pairs.
    """
    if isinstance(mapping, MultiDict):
        yield from mapping.items(multi=True)
    elif isinstance(mapping, MultiValueDict) or (
        hasattr(mapping, "getlist") and hasattr(mapping, "lists")
    ):
        for key, values in mapping.lists():
            for value in values:
                yield key, value
    elif hasattr(mapping, "getlist") and not isinstance(mapping, Headers):
        # Another library's multi-dict (werkzeug's, say).
        yield from mapping.items(multi=True)
    elif isinstance(mapping, cabc.Mapping):
        for key, value in mapping.items():
            if isinstance(value, (list, tuple, set)):
                for item in value:
                    yield key, item
            else:
                yield key, value
    else:
        yield from mapping


def _convert(value: t.Any, type: cabc.Callable[[t.Any], t.Any] | None, default: t.Any) -> t.Any:
    if type is None:
        return value
    try:
        return type(value)
    except _CONVERSION_ERRORS:
        return default


def _convert_list(values: cabc.Iterable[t.Any], type: cabc.Callable[[t.Any], t.Any]) -> list[t.Any]:
    result = []
    for value in values:
        try:
            result.append(type(value))
        except _CONVERSION_ERRORS:
            pass
    return result


# --- immutability -----------------------------------------------------------------


def _immutable_error(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    raise TypeError(f"{type(self).__name__!r} objects are immutable")


class ImmutableDictMixin:
    """Makes a ``dict`` subclass read-only (and therefore hashable)."""

    __slots__ = ()

    @classmethod
    def fromkeys(cls, keys: cabc.Iterable[t.Any], value: t.Any = None) -> t.Any:
        # dict.fromkeys would fill the new instance through the refused __setitem__.
        return cls(dict.fromkeys(keys, value))  # type: ignore[call-arg]

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        # The default dict pickling replays ``__setitem__``, which is refused here.
        return type(self), (dict(self),)  # type: ignore[call-overload]

    def _iter_hashitems(self) -> cabc.Iterable[t.Any]:
        return dict.items(self)  # type: ignore[arg-type]

    def __hash__(self) -> int:
        return hash(frozenset(self._iter_hashitems()))

    setdefault = _immutable_error
    update = _immutable_error
    pop = _immutable_error
    popitem = _immutable_error
    __setitem__ = _immutable_error
    __delitem__ = _immutable_error
    clear = _immutable_error
    __ior__ = _immutable_error


class ImmutableMultiDictMixin(ImmutableDictMixin):
    """Makes a ``MultiDict`` subclass read-only (and therefore hashable)."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self.items(multi=True)),)  # type: ignore[attr-defined]

    def _iter_hashitems(self) -> cabc.Iterable[t.Any]:
        return self.items(multi=True)  # type: ignore[attr-defined,no-any-return]

    add = _immutable_error
    popitemlist = _immutable_error
    poplist = _immutable_error
    setlist = _immutable_error
    setlistdefault = _immutable_error


# --- plain dicts ----------------------------------------------------------------------


class TypeConversionDict(dict[K, V]):
    """A ``dict`` whose :meth:`get` can convert the value, falling back to the default
    when the conversion fails (``request.args.get("page", 1, type=int)``)."""

    def get(  # type: ignore[override]
        self,
        key: K,
        default: t.Any = None,
        type: cabc.Callable[[t.Any], t.Any] | None = None,
    ) -> t.Any:
        """The value for ``key``, passed through ``type`` if given.

        :param default: returned when the key is missing or ``type`` raises
            ``ValueError`` or ``TypeError``.
        """
        try:
            value = self[key]
        except KeyError:
            return default
        return _convert(value, type, default)


class ImmutableTypeConversionDict(ImmutableDictMixin, TypeConversionDict[K, V]):  # type: ignore[misc]
    """A read-only :class:`TypeConversionDict`."""

    def copy(self) -> TypeConversionDict[K, V]:
        """A mutable copy: copying is how you get something you can change."""
        return TypeConversionDict(self)

    def __copy__(self) -> ImmutableTypeConversionDict[K, V]:
        return self


class ImmutableDict(ImmutableDictMixin, dict[K, V]):  # type: ignore[misc]
    """A read-only, hashable ``dict``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"

    def copy(self) -> dict[K, V]:
        """A mutable copy as a plain ``dict``."""
        return dict(self)

    def __copy__(self) -> ImmutableDict[K, V]:
        return self


# --- MultiDict --------------------------------------------------------------------------


# A MultiDict keeps a list per key in its underlying dict. These reach that storage
# directly (typed loosely: the declared value type is a single value, not the list).
_dict_get: t.Any = dict.get
_dict_getitem: t.Any = dict.__getitem__
_dict_set: t.Any = dict.__setitem__
_dict_setdefault: t.Any = dict.setdefault
_dict_update: t.Any = dict.update
_dict_pop: t.Any = dict.pop
_dict_popitem: t.Any = dict.popitem
_dict_items: t.Any = dict.items
_dict_values: t.Any = dict.values


class MultiDict(TypeConversionDict[K, V]):
    """A ``dict`` that keeps every value sent for a key.

    Item access answers the first value, so code written for single values keeps
    working; :meth:`getlist` answers them all. A missing key raises
    :class:`~flaskish.exceptions.BadRequestKeyError`, a ``KeyError`` that turns into a
    400 response when a view does ``request.form["name"]`` for a field that was not sent.

    :param mapping: a mapping (list and tuple values give several values), another
        ``MultiDict`` or ``QueryDict``, or an iterable of ``(key, value)`` pairs.
    """

    def __init__(self, mapping: t.Any = None) -> None:
        super().__init__()
        if mapping is None:
            return
        if isinstance(mapping, (MultiDict, MultiValueDict)):
            for key, values in mapping.lists():
                _dict_set(self, key, list(values))
        elif isinstance(mapping, cabc.Mapping):
            for key, value in mapping.items():
                if isinstance(value, (list, tuple)):
                    if value:
                        _dict_set(self, key, list(value))
                else:
                    _dict_set(self, key, [value])
        else:
            for key, value in mapping:
                _dict_setdefault(self, key, []).append(value)

    @classmethod
    def from_querydict(cls: type[_MD], querydict: MultiValueDict) -> _MD:
        """Build from Django's parsed ``QueryDict`` (or any ``MultiValueDict``) without
        going through ``__init__``: this is how ``request.args`` and ``request.form``
        are made on every request."""
        instance = cls.__new__(cls)
        _dict_update(instance, {key: list(values) for key, values in _dict_items(querydict)})
        return instance

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self.items(multi=True)),)

    def __iter__(self) -> t.Iterator[K]:
        # Defined so dict(md) goes through __getitem__ (first values), not the lists.
        return dict.__iter__(self)

    def __getitem__(self, key: K) -> V:
        """The first value for ``key``; ``BadRequestKeyError`` when there is none."""
        values = _dict_get(self, key)
        if values:
            return values[0]
        raise BadRequestKeyError(key)  # type: ignore[arg-type]

    def __setitem__(self, key: K, value: V) -> None:
        """Replace every value for ``key`` with ``value``."""
        _dict_set(self, key, [value])

    def add(self, key: K, value: V) -> None:
        """Append ``value`` to the values for ``key``."""
        _dict_setdefault(self, key, []).append(value)

    def get(  # type: ignore[override]
        self,
        key: K,
        default: t.Any = None,
        type: cabc.Callable[[t.Any], t.Any] | None = None,
    ) -> t.Any:
        """The first value for ``key``, passed through ``type`` if given.

        :param default: returned when the key is missing or ``type`` raises
            ``ValueError`` or ``TypeError``.
        """
        values = _dict_get(self, key)
        if not values:
            return default
        return _convert(values[0], type, default)

    def getlist(self, key: K, type: cabc.Callable[[t.Any], t.Any] | None = None) -> list[t.Any]:
        """Every value for ``key`` (a new list; empty when the key is missing).

        :param type: converts each value; values it rejects with ``ValueError`` or
            ``TypeError`` are left out.
        """
        values = _dict_get(self, key)
        if values is None:
            return []
        if type is None:
            return list(values)
        return _convert_list(values, type)

    def setlist(self, key: K, new_list: cabc.Iterable[V]) -> None:
        """Replace the values for ``key`` with the items of ``new_list``."""
        _dict_set(self, key, list(new_list))

    def setdefault(self, key: K, default: V | None = None) -> V:  # type: ignore[override]
        """The first value for ``key``, storing ``default`` first if the key is missing."""
        if key not in self:
            self[key] = default  # type: ignore[assignment]
            return default  # type: ignore[return-value]
        return self[key]

    def setlistdefault(self, key: K, default_list: cabc.Iterable[V] | None = None) -> list[V]:
        """The live list of values for ``key`` (storing ``default_list`` first if the key
        is missing): appending to it adds values."""
        if key not in self:
            _dict_set(self, key, list(default_list or ()))
        return _dict_getitem(self, key)

    def items(self, multi: bool = False) -> cabc.Iterator[tuple[K, V]]:  # type: ignore[override]
        """``(key, first value)`` pairs, or every ``(key, value)`` pair if ``multi``."""
        for key, values in _dict_items(self):
            if multi:
                for value in values:
                    yield key, value
            elif values:
                yield key, values[0]

    def lists(self) -> cabc.Iterator[tuple[K, list[V]]]:
        """``(key, list of values)`` pairs (the lists are copies)."""
        for key, values in _dict_items(self):
            yield key, list(values)

    def values(self) -> cabc.Iterator[V]:  # type: ignore[override]
        """The first value of every key."""
        for values in _dict_values(self):
            if values:
                yield values[0]

    def listvalues(self) -> cabc.Iterator[list[V]]:
        """The list of values of every key (copies)."""
        for values in _dict_values(self):
            yield list(values)

    def to_dict(self, flat: bool = True) -> dict[K, t.Any]:
        """A plain ``dict``: first values if ``flat``, else lists of values."""
        if flat:
            return dict(self.items())
        return dict(self.lists())

    def update(self, mapping: t.Any = None, /, **kwargs: t.Any) -> None:  # type: ignore[override]
        """Add the values of ``mapping`` and ``kwargs`` to the existing ones (unlike
        ``dict.update``, nothing is replaced)."""
        if mapping is not None:
            for key, value in iter_multi_items(mapping):
                self.add(key, value)
        for key, value in iter_multi_items(kwargs):
            self.add(key, value)

    def __or__(self, other: t.Any) -> MultiDict[K, V]:  # type: ignore[override]
        if not isinstance(other, cabc.Mapping):
            return NotImplemented
        result = self.copy()
        result.update(other)
        return result

    def __ior__(self, other: t.Any) -> MultiDict[K, V]:  # type: ignore[override,misc]
        if not isinstance(other, (cabc.Mapping, cabc.Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def pop(self, key: K, default: t.Any = _missing) -> t.Any:  # type: ignore[override]
        """Remove ``key`` and answer its first value.

        :param default: returned when the key is missing; without it a missing key
            raises ``BadRequestKeyError``.
        """
        values = _dict_pop(self, key, None)
        if values:
            return values[0]
        if default is _missing:
            raise BadRequestKeyError(key)  # type: ignore[arg-type]
        return default

    def popitem(self) -> tuple[K, V]:
        """Remove the last key and answer it with its first value."""
        key, values = self.popitemlist()
        return key, values[0]

    def poplist(self, key: K) -> list[V]:
        """Remove ``key`` and answer all its values (empty if it was missing)."""
        return _dict_pop(self, key, [])

    def popitemlist(self) -> tuple[K, list[V]]:
        """Remove the last key and answer it with all its values."""
        try:
            return _dict_popitem(self)
        except KeyError as error:
            raise BadRequestKeyError(error.args[0]) from None

    def copy(self) -> MultiDict[K, V]:
        """A shallow copy (the value lists are new; the values are shared)."""
        return type(self)(self)

    def deepcopy(self, memo: t.Any = None) -> MultiDict[K, V]:
        """A copy with every value deep-copied too."""
        return type(self)(_copy.deepcopy(self.to_dict(flat=False), memo))

    def __copy__(self) -> MultiDict[K, V]:
        return self.copy()

    def __deepcopy__(self, memo: t.Any) -> MultiDict[K, V]:
        return self.deepcopy(memo)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.items(multi=True))!r})"


class ImmutableMultiDict(ImmutableMultiDictMixin, MultiDict[K, V]):  # type: ignore[misc]
    """A read-only, hashable :class:`MultiDict`: what ``request.args``, ``request.form``
    and ``request.files`` are."""

    def copy(self) -> MultiDict[K, V]:
        """A mutable copy: copying is how you get something you can change."""
        return MultiDict(self)

    def __copy__(self) -> ImmutableMultiDict[K, V]:
        return self


class CombinedMultiDict(ImmutableMultiDictMixin, MultiDict[K, V]):  # type: ignore[misc]
    """A read-only view over several multi-dicts, searched in order: what
    ``request.values`` is (``args`` then ``form``).

    Lookups go to the underlying dicts each time, so it always reflects them.
    """

    def __init__(self, dicts: cabc.Iterable[MultiDict[K, V]] | None = None) -> None:
        super().__init__()
        self.dicts: list[MultiDict[K, V]] = list(dicts or ())

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (self.dicts,)

    @classmethod
    def fromkeys(cls, keys: t.Any, value: t.Any = None) -> t.NoReturn:
        raise TypeError(f"cannot create {cls.__name__!r} instances by fromkeys")

    def __getitem__(self, key: K) -> V:
        for d in self.dicts:
            if key in d:
                return d[key]
        raise BadRequestKeyError(key)  # type: ignore[arg-type]

    def get(  # type: ignore[override]
        self,
        key: K,
        default: t.Any = None,
        type: cabc.Callable[[t.Any], t.Any] | None = None,
    ) -> t.Any:
        """The first value found for ``key``, passed through ``type`` if given."""
        for d in self.dicts:
            if key in d:
                return _convert(d[key], type, default)
        return default

    def getlist(self, key: K, type: cabc.Callable[[t.Any], t.Any] | None = None) -> list[t.Any]:
        """The values for ``key`` from every dict, in order."""
        result = []
        for d in self.dicts:
            result.extend(d.getlist(key, type))
        return result

    def _keys(self) -> dict[K, None]:
        # A dict keeps first-seen order, so keys come out in a stable order.
        keys: dict[K, None] = {}
        for d in self.dicts:
            keys.update(dict.fromkeys(d))
        return keys

    def keys(self) -> cabc.KeysView[K]:  # type: ignore[override]
        return self._keys().keys()

    def __iter__(self) -> cabc.Iterator[K]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __contains__(self, key: object) -> bool:
        return any(key in d for d in self.dicts)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CombinedMultiDict):
            return self.to_dict(flat=False) == other.to_dict(flat=False)
        if isinstance(other, cabc.Mapping):
            return self.to_dict(flat=False) == dict(other)
        return NotImplemented

    __hash__ = ImmutableMultiDictMixin.__hash__  # type: ignore[assignment]

    def items(self, multi: bool = False) -> cabc.Iterator[tuple[K, V]]:  # type: ignore[override]
        """``(key, first value)`` pairs, or every pair of every dict if ``multi``."""
        if multi:
            for d in self.dicts:
                yield from d.items(multi=True)
            return
        seen = set()
        for d in self.dicts:
            for key, value in d.items():
                if key not in seen:
                    seen.add(key)
                    yield key, value

    def values(self) -> cabc.Iterator[V]:  # type: ignore[override]
        for _key, value in self.items():
            yield value

    def lists(self) -> cabc.Iterator[tuple[K, list[V]]]:
        """``(key, values from every dict)`` pairs."""
        merged: dict[K, list[V]] = {}
        for d in self.dicts:
            for key, values in d.lists():
                merged.setdefault(key, []).extend(values)
        return iter(merged.items())

    def listvalues(self) -> cabc.Iterator[list[V]]:
        return (values for _key, values in self.lists())

    def copy(self) -> MultiDict[K, V]:
        """A mutable :class:`MultiDict` holding every value of every dict."""
        return MultiDict(list(self.items(multi=True)))

    def deepcopy(self, memo: t.Any = None) -> CombinedMultiDict[K, V]:  # type: ignore[override]
        """A view over deep copies of the dicts."""
        return type(self)(_copy.deepcopy(self.dicts, memo))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dicts!r})"


# --- callbacks --------------------------------------------------------------------


class UpdateDictMixin(dict[K, V]):
    """Makes a ``dict`` call ``self.on_update(self)`` after every change, so a session
    knows it was modified."""

    on_update: cabc.Callable[[t.Any], None] | None = None

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: K) -> None:
        super().__delitem__(key)
        self._changed()

    def setdefault(self, key: K, default: t.Any = None) -> t.Any:
        """Store ``default`` if the key is missing; only that counts as a change."""
        modified = key not in self
        value = super().setdefault(key, default)
        if modified:
            self._changed()
        return value

    def pop(self, key: K, default: t.Any = _missing) -> t.Any:  # type: ignore[override]
        """Remove ``key``; removing a missing key (with a default) is not a change."""
        modified = key in self
        value = super().pop(key) if default is _missing else super().pop(key, default)
        if modified:
            self._changed()
        return value

    def popitem(self) -> tuple[K, V]:
        item = super().popitem()
        self._changed()
        return item

    def clear(self) -> None:
        super().clear()
        self._changed()

    def update(self, *args: t.Any, **kwargs: t.Any) -> None:  # type: ignore[override]
        super().update(*args, **kwargs)
        self._changed()

    def __ior__(self, other: t.Any) -> UpdateDictMixin[K, V]:  # type: ignore[override,misc]
        super().update(other)
        self._changed()
        return self


class CallbackDict(UpdateDictMixin[K, V]):
    """A ``dict`` that calls ``on_update(self)`` after every change.

    :param initial: the starting items.
    :param on_update: called with the dict after each modification.
    """

    def __init__(
        self,
        initial: cabc.Mapping[K, V] | cabc.Iterable[tuple[K, V]] | None = None,
        on_update: cabc.Callable[[t.Any], None] | None = None,
    ) -> None:
        if initial is None:
            super().__init__()
        else:
            super().__init__(initial)
        self.on_update = on_update

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"


# --- Headers ------------------------------------------------------------------------


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
    return key


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
    return value


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

    add = add_header = extend = set = setlist = _immutable_error  # type: ignore[assignment]
    setdefault = setlistdefault = update = __ior__ = _immutable_error  # type: ignore[assignment]
    __setitem__ = __delitem__ = remove = pop = popitem = clear = _immutable_error  # type: ignore[assignment]


# --- uploaded files ---------------------------------------------------------------------


def _as_text(value: t.Any) -> t.Any:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _part_header_text(value: str | None) -> str | None:
    """Client text for a part's rebuilt header, with CR and LF escaped as browsers do.

    A field name, file name or content type may hold a bare line break; a header
    cannot, so it is written ``%0D``/``%0A`` instead of failing the request.
    """
    if value is None:
        return None
    return value.replace("\r", "%0D").replace("\n", "%0A")


class FileStorage(*werkzeug_twin("FileStorage", "datastructures")):  # type: ignore[misc]
    """An uploaded file as Flask code sees it (``request.files["photo"]``).

    Where werkzeug is installed it is also an instance of werkzeug's
    ``FileStorage``, which form libraries (Flask-WTF's ``FileField``) check for.

    It wraps the stream (for uploads, Django's ``UploadedFile``, so nothing is copied)
    and forwards unknown attributes to it, so ``file.read()`` and Django's
    ``file.chunks()`` both work.

    :param stream: the file-like object; an empty one if not given.
    :param filename: the client's file name; read from ``stream.name`` if not given.
    :param name: the form field name.
    :param content_type: stored as the ``Content-Type`` header.
    :param content_length: stored as the ``Content-Length`` header.
    :param headers: the part's headers.
    """

    def __init__(
        self,
        stream: t.IO[bytes] | t.Any | None = None,
        filename: str | os.PathLike[str] | None = None,
        name: str | None = None,
        content_type: str | None = None,
        content_length: int | None = None,
        headers: Headers | None = None,
    ) -> None:
        self.name = name
        self.stream = stream if stream is not None else BytesIO()
        if filename is None:
            filename = getattr(stream, "name", None)
            if isinstance(filename, (str, bytes, os.PathLike)):
                filename = os.fsdecode(filename)
                # Python names special streams like "<stdin>": not a file name.
                if filename[:1] == "<" and filename[-1:] == ">":
                    filename = None
            else:
                filename = None
        else:
            filename = os.fsdecode(filename)
        self.filename: str | None = filename  # type: ignore[assignment]
        self.headers = headers if headers is not None else Headers()
        if content_type is not None:
            self.headers["Content-Type"] = content_type
        if content_length is not None:
            self.headers["Content-Length"] = str(content_length)

    @classmethod
    def from_django(cls, uploaded_file: UploadedFile, field_name: str | None = None) -> FileStorage:
        """Wrap a file from Django's ``request.FILES`` without copying its data.

        Django has already reduced the client's file name to its last path component;
        that is the ``filename`` here. The content type is rebuilt with its parameters
        (``charset`` and the rest) and ``content_length`` is the received size.
        """
        content_type = uploaded_file.content_type
        if content_type:
            # Django's multipart parser hands parameters over as bytes.
            params: dict[str, t.Any] = {
                key: _as_text(value)
                for key, value in (uploaded_file.content_type_extra or {}).items()
            }
            if uploaded_file.charset and "charset" not in params:
                params["charset"] = _as_text(uploaded_file.charset)
            if params:
                content_type = dump_options_header(content_type, params)
        filename = uploaded_file.name
        headers = Headers()
        headers.add(
            "Content-Disposition",
            "form-data",
            name=_part_header_text(field_name),
            filename=_part_header_text(filename),
        )
        return cls(
            uploaded_file,
            filename=filename,
            name=field_name,
            content_type=_part_header_text(content_type) or None,
            content_length=uploaded_file.size,
            headers=headers,
        )

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` the client sent for this file."""
        return self.headers.get("Content-Type")  # type: ignore[no-any-return]

    @property
    def content_length(self) -> int:
        """The ``Content-Length`` of the part; 0 when unknown."""
        value = self.headers.get("Content-Length")
        if value is not None and value.isdigit():
            return int(value)
        return 0

    def _parsed_content_type(self) -> tuple[str, dict[str, str]]:
        content_type = self.content_type
        cached = self.__dict__.get("_parsed")
        if cached is None or cached[0] != content_type:
            cached = self.__dict__["_parsed"] = (content_type, parse_options_header(content_type))
        return cached[1]  # type: ignore[no-any-return]

    @property
    def mimetype(self) -> str:
        """The content type without parameters, lower-cased: ``text/html``."""
        return self._parsed_content_type()[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The content type's parameters: ``{"charset": "utf-8"}``."""
        return self._parsed_content_type()[1]

    def save(self, dst: str | os.PathLike[str] | t.IO[bytes], buffer_size: int = 16384) -> None:
        """Copy the file (from the stream's current position) to ``dst``.

        :param dst: a path, which is opened and closed here, or an open binary file,
            which is written to and left open.
        :param buffer_size: how many bytes are held in memory at a time.
        """
        if isinstance(dst, (str, os.PathLike)):
            with open(dst, "wb") as target:
                shutil.copyfileobj(self.stream, target, buffer_size)
        else:
            shutil.copyfileobj(self.stream, dst, buffer_size)

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)  # type: ignore[no-any-return]

    def readline(self, size: int = -1) -> bytes:
        return self.stream.readline(size)  # type: ignore[no-any-return]

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.stream.seek(offset, whence)  # type: ignore[no-any-return]

    def tell(self) -> int:
        return self.stream.tell()  # type: ignore[no-any-return]

    def close(self) -> None:
        """Close the stream, ignoring errors: the file is done with either way."""
        try:
            self.stream.close()
        except Exception:
            pass

    def __getattr__(self, name: str) -> t.Any:
        # Only reached for names not found normally; "stream" guards against recursion
        # before __init__ has run (e.g. while unpickling).
        if name == "stream":
            raise AttributeError(name)
        return getattr(self.stream, name)

    def __iter__(self) -> cabc.Iterator[bytes]:
        return iter(self.stream)

    def __bool__(self) -> bool:
        return bool(self.filename)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.filename!r} ({self.content_type!r})>"


class FileMultiDict(MultiDict[str, FileStorage]):
    """A :class:`MultiDict` of :class:`FileStorage`, with :meth:`add_file` to fill it
    (for building test requests)."""

    def add_file(
        self,
        name: str,
        file: str | os.PathLike[str] | t.IO[bytes] | FileStorage,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> None:
        """Add a file under the field ``name``.

        :param file: a path (opened here for reading), a binary file object, or a
            ready :class:`FileStorage`, which is added as it is.
        :param filename: the file name to report; defaults to the path or the stream's
            name.
        :param content_type: defaults to a guess from the file name.
        """
        if isinstance(file, FileStorage):
            self.add(name, file)
            return
        if isinstance(file, (str, os.PathLike)):
            if filename is None:
                filename = os.fspath(file)
            file = open(file, "rb")  # the FileStorage owns (and closes) it from here
        if filename and content_type is None:
            content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        self.add(name, FileStorage(file, filename, name, content_type))
