"""Names from the older Flask documentation: they work, and warn.

Each was removed from a later Flask; flaskish keeps it so old code runs unchanged,
with a ``DeprecationWarning`` that says what to use instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import blinker
import markupsafe
import pytest

import flaskish
from flaskish import Flask
from flaskish.exceptions import NotFound
from flaskish.sessions import SecureCookieSession


def test_plain_import_does_not_warn() -> None:
    code = "import flaskish, flaskish.globals, flaskish.signals, flaskish.json, flaskish.helpers"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_unknown_name_is_attribute_error() -> None:
    with pytest.raises(AttributeError) as info:
        flaskish.no_such_name  # noqa: B018
    assert str(info.value) == "module 'flaskish' has no attribute 'no_such_name'"


# -- escape, Markup, Session, safe_join ------------------------------------------------


def test_escape() -> None:
    with pytest.deprecated_call() as record:
        from flaskish import escape
    assert str(record.list[0].message) == (
        "'flaskish.escape' is deprecated. Import 'markupsafe.escape' instead."
    )
    assert escape is markupsafe.escape
    assert escape("<b>") == "&lt;b&gt;"


def test_markup() -> None:
    with pytest.deprecated_call(match="Import 'markupsafe.Markup' instead"):
        markup = flaskish.Markup
    assert markup is markupsafe.Markup
    assert markup("<b>%s</b>") % "<i>" == "<b>&lt;i&gt;</b>"


def test_session_is_secure_cookie_session() -> None:
    with pytest.deprecated_call(match="'flaskish.Session' is deprecated"):
        session_class = flaskish.Session
    assert session_class is SecureCookieSession


def test_safe_join(tmp_path: Path) -> None:
    with pytest.deprecated_call(match="'flaskish.safe_join' is deprecated"):
        safe_join = flaskish.safe_join
    assert safe_join(str(tmp_path), "a", "b.txt") == f"{tmp_path}/a/b.txt"
    # The old helper answered a path that leaves the folder with a 404, not None.
    with pytest.raises(NotFound):
        safe_join(str(tmp_path), "../etc/passwd")
    with pytest.raises(NotFound):
        safe_join(str(tmp_path), "/etc/passwd")


# -- signals ----------------------------------------------------------------------------


def test_signals_available() -> None:
    with pytest.deprecated_call(match="Signals are always available"):
        assert flaskish.signals_available is True
    with pytest.deprecated_call() as record:
        from flaskish.signals import signals_available
    assert signals_available is True
    assert str(record.list[0].message) == (
        "'flaskish.signals.signals_available' is deprecated. Signals are always"
        " available; remove the check."
    )


def test_signals_namespace_is_blinkers() -> None:
    from flaskish.signals import Namespace

    assert Namespace is blinker.Namespace
    my_signals = Namespace()
    model_saved = my_signals.signal("model-saved")
    received = []
    model_saved.connect(lambda sender, **kw: received.append((sender, kw)), weak=False)
    model_saved.send("app", id=1)
    assert received == [("app", {"id": 1})]


# -- the context stacks -----------------------------------------------------------------


def _stack(name: str):  # type: ignore[no-untyped-def]
    with pytest.deprecated_call(match=f"'flaskish.{name}' is deprecated"):
        return getattr(flaskish, name)


def test_stacks_are_empty_outside_contexts() -> None:
    for name in ("_request_ctx_stack", "_app_ctx_stack"):
        stack = _stack(name)
        with pytest.deprecated_call(match=r"\.top' is deprecated"):
            assert stack.top is None


def test_request_ctx_stack_top(app: Flask) -> None:
    stack = _stack("_request_ctx_stack")
    with app.test_request_context("/page?x=1") as ctx:
        flaskish.flash("hello")
        with pytest.deprecated_call() as record:
            top = stack.top
        assert str(record.list[0].message) == (
            "'_request_ctx_stack.top' is deprecated. Use 'g' to store data, or"
            " 'flaskish.globals.request_ctx' to reach the current context."
        )
        assert top is ctx
        assert top.app is app
        assert top.request is flaskish.request._get_current_object()
        assert top.request.args["x"] == "1"
        assert top.session is flaskish.session._get_current_object()
        assert top.url_adapter is not None
        assert top.flashes is None
        assert flaskish.get_flashed_messages() == ["hello"]
        assert top.flashes == [("message", "hello")]
        flaskish.g.user = "ann"
        with pytest.deprecated_call(match="Accessing 'g' on the request context"):
            assert top.g.user == "ann"


def test_app_ctx_stack_top(app: Flask) -> None:
    # Outside a request, the app context builds URLs only when it knows the server.
    app.config["SERVER_NAME"] = "example.test"
    stack = _stack("_app_ctx_stack")
    with app.app_context() as ctx:
        with pytest.deprecated_call():
            top = stack.top
        assert top is ctx
        assert top.app is app
        assert top.g is flaskish.g._get_current_object()
        assert top.url_adapter is not None
        assert flaskish.url_for("static", filename="x") == "http://example.test/static/x"


def test_app_ctx_stack_extension_pattern(app: Flask) -> None:
    """The old extension pattern: keep a resource on the top app context."""
    stack = _stack("_app_ctx_stack")

    def get_connection() -> object:
        with pytest.deprecated_call():
            ctx = stack.top
        if not hasattr(ctx, "demo_connection"):
            ctx.demo_connection = object()
        return ctx.demo_connection

    with app.app_context():
        first = get_connection()
        assert get_connection() is first
    with app.app_context():
        assert get_connection() is not first


def test_stacks_importable_from_globals() -> None:
    with pytest.deprecated_call(match="'flaskish.globals._app_ctx_stack' is deprecated"):
        from flaskish.globals import _app_ctx_stack
    with pytest.deprecated_call(match="'flaskish.globals._request_ctx_stack' is deprecated"):
        from flaskish.globals import _request_ctx_stack
    assert _request_ctx_stack is _stack("_request_ctx_stack")
    assert _app_ctx_stack is _stack("_app_ctx_stack")


# -- flaskish.ext -----------------------------------------------------------------------


@pytest.fixture
def extensions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on ``sys.path`` for fake extensions; their modules are forgotten after."""
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith(("flask_", "flaskish_", "flaskish.ext.")):
            del sys.modules[name]
            parent, _, child = name.rpartition(".")
            if parent in sys.modules and hasattr(sys.modules[parent], child):
                delattr(sys.modules[parent], child)


