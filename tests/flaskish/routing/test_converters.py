"""Converters: regexes, weights and conversions, checked against werkzeug 3.1's values."""

from __future__ import annotations

import uuid

import pytest

from flaskish.routing import (
    DEFAULT_CONVERTERS,
    AnyConverter,
    BaseConverter,
    FloatConverter,
    IntegerConverter,
    Map,
    PathConverter,
    Rule,
    UnicodeConverter,
    UUIDConverter,
    ValidationError,
)

MAP = Map()


def test_default_converter_names():
    assert sorted(DEFAULT_CONVERTERS) == [
        "any",
        "default",
        "float",
        "int",
        "path",
        "string",
        "uuid",
    ]
    assert DEFAULT_CONVERTERS["default"] is UnicodeConverter
    assert DEFAULT_CONVERTERS["string"] is UnicodeConverter


@pytest.mark.parametrize(
    ("converter", "regex", "weight", "part_isolating"),
    [
        (BaseConverter(MAP), "[^/]+", 100, True),
        (UnicodeConverter(MAP), "[^/]{1,}", 100, True),
        (UnicodeConverter(MAP, minlength=2, maxlength=5), "[^/]{2,5}", 100, True),
        (UnicodeConverter(MAP, length=2), "[^/]{2}", 100, True),
        (AnyConverter(MAP, "about", "a.b"), r"(?:about|a\.b)", 100, True),
        (PathConverter(MAP), "[^/].*?", 200, False),
        (IntegerConverter(MAP), r"\d+", 50, True),
        (IntegerConverter(MAP, signed=True), r"-?\d+", 50, True),
        (FloatConverter(MAP), r"\d+\.\d+", 50, True),
        (FloatConverter(MAP, signed=True), r"-?\d+\.\d+", 50, True),
        (
            UUIDConverter(MAP),
            r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}",
            100,
            True,
        ),
    ],
)
def test_regex_weight_and_isolation(converter, regex, weight, part_isolating):
    assert (converter.regex, converter.weight, converter.part_isolating) == (
        regex,
        weight,
        part_isolating,
    )


def test_base_to_url_quotes_like_a_path_segment():
    assert (
        BaseConverter(MAP).to_url("a b/c?d#e%f!$&'()*+,;=:@") == "a%20b/c%3Fd%23e%25f!$&'()*+,;=:@"
    )
    assert BaseConverter(MAP).to_url("ü") == "%C3%BC"
    assert BaseConverter(MAP).to_url(42) == "42"


def test_integer_conversions():
    converter = IntegerConverter(MAP, fixed_digits=4, min=1, max=5000)
    assert converter.to_python("0042") == 42
    assert converter.to_url(7) == "0007"
    assert converter.to_url("12") == "0012"
    for bad in ("42", "0000", "5001"):
        with pytest.raises(ValidationError):
            converter.to_python(bad)


def test_float_conversions():
    converter = FloatConverter(MAP, min=0.5)
    assert converter.to_python("1.25") == 1.25
    assert converter.to_url(1.5) == "1.5"
    assert converter.to_url(2) == "2.0"
    with pytest.raises(ValidationError):
        converter.to_python("0.25")


def test_uuid_conversions():
    value = "12345678-1234-1234-1234-123456789ABC"
    assert UUIDConverter(MAP).to_python(value) == uuid.UUID(value)
    assert UUIDConverter(MAP).to_url(uuid.UUID(value)) == "12345678-1234-1234-1234-123456789abc"


def test_any_refuses_to_build_other_values():
    converter = AnyConverter(MAP, "b", "a")
    assert converter.to_url("a") == "a"
    with pytest.raises(ValueError, match=r"^'c' is not one of 'a', 'b'\.$"):
        converter.to_url("c")


def test_subclass_with_a_slash_in_its_regex_spans_segments():
    class Dotted(BaseConverter):
        regex = r"[a-z]+/[a-z]+"

    class Pinned(BaseConverter):
        regex = r"[a-z]+/[a-z]+"
        part_isolating = True

    class Inherits(PathConverter):
        pass

    assert Dotted.part_isolating is False
    assert Pinned.part_isolating is True
    assert Inherits.part_isolating is False


def test_maps_copy_the_converters():
    class Upper(BaseConverter):
        def to_python(self, value):
            return value.upper()

    first = Map(converters={"upper": Upper})
    second = Map()
    first.converters["extra"] = BaseConverter
    assert "upper" in first.converters and "upper" not in second.converters
    assert "extra" not in second.converters
    assert "extra" not in DEFAULT_CONVERTERS


def test_custom_converter_in_a_rule():
    class ListConverter(BaseConverter):
        def to_python(self, value):
            return value.split(",")

        def to_url(self, value):
            return ",".join(super(ListConverter, self).to_url(item) for item in value)

    url_map = Map([Rule("/tags/<list:tags>", endpoint="tags")], converters={"list": ListConverter})
    adapter = url_map.bind("example.com")
    assert adapter.match("/tags/a,b") == ("tags", {"tags": ["a", "b"]})
    assert adapter.build("tags", {"tags": ["x y", "z"]}) == "/tags/x%20y,z"


def test_converter_arguments_reach_the_constructor():
    received = {}

    class Recording(BaseConverter):
        def __init__(self, map, *args, **kwargs):
            super().__init__(map)
            received.update(args=args, kwargs=kwargs)

    Map(
        [Rule("/<rec(1, 2.5, True, None, word, 'quoted, text', \"x)\", key=3):v>", endpoint="e")],
        converters={"rec": Recording},
    )
    assert received == {
        "args": (1, 2.5, True, None, "word", "quoted, text", "x)"),
        "kwargs": {"key": 3},
    }
