"""Multi-valued dicts (``MultiDict``, ``ImmutableMultiDict``, ``CombinedMultiDict``), the
converting ``TypeConversionDict`` and the immutability mixins."""

from __future__ import annotations

import collections.abc as cabc
import copy as _copy
import typing as t

from django.utils.datastructures import MultiValueDict

from ..exceptions import BadRequestKeyError

if t.TYPE_CHECKING:
    pass


K = t.TypeVar("K")
V = t.TypeVar("V")
_MD = t.TypeVar("_MD", bound="MultiDict[t.Any, t.Any]")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_missing: t.Any = _Missing()
_CONVERSION_ERRORS = (ValueError, TypeError)


def _is_headers(obj: t.Any) -> bool:
    from .headers import Headers  # headers.py builds on this module

    return isinstance(obj, Headers)


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
    elif hasattr(mapping, "getlist") and not _is_headers(mapping):
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

    def get(
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
    def from_querydict(
        cls: type[_MD], querydict: MultiValueDict[t.Any, t.Any] | dict[t.Any, list[t.Any]]
    ) -> _MD:
        """Build from Django's parsed ``QueryDict`` (or any dict of value lists) without
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
        values: list[V] | None = _dict_get(self, key)
        if values:
            return values[0]
        raise BadRequestKeyError(key)  # type: ignore[arg-type]

    def __setitem__(self, key: K, value: V) -> None:
        """Replace every value for ``key`` with ``value``."""
        _dict_set(self, key, [value])

    def add(self, key: K, value: V) -> None:
        """Append ``value`` to the values for ``key``."""
        _dict_setdefault(self, key, []).append(value)

    def get(
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

    def setdefault(self, key: K, default: V | None = None) -> V:
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
        values: list[V] = _dict_getitem(self, key)
        return values

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

    def update(self, mapping: t.Any = None, /, **kwargs: t.Any) -> None:
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

    def __ior__(self, other: t.Any) -> MultiDict[K, V]:  # type: ignore[override]
        if not isinstance(other, (cabc.Mapping, cabc.Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def pop(self, key: K, default: t.Any = _missing) -> t.Any:
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
        values: list[V] = _dict_pop(self, key, [])
        return values

    def popitemlist(self) -> tuple[K, list[V]]:
        """Remove the last key and answer it with all its values."""
        try:
            item: tuple[K, list[V]] = _dict_popitem(self)
            return item
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


class CombinedMultiDict(ImmutableMultiDictMixin, MultiDict[K, V]):
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

    def get(
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

    def deepcopy(self, memo: t.Any = None) -> CombinedMultiDict[K, V]:
        """A view over deep copies of the dicts."""
        return type(self)(_copy.deepcopy(self.dicts, memo))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dicts!r})"
