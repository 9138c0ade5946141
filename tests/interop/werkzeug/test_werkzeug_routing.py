"""werkzeug's routing pieces in a flaskish app: rules, rule factories, converters, errors.

werkzeug ``Rule``s and rule factories added to ``app.url_map`` become flaskish
rules; werkzeug ``BaseConverter`` subclasses work as converters (their
``ValidationError`` means "not this rule"); ``BuildError``, ``RequestRedirect``
and ``ValidationError`` raised by flaskish are werkzeug's too.
"""

from __future__ import annotations

import typing as t

import pytest
import werkzeug.routing as wr

from flaskish import Flask, url_for
from flaskish.debughelpers import FormDataRoutingRedirect
from flaskish.routing import IntegerConverter, Map
from flaskish.testing import FlaskClient


def _view(text: str) -> t.Callable[..., str]:
    def view(**values: t.Any) -> str:
        return f"{text} {values}" if values else text

    return view


# -- rules and rule factories ------------------------------------------------------


def test_submount_of_werkzeug_rules_routes_and_builds(app: Flask, client: FlaskClient) -> None:
    app.url_map.add(
        wr.Submount("/foo", [wr.Rule("/bar", endpoint="bar"), wr.Rule("/", endpoint="index")])
    )
    app.view_functions["bar"] = _view("bar")
    app.view_functions["index"] = _view("index")

    assert client.get("/foo/").text == "index"
    assert client.get("/foo/bar").text == "bar"
    with app.test_request_context():
        assert url_for("bar") == "/foo/bar"
        assert url_for("index", page=2) == "/foo/?page=2"


def test_endpoint_decorator_with_werkzeug_rules(app: Flask, client: FlaskClient) -> None:
    app.url_map.add(wr.Rule("/items/<int:item_id>", endpoint="item"))

    @app.endpoint("item")
    def item(item_id: int) -> str:
        return f"item {item_id + 1}"

    assert client.get("/items/41").text == "item 42"
    assert client.get("/items/x").status_code == 404


def test_endpoint_prefix_and_rule_template(app: Flask, client: FlaskClient) -> None:
    crud = wr.RuleTemplate(
        [
            wr.Rule("/$kind/", endpoint="$kind.list"),
            wr.Rule("/$kind/<int:id>", endpoint="$kind.one"),
        ]
    )
    app.url_map.add(wr.EndpointPrefix("api.", [crud(kind="user")]))
    app.view_functions["api.user.list"] = _view("users")
    app.view_functions["api.user.one"] = _view("user")

    assert client.get("/user/").text == "users"
    assert client.get("/user/7").text == "user {'id': 7}"
    with app.test_request_context():
        assert url_for("api.user.one", id=3) == "/user/3"


def test_werkzeug_subdomain_factory(app: Flask, client: FlaskClient) -> None:
    app.config["SERVER_NAME"] = "example.test"
    app.subdomain_matching = True
    app.url_map.add(wr.Subdomain("<team>", [wr.Rule("/", endpoint="team")]))
    app.view_functions["team"] = _view("team")

    assert client.get("/", base_url="http://red.example.test/").text == "team {'team': 'red'}"
    with app.test_request_context():
        assert url_for("team", team="blue") == "http://blue.example.test/"


