"""``Range``, ``Content-Range`` and ``If-Range``: byte ranges for partial responses."""

from __future__ import annotations

import collections.abc as cabc
import typing as t
from datetime import datetime

from .dates import http_date, parse_date
from .etags import quote_etag, unquote_etag
from .headers import _INT_RE


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
