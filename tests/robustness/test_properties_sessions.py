"""Property: the session serializer gives back every tagged type it was given, exactly.

Nested structures of str, int, float, bool, None, bytes, tuple, list, dict (with keys that
look like tags), Markup, UUID and datetime go through ``TaggedJSONSerializer`` and through
a real session cookie (set in one request, read in the next); values and types must match.
"""

from __future__ import annotations

import math
import typing as t
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from flaskish import Flask, session
from flaskish.json.tag import TaggedJSONSerializer

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# The serializer's own tag keys and their escaped forms: real data may use them as keys.
TAG_LIKE_KEYS = [" t", " di", " b", " m", " u", " d", " t__", " di__", " m__", "", " "]
KEYS = st.one_of(st.sampled_from(TAG_LIKE_KEYS), st.text(max_size=6))

# A datetime is stored as an HTTP date: whole seconds, UTC. Years below 100 are read
# back as two-digit years (as in Flask), so they are left out.
UTC_DATETIMES = st.datetimes(
    min_value=datetime(100, 1, 2), max_value=datetime(9998, 12, 30), timezones=st.just(timezone.utc)
).map(lambda d: d.replace(microsecond=0))
OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.binary(),
    st.text().map(Markup),
    st.uuids(),
    UTC_DATETIMES,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(KEYS, inner, max_size=4),
        # One-key dicts are the tricky case: they could be mistaken for a tag.
        st.builds(lambda k, v: {k: v}, st.sampled_from(TAG_LIKE_KEYS), inner),
    ),
    max_leaves=12,
)


def same(expected: t.Any, actual: t.Any) -> bool:
    """Equal value and equal type, all the way down (``1 == 1.0 == True`` is not enough)."""
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, dict):
        return expected.keys() == actual.keys() and all(
            same(expected[key], actual[key]) for key in expected
        )
    if isinstance(expected, (list, tuple)):
        return len(expected) == len(actual) and all(map(same, expected, actual))
    if isinstance(expected, float):
        return expected == actual and math.copysign(1, expected) == math.copysign(1, actual)
    if isinstance(expected, datetime):
        return expected == actual and actual.utcoffset() == timedelta(0)
    return bool(expected == actual)


@SETTINGS
@given(value=VALUES)
@example(value={" t": [1]})
@example(value={" di": {" t": (b"\x00", Markup("<b>"))}})
@example(value=[{" t__": ()}, {" d": "Thu, 01 Jan 1970 00:00:00 GMT"}])
def test_serializer_round_trips_every_tagged_type(value: t.Any) -> None:
    serializer = TaggedJSONSerializer()

    assert same(value, serializer.loads(serializer.dumps(value)))


@SETTINGS
@given(value=st.text(st.characters(blacklist_categories=())), index=st.integers(0, 3))
def test_serializer_round_trips_any_text_even_lone_surrogates(value: str, index: int) -> None:
    serializer = TaggedJSONSerializer()
    nested = [value, (value,), {value: value}, {" t": value}][index]

    assert same(nested, serializer.loads(serializer.dumps(nested)))


@SETTINGS
@given(when=UTC_DATETIMES, offset=OFFSETS)
def test_aware_datetimes_come_back_as_the_same_instant_in_utc(
    when: datetime, offset: timezone
) -> None:
    serializer = TaggedJSONSerializer()
    local = when.astimezone(offset)

    loaded = serializer.loads(serializer.dumps(local))

    assert loaded == local
    assert loaded.utcoffset() == timedelta(0)


@pytest.fixture(scope="module")
def cookie_app() -> tuple[Flask, list[t.Any], list[t.Any]]:
    """An app whose ``/set`` stores the next pending value and whose ``/get`` records it."""
    app = Flask("flaskish_session_properties")
    # Production-mode secret; size warnings off: examples may outgrow a browser's limit.
    app.config.update(SECRET_KEY="session property key", MAX_COOKIE_SIZE=0)
    pending: list[t.Any] = []
    seen: list[t.Any] = []

    @app.post("/set")
    def set_value() -> str:
        session["value"] = pending.pop()
        return "stored"

    @app.get("/get")
    def get_value() -> str:
        seen.append(session.get("value", KeyError))
        return "read"

    return app, pending, seen


@SETTINGS
@given(value=VALUES)
@example(value=(Markup("<em>&amp;</em>"), {" u": b"\xff"}))
def test_session_cookie_round_trips_between_requests(
    cookie_app: tuple[Flask, list[t.Any], list[t.Any]], value: t.Any
) -> None:
    app, pending, seen = cookie_app
    client = app.test_client()
    pending.append(value)
    seen.clear()

    assert client.post("/set").status_code == 200
    assert client.get_cookie("session") is not None
    assert client.get("/get").status_code == 200

    assert len(seen) == 1
    assert same(value, seen[0])
