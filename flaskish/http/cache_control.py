"""``Cache-Control``: the request's and the response's directives as attributes."""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from .headers import dump_header, parse_dict_header


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
