"""Jinja templating: the environment, loaders, context, helpers and signals."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from flaskish import Blueprint, Flask, g, helpers, session
from flaskish.signals import before_render_template, template_rendered
from flaskish.templating import (
    DispatchingJinjaLoader,
    Environment,
    get_template_attribute,
    render_template,
    render_template_string,
    stream_template,
    stream_template_string,
)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"


def make_app(root: Path, **templates: str) -> Flask:
    """An app whose template folder holds ``templates`` (file name -> source)."""
    folder = root / "templates"
    folder.mkdir(exist_ok=True)
    for name, source in templates.items():
        (folder / name.replace("__", ".")).write_text(source)
    app = Flask("templating_app", root_path=str(root))
    app.config.update(TESTING=True, SECRET_KEY="test key")
    return app


# -- rendering -------------------------------------------------------------------


def test_render_template_from_app_folder_with_request_session_g_config(app: Flask) -> None:
    @app.route("/")
    def index() -> str:
        g.note = "from g"
        session["user"] = "ada"
        return render_template("context_vars.html", value="v")

    rv = app.test_client().get("/")
    assert rv.data == b"v|/|ada|from g|True|/"


def test_render_template_list_uses_first_existing(app_ctx: object) -> None:
    assert render_template(["missing.html", "escaped.txt", "escaped.html"], text="<b>") == "<b>"


def test_render_template_accepts_template_object(app: Flask, app_ctx: object) -> None:
    template = app.jinja_env.from_string("{{ x }}!")
    assert render_template(template, x=1) == "1!"


def test_render_template_string(app_ctx: object) -> None:
    assert render_template_string("{{ a }} and {{ b }}", a=1, b="two") == "1 and two"


def test_render_outside_app_context_fails_clearly() -> None:
    with pytest.raises(RuntimeError, match="Working outside of application context"):
        render_template_string("x")


def test_imported_macro_sees_proxies_through_globals(app: Flask) -> None:
    @app.route("/somewhere")
    def view() -> str:
        return render_template("imports_macro.html")

    assert app.test_client().get("/somewhere").data == b"[/somewhere True]"


def test_template_without_request_context_has_g_and_config(app: Flask) -> None:
    with app.app_context():
        g.note = "n"
        assert render_template_string("{{ g.note }} {{ config.TESTING }}") == "n True"


def test_url_for_in_template(app: Flask) -> None:
    @app.route("/users/<int:user_id>")
    def user(user_id: int) -> str:
        return render_template_string("{{ url_for('user', user_id=7, _external=True) }}")

    assert app.test_client().get("/users/1").data == b"http://localhost/users/7"


def test_get_flashed_messages_global_is_found_when_called(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(helpers, "get_flashed_messages", raising=False)
    with app.app_context():
        with pytest.raises(RuntimeError) as exc_info:
            render_template_string("{{ get_flashed_messages() }}")
        assert str(exc_info.value) == (
            "Message flashing is not available: 'flaskish.helpers' does not define"
            " 'get_flashed_messages'."
        )
        monkeypatch.setattr(helpers, "get_flashed_messages", lambda **kw: ["hi", kw], raising=False)
        rv = render_template_string("{{ get_flashed_messages(with_categories=true) }}")
    assert rv == "[&#39;hi&#39;, {&#39;with_categories&#39;: True}]"


def test_get_flashed_messages_global_is_the_helper_when_it_exists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake() -> list[str]:
        return []

    monkeypatch.setattr(helpers, "get_flashed_messages", fake, raising=False)
    app = Flask("templating_app", root_path=str(HERE))
    assert app.jinja_env.globals["get_flashed_messages"] is fake


# -- autoescape --------------------------------------------------------------------


def test_autoescape_html_file_but_not_txt(app_ctx: object) -> None:
    assert render_template("escaped.html", text="<b>&") == "&lt;b&gt;&amp;"
    assert render_template("escaped.txt", text="<b>&") == "<b>&"


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("page.html", True),
        ("page.htm", True),
        ("page.xml", True),
        ("page.xhtml", True),
        ("page.svg", True),
        ("page.txt", False),
        ("page.js", False),
        ("page.jinja", False),
    ],
)
def test_autoescape_by_extension(tmp_path: Path, name: str, escaped: bool) -> None:
    app = make_app(tmp_path, **{name.replace(".", "__"): "{{ text }}"})
    with app.app_context():
        rv = render_template(name, text="<i>")
    assert rv == ("&lt;i&gt;" if escaped else "<i>")


def test_render_template_string_autoescapes(app_ctx: object) -> None:
    assert render_template_string("{{ t }}", t="<script>") == "&lt;script&gt;"
    assert render_template_string("{{ t }}", t=Markup("<b>")) == "<b>"
    assert render_template_string("{% autoescape false %}{{ t }}{% endautoescape %}", t="<b>") == (
        "<b>"
    )


def test_select_jinja_autoescape_override(tmp_path: Path) -> None:
    class TxtEscapingApp(Flask):
        def select_jinja_autoescape(self, filename: str | None) -> bool:
            return True

    make_app(tmp_path, page__txt="{{ t }}")
    app = TxtEscapingApp("templating_app", root_path=str(tmp_path))
    with app.app_context():
        assert render_template("page.txt", t="<b>") == "&lt;b&gt;"


# -- context processors ---------------------------------------------------------------


def test_context_processor_values_and_passed_values_win(app: Flask) -> None:
    @app.context_processor
    def first() -> dict[str, object]:
        return {"a": "first", "b": "first", "c": "first"}

    @app.context_processor
    def second() -> dict[str, object]:
        return {"b": "second"}

    @app.route("/")
    def index() -> str:
        return render_template_string("{{ a }} {{ b }} {{ c }}", c="view")

    assert app.test_client().get("/").data == b"first second view"


def test_context_processor_cannot_replace_passed_request(app: Flask) -> None:
    @app.context_processor
    def override() -> dict[str, object]:
        return {"request": "processor", "g": "processor"}

    with app.test_request_context("/path"):
        assert render_template_string("{{ request }} {{ g }}", request="mine") == "mine processor"


def test_async_context_processor(app: Flask) -> None:
    @app.context_processor
    async def extra() -> dict[str, object]:
        return {"value": "async"}

    with app.app_context():
        assert render_template_string("{{ value }}") == "async"


def test_update_template_context_directly(app: Flask) -> None:
    @app.context_processor
    def extra() -> dict[str, object]:
        return {"extra": 1, "kept": "processor"}

    with app.test_request_context("/x"):
        context: dict[str, object] = {"kept": "mine"}
        app.update_template_context(context)
        assert context["extra"] == 1
        assert context["kept"] == "mine"
        assert context["request"].path == "/x"  # type: ignore[attr-defined]
        assert context["g"] is g._get_current_object()  # type: ignore[attr-defined]


def test_rendering_without_session_use_does_not_vary_on_cookie(app: Flask) -> None:
    @app.route("/plain")
    def plain() -> str:
        return render_template_string("hello")

    @app.route("/uses-session")
    def uses_session() -> str:
        return render_template_string("{{ session.get('k') }}")

    client = app.test_client()
    assert "Vary" not in client.get("/plain").headers
    assert client.get("/uses-session").headers["Vary"] == "Cookie"


# -- filters, tests, globals --------------------------------------------------------------


def test_template_filter_decorator(app: Flask) -> None:
    @app.template_filter()
    def shout(s: str) -> str:
        return s.upper() + "!"

    @app.template_filter("rev")
    def reverse(s: str) -> str:
        return s[::-1]

    assert app.jinja_env.filters["shout"] is shout
    assert app.jinja_env.filters["rev"] is reverse
    with app.app_context():
        assert render_template_string("{{ 'ab'|shout }} {{ 'ab'|rev }}") == "AB! ba"


def test_template_filter_bare_decorator_and_add(app: Flask) -> None:
    def double(x: int) -> int:
        return x * 2

    app.add_template_filter(double)
    app.add_template_filter(double, "twice")
    with app.app_context():
        assert render_template_string("{{ 2|double }} {{ 3|twice }}") == "4 6"


def test_template_test_decorator_and_add(app: Flask) -> None:
    @app.template_test()
    def boolean(value: object) -> bool:
        return isinstance(value, bool)

    @app.template_test("even_number")
    def is_even(value: int) -> bool:
        return value % 2 == 0

    app.add_template_test(lambda v: v == 0, "zero")
    source = "{{ x is boolean }} {{ 4 is even_number }} {{ 1 is zero }}"
    with app.app_context():
        assert render_template_string(source, x=False) == "True True False"
    assert app.jinja_env.tests["boolean"] is boolean


def test_template_global_decorator_and_add(app: Flask) -> None:
    @app.template_global()
    def answer() -> int:
        return 42

    @app.template_global("plus")
    def add(a: int, b: int) -> int:
        return a + b

    app.add_template_global(lambda: "lam", "lam")
    with app.app_context():
        assert render_template_string("{{ answer() }} {{ plus(1, 2) }} {{ lam() }}") == "42 3 lam"
    assert app.jinja_env.globals["answer"] is answer


# -- tojson ----------------------------------------------------------------------------


def test_tojson_is_safe_inside_script(app_ctx: object) -> None:
    rv = render_template_string(
        "<script>var x = {{ x|tojson }};</script>", x={"b": "</script>", "a": "&'"}
    )
    assert rv == ('<script>var x = {"a": "\\u0026\\u0027", "b": "\\u003c/script\\u003e"};</script>')


def test_tojson_indent_and_sorted_keys(app: Flask, app_ctx: object) -> None:
    app.json.sort_keys = False  # type: ignore[attr-defined]
    assert render_template_string("{{ x|tojson }}", x={"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
    assert render_template_string("{{ x|tojson(2) }}", x={"b": 1}) == '{\n  "b": 1\n}'


def test_tojson_uses_the_app_json_provider(app: Flask) -> None:
    calls: list[object] = []
    original = app.json.dumps

    def dumps(obj: object, **kwargs: object) -> str:
        calls.append(obj)
        return original(obj, **kwargs)

    app.json.dumps = dumps  # type: ignore[method-assign]
    assert app.jinja_env.policies["json.dumps_function"] is dumps
    with app.app_context():
        assert render_template_string("{{ [1]|tojson }}") == "[1]"
    assert calls == [[1]]


# -- streaming ----------------------------------------------------------------------------


def test_stream_template_response_chunks(app: Flask) -> None:
    @app.route("/")
    def index() -> object:
        return stream_template("stream.html", a=1, b="<i>")

    rv = app.test_client().get("/")
    assert rv.is_streamed
    assert rv.mimetype == "text/html"
    assert list(rv.response) == [b"A", b"1", b"B", b"&lt;i&gt;", b"C"]


def test_stream_template_string_keeps_request_context(app: Flask) -> None:
    @app.route("/here")
    def index() -> object:
        return stream_template_string(
            "{% for i in items %}{{ request.path }}{{ i }};{% endfor %}", items=[1, 2]
        )

    rv = app.test_client().get("/here")
    assert rv.is_streamed
    assert b"".join(rv.response) == b"/here1;/here2;"


def test_stream_template_outside_request_is_a_plain_iterator(app_ctx: object) -> None:
    chunks = stream_template("stream.html", a=1, b="<i>")
    assert list(chunks) == ["A", "1", "B", "&lt;i&gt;", "C"]


# -- signals --------------------------------------------------------------------------


def test_render_signals_send_template_and_context(app: Flask) -> None:
    recorded: list[tuple[str, object, str | None, dict[str, object]]] = []

    def before(sender: object, template: jinja2.Template, context: dict, **kw: object) -> None:
        recorded.append(("before", sender, template.name, dict(context)))

    def after(sender: object, template: jinja2.Template, context: dict, **kw: object) -> None:
        recorded.append(("after", sender, template.name, dict(context)))

    @app.context_processor
    def extra() -> dict[str, object]:
        return {"extra": "cp"}

    @app.route("/")
    def index() -> str:
        return render_template("escaped.html", text="hi")

    with (
        before_render_template.connected_to(before, app),
        template_rendered.connected_to(after, app),
    ):
        assert app.test_client().get("/").data == b"hi"

    assert [(kind, sender, name) for kind, sender, name, _ in recorded] == [
        ("before", app, "escaped.html"),
        ("after", app, "escaped.html"),
    ]
    context = recorded[0][3]
    assert context["text"] == "hi"
    assert context["extra"] == "cp"
    # As in Flask 3.1: ``session`` is the environment's proxy, not a context
    # value, so rendering neither opens the session nor marks it accessed.
    assert {"g", "request"} <= set(context)
    assert "session" not in context


def test_render_template_string_signal_has_no_template_name(app: Flask) -> None:
    names: list[str | None] = []

    def record(sender: object, template: jinja2.Template, context: dict, **kw: object) -> None:
        names.append(template.name)

    with template_rendered.connected_to(record, app), app.app_context():
        render_template_string("x")
    assert names == [None]


def test_stream_signals_before_eagerly_rendered_after_exhausted(app_ctx: object) -> None:
    events: list[str] = []

    def before(sender: object, **kw: object) -> None:
        events.append("before")

    def after(sender: object, **kw: object) -> None:
        events.append("after")

    with before_render_template.connected_to(before), template_rendered.connected_to(after):
        chunks = stream_template_string("{{ 1 }}{{ 2 }}")
        assert events == ["before"]
        assert "".join(chunks) == "12"
        assert events == ["before", "after"]


# -- loading ------------------------------------------------------------------------------


def test_missing_template_raises_template_not_found_naming_folders(app_ctx: object) -> None:
    with pytest.raises(jinja2.TemplateNotFound) as exc_info:
        render_template("does-not-exist.html")
    assert exc_info.value.name == "does-not-exist.html"
    assert str(exc_info.value) == (
        f"The template 'does-not-exist.html' was not found. Searched: {TEMPLATES}."
    )


def test_missing_template_without_any_folder(tmp_path: Path) -> None:
    app = Flask("templating_app", root_path=str(tmp_path), template_folder=None)
    assert app.jinja_loader is None
    with app.app_context(), pytest.raises(jinja2.TemplateNotFound) as exc_info:
        render_template("x.html")
    assert str(exc_info.value) == (
        "The template 'x.html' was not found: neither the application nor any blueprint"
        " has a template folder."
    )


def test_missing_template_list_raises_templates_not_found(app_ctx: object) -> None:
    with pytest.raises(jinja2.TemplatesNotFound) as exc_info:
        render_template(["nope.html", "nope2.html"])
    assert exc_info.value.templates == ["nope.html", "nope2.html"]
    assert str(exc_info.value) == "none of the templates given were found: nope.html, nope2.html"


def test_jinja_env_and_loaders(app: Flask) -> None:
    env = app.jinja_env
    assert isinstance(env, Environment)
    assert env.app is app
    assert app.jinja_env is env
    assert isinstance(env.loader, DispatchingJinjaLoader)
    assert isinstance(app.jinja_loader, jinja2.FileSystemLoader)
    assert app.jinja_loader.searchpath == [str(TEMPLATES)]
    assert {"escaped.html", "stream.html", "macros.html"} <= set(env.list_templates())
    for name in ("url_for", "get_flashed_messages", "config", "request", "session", "g"):
        assert name in env.globals
    assert env.globals["config"] is app.config


def test_custom_template_folder(tmp_path: Path) -> None:
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "page.html").write_text("custom {{ x }}")
    app = Flask("templating_app", root_path=str(tmp_path), template_folder="views")
    with app.app_context():
        assert render_template("page.html", x=1) == "custom 1"


def test_jinja_options_are_honoured(app: Flask) -> None:
    app.jinja_options = {"trim_blocks": True, "autoescape": False}
    with app.app_context():
        assert render_template_string("{% if true %}\nx{{ t }}{% endif %}", t="<b>") == "x<b>"


def test_jinja_environment_class_attribute(app: Flask) -> None:
    class CustomEnvironment(Environment):
        pass

    class CustomApp(Flask):
        jinja_environment = CustomEnvironment

    custom = CustomApp("templating_app", root_path=str(HERE))
    assert type(custom.jinja_env) is CustomEnvironment


def test_get_template_attribute(app_ctx: object) -> None:
    greet = get_template_attribute("macros.html", "greet")
    assert greet("<you>") == Markup("Hello, &lt;you&gt;!")
    assert get_template_attribute("macros.html", "answer") == 42


def make_explaining_app(explain: bool) -> Flask:
    # A logger name of its own: loggers are process-wide, so another test's
    # changes to the shared fixture app's logger must not hide these records.
    app = Flask("templating_explain_app", root_path=str(HERE))
    app.config["EXPLAIN_TEMPLATE_LOADING"] = explain
    return app


def test_explain_template_loading_logs_attempts(caplog: pytest.LogCaptureFixture) -> None:
    app = make_explaining_app(True)
    with caplog.at_level(logging.INFO, logger=app.logger.name), app.app_context():
        render_template("escaped.html", text="x")
        with pytest.raises(jinja2.TemplateNotFound):
            render_template("absent.html")
    found, missing = (r.getMessage() for r in caplog.records if r.name == app.logger.name)
    assert found == (
        "Locating template 'escaped.html':\n"
        "    1: loader of application 'templating_explain_app'\n"
        f"       FileSystemLoader searching {str(TEMPLATES)!r}\n"
        f"       -> found ({str(TEMPLATES / 'escaped.html')!r})"
    )
    assert missing == (
        "Locating template 'absent.html':\n"
        "    1: loader of application 'templating_explain_app'\n"
        f"       FileSystemLoader searching {str(TEMPLATES)!r}\n"
        "       -> no match\n"
        "Error: no loader found the template."
    )


def test_no_explain_log_by_default(caplog: pytest.LogCaptureFixture) -> None:
    app = make_explaining_app(False)
    with caplog.at_level(logging.INFO, logger=app.logger.name), app.app_context():
        render_template("escaped.html", text="x")
        app.logger.info("only this")
    assert [r.getMessage() for r in caplog.records if r.name == app.logger.name] == ["only this"]


# -- auto reload --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "debug", "expected"),
    [(None, False, False), (None, True, True), (True, False, True), (False, True, False)],
)
def test_templates_auto_reload_setting(
    app: Flask, setting: bool | None, debug: bool, expected: bool
) -> None:
    app.config["TEMPLATES_AUTO_RELOAD"] = setting
    app.config["DEBUG"] = debug
    assert app.jinja_env.auto_reload is expected


def test_jinja_options_auto_reload_wins(app: Flask) -> None:
    app.config["TEMPLATES_AUTO_RELOAD"] = False
    app.jinja_options = {"auto_reload": True}
    assert app.jinja_env.auto_reload is True


@pytest.mark.parametrize("auto_reload", [True, False])
def test_auto_reload_picks_up_changed_template(tmp_path: Path, auto_reload: bool) -> None:
    app = make_app(tmp_path, page__html="old")
    app.config["TEMPLATES_AUTO_RELOAD"] = auto_reload
    path = tmp_path / "templates" / "page.html"
    with app.app_context():
        assert render_template("page.html") == "old"
        path.write_text("new")
        mtime = path.stat().st_mtime + 10
        os.utime(path, (mtime, mtime))
        assert render_template("page.html") == ("new" if auto_reload else "old")


# -- blueprints ---------------------------------------------------------------------------


def make_blueprint_app(tmp_path: Path) -> Flask:
    app = make_app(tmp_path, shared__html="app's shared")
    bp_root = tmp_path / "bp"
    (bp_root / "bp_templates").mkdir(parents=True)
    (bp_root / "bp_templates" / "shared.html").write_text("bp's shared")
    (bp_root / "bp_templates" / "only_bp.html").write_text("only in bp {{ where }}")
    bp = Blueprint("bp", __name__, root_path=str(bp_root), template_folder="bp_templates")

    @bp.route("/page/<name>")
    def page(name: str) -> str:
        return render_template(name, where="bp")

    @bp.context_processor
    def bp_context() -> dict[str, object]:
        return {"where": "bp processor", "scope": "bp"}

    app.register_blueprint(bp, url_prefix="/bp")

    @app.route("/ctx")
    def app_view() -> str:
        return render_template_string("{{ scope|default('none') }}")

    return app


def test_blueprint_template_folder_searched_after_app(tmp_path: Path) -> None:
    client = make_blueprint_app(tmp_path).test_client()
    assert client.get("/bp/page/shared.html").data == b"app's shared"
    assert client.get("/bp/page/only_bp.html").data == b"only in bp bp"


def test_blueprint_context_processor_only_in_its_requests(tmp_path: Path) -> None:
    app = make_blueprint_app(tmp_path)
    client = app.test_client()
    assert client.get("/ctx").data == b"none"
    with app.test_request_context("/bp/page/x"):
        context: dict[str, object] = {}
        app.update_template_context(context)
    assert context["scope"] == "bp"


def test_missing_template_names_blueprint_folders(tmp_path: Path) -> None:
    app = make_blueprint_app(tmp_path)
    with app.app_context(), pytest.raises(jinja2.TemplateNotFound) as exc_info:
        render_template("absent.html")
    assert str(exc_info.value) == (
        f"The template 'absent.html' was not found. Searched: {tmp_path / 'templates'},"
        f" {tmp_path / 'bp' / 'bp_templates'}."
    )


def test_nested_blueprint_context_processors_inner_wins(app: Flask) -> None:
    parent = Blueprint("parent", __name__)
    child = Blueprint("child", __name__)

    @app.context_processor
    def app_level() -> dict[str, object]:
        return {"a": "app", "b": "app", "c": "app"}

    @parent.context_processor
    def parent_level() -> dict[str, object]:
        return {"b": "parent", "c": "parent"}

    @child.context_processor
    def child_level() -> dict[str, object]:
        return {"c": "child"}

    @child.route("/")
    def index() -> str:
        return render_template_string("{{ a }} {{ b }} {{ c }}")

    parent.register_blueprint(child, url_prefix="/child")
    app.register_blueprint(parent, url_prefix="/parent")
    assert app.test_client().get("/parent/child/").data == b"app parent child"


def test_explain_template_loading_with_blueprints(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_blueprint_app(tmp_path)
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        assert app.test_client().get("/bp/page/shared.html").data == b"app's shared"
    (message,) = (r.getMessage() for r in caplog.records if r.name == app.logger.name)
    bp_folder = str(tmp_path / "bp" / "bp_templates")
    assert message == (
        "Locating template 'shared.html':\n"
        "    1: loader of application 'templating_app'\n"
        f"       FileSystemLoader searching {str(tmp_path / 'templates')!r}\n"
        f"       -> found ({str(tmp_path / 'templates' / 'shared.html')!r})\n"
        f"    2: loader of blueprint 'bp' ({__name__})\n"
        f"       FileSystemLoader searching {bp_folder!r}\n"
        f"       -> found ({os.path.join(bp_folder, 'shared.html')!r})\n"
        "Warning: several loaders found the template; the first one wins.\n"
        "  The template was requested by an endpoint of the blueprint 'bp'. Check that the"
        " template is in that blueprint's template folder, under a name no other folder uses."
    )


def test_jinja_loads_only_when_an_app_uses_templates() -> None:
    """A process that never renders a template does not import Jinja (issue 7, memory).

    The request goes straight to the WSGI app: the test client loads django.test,
    which imports Jinja itself.
    """
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from flaskish import Flask\n"
        "app = Flask('plain')\n"
        "app.add_url_rule('/', 'index', lambda: 'hi')\n"
        "environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': '/', 'SERVER_NAME': 'localhost',\n"
        "           'SERVER_PORT': '80', 'wsgi.input': __import__('io').BytesIO(),\n"
        "           'wsgi.url_scheme': 'http'}\n"
        "assert b''.join(app(environ, lambda *a: None)) == b'hi'\n"
        "print(any(m.split('.')[0] == 'jinja2' for m in sys.modules))\n"
        "from flaskish import render_template_string\n"
        "with app.app_context():\n"
        "    print(render_template_string('{{ 1 + 1 }}'))\n"
        "print(any(m.split('.')[0] == 'jinja2' for m in sys.modules))\n"
        "from flaskish.templating import Environment\n"
        "print(Flask.jinja_environment is Environment, type(app.jinja_env) is Environment)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "2", "True", "True", "True"]


def test_a_subclass_environment_class_is_used(app) -> None:
    class Custom(Environment):
        pass

    class CustomApp(type(app)):
        jinja_environment = Custom

    custom = CustomApp("custom_env_app")
    assert type(custom.jinja_env) is Custom
    with custom.app_context():
        assert render_template_string("{{ 2 * 3 }}") == "6"
