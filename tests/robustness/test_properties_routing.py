"""Property: for every converter, ``url_for`` then matching the built URL gives the values back.

Each rule is built with generated values (and generated query-string extras), then the
path is matched twice: by the app's URL map directly, and by a real request through the
test client whose view echoes its arguments and ``request.args``.
"""

from __future__ import annotations

import typing as t
import uuid
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flaskish import Flask, request, url_for
from flaskish.routing import BaseConverter

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Any text a URL may carry: everything but lone surrogates, which have no UTF-8 form.
TEXT = st.characters(blacklist_categories=("Cs",))
SEGMENT_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="/")
ANY_ITEMS = ("alpha", "beta", "gamma-delta", "é€", "1.5")
# Names url_for() takes for itself, so they can never become query arguments.
RESERVED = {"endpoint", "_anchor", "_method", "_scheme", "_external"}


class IntListConverter(BaseConverter):
    """A custom converter whose value is a list: ``1,22,333``."""

    regex = r"\d+(?:,\d+)*"

    def to_python(self, value: str) -> list[int]:
        return [int(item) for item in value.split(",")]

    def to_url(self, value: t.Any) -> str:
        return ",".join(str(int(item)) for item in value)


class ReversedConverter(BaseConverter):
    """A custom converter that reuses the base class quoting for arbitrary text."""

    def to_python(self, value: str) -> str:
        return value[::-1]

    def to_url(self, value: t.Any) -> str:
        return super().to_url(str(value)[::-1])


class WordsConverter(BaseConverter):
    """A custom converter whose regex spans slashes (so it is not part-isolating)."""

    regex = r"[a-z]+(?:/[a-z]+)*"

    def to_python(self, value: str) -> list[str]:
        return value.split("/")

    def to_url(self, value: t.Any) -> str:
        return "/".join(value)


def segments(min_size: int = 1, max_size: int | None = 12) -> st.SearchStrategy[str]:
    return st.text(SEGMENT_TEXT, min_size=min_size, max_size=max_size)


def plain_floats(
    min_value: float | None = 0.0, max_value: float | None = 1e15
) -> st.SearchStrategy[float]:
    # str(float) must be digits, a dot and digits: the float converter's URL form.
    return st.floats(
        min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False
    ).filter(lambda f: "e" not in repr(f))


def paths() -> st.SearchStrategy[str]:
    # Any text but a leading slash; and no newline, which Flask's path regex (".*?",
    # without DOTALL) does not match either: such a URL is a 404 there too.
    text = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n")
    return st.text(text, min_size=1, max_size=30).filter(lambda p: not p.startswith("/"))


# endpoint -> (rule, strategy for its view arguments)
RULES: dict[str, tuple[str, st.SearchStrategy[dict[str, t.Any]]]] = {
    "default": ("/default/<v>", st.fixed_dictionaries({"v": segments()})),
    "string_bounded": (
        "/string/<string(minlength=2, maxlength=8):v>",
        st.fixed_dictionaries({"v": segments(2, 8)}),
    ),
    "string_length": (
        "/length/<string(length=3):v>",
        st.fixed_dictionaries({"v": segments(3, 3)}),
    ),
    "int": ("/int/<int:v>", st.fixed_dictionaries({"v": st.integers(min_value=0)})),
    "int_bounded": (
        "/int-bounded/<int(min=10, max=999):v>",
        st.fixed_dictionaries({"v": st.integers(10, 999)}),
    ),
    "int_fixed": (
        "/int-fixed/<int(fixed_digits=4):v>",
        st.fixed_dictionaries({"v": st.integers(0, 9999)}),
    ),
    "int_signed": (
        "/int-signed/<int(signed=True):v>",
        st.fixed_dictionaries({"v": st.integers()}),
    ),
    "float": ("/float/<float:v>", st.fixed_dictionaries({"v": plain_floats()})),
    "float_signed": (
        "/float-signed/<float(signed=True):v>",
        st.fixed_dictionaries({"v": plain_floats(-1e15, 1e15)}),
    ),
    "float_bounded": (
        "/float-bounded/<float(min=0.5, max=100.25):v>",
        st.fixed_dictionaries({"v": plain_floats(0.5, 100.25)}),
    ),
    "path": ("/path/<path:v>", st.fixed_dictionaries({"v": paths()})),
    "path_then_static": ("/files/<path:v>/edit", st.fixed_dictionaries({"v": paths()})),
    "uuid": ("/uuid/<uuid:v>", st.fixed_dictionaries({"v": st.uuids()})),
    "any": (
        "/any/<any(alpha, beta, 'gamma-delta', 'é€', '1.5'):v>",
        st.fixed_dictionaries({"v": st.sampled_from(ANY_ITEMS)}),
    ),
    "custom_list": (
        "/list/<intlist:v>",
        st.fixed_dictionaries({"v": st.lists(st.integers(min_value=0), min_size=1)}),
    ),
    "custom_reversed": ("/reversed/<reversed:v>", st.fixed_dictionaries({"v": segments()})),
    "custom_words": (
        "/words/<words:v>/end",
        st.fixed_dictionaries(
            {"v": st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1), min_size=1)}
        ),
    ),
    "mixed": (
        "/mixed/<int(signed=True):n>/<uuid:u>/<s>/<path:rest>",
        st.fixed_dictionaries(
            {"n": st.integers(), "u": st.uuids(), "s": segments(), "rest": paths()}
        ),
    ),
}


