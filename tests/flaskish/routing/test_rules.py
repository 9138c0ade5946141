"""Rule parsing and attributes, checked against werkzeug 3.1's values."""

from __future__ import annotations

import pytest

from flaskish.routing import (
    EndpointPrefix,
    Map,
    Rule,
    RuleTemplate,
    Subdomain,
    Submount,
    parse_converter_args,
)


def test_attributes_after_binding():
    rule = Rule("/users/<int:id>/", endpoint="user", methods=["get", "post"])
    Map([rule], default_subdomain="www")
    assert rule.rule == "/users/<int:id>/"
    assert rule.endpoint == "user"
    assert rule.methods == {"GET", "HEAD", "POST"}
    assert rule.arguments == {"id"}
    assert rule.subdomain == "www"
    assert (rule.strict_slashes, rule.merge_slashes) == (True, True)
    assert (rule.is_leaf, rule.is_branch) == (False, True)
    assert (rule.build_only, rule.alias, rule.websocket, rule.host, rule.redirect_to) == (
        False,
        False,
        False,
        None,
        None,
    )
    assert repr(rule) == "<Rule 'www|/users/<id>/' (GET, HEAD, POST) -> user>"


def test_defaults_count_as_arguments():
    rule = Rule("/p", endpoint="p", defaults={"page": 1})
    Map([rule])
    assert rule.arguments == {"page"}
    assert rule.defaults == {"page": 1}
    assert repr(rule) == "<Rule '/p' -> p>"


def test_no_methods_means_any_and_head_joins_get():
    assert Rule("/x").methods is None
    assert Rule("/x", methods=["POST"]).methods == {"POST"}
    assert Rule("/x", methods=("GET",)).methods == {"GET", "HEAD"}


def test_provide_automatic_options_is_settable():
    rule = Rule("/x", endpoint="x")
    rule.provide_automatic_options = False
    Map([rule])
    assert rule.provide_automatic_options is False


def test_repr_of_an_unbound_rule_and_merged_slashes():
    assert repr(Rule("/x")) == "<Rule (unbound)>"
    rule = Rule("/a//b", endpoint="ab")
    Map([rule])
    assert repr(rule) == "<Rule '/a/b' -> ab>"


def test_equality_compares_the_shape_and_names_not_converters():
    first, second, third = (
        Rule("/a/<int:x>", endpoint="e"),
        Rule("/a/<x>", endpoint="f"),
        Rule("/a/<y>", endpoint="e"),
    )
    Map([first, second, third])
    assert first == second
    assert first != third
    with pytest.raises(TypeError):
        hash(first)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("foo", "The URL rule 'foo' must start with a slash."),
    ],
)
def test_rule_must_start_with_a_slash(rule, message):
    with pytest.raises(ValueError) as error:
        Rule(rule)
    assert str(error.value) == message


@pytest.mark.parametrize("rule", ["/<int:>", "/<a", "/<a-b>", "/<>", "/x/<int(:y>"])
def test_malformed_rules_fail_when_added(rule):
    url_map = Map()
    with pytest.raises(ValueError) as error:
        url_map.add(Rule(rule, endpoint="e"))
    assert str(error.value) == (
        f"The URL rule {rule!r} is malformed at position {rule.index('<')}: expected a variable"
        " like '<name>', '<converter:name>' or '<converter(args):name>'."
    )


def test_a_lone_closing_bracket_is_literal():
    adapter = Map([Rule("/a>b", endpoint="e")]).bind("example.com")
    assert adapter.match("/a>b") == ("e", {})


def test_duplicate_variable_names_fail():
    with pytest.raises(ValueError) as error:
        Map([Rule("/<a>/<int:a>", endpoint="e")])
    assert str(error.value) == "The URL rule '/<a>/<int:a>' uses the variable name 'a' twice."


def test_unknown_converter_fails():
    with pytest.raises(LookupError) as error:
        Map([Rule("/<nope:x>", endpoint="e")])
    assert str(error.value) == (
        "The URL rule '/<nope:x>' uses the converter 'nope' for 'x', but the map has no converter of that name."
    )


def test_bad_converter_keyword_fails():
    with pytest.raises(TypeError):
        Map([Rule("/<int(foo=1):x>", endpoint="e")])


def test_methods_must_not_be_a_string():
    with pytest.raises(TypeError) as error:
        Rule("/x", methods="GET")
    assert str(error.value) == "'methods' should be a list of strings, not a single string."


def test_websocket_rules_only_read():
    with pytest.raises(ValueError) as error:
        Rule("/x", methods=["POST"], websocket=True)
    assert (
        str(error.value) == "WebSocket rules can only use the 'GET', 'HEAD' and 'OPTIONS' methods."
    )


@pytest.mark.parametrize(
    ("argstr", "expected"),
    [
        ("", ((), {})),
        ("fixed_digits=4, min=1", ((), {"fixed_digits": 4, "min": 1})),
        ('about, help, "imprint"', (("about", "help", "imprint"), {})),
        ("length=2", ((), {"length": 2})),
        ("1.5, True, False, None", ((1.5, True, False, None), {})),
        ("'a, b', \"c)\"", (("a, b", "c)"), {})),
        ("'1'", (("1",), {})),
        ("min = -5, ", ((), {"min": -5})),
    ],
)
def test_parse_converter_args(argstr, expected):
    assert parse_converter_args(argstr) == expected


@pytest.mark.parametrize("argstr", [",", "1 2", "a=", "(x)"])
def test_unparsable_converter_args(argstr):
    with pytest.raises(ValueError, match="^Cannot parse the converter arguments"):
        parse_converter_args(argstr)


