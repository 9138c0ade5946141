"""Tagged JSON: lossless JSON for a few Python types plain JSON cannot represent.

A value of a supported type is written as a one-key object whose key names the
type, e.g. ``{" t": [1, 2]}`` for the tuple ``(1, 2)``. The session cookie uses this
format, and it is Flask's exactly, so sessions move between Flask and flaskish apps.

Add a type by subclassing :class:`JSONTag` and registering it::

    class TagOrderedDict(JSONTag):
        key = " od"

        def check(self, value):
            return isinstance(value, OrderedDict)

        def to_json(self, value):
            return [[k, self.serializer.tag(v)] for k, v in value.items()]

        def to_python(self, value):
            return OrderedDict(value)

    # Before the plain-dict tag, since every OrderedDict is also a dict.
    app.session_interface.serializer.register(TagOrderedDict, index=0)
"""

from __future__ import annotations

import typing as t
from base64 import b64decode, b64encode
from datetime import datetime
from uuid import UUID

from markupsafe import Markup

from ..http import http_date, parse_date
from . import dumps, loads

__all__ = [
    "JSONTag",
    "TagDict",
    "PassDict",
    "TagTuple",
    "PassList",
    "TagBytes",
    "TagMarkup",
    "TagUUID",
    "TagDateTime",
    "TaggedJSONSerializer",
]


class JSONTag:
    """Converts one Python type to a JSON value and back, under a tag ``key``.

    A tag with an empty ``key`` only rewrites values on the way out (used to reach
    into containers) and is never looked up when loading.
    """

    __slots__ = ("serializer",)

    key: str = ""
    """The marker key for tagged values; keys start with a space so real data rarely
    collides with them."""

    def __init__(self, serializer: TaggedJSONSerializer) -> None:
        self.serializer = serializer

    def check(self, value: t.Any) -> bool:
        """Whether this tag handles ``value``."""
        raise NotImplementedError(f"{type(self).__name__} must implement check().")

    def to_json(self, value: t.Any) -> t.Any:
        """Convert ``value`` to a JSON-compatible value (without the tag)."""
        raise NotImplementedError(f"{type(self).__name__} must implement to_json().")

    def to_python(self, value: t.Any) -> t.Any:
        """Rebuild the Python value from what :meth:`to_json` produced."""
        raise NotImplementedError(f"{type(self).__name__} must implement to_python().")

    def tag(self, value: t.Any) -> t.Any:
        """Convert ``value`` and wrap it in ``{key: ...}``."""
        return {self.key: self.to_json(value)}


class TagDict(JSONTag):
    """A one-item dict whose key looks like a tag: stored with the key suffixed ``__``.

    Without this, ``{" t": [1]}`` as real data would load as the tuple ``(1,)``.
    """

    __slots__ = ()
    key = " di"

    def check(self, value: t.Any) -> bool:
        return (
            isinstance(value, dict)
            and len(value) == 1
            and next(iter(value)) in self.serializer.tags
        )

    def to_json(self, value: t.Any) -> t.Any:
        ((key, item),) = value.items()
        return {f"{key}__": self.serializer.tag(item)}

    def to_python(self, value: t.Any) -> t.Any:
        ((key, item),) = value.items()
        return {key[:-2]: item}


class PassDict(JSONTag):
    """Any other dict: stays a JSON object, with its values tagged."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, dict)

    def to_json(self, value: t.Any) -> t.Any:
        return {k: self.serializer.tag(v) for k, v in value.items()}

    tag = to_json


class TagTuple(JSONTag):
    """A tuple: a JSON array that loads back as a tuple."""

    __slots__ = ()
    key = " t"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, tuple)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]

    def to_python(self, value: t.Any) -> t.Any:
        return tuple(value)


class PassList(JSONTag):
    """A list: stays a JSON array, with its items tagged."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, list)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]

    tag = to_json


class TagBytes(JSONTag):
    """Bytes: stored as standard base64 text."""

    __slots__ = ()
    key = " b"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, bytes)

    def to_json(self, value: t.Any) -> t.Any:
        return b64encode(value).decode("ascii")

    def to_python(self, value: t.Any) -> t.Any:
        return b64decode(value)


class TagMarkup(JSONTag):
    """Anything with an ``__html__`` method: stored as its HTML, loads as ``Markup``."""

    __slots__ = ()
    key = " m"

    def check(self, value: t.Any) -> bool:
        return callable(getattr(value, "__html__", None))

    def to_json(self, value: t.Any) -> t.Any:
        return str(value.__html__())

    def to_python(self, value: t.Any) -> t.Any:
        return Markup(value)


