"""``Accept-*`` headers: the quality-ordered ``Accept``, ``MIMEAccept``, ``LanguageAccept`` and ``CharsetAccept``."""

from __future__ import annotations

import codecs
import collections.abc as cabc
import re
import typing as t

from django.utils.http import parse_header_parameters

from .headers import _Q_RE, dump_options_header, parse_list_header


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
        # __contains__ takes any value; `in` on a list of (value, quality) pairs would not type-check.
        return self.__contains__("text/html") or self.accept_xhtml

    @property
    def accept_xhtml(self) -> bool:
        """True if the client accepts XHTML."""
        return self.__contains__("application/xhtml+xml") or self.__contains__("application/xml")

    @property
    def accept_json(self) -> bool:
        """True if the client accepts JSON."""
        return self.__contains__("application/json")


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
