"""Compiled Django patterns: Django's own resolver agrees with the map.

``resolve()`` must pick the rule ``MapAdapter.match`` picks (converted values
and defaults included) and miss where it misses; ``reverse()`` must return
what ``MapAdapter.build`` returns. Redirects, methods and hosts are the app's
business and are not compared.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, Resolver404, URLResolver
from django.urls.converters import get_converters
from django.urls.resolvers import RegexPattern

from flaskish.exceptions import NotFound
from flaskish.routing import BaseConverter, Map, Rule, ValidationError
from flaskish.routing.django import to_django_patterns


class EvenConverter(BaseConverter):
    """Lighter than ``int``, so tried first; rejecting odd numbers passes them on."""

    regex = r"\d+"
    weight = 40

    def to_python(self, value):
        if int(value) % 2:
            raise ValidationError()
        return int(value)

    def to_url(self, value):
        return str(value)


def view(request, **kwargs):
    return kwargs


RULES = [
    Rule("/", endpoint="index"),
    Rule("/users/", defaults={"page": 1}, endpoint="users"),
    Rule("/users/page/<int:page>", endpoint="users"),
    Rule("/u/<id>", endpoint="user_by_name"),
    Rule("/u/<int(min=3):id>", endpoint="user_by_id"),
    Rule("/u/new", endpoint="new_user"),
    Rule("/n/<even:n>", endpoint="even"),
    Rule("/n/<int:n>", endpoint="odd"),
    Rule("/<any(about, help):page>", endpoint="page"),
    Rule("/obj/<uuid:key>", endpoint="obj"),
    Rule("/f/<float(signed=True):x>", endpoint="float"),
    Rule("/y/<int(fixed_digits=4):year>", endpoint="year"),
    Rule("/wiki/<path:title>/edit", endpoint="wiki_edit"),
    Rule("/wiki/<path:title>", endpoint="wiki"),
    Rule("/loose", endpoint="loose", strict_slashes=False),
    Rule("/ü/<name>", endpoint="unicode"),
    Rule("/static/<path:filename>", endpoint="static", build_only=True),
]


@pytest.fixture(scope="module")
def url_map():
    return Map([rule.empty() for rule in RULES], converters={"even": EvenConverter})


@pytest.fixture(scope="module")
def resolver(url_map):
    return URLResolver(RegexPattern(r"^/"), to_django_patterns(url_map, view))


def flask_match(url_map, path):
    try:
        return url_map.bind("example.com").match(path)
    except NotFound:
        return None


def django_resolve(resolver, path):
    try:
        found = resolver.resolve(path)
    except Resolver404:
        return None
    assert found.func is view
    return found.url_name, found.kwargs


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ("index", {})),
        ("/users/", ("users", {"page": 1})),
        ("/users/page/2", ("users", {"page": 2})),
        ("/u/new", ("new_user", {})),
        ("/u/5", ("user_by_id", {"id": 5})),
        ("/u/1", ("user_by_name", {"id": "1"})),
        ("/u/bob", ("user_by_name", {"id": "bob"})),
        ("/n/4", ("even", {"n": 4})),
        ("/n/3", ("odd", {"n": 3})),
        ("/about", ("page", {"page": "about"})),
        (
            "/obj/12345678-1234-1234-1234-123456789abc",
            ("obj", {"key": uuid.UUID("12345678-1234-1234-1234-123456789abc")}),
        ),
        ("/f/-1.5", ("float", {"x": -1.5})),
        ("/y/2024", ("year", {"year": 2024})),
        ("/wiki/a/b/edit", ("wiki_edit", {"title": "a/b"})),
        ("/wiki/a/b", ("wiki", {"title": "a/b"})),
        ("/loose", ("loose", {})),
        ("/loose/", ("loose", {})),
        ("/ü/ä b", ("unicode", {"name": "ä b"})),
        ("/nope", None),
        ("/y/24", None),
        ("/f/1", None),
        ("/obj/xyz", None),
        ("/static/app.css", None),
        ("/u/", None),
        ("/%", None),
    ],
)
def test_resolve_agrees_with_match(url_map, resolver, path, expected):
    assert flask_match(url_map, path) == expected
    assert django_resolve(resolver, path) == expected


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("index", {}, "/"),
        ("users", {}, "/users/"),
        ("users", {"page": 1}, "/users/"),
        ("users", {"page": 2}, "/users/page/2"),
        ("user_by_id", {"id": 7}, "/u/7"),
        ("even", {"n": 8}, "/n/8"),
        ("page", {"page": "help"}, "/help"),
        (
            "obj",
            {"key": uuid.UUID("12345678-1234-1234-1234-123456789abc")},
            "/obj/12345678-1234-1234-1234-123456789abc",
        ),
        ("float", {"x": 2.5}, "/f/2.5"),
        ("year", {"year": 7}, "/y/0007"),
        ("wiki_edit", {"title": "a b/ü"}, "/wiki/a%20b/%C3%BC/edit"),
        ("unicode", {"name": "a?b%c"}, "/%C3%BC/a%3Fb%25c"),
        ("static", {"filename": "css/app.css"}, "/static/css/app.css"),
    ],
)
def test_reverse_agrees_with_build(url_map, resolver, name, values, expected):
    assert url_map.bind("example.com").build(name, values) == expected
    assert "/" + resolver.reverse(name, **values) == expected


def test_reverse_refuses_what_build_refuses(url_map, resolver):
    with pytest.raises(ValueError):
        url_map.bind("example.com").build("page", {"page": "imprint"})
    with pytest.raises(NoReverseMatch):
        resolver.reverse("page", page="imprint")


def test_patterns_are_named_prefixed_and_carry_their_rule(url_map):
    patterns = to_django_patterns(url_map, view, name_prefix="app:")
    assert len(patterns) == len(RULES)
    assert {pattern.name for pattern in patterns} == {f"app:{rule.endpoint}" for rule in RULES}
    assert sorted(str(pattern.pattern) for pattern in patterns) == sorted(
        rule.rule for rule in RULES
    )
    assert all(pattern.rule.map is url_map for pattern in patterns)


def test_nothing_is_registered_globally(url_map):
    before = dict(get_converters())
    to_django_patterns(
        Map([Rule("/<even:n>", endpoint="e")], converters={"even": EvenConverter}), view
    )
    assert get_converters() == before
