"""``HeaderSet`` (case-insensitive header token sets such as ``Vary``) and ``UserAgent``."""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from .headers import dump_header, parse_list_header


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