def test_werkzeug_rule_settings_are_kept(app: Flask, client: FlaskClient) -> None:
    app.url_map.add(wr.Rule("/only-post", endpoint="post", methods=["POST"]))
    app.url_map.add(wr.Rule("/page/", endpoint="page", defaults={"n": 1}))
    app.url_map.add(wr.Rule("/page/<int:n>", endpoint="page"))
    app.url_map.add(wr.Rule("/old/<int:n>", redirect_to="/page/<n>"))
    app.url_map.add(wr.Rule("/branch/", endpoint="branch"))
    for endpoint in ("post", "page", "branch"):
        app.view_functions[endpoint] = _view(endpoint)

    assert client.post("/only-post").text == "post"
    rv = client.get("/only-post")
    assert rv.status_code == 405
    # Added straight to the map, not through add_url_rule: no automatic OPTIONS.
    assert rv.headers["Allow"] == "POST"
    assert client.get("/page/").text == "page {'n': 1}"
    rv = client.get("/page/1")
    assert (rv.status_code, rv.headers["Location"]) == (308, "http://localhost/page/")
    assert client.get("/page/5").text == "page {'n': 5}"
    rv = client.get("/old/5")
    assert (rv.status_code, rv.headers["Location"]) == (308, "http://localhost/page/5")
    rv = client.get("/branch")
    assert (rv.status_code, rv.headers["Location"]) == (308, "http://localhost/branch/")


