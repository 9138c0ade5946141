"""install_as_flask(), the FLASKISH_AS_FLASK switch, and the Flask-only modules it needs.

Anything that registers ``flask`` in ``sys.modules`` runs in a subprocess, so this
test process never has a ``flask`` module.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import flaskish
from flaskish import Flask
from flaskish.compat import ENV_VAR, FLASK_MODULES, env_requests_install
from flaskish.debughelpers import DebugFilesKeyError, FormDataRoutingRedirect
from flaskish.logging import wsgi_errors_stream
from flaskish.routing import RequestRedirect
from flaskish.testing import EnvironBuilder


def run_python(code: str, *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """Run ``code`` in a fresh interpreter; its stdout (stderr shown on failure)."""
    full_env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_flask_and_every_public_module_are_flaskish() -> None:
    out = run_python(
        f"""
        import importlib, sys
        from flaskish.compat import install_as_flask
        install_as_flask()
        import flask, flaskish
        assert flask is flaskish
        for name in {FLASK_MODULES!r}:
            alias = importlib.import_module("flask." + name)
            assert alias is importlib.import_module("flaskish." + name), name
            assert alias.__name__ == "flaskish." + name, name
        from flask.json.provider import DefaultJSONProvider
        from flask.sansio.app import App
        from flask.sansio.scaffold import Scaffold
        from flask.sansio.blueprints import Blueprint
        from flask.typing import ResponseReturnValue
        from flask.debughelpers import DebugFilesKeyError
        import flask.json.tag as tag
        assert flask.json.tag is tag
        assert issubclass(flaskish.Flask, App) and Blueprint is flaskish.Blueprint
        install_as_flask()  # a second call changes nothing
        print("ok")
        """
    )
    assert out.strip() == "ok"


def test_a_missing_flask_module_names_itself_and_says_flaskish_lacks_it() -> None:
    out = run_python(
        """
        from flaskish.compat import install_as_flask
        install_as_flask()
        try:
            import flask.nonexistent
        except ModuleNotFoundError as e:
            print(e.name)
            print(e)
        """
    )
    assert out.splitlines() == [
        "flask.nonexistent",
        "No module named 'flask.nonexistent': flaskish is installed as 'flask' and does not"
        " provide this Flask module ('flaskish.nonexistent' does not exist).",
    ]


def test_a_missing_flask_name_names_itself_and_says_flaskish_lacks_it() -> None:
    # Also run by the interop suite in-process; here on every Python CI tests.
    out = run_python(
        """
        from flaskish.compat import install_as_flask
        install_as_flask()
        import flask.helpers
        try:
            from flask.helpers import nope
        except ImportError as e:
            print(e)
        try:
            flask.helpers.nope
        except AttributeError as e:
            print(e)
        print(hasattr(flask, "nope"), getattr(flask.helpers, "nope", "default"))
        """
    )
    reason = (
        "flaskish is installed as 'flask' and does not provide this Flask name"
        " ('flaskish.helpers' has no 'nope')."
    )
    assert out.splitlines() == [
        f"cannot import name 'nope' from 'flask.helpers': {reason}",
        f"module 'flask.helpers' has no attribute 'nope': {reason}",
        "False default",
    ]


def test_installing_after_the_real_flask_was_imported_is_refused() -> None:
    out = run_python(
        """
        import sys, types
        sys.modules["flask"] = types.ModuleType("flask")
        from flaskish.compat import install_as_flask
        try:
            install_as_flask()
        except RuntimeError as e:
            print(e)
        """
    )
    assert out.strip() == (
        "The real Flask is already imported (flask), so flaskish cannot be installed as"
        " 'flask'. Call install_as_flask() before anything imports flask, or set"
        " FLASKISH_AS_FLASK=1 so the flaskish command or the pytest plugin does it first."
    )


def test_flask_distribution_metadata_exists_only_while_aliased() -> None:
    out = run_python(
        """
        import importlib.metadata as md, sys, types
        def version():
            try:
                return md.version("flask")
            except md.PackageNotFoundError:
                return "none"
        before = version()
        from flaskish.compat import install_as_flask
        install_as_flask()
        meta = md.metadata("Flask")
        print(before, version(), md.version("Flask"), meta["Name"], meta["Version"])
        sys.modules["flask"] = types.ModuleType("flask")  # not flaskish any more
        print(version())
        """
    )
    assert out.split("\n")[:2] == ["none 3.1.3 3.1.3 Flask 3.1.3", "none"]


def test_a_real_flask_distribution_is_not_masked(tmp_path: Path) -> None:
    """Where a Flask is installed and ``import flask`` gives it, its own version is read."""
    (tmp_path / "flask").mkdir()
    (tmp_path / "flask" / "__init__.py").write_text("REAL = True\n")
    info = tmp_path / "flask-9.9.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: Flask\nVersion: 9.9\n")
    out = run_python(
        """
        import importlib.metadata as md
        import flask
        import flaskish.compat
        try:
            flaskish.compat.install_as_flask()
        except RuntimeError:
            pass
        print(flask.REAL, md.version("flask"))
        """,
        env={"PYTHONPATH": str(tmp_path)},
    )
    assert out.strip() == "True 9.9"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("On", True), ("0", False), ("", False), ("no", False)],
)
def test_env_var_values(value: str, expected: bool) -> None:
    assert env_requests_install({ENV_VAR: value}) is expected


def test_env_var_unset_asks_for_nothing() -> None:
    assert env_requests_install({}) is False


def _write_pytest_project(tmp_path: Path) -> None:
    (tmp_path / "test_uses_flask.py").write_text(
        textwrap.dedent(
            """
            import sys

            def test_flask_is_flaskish():
                import flask
                assert flask.__name__ == "flaskish"
                assert sys.modules["flask.app"] is sys.modules["flaskish.app"]
            """
        )
    )
    # An empty ini keeps the repository's pytest settings out of the inner run.
    (tmp_path / "pytest.ini").write_text("[pytest]\n")


def test_pytest_plugin_installs_flaskish_as_flask_when_the_variable_is_set(
    tmp_path: Path,
) -> None:
    _write_pytest_project(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:django"],
        cwd=tmp_path,
        env={**os.environ, ENV_VAR: "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_pytest_plugin_does_nothing_without_the_variable(tmp_path: Path) -> None:
    _write_pytest_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:django"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "No module named 'flask'" in proc.stdout


def test_flaskish_command_runs_an_app_written_for_flask(tmp_path: Path) -> None:
    (tmp_path / "hello.py").write_text(
        textwrap.dedent(
            """
            import click
            from flask import Flask

            app = Flask(__name__)

            @app.cli.command()
            def greet():
                click.echo(f"hello from {Flask.__module__}")
            """
        )
    )
    code = "from flaskish.cli import main; main()"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK")}
    proc = subprocess.run(
        [sys.executable, "-c", code, "--app", "hello", "greet"],
        cwd=tmp_path,
        env={**env, ENV_VAR: "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "hello from flaskish.app"


# -- names Flask code imports from modules flaskish adds ---------------------------


def test_typing_and_sansio_modules_name_flaskish_classes() -> None:
    import flaskish.typing as ft
    from flaskish.sansio.app import App
    from flaskish.sansio.blueprints import Blueprint, BlueprintSetupState
    from flaskish.sansio.scaffold import Scaffold, setupmethod

    assert issubclass(Flask, App) and App.__module__ == "flaskish.sansio.app"
    assert Blueprint is flaskish.Blueprint
    assert BlueprintSetupState.__module__ == "flaskish.blueprints"
    assert issubclass(Flask, Scaffold) and callable(setupmethod)
    assert str in ft.ResponseValue.__args__  # type: ignore[attr-defined]


def test_debug_mode_explains_a_file_sent_as_a_form_field(app: Flask) -> None:
    app.debug = True

    @app.post("/upload")
    def upload() -> str:
        return flaskish.request.files["doc"].filename  # type: ignore[no-any-return]

    with pytest.raises(DebugFilesKeyError) as exc_info:
        app.test_client().post("/upload", data={"doc": "report.pdf"})
    assert str(exc_info.value) == (
        "The file 'doc' is not in request.files: the request's mimetype is"
        " 'application/x-www-form-urlencoded', not 'multipart/form-data', so no file"
        ' contents were transmitted. Add enctype="multipart/form-data" to the form.'
        "\n\nOnly file names came as form fields. This was submitted: 'report.pdf'"
    )


def test_files_stay_a_plain_key_error_outside_debug_mode(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data={"doc": "x"}):
        with pytest.raises(KeyError) as exc_info:
            flaskish.request.files["doc"]
    assert not isinstance(exc_info.value, DebugFilesKeyError)


def test_debug_mode_refuses_a_redirect_that_drops_the_form_body(app: Flask) -> None:
    app.debug = True
    exc = RequestRedirect("http://localhost/user/")
    exc.code = 301
    with app.test_request_context("/user", method="POST") as ctx:
        ctx.request.routing_exception = exc
        with pytest.raises(FormDataRoutingRedirect) as exc_info:
            app.raise_routing_exception(ctx.request)
    assert str(exc_info.value) == (
        "A request was sent to 'http://localhost/user', but routing issued a redirect to"
        " the canonical URL 'http://localhost/user/'. The URL was defined with a trailing"
        " slash, and was requested without one. Send requests to the canonical URL, or"
        " use 307 or 308 for routing redirects, or browsers will drop the form data.\n\n"
        "This exception is only raised in debug mode."
    )


def test_a_308_redirect_is_raised_as_is_in_debug_mode(app: Flask) -> None:
    app.debug = True
    exc = RequestRedirect("http://localhost/user/")
    with app.test_request_context("/user", method="POST") as ctx:
        ctx.request.routing_exception = exc
        with pytest.raises(RequestRedirect):
            app.raise_routing_exception(ctx.request)


def test_wsgi_errors_stream_is_a_proxy_to_the_request_stream(app: Flask) -> None:
    assert wsgi_errors_stream._get_current_object() is sys.stderr  # type: ignore[attr-defined]
    stream = io.StringIO()
    with app.test_request_context(errors_stream=stream):
        wsgi_errors_stream.write("logged")
    assert stream.getvalue() == "logged"


def test_url_for_takes_a_self_value(app: Flask) -> None:
    @app.route("/<self>")
    def page(self: str) -> str:
        return self

    with app.test_request_context():
        assert app.url_for("page", self="me") == "/me"


def test_get_template_attribute_is_a_top_level_name() -> None:
    from flaskish.helpers import get_template_attribute

    assert flaskish.get_template_attribute is get_template_attribute


def test_flask_helper_and_cli_names() -> None:
    from flaskish.cli import _show_version, get_version
    from flaskish.helpers import get_debug_flag, get_load_dotenv
    from flaskish.serving import get_debug_flag as serving_flag

    assert get_version is _show_version
    assert get_debug_flag is serving_flag and callable(get_load_dotenv)


def test_environ_builder_builds_the_request_the_client_sends(app: Flask) -> None:
    @app.route("/where")
    def where() -> str:
        return flaskish.request.url

    builder = EnvironBuilder(app, "https://example.com/where", method="GET")
    assert (builder.url_scheme, builder.host, builder.script_root, builder.path) == (
        "https",
        "example.com",
        "",
        "/where",
    )
    assert builder.get_environ()["REQUEST_METHOD"] == "GET"
    assert app.test_client().open(builder).text == "https://example.com/where"
    builder.close()


def test_environ_builder_json_uses_the_app_provider(app: Flask) -> None:
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    builder = EnvironBuilder(app, json="\u20ac")
    assert builder.input_stream.read().decode() == '"\u20ac"'
    assert builder.json_dumps("\u20ac") == '"\u20ac"'


def test_environ_builder_refuses_base_url_with_subdomain(app: Flask) -> None:
    with pytest.raises(ValueError) as exc_info:
        EnvironBuilder(app, base_url="http://x/", subdomain="a")
    assert str(exc_info.value) == "Pass 'subdomain' and 'url_scheme' only without 'base_url'."


# -- werkzeug's exception classes, when werkzeug is installed ----------------------

_FAKE_WERKZEUG = """
class HTTPException(Exception):
    code = None
    description = None

    def __init__(self, description=None, response=None):
        super().__init__()
        if description is not None:
            self.description = description
        self.response = response