class TagUUID(JSONTag):
    """A UUID: stored as 32 hex digits."""

    __slots__ = ()
    key = " u"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, UUID)

    def to_json(self, value: t.Any) -> t.Any:
        return value.hex

    def to_python(self, value: t.Any) -> t.Any:
        return UUID(value)


class TagDateTime(JSONTag):
    """A datetime: stored as an HTTP date (whole seconds, UTC); loads timezone-aware."""

    __slots__ = ()
    key = " d"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, datetime)

    def to_json(self, value: t.Any) -> t.Any:
        return http_date(value)

    def to_python(self, value: t.Any) -> t.Any:
        return parse_date(value)


#: Types the default tags return unchanged (none of them has ``__html__``).
_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})


class TaggedJSONSerializer:
    """Dumps and loads JSON with tags for ``dict``, ``tuple``, ``bytes``, ``Markup``,
    ``UUID`` and ``datetime``; the ``serializer`` the session cookie signer uses.

    Tags are tried in :attr:`order`; the first whose ``check`` accepts a value
    converts it. While the default tags are the only ones, values made of plain
    JSON types (most sessions) skip the tags: they would come out unchanged.
    """

    __slots__ = ("tags", "order", "_default_order")

    default_tags: t.ClassVar[list[type[JSONTag]]] = [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]

    def __init__(self) -> None:
        self.tags: dict[str, JSONTag] = {}
        self.order: list[JSONTag] = []
        for tag_class in self.default_tags:
            self.register(tag_class)
        self._default_order = self.order.copy()

    def register(
        self,
        tag_class: type[JSONTag],
        force: bool = False,
        index: int | None = None,
    ) -> None:
        """Add a tag, instantiated with this serializer.

        :param tag_class: the :class:`JSONTag` subclass.
        :param force: replace a registered tag with the same key instead of failing.
        :param index: position in :attr:`order`; put a tag for a subtype before the
            tag for its base type. Appended by default.
        :raises KeyError: the key is already registered and ``force`` is false.
        """
        tag = tag_class(self)
        if tag.key:
            if not force and tag.key in self.tags:
                raise KeyError(
                    f"Tag '{tag.key}' is already registered. Pass force=True to replace it."
                )
            self.tags[tag.key] = tag
        if index is None:
            self.order.append(tag)
        else:
            self.order.insert(index, tag)

    def tag(self, value: t.Any) -> t.Any:
        """Convert ``value`` to its tagged JSON-compatible form."""
        for tag in self.order:
            if tag.check(value):
                return tag.tag(value)
        return value

    def untag(self, value: dict[str, t.Any]) -> t.Any:
        """Convert one tagged object back to its Python value; other dicts pass through."""
        if len(value) != 1:
            return value
        key = next(iter(value))
        tag = self.tags.get(key)
        if tag is None:
            return value
        return tag.to_python(value[key])

    def _is_plain(self, value: t.Any) -> bool:
        """Whether :meth:`tag` would return ``value`` as it is: only plain scalars,
        lists and dicts, no dict that :class:`TagDict` would rename, and the default
        tags alone (a registered or replaced tag may convert anything)."""
        return (
            self.order == self._default_order
            and type(self).tag is TaggedJSONSerializer.tag
            and self._plain(value)
        )

    def _plain(self, value: t.Any) -> bool:
        kind = type(value)
        if kind in _PLAIN_SCALARS:
            return True
        if kind is dict:
            if len(value) == 1 and next(iter(value)) in self.tags:
                return False
            for item in value.values():
                if type(item) not in _PLAIN_SCALARS and not self._plain(item):
                    return False
            return True
        if kind is list:
            for item in value:
                if type(item) not in _PLAIN_SCALARS and not self._plain(item):
                    return False
            return True
        return False

    def _untag_scan(self, value: t.Any) -> t.Any:
        """Untag a loaded JSON value bottom-up, so inner values are rebuilt first."""
        if isinstance(value, dict):
            return self.untag({k: self._untag_scan(v) for k, v in value.items()})
        if isinstance(value, list):
            return [self._untag_scan(item) for item in value]
        return value

    def dumps(self, value: t.Any) -> str:
        """Tag ``value`` and serialize it to compact JSON with the current app's settings."""
        if not self._is_plain(value):
            value = self.tag(value)
        return dumps(value, separators=(",", ":"))

    def loads(self, value: str | bytes) -> t.Any:
        """Parse JSON and rebuild every tagged value in it."""
        data = loads(value)
        if type(data) is dict:
            for item in data.values():
                if isinstance(item, (dict, list)):
                    return self._untag_scan(data)
            # Nothing nested: only the object itself can be a tagged value.
            return self.untag(data)
        return self._untag_scan(data)