def test_werkzeug_rule_class_as_url_rule_class(app: Flask, client: FlaskClient) -> None:
    class AppRule(wr.Rule):
        pass

    app.url_rule_class = AppRule

    @app.route("/things", methods=["GET", "PUT"])
    def things() -> str:
        return "things"

    assert client.put("/things").text == "things"
    rv = client.open("/things", method="OPTIONS")
    assert rv.status_code == 200
    assert sorted(rv.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS", "PUT"]


# -- converters ----------------------------------------------------------------------


class EvenConverter(wr.BaseConverter):
    """Even numbers only; odd ones are not this rule."""

    regex = r"\d+"

    def to_python(self, value: str) -> int:
        if int(value) % 2:
            raise wr.ValidationError()
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class ListConverter(wr.BaseConverter):
    """Comma-separated words, with a configurable separator."""

    def __init__(self, map: t.Any, separator: str = ",") -> None:
        super().__init__(map)
        self.separator = separator

    def to_python(self, value: str) -> list[str]:
        return value.split(self.separator)

    def to_url(self, value: list[str]) -> str:
        return self.separator.join(super(ListConverter, self).to_url(v) for v in value)


def test_werkzeug_converter_to_python_and_to_url(app: Flask, client: FlaskClient) -> None:
    app.url_map.converters["list"] = ListConverter

    @app.route("/tags/<list:tags>")
    def tags(tags: list[str]) -> dict[str, t.Any]:
        return {"tags": tags}

    @app.route("/plus/<list(separator='+'):tags>")
    def plus(tags: list[str]) -> dict[str, t.Any]:
        return {"tags": tags}

    assert client.get("/tags/a,b,c").json == {"tags": ["a", "b", "c"]}
    assert client.get("/plus/a+b").json == {"tags": ["a", "b"]}
    with app.test_request_context():
        assert url_for("tags", tags=["x y", "z"]) == "/tags/x%20y,z"
        assert url_for("plus", tags=["x", "z"]) == "/plus/x+z"


def test_werkzeug_validation_error_means_no_match(app: Flask, client: FlaskClient) -> None:
    app.url_map.converters["even"] = EvenConverter

    @app.route("/n/<even:n>")
    def even(n: int) -> str:
        return f"even {n + 1}"

    assert client.get("/n/4").text == "even 5"
    assert client.get("/n/3").status_code == 404


def test_werkzeug_builtin_converter_subclass(app: Flask, client: FlaskClient) -> None:
    class PageConverter(wr.IntegerConverter):
        pass

    app.url_map.converters["page"] = PageConverter

    @app.route("/list/<page(min=1, max=9):n>")
    def listing(n: int) -> str:
        return f"page {n * 10}"

    assert client.get("/list/3").text == "page 30"
    assert client.get("/list/0").status_code == 404
    assert client.get("/list/10").status_code == 404


def test_werkzeug_converter_refusing_a_value_to_build_gives_build_error(app: Flask) -> None:
    class Strict(wr.BaseConverter):
        def to_url(self, value: str) -> str:
            if not value.isalpha():
                raise wr.ValidationError()
            return value

    app.url_map.converters["strict"] = Strict

    @app.route("/w/<strict:word>")
    def word(word: str) -> str:
        return word

    with app.test_request_context():
        assert url_for("word", word="abc") == "/w/abc"
        with pytest.raises(wr.BuildError):
            url_for("word", word="a-1")


def test_flaskish_converter_errors_are_werkzeug_validation_errors() -> None:
    converter = IntegerConverter(Map(), min=5)
    with pytest.raises(wr.ValidationError):
        converter.to_python("1")


# -- routing errors ------------------------------------------------------------------


def test_build_error_is_werkzeugs(app: Flask) -> None:
    @app.route("/hello/<name>")
    def hello(name: str) -> str:
        return name

    with app.test_request_context():
        with pytest.raises(wr.BuildError) as info:
            url_for("helo", name="x")
        assert info.value.endpoint == "helo"
        assert "Did you mean 'hello' instead?" in str(info.value)
        with pytest.raises(wr.RoutingException):
            url_for("hello")


def test_build_error_handler_gets_the_werkzeug_catchable_error(app: Flask) -> None:
    seen: list[bool] = []

    @app.url_build_error_handlers.append
    def handler(error: Exception, endpoint: str, values: dict[str, t.Any]) -> str:
        seen.append(isinstance(error, wr.BuildError))
        return f"/fallback/{endpoint}"

    with app.test_request_context():
        assert url_for("missing") == "/fallback/missing"
    assert seen == [True]


def test_request_redirect_is_werkzeugs(app: Flask) -> None:
    @app.route("/folder/")
    def folder() -> str:
        return "folder"

    adapter = app.url_map.bind("localhost")
    with pytest.raises(wr.RequestRedirect) as info:
        adapter.match("/folder")
    assert info.value.new_url == "http://localhost/folder/"
    assert info.value.code == 308


def test_redirect_code_set_on_werkzeugs_class_is_used(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    @app.route("/folder/", methods=["GET", "POST"])
    def folder() -> str:
        return "folder"

    assert client.get("/folder").status_code == 308
    monkeypatch.setattr(wr.RequestRedirect, "code", 301)
    rv = client.get("/folder")
    assert (rv.status_code, rv.headers["Location"]) == (301, "http://localhost/folder/")

    # In debug mode a 301 that would drop a form body is an error, as in Flask.
    app.debug = True
    with pytest.raises(FormDataRoutingRedirect, match="canonical URL 'http://localhost/folder/'"):
        client.post("/folder", data={"a": "1"})


def test_websocket_mismatch_is_werkzeugs(app: Flask) -> None:
    app.url_map.add(wr.Rule("/ws", endpoint="ws", websocket=True))
    adapter = app.url_map.bind("localhost")
    with pytest.raises(wr.WebsocketMismatch):
        adapter.match("/ws")


# -- the private shapes extensions read ----------------------------------------------

RULE_SHAPES = [
    ("/users/<int:user_id>/posts/<slug>", None),
    ("/files/<path:rest>", "<tenant>"),
    ("/static/plain/", None),
    ("/<any(a, b):kind>/<uuid:id>.json", None),
]


@pytest.mark.parametrize(("string", "subdomain"), RULE_SHAPES)
def test_rule_trace_and_converters_have_werkzeugs_shapes(
    string: str, subdomain: str | None
) -> None:
    """flask-smorest and apispec walk ``rule._trace`` and ``rule._converters``."""
    ours = Map([wr.Rule(string, endpoint="e", subdomain=subdomain)])
    theirs = wr.Map([wr.Rule(string, endpoint="e", subdomain=subdomain)])
    (rule,) = ours.iter_rules()
    (reference,) = theirs.iter_rules()
    assert rule._trace == reference._trace
    assert rule._converters.keys() == reference._converters.keys()
    for name, converter in rule._converters.items():
        assert isinstance(converter, type(reference._converters[name]))
    assert repr(rule) == repr(reference)