class BadRequest(HTTPException):
    code = 400


class BadRequestKeyError(BadRequest, KeyError):
    pass


class Forbidden(HTTPException):
    code = 403


class InternalServerError(HTTPException):
    code = 500

    def __init__(self, description=None, response=None, original_exception=None):
        self.original_exception = original_exception
        super().__init__(description, response)
"""


def test_flaskish_errors_are_instances_of_werkzeugs_classes_when_it_is_installed(
    tmp_path: Path,
) -> None:
    # A stand-in with werkzeug's class names, so the test needs no werkzeug.
    package = tmp_path / "werkzeug"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "exceptions.py").write_text(_FAKE_WERKZEUG)
    out = run_python(
        """
        import werkzeug.exceptions as wz
        import flaskish
        from flaskish import exceptions as fe

        assert issubclass(fe.Forbidden, wz.Forbidden)
        assert issubclass(fe.HTTPException, wz.HTTPException)
        assert issubclass(fe.BadRequestKeyError, (wz.BadRequestKeyError, KeyError))
        assert fe.HTTP_EXCEPTION_TYPES == (fe.HTTPException, wz.HTTPException)

        app = flaskish.Flask(__name__)

        @app.errorhandler(wz.Forbidden)
        def forbidden(e):
            return f"handled {type(e).__module__}", 403

        @app.route("/abort")
        def do_abort():
            flaskish.abort(403)

        @app.route("/werkzeug")
        def raise_werkzeug():
            raise wz.Forbidden()

        client = app.test_client()
        for path in ("/abort", "/werkzeug"):
            rv = client.get(path)
            print(rv.status_code, rv.text)
        """,
        env={"PYTHONPATH": str(tmp_path)},
    )
    assert out.splitlines() == [
        "403 handled flaskish.exceptions",
        "403 handled werkzeug.exceptions",
    ]


def test_without_werkzeug_flaskish_errors_have_no_extra_base() -> None:
    from flaskish.exceptions import HTTP_EXCEPTION_TYPES, Forbidden, HTTPException

    assert HTTP_EXCEPTION_TYPES == (HTTPException,)
    assert Forbidden.__bases__ == (HTTPException,)


def test_werkzeug_bases_keep_flaskish_attributes_and_code_handlers_take_werkzeug_errors(
    tmp_path: Path,
) -> None:
    package = tmp_path / "werkzeug"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "exceptions.py").write_text(_FAKE_WERKZEUG)
    out = run_python(
        """
        import werkzeug.exceptions as wz
        import flaskish
        from flaskish import exceptions as fe

        wrapped = fe.InternalServerError(original_exception=KeyError("k"))
        print(type(wrapped.original_exception).__name__)
        assert fe.WERKZEUG_TWINS[wz.Forbidden] is fe.Forbidden

        app = flaskish.Flask(__name__)

        @app.errorhandler(403)
        def forbidden(e):
            return type(e).__module__, 403

        @app.route("/")
        def raise_werkzeug():
            raise wz.Forbidden()

        print(app.test_client().get("/").text)
        """,
        env={"PYTHONPATH": str(tmp_path)},
    )
    assert out.splitlines() == ["KeyError", "werkzeug.exceptions"]


def test_without_werkzeug_there_are_no_twins() -> None:
    from flaskish.exceptions import WERKZEUG_TWINS

    assert WERKZEUG_TWINS == {}


def test_g_names_the_package_it_was_imported_as() -> None:
    out = run_python(
        """
        from flaskish.compat import install_as_flask
        install_as_flask()
        import flask
        app = flask.Flask("named")
        with app.app_context():
            print(repr(flask.g))
        """
    )
    assert out.strip() == "<flask.g of 'named'>"


def test_the_private_session_attribute_opens_the_session_without_marking_it(
    app: Flask,
) -> None:
    from flaskish.globals import request_ctx

    @app.route("/nothing")
    def nothing() -> str:
        return ""

    client = app.test_client()
    with client:
        rv = client.get("/nothing")
        assert "Vary" not in rv.headers
        assert not request_ctx._session.accessed
        assert not request_ctx._session.modified


def test_flask_2_1_app_module_names_under_the_alias() -> None:
    code = textwrap.dedent(
        """
        import warnings
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", DeprecationWarning)
        from flaskish.compat import install_as_flask
        install_as_flask()
        from flask.helpers import locked_cached_property, get_env, is_ip
        from flask.app import locked_cached_property as app_lcp, setupmethod, find_package
        from flask.app import create_logger
        from flask.scaffold import setupmethod, find_package, get_root_path
        from flask.json import htmlsafe_dumps, htmlsafe_dump, JSONEncoder, JSONDecoder
        assert app_lcp is locked_cached_property
        try:
            from flask.app import escape
        except ImportError as e:
            print(e)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "cannot import name 'escape' from 'flask.app': flaskish is installed as 'flask'"
        " and does not provide this Flask name ('flaskish.app' has no 'escape')."
    )
