"""``CallbackDict``: a dict that calls back when it changes (the cookie session is one)."""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from .multidict import K, V, _missing

if t.TYPE_CHECKING:
    pass


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

    def pop(self, key: K, default: t.Any = _missing) -> t.Any:
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

    def update(self, *args: t.Any, **kwargs: t.Any) -> None:
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