def _write(folder: Path, relative: str, source: str) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))


def test_ext_imports_flask_module(extensions: Path) -> None:
    _write(extensions, "flask_demo.py", "NAME = 'flask_demo'\n")
    with pytest.deprecated_call() as record:
        from flaskish.ext import demo
    assert str(record.list[0].message) == (
        "Importing 'flaskish.ext.demo' is deprecated. Import 'flask_demo' instead."
    )
    assert demo is sys.modules["flask_demo"]
    assert demo.NAME == "flask_demo"
    assert demo.__spec__.name == "flask_demo"
    assert sys.modules["flaskish.ext.demo"] is demo


def test_ext_import_statement_form(extensions: Path) -> None:
    _write(extensions, "flask_demo.py", "NAME = 'flask_demo'\n")
    with pytest.deprecated_call():
        import flaskish.ext.demo
    assert flaskish.ext.demo is sys.modules["flask_demo"]


def test_ext_prefers_flaskish_module(extensions: Path) -> None:
    _write(extensions, "flask_demo.py", "NAME = 'flask_demo'\n")
    _write(extensions, "flaskish_demo.py", "NAME = 'flaskish_demo'\n")
    with pytest.deprecated_call(match="Import 'flaskish_demo' instead"):
        from flaskish.ext import demo
    assert demo.NAME == "flaskish_demo"
    assert "flask_demo" not in sys.modules


def test_ext_package_submodule(extensions: Path) -> None:
    _write(extensions, "flask_pkg/__init__.py", "")
    _write(extensions, "flask_pkg/forms.py", "NAME = 'forms'\n")
    with pytest.deprecated_call():
        from flaskish.ext.pkg import forms
    assert forms is sys.modules["flask_pkg.forms"]
    assert forms.NAME == "forms"


def test_ext_missing_extension(extensions: Path) -> None:
    with pytest.raises(ModuleNotFoundError) as info:
        from flaskish.ext import nothere  # noqa: F401
    assert str(info.value) == (
        "No module named 'flaskish.ext.nothere': it would be 'flaskish_nothere' or"
        " 'flask_nothere', and neither is installed."
    )