def describe(values: t.Mapping[str, t.Any]) -> dict[str, list[t.Any]]:
    """Values as JSON-safe ``[type name, value]`` pairs, so a type change shows up."""
    return {
        name: [type(value).__name__, str(value) if isinstance(value, uuid.UUID) else value]
        for name, value in values.items()
    }


@pytest.fixture(scope="module")
def routing_app() -> Flask:
    app = Flask("flaskish_routing_properties")
    app.url_map.converters.update(
        intlist=IntListConverter, reversed=ReversedConverter, words=WordsConverter
    )

    def echo(**values: t.Any) -> dict[str, t.Any]:
        return {"values": describe(values), "args": request.args.to_dict(flat=False)}

    for endpoint, (rule, _) in RULES.items():
        app.add_url_rule(rule, endpoint, echo)
    return app


def query_extras(taken: t.Collection[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    keys = st.text(TEXT, max_size=8).filter(lambda k: k not in RESERVED and k not in taken)
    return st.dictionaries(keys, st.lists(st.text(TEXT, max_size=8), min_size=1, max_size=3))


def build(app: Flask, endpoint: str, values: dict[str, t.Any], extras: dict[str, t.Any]) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values, **extras)


@pytest.mark.parametrize("endpoint", list(RULES))
@SETTINGS
@given(data=st.data())
def test_built_url_matches_back_to_the_same_values(
    routing_app: Flask, endpoint: str, data: st.DataObject
) -> None:
    values = data.draw(RULES[endpoint][1], label="values")
    url = build(routing_app, endpoint, values, {})

    matched = routing_app.url_map.bind("localhost").match(unquote(urlsplit(url).path))

    assert matched == (endpoint, values)
    assert describe(matched[1]) == describe(values)


@pytest.mark.parametrize("endpoint", list(RULES))
@SETTINGS
@given(data=st.data())
def test_built_url_reaches_the_view_with_the_same_values_and_query(
    routing_app: Flask, endpoint: str, data: st.DataObject
) -> None:
    values = data.draw(RULES[endpoint][1], label="values")
    extras = data.draw(query_extras(values), label="query extras")
    url = build(routing_app, endpoint, values, extras)

    response = routing_app.test_client().get(url)

    assert response.status_code == 200, url
    assert response.get_json() == {"values": describe(values), "args": extras}


@SETTINGS
@given(value=st.integers(min_value=10_000))
def test_fixed_digits_never_matches_more_digits_than_it_pads_to(
    routing_app: Flask, value: int
) -> None:
    url = build(routing_app, "int_fixed", {"v": value}, {})

    assert routing_app.test_client().get(url).status_code == 404


@SETTINGS
@given(value=st.one_of(st.integers(max_value=9), st.integers(min_value=1000)))
def test_bounded_int_out_of_range_is_not_found(routing_app: Flask, value: int) -> None:
    url = build(routing_app, "int_bounded", {"v": value}, {})

    assert routing_app.test_client().get(url).status_code == 404
