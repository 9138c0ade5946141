"""Converters: the typed pieces of a URL rule (``<int:id>``, ``<path:rest>``).

A converter owns three things: the ``regex`` that finds its value in a path,
``to_python`` that turns the matched text into a value for the view, and
``to_url`` that turns a value back into URL text when building. ``weight``
orders competing dynamic parts (lower is tried first) and ``part_isolating``
says whether a value stays inside one ``/``-separated segment.
"""

from __future__ import annotations

import re
import typing as t
import uuid
from urllib.parse import quote

from ..werkzeug_interop import werkzeug_twin

if t.TYPE_CHECKING:
    from .map import Map

__all__ = [
    "ValidationError",
    "VALIDATION_ERRORS",
    "BaseConverter",
    "UnicodeConverter",
    "AnyConverter",
    "PathConverter",
    "NumberConverter",
    "IntegerConverter",
    "FloatConverter",
    "UUIDConverter",
    "DEFAULT_CONVERTERS",
]

#: Characters left unescaped in a path segment (the WHATWG path-segment set).
PATH_SAFE = "!$&'()*+,/:;=@"

#: Text that ``quote(text, safe=PATH_SAFE)`` returns unchanged (ASCII letters, digits,
#: ``_.-~`` and :data:`PATH_SAFE`): most values, sent without a trip through quote.
_needs_no_quoting = re.compile(r"[A-Za-z0-9_.\-~!$&'()*+,/:;=@]*").fullmatch


class ValidationError(*(werkzeug_twin("ValidationError", "routing") or (ValueError,))):  # type: ignore[misc]
    """Raised by ``to_python`` to say "not this rule": matching moves on to the next one."""


#: What a converter may raise to say "not this rule": flaskish's error, and
#: werkzeug's when it is installed (werkzeug ``BaseConverter`` subclasses raise it).
VALIDATION_ERRORS: tuple[type[Exception], ...] = (
    ValidationError,
    *werkzeug_twin("ValidationError", "routing"),
)


class BaseConverter(*werkzeug_twin("BaseConverter", "routing")):  # type: ignore[misc]
    """One segment of text, passed through as a string.

    Where werkzeug is installed, each converter also subclasses its werkzeug
    namesake: OpenAPI generators (apispec, flask-smorest) map converter classes
    to parameter schemas by werkzeug's classes.

    Subclasses that set their own ``regex`` containing a ``/`` become
    non-part-isolating unless they say otherwise, because such a value can
    only be found by looking at the rest of the path.
    """

    regex: str = "[^/]+"
    weight: int = 100
    part_isolating: bool = True

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "regex" in cls.__dict__ and "part_isolating" not in cls.__dict__:
            cls.part_isolating = "/" not in cls.regex

    def __init__(self, map: Map, *args: t.Any, **kwargs: t.Any) -> None:
        self.map = map

    def to_python(self, value: str) -> t.Any:
        return value

    def to_url(self, value: t.Any) -> str:
        text = value if value.__class__ is str else str(value)
        if _needs_no_quoting(text):
            return text
        return quote(text, safe=PATH_SAFE)


class UnicodeConverter(BaseConverter, *werkzeug_twin("UnicodeConverter", "routing")):  # type: ignore[misc]
    """The default converter: any text without a slash, optionally length-bounded.

    :param minlength: the shortest accepted value (at least 1).
    :param maxlength: the longest accepted value, or ``None`` for no limit.
    :param length: an exact length; overrides the other two.
    """

    def __init__(
        self,
        map: Map,
        minlength: int = 1,
        maxlength: int | None = None,
        length: int | None = None,
    ) -> None:
        super().__init__(map)
        if length is not None:
            bounds = str(int(length))
        else:
            upper = "" if maxlength is None else str(int(maxlength))
            bounds = f"{int(minlength)},{upper}"
        self.regex = f"[^/]{{{bounds}}}"


class AnyConverter(BaseConverter, *werkzeug_twin("AnyConverter", "routing")):  # type: ignore[misc]
    """One of a fixed set of words, e.g. ``<any(about, help):page>``.

    Building with a value outside the set raises ``ValueError``, so a typo in
    ``url_for`` fails loudly instead of producing a dead link.
    """

    def __init__(self, map: Map, *items: str) -> None:
        super().__init__(map)
        self.items = set(items)
        self.regex = "(?:{})".format("|".join(re.escape(item) for item in items))

    def to_url(self, value: t.Any) -> str:
        if value in self.items:
            return str(value)
        choices = ", ".join(f"'{item}'" for item in sorted(self.items))
        raise ValueError(f"'{value}' is not one of {choices}.")


class PathConverter(BaseConverter, *werkzeug_twin("PathConverter", "routing")):  # type: ignore[misc]
    """Like the default converter but spans slashes: the rest of a path."""

    regex = "[^/].*?"
    weight = 200
    part_isolating = False


class NumberConverter(BaseConverter, *werkzeug_twin("NumberConverter", "routing")):  # type: ignore[misc]
    """Shared logic of ``int`` and ``float``: bounds, sign and zero padding."""

    weight = 50
    num_convert: t.Callable[[t.Any], t.Any] = int

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: t.Any = None,
        max: t.Any = None,
        signed: bool = False,
    ) -> None:
        super().__init__(map)
        if signed:
            self.regex = self.signed_regex
        self.fixed_digits = fixed_digits
        self.min = min
        self.max = max
        self.signed = signed

    @property
    def signed_regex(self) -> str:
        return f"-?{type(self).regex}"

    def to_python(self, value: str) -> t.Any:
        if self.fixed_digits and len(value) != self.fixed_digits:
            raise ValidationError()
        number = self.num_convert(value)
        if self.min is not None and number < self.min:
            raise ValidationError()
        if self.max is not None and number > self.max:
            raise ValidationError()
        return number

    def to_url(self, value: t.Any) -> str:
        text = str(self.num_convert(value))
        if self.fixed_digits:
            text = text.zfill(self.fixed_digits)
        return text


class IntegerConverter(NumberConverter, *werkzeug_twin("IntegerConverter", "routing")):  # type: ignore[misc]
    """Unsigned integers unless ``signed=True``; ``fixed_digits`` pads when building.

    :param fixed_digits: the exact number of digits in the URL (``0001``).
    :param min: the smallest accepted value.
    :param max: the largest accepted value.
    :param signed: accept a leading ``-``.
    """

    regex = r"\d+"


class FloatConverter(NumberConverter, *werkzeug_twin("FloatConverter", "routing")):  # type: ignore[misc]
    """Decimal numbers written with a dot (``1.5``, not ``1``)."""

    regex = r"\d+\.\d+"
    num_convert = float

    def __init__(
        self,
        map: Map,
        min: float | None = None,
        max: float | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(map, min=min, max=max, signed=signed)


class UUIDConverter(BaseConverter, *werkzeug_twin("UUIDConverter", "routing")):  # type: ignore[misc]
    """A UUID in its canonical hex-and-dashes form; the view gets a ``uuid.UUID``."""

    regex = r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_url(self, value: t.Any) -> str:
        return str(value)


#: The converters every map starts with, by the name used in rules.
DEFAULT_CONVERTERS: t.Mapping[str, type[BaseConverter]] = {
    "default": UnicodeConverter,
    "string": UnicodeConverter,
    "any": AnyConverter,
    "path": PathConverter,
    "int": IntegerConverter,
    "float": FloatConverter,
    "uuid": UUIDConverter,
}