def test_ext_error_inside_extension_is_not_hidden(extensions: Path) -> None:
    _write(extensions, "flask_broken.py", "import a_dependency_that_is_missing\n")
    with pytest.raises(ModuleNotFoundError) as info:
        from flaskish.ext import broken  # noqa: F401
    assert info.value.name == "a_dependency_that_is_missing"


# -- the app and request -----------------------------------------------------------------


def test_static_path_is_static_url_path(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body {}")
    with pytest.deprecated_call() as record:
        app = Flask("old_static_app", root_path=str(tmp_path), static_path="/assets")
    assert str(record.list[0].message) == (
        "The 'static_path' parameter of 'Flask' was renamed to 'static_url_path'. Use"
        " 'static_url_path' instead."
    )
    assert app.static_url_path == "/assets"
    with app.test_request_context():
        assert flaskish.url_for("static", filename="site.css") == "/assets/site.css"
    rv = app.test_client().get("/assets/site.css", buffered=True)
    assert rv.status_code == 200
    assert rv.data == b"body {}"


def test_static_path_and_static_url_path_together(tmp_path: Path) -> None:
    with pytest.raises(TypeError) as info:
        Flask("both", root_path=str(tmp_path), static_url_path="/a", static_path="/b")
    assert str(info.value) == (
        "Pass 'static_url_path' only: 'static_path' is its old name, and both were given."
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [("XMLHttpRequest", True), ("xmlhttprequest", True), ("fetch", False), (None, False)],
)
def test_request_is_xhr(app: Flask, header: str | None, expected: bool) -> None:
    headers = {"X-Requested-With": header} if header is not None else {}
    with app.test_request_context(headers=headers):
        with pytest.deprecated_call(match="'Request.is_xhr' is deprecated"):
            assert flaskish.request.is_xhr is expected


def test_json_encoder_on_app(app: Flask) -> None:
    with pytest.deprecated_call(match="'flaskish.json.JSONEncoder' is deprecated"):
        base = flaskish.json.JSONEncoder

    class SetEncoder(base):  # type: ignore[misc, valid-type]
        def default(self, o: object) -> object:
            if isinstance(o, set):
                return sorted(o)
            return super().default(o)

    app.json_encoder = SetEncoder  # type: ignore[attr-defined]
    with pytest.deprecated_call(match="'json_encoder'"), app.test_request_context():
        rv = flaskish.jsonify(tags={"b", "a"})
    assert json.loads(rv.get_data()) == {"tags": ["a", "b"]}
    with pytest.deprecated_call(match="'flaskish.json.JSONDecoder' is deprecated"):
        assert issubclass(flaskish.json.JSONDecoder, json.JSONDecoder)


def test_get_flashed_messages_with_list_filter(app: Flask) -> None:
    with app.test_request_context():
        flaskish.flash("saved")
        flaskish.flash("broken", "error")
        flaskish.flash("careful", "warning")
        assert flaskish.get_flashed_messages(category_filter=[]) == ["saved", "broken", "careful"]
        assert flaskish.get_flashed_messages(
            with_categories=True, category_filter=["error", "warning"]
        ) == [("error", "broken"), ("warning", "careful")]


# -- Flask 2.1-era names and attributes (removed in 2.3) ---------------------------------


def test_helpers_names_of_flask_2_2() -> None:
    from flaskish import helpers

    with pytest.deprecated_call(match="'flaskish.helpers.locked_cached_property' is deprecated"):
        locked_cached_property = helpers.locked_cached_property
    with pytest.deprecated_call(match="'flaskish.helpers.is_ip' is deprecated"):
        is_ip = helpers.is_ip
    with pytest.deprecated_call(match="'flaskish.helpers.get_env' is deprecated"):
        get_env = helpers.get_env

    calls = []

    class Thing:
        @locked_cached_property
        def value(self) -> int:
            calls.append(1)
            return 42

    thing = Thing()
    assert (thing.value, thing.value, len(calls)) == (42, 42, 1)
    thing.value = 7
    assert thing.value == 7
    assert is_ip("127.0.0.1") and is_ip("::1") and not is_ip("example.com")
    assert get_env() == "production"


SEED_DEFAULTS = {
    "ENV": "production",
    "JSON_AS_ASCII": True,
    "JSON_SORT_KEYS": True,
    "JSONIFY_PRETTYPRINT_REGULAR": False,
    "JSONIFY_MIMETYPE": "application/json",
    "PRESERVE_CONTEXT_ON_EXCEPTION": None,
}


def test_seed_config_keys_are_in_every_config(app: Flask) -> None:
    assert {key: app.config[key] for key in SEED_DEFAULTS} == SEED_DEFAULTS
    with app.app_context():
        # Left at their defaults they are not settings: no warning, Flask 3.1 output.
        assert flaskish.jsonify({"b": "é", "a": 1}).get_data(as_text=True) == (
            '{"a":1,"b":"\\u00e9"}\n'
        )


def test_app_attributes_of_flask_2_2(app: Flask) -> None:
    with pytest.deprecated_call(match="'app.session_cookie_name' is deprecated"):
        app.session_cookie_name = "sid"
    assert app.config["SESSION_COOKIE_NAME"] == "sid"
    with pytest.deprecated_call(match="'app.session_cookie_name' is deprecated"):
        assert app.session_cookie_name == "sid"
    with pytest.deprecated_call(match="'app.env' is deprecated"):
        assert app.env == "production"
    with pytest.deprecated_call(match="'app.use_x_sendfile' is deprecated"):
        assert app.use_x_sendfile is False
    with pytest.deprecated_call(match="'app.propagate_exceptions' is deprecated"):
        assert app.propagate_exceptions is True  # TESTING
    with pytest.deprecated_call(match="'app.templates_auto_reload' is deprecated"):
        assert app.templates_auto_reload is False
    with pytest.deprecated_call(match="'app.got_first_request' is deprecated"):
        assert app.got_first_request is False

    @app.route("/")
    def index() -> str:
        return "ok"

    assert app.test_client().get("/").status_code == 200
    with pytest.deprecated_call():
        assert app.got_first_request is True


def test_session_cookie_name_names_the_session_cookie(app: Flask) -> None:
    with pytest.deprecated_call():
        app.session_cookie_name = "legacy_session"

    @app.route("/")
    def index() -> str:
        flaskish.session["user"] = 1
        return "ok"

    client = app.test_client()
    client.get("/")
    assert client.get_cookie("legacy_session") is not None


def test_before_first_request_runs_once_and_first(app: Flask) -> None:
    calls: list[str] = []

    @app.before_request
    def every() -> None:
        calls.append("before")

    with pytest.deprecated_call(match="'app.before_first_request' is deprecated"):

        @app.before_first_request
        def setup() -> None:
            calls.append("first")

    @app.route("/")
    def index() -> str:
        return "ok"

    client = app.test_client()
    client.get("/")
    client.get("/")
    assert calls == ["first", "before", "before"]
    with pytest.raises(AssertionError, match="before_first_request"):
        app.before_first_request(lambda: None)


def test_jinja_loader_is_assignable(app: Flask) -> None:
    import jinja2

    app.jinja_loader = jinja2.ChoiceLoader([jinja2.DictLoader({"hi.html": "hi {{ name }}"})])
    with app.app_context():
        assert flaskish.render_template("hi.html", name="there") == "hi there"


def test_request_subclass_may_assign_werkzeug_attributes(app: Flask) -> None:
    class Rewriting(flaskish.Request):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.path = self.path.upper()
            self.remote_addr = "203.0.113.9"

    app.request_class = Rewriting

    @app.route("/<name>")
    def hello(name: str) -> dict[str, object]:
        return {"path": flaskish.request.path, "ip": flaskish.request.remote_addr}

    assert app.test_client().get("/hello").get_json() == {"path": "/HELLO", "ip": "203.0.113.9"}


def test_two_test_clients_as_nested_context_managers(app: Flask) -> None:
    other = Flask("other")

    @app.route("/<name>")
    def one(name: str) -> str:
        return name

    @other.route("/<name>")
    def two(name: str) -> str:
        return name

    first, second = app.test_client(), other.test_client()
    with first, second:
        second.get("/b")
        first.get("/a")
        assert flaskish.request.path == "/a"
        second.get("/c")
        assert flaskish.request.path == "/c"
    with pytest.raises(RuntimeError, match="Working outside of request context"):
        flaskish.request.path  # noqa: B018 - every kept context was popped
