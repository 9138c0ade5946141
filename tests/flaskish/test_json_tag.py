"""Tagged JSON: the strings must be byte-identical to Flask's.

Every expected string below was produced by Flask 3.1.3's
``flask.json.tag.TaggedJSONSerializer().dumps(value)``, outside an app context and
inside one (where Flask's app provider sorts keys), and pasted here.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from flaskish.globals import _cv_app
from flaskish.json.provider import DefaultJSONProvider
from flaskish.json.tag import JSONTag, PassDict, TagDict, TaggedJSONSerializer

U = uuid.UUID("12345678-1234-5678-1234-567812345678")

# (value, Flask's output outside an app context, inside one)
CASES = {
    "str": ("héllo <b>", '"h\\u00e9llo <b>"', '"h\\u00e9llo <b>"'),
    "int": (42, "42", "42"),
    "none": (None, "null", "null"),
    "tuple": ((1, "a", (2, 3)), '{" t":[1,"a",{" t":[2,3]}]}', '{" t":[1,"a",{" t":[2,3]}]}'),
    "list": ([1, (2,), b"x"], '[1,{" t":[2]},{" b":"eA=="}]', '[1,{" t":[2]},{" b":"eA=="}]'),
    "bytes": (b"\x00\xffbinary", '{" b":"AP9iaW5hcnk="}', '{" b":"AP9iaW5hcnk="}'),
    "markup": (Markup("<b>bold</b>"), '{" m":"<b>bold</b>"}', '{" m":"<b>bold</b>"}'),
    "uuid": (
        U,
        '{" u":"12345678123456781234567812345678"}',
        '{" u":"12345678123456781234567812345678"}',
    ),
    "datetime_naive": (
        datetime(2024, 2, 29, 13, 45, 7, 123456),
        '{" d":"Thu, 29 Feb 2024 13:45:07 GMT"}',
        '{" d":"Thu, 29 Feb 2024 13:45:07 GMT"}',
    ),
    "datetime_aware": (
        datetime(2024, 2, 29, 13, 45, 7, tzinfo=timezone(timedelta(hours=2))),
        '{" d":"Thu, 29 Feb 2024 11:45:07 GMT"}',
        '{" d":"Thu, 29 Feb 2024 11:45:07 GMT"}',
    ),
    "tag_like_dict": ({" t": [1, 2]}, '{" di":{" t__":[1,2]}}', '{" di":{" t__":[1,2]}}'),
    "tag_like_nested": (
        {" di": {" t": "x"}},
        '{" di":{" di__":{" di":{" t__":"x"}}}}',
        '{" di":{" di__":{" di":{" t__":"x"}}}}',
    ),
    "unsorted": (
        {"b": 1, "a": {"d": (1,), "c": 2}},
        '{"b":1,"a":{"d":{" t":[1]},"c":2}}',
        '{"a":{"c":2,"d":{" t":[1]}},"b":1}',
    ),
    "mixed": (
        {"z": "ünï", "a": [U, b"ab", Markup("&amp;")], "m": {"k": datetime(2001, 1, 1)}},
        '{"z":"\\u00fcn\\u00ef","a":[{" u":"12345678123456781234567812345678"},'
        '{" b":"YWI="},{" m":"&amp;"}],"m":{"k":{" d":"Mon, 01 Jan 2001 00:00:00 GMT"}}}',
        '{"a":[{" u":"12345678123456781234567812345678"},{" b":"YWI="},{" m":"&amp;"}],'
        '"m":{"k":{" d":"Mon, 01 Jan 2001 00:00:00 GMT"}},"z":"\\u00fcn\\u00ef"}',
    ),
}


class StubApp:
    """Just enough of an app for ``app.json`` (providers keep a weak reference)."""

    def __init__(self) -> None:
        self.config: dict[str, object] = {}
        self.debug = False
        self.json = DefaultJSONProvider(self)


@pytest.fixture
def app_ctx():
    app = StubApp()
    token = _cv_app.set(SimpleNamespace(app=app))
    yield app
    _cv_app.reset(token)


@pytest.fixture
def s() -> TaggedJSONSerializer:
    return TaggedJSONSerializer()


@pytest.mark.parametrize("name", CASES)
def test_dumps_outside_app_context_matches_flask(s, name):
    value, expected, _ = CASES[name]
    assert s.dumps(value) == expected


@pytest.mark.parametrize("name", CASES)
def test_dumps_in_app_context_matches_flask(s, app_ctx, name):
    value, _, expected = CASES[name]
    assert s.dumps(value) == expected


def _expected_round_trip(value):
    """What loading gives back: datetimes come back aware UTC, whole seconds."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).replace(microsecond=0)
    if isinstance(value, dict):
        return {k: _expected_round_trip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_expected_round_trip(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_expected_round_trip(v) for v in value)
    return value


@pytest.mark.parametrize("name", CASES)
def test_loads_flask_output(s, name):
    value, outside, inside = CASES[name]
    expected = _expected_round_trip(value)
    for text in (outside, inside):
        loaded = s.loads(text)
        assert loaded == expected
        assert type(loaded) is type(expected)


def test_loaded_types(s):
    loaded = s.loads(CASES["mixed"][1])
    assert isinstance(loaded["a"][0], uuid.UUID)
    assert isinstance(loaded["a"][1], bytes)
    assert type(loaded["a"][2]) is Markup
    assert loaded["m"]["k"] == datetime(2001, 1, 1, tzinfo=timezone.utc)
    assert loaded["m"]["k"].tzinfo == timezone.utc


def test_loads_values_flask_loaded(s):
    # Flask: loads('{" di":{" t__":{" t":[1]}}}') == {' t': (1,)}
    assert s.loads('{" di":{" t__":{" t":[1]}}}') == {" t": (1,)}
    assert s.loads(b'{" b":"AP9iaW5hcnk="}') == b"\x00\xffbinary"


def test_unknown_tag_and_multi_key_dicts_pass_through(s):
    assert s.loads('{" x":1}') == {" x": 1}
    assert s.loads('{" t":[1],"a":2}') == {" t": [1], "a": 2}


def test_unparseable_date_loads_as_none(s):
    assert s.loads('{" d":"not a date"}') is None


def test_register_duplicate_key_raises(s):
    with pytest.raises(KeyError) as exc:
        s.register(TagDict)
    assert exc.value.args[0] == "Tag ' di' is already registered. Pass force=True to replace it."


def test_register_force_replaces(s):
    class Replacement(TagDict):
        __slots__ = ()

    s.register(Replacement, force=True)
    assert type(s.tags[" di"]) is Replacement
    assert type(s.order[-1]) is Replacement


def test_keyless_tags_are_not_looked_up(s):
    s.register(PassDict)
    assert "" not in s.tags


class TagOrderedDict(JSONTag):
    __slots__ = ()
    key = " od"

    def check(self, value):
        return isinstance(value, OrderedDict)

    def to_json(self, value):
        return [[k, self.serializer.tag(v)] for k, v in value.items()]

    def to_python(self, value):
        return OrderedDict(value)


def test_custom_tag_with_index(s):
    s.register(TagOrderedDict, index=0)
    assert s.order[0].key == " od"
    text = s.dumps(OrderedDict([("b", (1,)), ("a", 2)]))
    # Flask, with the same tag registered at index 0:
    assert text == '{" od":[["b",{" t":[1]}],["a",2]]}'
    assert s.loads(text) == OrderedDict([("b", (1,)), ("a", 2)])


def test_base_tag_methods_say_what_to_implement(s):
    class Incomplete(JSONTag):
        __slots__ = ()

    tag = Incomplete(s)
    for method, name in (
        (tag.check, "check"),
        (tag.to_json, "to_json"),
        (tag.to_python, "to_python"),
    ):
        with pytest.raises(NotImplementedError) as exc:
            method(1)
        assert str(exc.value) == f"Incomplete must implement {name}()."


def test_tags_keep_their_serializer(s):
    assert all(tag.serializer is s for tag in s.order)