def test_converter_arguments_configure_the_converter():
    rule = Rule(
        '/<int(fixed_digits=4, min=1):x>/<any(about, help, "imprint"):p>/<string(length=2):l>',
        endpoint="e",
    )
    Map([rule])
    x, p, lang = rule._converters["x"], rule._converters["p"], rule._converters["l"]
    assert (x.fixed_digits, x.min, x.regex) == (4, 1, r"\d+")
    assert (sorted(p.items), p.regex) == (["about", "help", "imprint"], "(?:about|help|imprint)")
    assert lang.regex == "[^/]{2}"


def test_empty_copies_an_unbound_rule():
    rule = Rule(
        "/x/<int:y>", endpoint="x", methods=["GET"], defaults={"a": 1}, strict_slashes=False
    )
    Map([rule])
    copy = rule.empty()
    assert repr(copy) == "<Rule (unbound)>"
    assert (copy.endpoint, copy.methods, copy.defaults, copy.strict_slashes) == (
        "x",
        {"GET", "HEAD"},
        {"a": 1},
        False,
    )
    assert copy.defaults is not rule.defaults
    Map([copy])
    assert repr(copy) == "<Rule '/x/<y>' (GET, HEAD) -> x>"


def test_a_rule_belongs_to_one_map():
    rule = Rule("/x/<int:y>", endpoint="x")
    Map([rule])
    with pytest.raises(RuntimeError) as error:
        Map([rule])
    assert str(error.value) == (
        "The URL rule <Rule '/x/<y>' -> x> is already bound to the map Map([<Rule '/x/<y>' -> x>])."
    )


def test_rule_factories_and_templates():
    resource = RuleTemplate(
        [
            Rule("/$name/", endpoint="$name.list"),
            Rule("/$name/<int:id>", endpoint="$name.show", defaults={"x": "$name"}),
        ]
    )
    url_map = Map(
        [
            resource(name="user"),
            Submount(
                "/blog",
                [
                    Rule("/", endpoint="index"),
                    EndpointPrefix("blog.", [Rule("/e/<slug>", endpoint="show")]),
                ],
            ),
            Subdomain("<lang>", [Rule("/about", endpoint="about")]),
        ]
    )
    assert [(repr(rule), rule.defaults, rule.subdomain) for rule in url_map.iter_rules()] == [
        ("<Rule '/user/' -> user.list>", None, ""),
        ("<Rule '/user/<id>' -> user.show>", {"x": "user"}, ""),
        ("<Rule '/blog/' -> index>", None, ""),
        ("<Rule '/blog/e/<slug>' -> blog.show>", None, ""),
        ("<Rule '<lang>|/about' -> about>", None, "<lang>"),
    ]
    assert url_map.is_endpoint_expecting("user.show", "id") is True
    assert url_map.is_endpoint_expecting("user.list", "id") is False


def test_iter_rules_groups_by_endpoint_in_build_order():
    url_map = Map(
        [
            Rule("/a", endpoint="a"),
            Rule("/b/<int:page>", endpoint="b"),
            Rule("/c", endpoint="c"),
            Rule("/b/", endpoint="b", defaults={"page": 1}),
            Rule("/b/alias/<int:page>", endpoint="b", alias=True),
        ]
    )
    assert [rule.rule for rule in url_map.iter_rules()] == [
        "/a",
        "/b/",
        "/b/<int:page>",
        "/b/alias/<int:page>",
        "/c",
    ]
    assert [rule.rule for rule in url_map.iter_rules("b")] == [
        "/b/",
        "/b/<int:page>",
        "/b/alias/<int:page>",
    ]
    assert [rule.rule for rule in url_map._rules_by_endpoint["b"]] == [
        "/b/",
        "/b/<int:page>",
        "/b/alias/<int:page>",
    ]
    assert repr(Map([Rule("/", endpoint="i")])) == "Map([<Rule '/' -> i>])"


def test_map_add_refuses_what_is_not_a_rule_factory():
    with pytest.raises(TypeError) as exc_info:
        Map().add("/path")  # type: ignore[arg-type]
    assert str(exc_info.value) == (
        "Map.add() takes a Rule or a rule factory (such as Submount), not '/path'."
    )


def test_map_add_refuses_a_factory_yielding_something_else():
    class Broken:
        def get_rules(self, map):
            yield "/path"

    with pytest.raises(TypeError) as exc_info:
        Map().add(Broken())  # type: ignore[arg-type]
    assert str(exc_info.value) == (
        "A URL map can only hold rules, but a rule factory gave '/path'."
        " Yield Rule objects from get_rules()."
    )


def test_map_add_copies_a_foreign_rule():
    """Another router's rule (werkzeug's, say) is copied with its settings."""

    class ForeignRule:
        rule = "/items/<int:id>"
        endpoint = "item"
        methods = {"GET", "PUT"}
        defaults = None
        subdomain = None
        build_only = False
        strict_slashes = None
        redirect_to = None
        alias = False
        host = None
        provide_automatic_options = True

        def get_rules(self, map):
            yield self

    url_map = Map()
    url_map.add(ForeignRule())
    (rule,) = url_map.iter_rules()
    assert isinstance(rule, Rule)
    assert (rule.rule, rule.endpoint, rule.methods) == (
        "/items/<int:id>",
        "item",
        {"GET", "HEAD", "PUT"},
    )
    assert rule.provide_automatic_options is True
    adapter = url_map.bind("localhost")
    assert adapter.match("/items/3", "PUT") == ("item", {"id": 3})
    assert adapter.build("item", {"id": 4}) == "/items/4"
