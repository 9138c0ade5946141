"""The ``flaskish`` command: app discovery, errors, env files, run/routes/shell, app commands."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from flaskish import Blueprint, Flask, current_app
from flaskish.cli import (
    AppGroup,
    FlaskGroup,
    NoAppException,
    ScriptInfo,
    cli,
    find_best_app,
    load_dotenv,
    locate_app,
    pass_script_info,
    prepare_import,
    with_appcontext,
)
from flaskish.globals import _cv_app
from flaskish.testing import FlaskCliRunner

HERE = Path(__file__).parent
CLIAPPS = HERE / "cliapps"


@pytest.fixture(autouse=True)
def _isolated_process_state(monkeypatch: pytest.MonkeyPatch):
    """Discovery imports modules, edits sys.path and sets FLASK_* variables: undo it all."""
    saved_env = dict(os.environ)
    saved_modules = set(sys.modules)
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in list(os.environ):
        if name.startswith("FLASK_"):
            monkeypatch.delenv(name)
    monkeypatch.syspath_prepend(str(HERE))
    yield
    assert _cv_app.get(None) is None, "a command left an app context pushed"
    os.environ.clear()
    os.environ.update(saved_env)
    for name in set(sys.modules) - saved_modules:
        if name.startswith("cliapps") or name in {"app", "wsgi", "envapp"}:
            del sys.modules[name]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> click.testing.Result:
    return runner.invoke(cli, list(args))


# -- discovery ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("import_path", "expected_name"),
    [
        ("cliapps.named", "named_app"),
        ("cliapps.single", "single_app"),
        ("cliapps.multiple:second", "second_app"),
        ("cliapps.factory", "factory_app"),
        ("cliapps.factory:create_app", "factory_app"),
        ("cliapps.factory:create_app()", "factory_app"),
        ("cliapps.factory:make_named('from_args')", "from_args"),
        ("cliapps.factory:make_named(name='kw', debug=True)", "kw"),
        (str(CLIAPPS / "single.py"), "single_app"),
        (f"{CLIAPPS / 'multiple.py'}:first", "first_app"),
    ],
)
def test_load_app_forms(import_path: str, expected_name: str) -> None:
    app = ScriptInfo(app_import_path=import_path).load_app()
    assert isinstance(app, Flask)
    assert app.name == expected_name


def test_factory_keyword_arguments_are_literals() -> None:
    app = ScriptInfo(app_import_path="cliapps.factory:make_named('x', debug=True)").load_app()
    assert app.config["FACTORY_DEBUG_ARG"] is True


def test_load_app_is_cached_and_create_app_wins() -> None:
    made = Flask("made")
    info = ScriptInfo(app_import_path="cliapps.named", create_app=lambda: made)
    assert info.load_app() is made
    assert info.load_app() is made


def test_prepare_import_walks_out_of_packages() -> None:
    assert prepare_import(str(CLIAPPS / "single.py")) == "cliapps.single"
    assert prepare_import(str(CLIAPPS / "__init__.py")) == "cliapps"
    assert sys.path[0] == str(HERE)


def test_find_best_app_prefers_conventional_names() -> None:
    module = types.ModuleType("conventional")
    module.app = Flask("preferred")  # type: ignore[attr-defined]
    module.other = Flask("other")  # type: ignore[attr-defined]
    assert find_best_app(module).name == "preferred"


def test_locate_app_can_tolerate_a_missing_module() -> None:
    assert locate_app("cliapps_not_there", None, raise_if_not_found=False) is None


@pytest.mark.parametrize("filename", ["app.py", "wsgi.py"])
def test_default_files_in_working_directory(
    filename: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    (tmp_path / filename).write_text(
        "from flaskish import Flask\nserved = Flask('default_file_app')\n"
        "@served.route('/here')\ndef here():\n    return ''\n"
    )
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "routes")
    assert result.exit_code == 0, result.output
    assert "/here" in result.output


def test_flask_app_environment_variable(monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> None:
    monkeypatch.setenv("FLASK_APP", "cliapps.commands")
    result = invoke(runner, "greet", "Ada")
    assert result.exit_code == 0, result.output
    assert result.output == "Hello, Ada, from commands_app!\n"


# -- discovery errors -----------------------------------------------------------------


def _error(result: click.testing.Result) -> str:
    return result.output.split("\n\nError: ", 1)[1].strip()


@pytest.mark.parametrize(
    ("import_path", "message"),
    [
        (
            "cliapps.multiple",
            "Found several Flask applications in module 'cliapps.multiple' ('first',"
            " 'second'). Use '--app cliapps.multiple:name' to pick one.",
        ),
        (
            "cliapps.empty",
            "Found no Flask application or factory in module 'cliapps.empty'. Looked for an"
            " app named 'app' or 'application', then for a single Flask instance, then for"
            " a 'create_app' or 'make_app' factory. Use '--app cliapps.empty:name' to name it.",
        ),
        (
            "cliapps.named:nope",
            "Found no attribute 'nope' in module 'cliapps.named'. Check the name after the"
            " colon in 'cliapps.named:nope'.",
        ),
        (
            "cliapps.named:something_else",
            "'cliapps.named:something_else' gave 'object', not a Flask application.",
        ),
        (
            "cliapps.factory:not_an_app",
            "'cliapps.factory:not_an_app' gave 'str', not a Flask application.",
        ),
        (
            "cliapps.factory:create_app(",
            "Could not parse 'create_app(' as an attribute name or a function call.",
        ),
        (
            "cliapps.factory:a.b",
            "Could not parse 'a.b' as an attribute name or a function call.",
        ),
        (
            "cliapps.factory:a.b()",
            "The factory in 'a.b()' must be a plain name, such as 'create_app(...)'.",
        ),
        (
            "cliapps.factory:make_named(os.name)",
            "The arguments in 'make_named(os.name)' must be Python literals (strings,"
            " numbers, lists, dicts, True, False, None), given by position or by keyword.",
        ),
        (
            "cliapps.factory:make_named(1, 2, 3)",
            "The factory 'make_named(1, 2, 3)' in module 'cliapps.factory' could not be"
            " called with those arguments (make_named() takes 1 positional argument but 3"
            " were given). Pass the ones it needs as"
            " '--app \"cliapps.factory:make_named(args)\"'.",
        ),
        (
            "cliapps.needs_args",
            "The factory 'create_app' in module 'cliapps.needs_args' could not be called"
            " with no arguments (create_app() missing 1 required positional argument:"
            " 'config_name'). Pass the ones it needs as"
            " '--app \"cliapps.needs_args:create_app(args)\"'.",
        ),
        (
            "cliapps.factory:raising",
            "The factory 'raising' in module 'cliapps.factory' raised RuntimeError: the"
            " database is not configured. Run the command with '--debug' to see the"
            " traceback.",
        ),
        (
            "cliapps.raising_factory",
            "The factory 'create_app' in module 'cliapps.raising_factory' raised"
            " RuntimeError: the database is not configured. Run the command with"
            " '--debug' to see the traceback.",
        ),
        (
            "cliapps.factory:inner_type_error",
            "The factory 'inner_type_error' in module 'cliapps.factory' raised TypeError:"
            " object of type 'int' has no len(). Run the command with '--debug' to see the"
            " traceback.",
        ),
        (
            "cliapps.importerror",
            "Importing module 'cliapps.importerror' raised ModuleNotFoundError: No module"
            " named 'flaskish_missing_dependency'. Run the command with '--debug' to see"
            " the traceback.",
        ),
    ],
)
def test_bad_app_gives_one_paragraph(import_path: str, message: str, runner: CliRunner) -> None:
    result = invoke(runner, "--app", import_path, "routes")
    assert result.exit_code == 2
    assert _error(result) == message
    assert "Traceback" not in result.output


def test_missing_module_names_where_it_looked(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps_nowhere", "routes")
    assert result.exit_code == 2
    assert _error(result) == (
        f"Could not import 'cliapps_nowhere': no module or package of that name was found"
        f" (looked from {os.path.realpath(os.getcwd())!r} and the rest of the Python path)."
        " Check the module or file given to '--app' or 'FLASK_APP'."
    )


def test_nothing_to_discover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "routes")
    assert result.exit_code == 2
    assert _error(result) == (
        "Could not locate a Flask application: no '--app' option was given, the"
        " 'FLASK_APP' environment variable is not set, and there is no 'wsgi.py' or"
        f" 'app.py' in the current directory ({str(tmp_path)!r}). Use one of them to name"
        " the app."
    )


def test_debug_shows_the_traceback(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.raising_factory", "--debug", "routes")
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.output
    assert 'raise RuntimeError("the database is not configured")' in result.output
    assert "Run the command with '--debug'" not in result.output


def test_unknown_app_command_reports_the_load_error(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.empty", "greet")
    assert result.exit_code == 2
    assert "Error: Found no Flask application or factory in module 'cliapps.empty'." in (
        result.output
    )
    assert "No such command 'greet'." in result.output


def test_no_app_exception_is_a_usage_error() -> None:
    assert issubclass(NoAppException, click.UsageError)


# -- global options -----------------------------------------------------------------


def test_help_lists_app_commands(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.commands", "--help")
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1]
    assert [line.split()[0] for line in commands.strip().splitlines()] == [
        "admin",
        "greet",
        "routes",
        "run",
        "shell",
    ]


def test_app_command_help(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.commands", "greet", "--help")
    assert result.exit_code == 0
    assert "Greet someone from inside the app context." in result.output


def test_help_without_arguments_reads_flask_app(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.setenv("FLASK_APP", "cliapps.commands")
    result = invoke(runner)
    assert "greet" in result.output


def test_version(runner: CliRunner) -> None:
    import django

    result = invoke(runner, "--version")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("Python ")
    assert lines[1] == "flaskish 0.1.0"
    assert lines[2] == f"Django {django.get_version()}"


@pytest.mark.parametrize(("flag", "expected"), [("--debug", True), ("--no-debug", False)])
def test_debug_option_sets_env_and_app(flag: str, expected: bool, runner: CliRunner) -> None:
    seen = {}

    @click.command()
    @with_appcontext
    def probe() -> None:
        seen["debug"] = current_app.debug
        seen["env"] = os.environ["FLASK_DEBUG"]

    group = FlaskGroup(create_app=lambda: Flask("debug_probe"))
    group.add_command(probe)
    result = runner.invoke(group, [flag, "probe"])
    assert result.exit_code == 0, result.output
    assert seen == {"debug": expected, "env": "1" if expected else "0"}


def test_debug_from_environment(monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = Flask("env_debug")
    info = ScriptInfo(create_app=lambda: app)
    assert info.load_app().debug is True
    assert ScriptInfo(create_app=lambda: app, set_debug_flag=False).load_app() is app


def test_app_run_is_a_no_op_under_the_command(runner: CliRunner) -> None:
    group = FlaskGroup(create_app=lambda: Flask("no_op"))

    @group.command()
    def start() -> None:
        current_app.run()
        click.echo("returned")

    result = runner.invoke(group, ["start"])
    assert result.exit_code == 0, result.output
    assert "Ignoring a call to 'app.run()'" in result.output
    assert result.output.endswith("returned\n")


# -- env files ------------------------------------------------------------------------


@pytest.fixture
def env_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".flaskenv").write_text("FOO=flaskenv\nBAR=flaskenv\nSPAM=flaskenv\n")
    (tmp_path / ".env").write_text("FOO=env\nBAR=env\n")
    (tmp_path / "custom.env").write_text("FOO=custom\n")
    nested = tmp_path / "nested"
    nested.mkdir()
    monkeypatch.chdir(nested)
    for name in ("FOO", "BAR", "SPAM", "EGGS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_load_dotenv_precedence(env_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGGS", "set")
    (env_dir / ".env").write_text("FOO=env\nBAR=env\nEGGS=env\n")
    assert load_dotenv(env_dir / "custom.env") is True
    assert os.environ["FOO"] == "custom"
    assert os.environ["BAR"] == "env"
    assert os.environ["SPAM"] == "flaskenv"
    assert os.environ["EGGS"] == "set"


def test_load_dotenv_without_defaults(env_dir: Path) -> None:
    assert load_dotenv(env_dir / "custom.env", load_defaults=False) is True
    assert os.environ["FOO"] == "custom"
    assert "BAR" not in os.environ


def test_load_dotenv_finds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_dotenv() is False


def _env_probe_group() -> FlaskGroup:
    group = FlaskGroup(create_app=lambda: Flask("env_probe"))

    @group.command(with_appcontext=False)
    def env() -> None:
        click.echo(" ".join(f"{k}={os.environ.get(k)}" for k in ("FOO", "BAR", "SPAM")))

    return group


def test_command_loads_default_env_files(env_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(_env_probe_group(), ["env"])
    assert result.output == "FOO=env BAR=env SPAM=flaskenv\n"


def test_env_file_option_wins_over_defaults(env_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(_env_probe_group(), ["--env-file", str(env_dir / "custom.env"), "env"])
    assert result.output == "FOO=custom BAR=env SPAM=flaskenv\n"


def test_skip_dotenv(env_dir: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> None:
    monkeypatch.setenv("FLASK_SKIP_DOTENV", "1")
    result = runner.invoke(_env_probe_group(), ["env"])
    assert result.output == "FOO=None BAR=None SPAM=None\n"
    result = runner.invoke(_env_probe_group(), ["-e", str(env_dir / "custom.env"), "env"])
    assert result.output == "FOO=custom BAR=None SPAM=None\n"


def test_flaskenv_can_name_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    (tmp_path / "envapp.py").write_text(
        "import click\nfrom flaskish import Flask\napp = Flask('envapp')\n"
        "@app.cli.command()\ndef hi():\n    click.echo('hi from envapp')\n"
    )
    (tmp_path / ".flaskenv").write_text("FLASK_APP=envapp\n")
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "hi")
    assert result.output == "hi from envapp\n"


# -- run ------------------------------------------------------------------------------


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    calls: dict[str, object] = {}

    def fake_run_simple(host: str, port: int, app: object, **options: object) -> None:
        calls.update(host=host, port=port, app=app, **options)

    monkeypatch.setattr("flaskish.cli.run_simple", fake_run_simple)
    return calls


def test_run_defaults(served: dict[str, object], runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.commands", "run")
    assert result.exit_code == 0, result.output
    assert result.output == " * Serving Flask app 'cliapps.commands'\n * Debug mode: off\n"
    assert served["host"] == "127.0.0.1"
    assert served["port"] == 5000
    assert served["app"].name == "commands_app"  # type: ignore[attr-defined]
    assert served["use_reloader"] is False
    assert served["use_debugger"] is False
    assert served["threaded"] is True


def test_run_options(served: dict[str, object], runner: CliRunner, tmp_path: Path) -> None:
    one, two = tmp_path / "one.cfg", tmp_path / "two.cfg"
    one.touch()
    two.touch()
    result = invoke(
        runner,
        "--app",
        "cliapps.commands",
        "run",
        "--debug",
        "--host",
        "0.0.0.0",
        "-p",
        "8123",
        "--no-debugger",
        "--without-threads",
        "--extra-files",
        f"{one}{os.pathsep}{two}",
        "--exclude-patterns",
        f"*.tmp{os.pathsep}*~",
    )
    assert result.exit_code == 0, result.output
    assert " * Debug mode: on" in result.output
    assert served["host"] == "0.0.0.0"
    assert served["port"] == 8123
    assert served["use_reloader"] is True
    assert served["use_debugger"] is False
    assert served["threaded"] is False
    assert served["extra_files"] == [str(one), str(two)]
    assert served["exclude_patterns"] == ["*.tmp", "*~"]


def test_run_port_from_environment(
    served: dict[str, object], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_RUN_PORT", "8765")
    result = invoke(runner, "--app", "cliapps.commands", "--debug", "run", "--no-reload")
    assert result.exit_code == 0, result.output
    assert served["port"] == 8765
    assert served["use_reloader"] is False
    assert served["use_debugger"] is True


def test_run_with_a_broken_app_fails_before_serving(
    served: dict[str, object], runner: CliRunner
) -> None:
    result = invoke(runner, "--app", "cliapps.raising_factory", "run")
    assert result.exit_code == 2
    assert "raised RuntimeError: the database is not configured." in result.output
    assert served == {}


def test_run_after_a_reload_keeps_serving_a_broken_app(
    served: dict[str, object], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUN_MAIN", "true")
    result = invoke(runner, "--app", "cliapps.raising_factory", "run")
    assert result.exit_code == 0, result.output
    failing = served["app"]
    with pytest.raises(NoAppException):
        failing({}, lambda *a: None)  # type: ignore[operator]
    assert str(CLIAPPS / "raising_factory.py") in served["extra_files"]  # type: ignore[operator]


# -- routes ---------------------------------------------------------------------------


def test_routes_table(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.commands", "routes")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Endpoint         Methods    Subdomain  Rule                   ",
        "---------------  ---------  ---------  -----------------------",
        "admin.dashboard  GET        manage     /admin                 ",
        "index            GET                   /                      ",
        "static           GET                   /static/<path:filename>",
        "user             POST, PUT             /users/<int:user_id>   ",
    ]


def test_routes_sorted_with_all_methods(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.commands", "routes", "-s", "methods", "--all-methods")
    assert result.output.splitlines()[2:] == [
        "static           GET, HEAD, OPTIONS             /static/<path:filename>",
        "index            GET, HEAD, OPTIONS             /                      ",
        "admin.dashboard  GET, HEAD, OPTIONS  manage     /admin                 ",
        "user             OPTIONS, POST, PUT             /users/<int:user_id>   ",
    ]


@pytest.mark.parametrize(
    ("sort", "first_column"),
    [
        ("rule", ["/", "/admin", "/static/<path:filename>", "/users/<int:user_id>"]),
        ("domain", ["/static/<path:filename>", "/", "/users/<int:user_id>", "/admin"]),
        ("match", ["/static/<path:filename>", "/", "/users/<int:user_id>", "/admin"]),
    ],
)
def test_routes_sort_orders(sort: str, first_column: list[str], runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.commands", "routes", "--sort", sort)
    assert [line.split()[-1] for line in result.output.splitlines()[2:]] == first_column


def test_routes_without_domains_or_rules() -> None:
    app = Flask("plain", static_folder=None)
    runner = app.test_cli_runner()
    group = FlaskGroup(create_app=lambda: app)
    assert runner.invoke(group, ["routes"]).output == "No routes were registered.\n"

    app.add_url_rule("/a", "a", lambda: "")
    assert runner.invoke(group, ["routes"]).output.splitlines() == [
        "Endpoint  Methods  Rule",
        "--------  -------  ----",
        "a         GET      /a  ",
    ]


def test_routes_host_matching_column() -> None:
    app = Flask("hosts", host_matching=True, static_host="static.test")
    app.add_url_rule("/", "home", lambda: "", host="www.test")
    output = app.test_cli_runner().invoke(FlaskGroup(create_app=lambda: app), ["routes"]).output
    assert output.splitlines()[0].split() == ["Endpoint", "Methods", "Host", "Rule"]
    assert output.splitlines()[2].split() == ["home", "GET", "www.test", "/"]


# -- shell ----------------------------------------------------------------------------


def test_shell_namespace_and_banner(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, runner: CliRunner
) -> None:
    app = Flask("shell_app")

    @app.shell_context_processor
    def extra() -> dict[str, object]:
        return {"answer": 42}

    startup = tmp_path / "startup.py"
    startup.write_text("from_startup = 'yes'\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(startup))
    monkeypatch.delattr(sys, "__interactivehook__", raising=False)
    seen: dict[str, object] = {}

    def fake_interact(banner: str, local: dict[str, object]) -> None:
        seen["banner"] = banner
        seen["local"] = local
        seen["has_app_context"] = current_app._get_current_object() is app  # type: ignore[attr-defined]

    monkeypatch.setattr("code.interact", fake_interact)
    result = runner.invoke(FlaskGroup(create_app=lambda: app), ["shell"])
    assert result.exit_code == 0, result.output
    assert seen["has_app_context"] is True
    assert seen["banner"] == (
        f"Python {sys.version} on {sys.platform}\nApp: shell_app\nInstance: {app.instance_path}"
    )
    local = seen["local"]
    assert isinstance(local, dict)
    assert local["app"] is app
    assert local["answer"] == 42
    assert local["from_startup"] == "yes"
    assert "g" in local


def test_make_shell_context() -> None:
    app = Flask("ctx_app")
    app.shell_context_processor(lambda: {"a": 1})
    app.shell_context_processor(lambda: {"a": 2, "b": 3})
    context = app.make_shell_context()
    assert context["app"] is app
    assert (context["a"], context["b"]) == (2, 3)


# -- app.cli, blueprints, custom groups -----------------------------------------------


def test_app_cli_is_an_app_group_named_after_the_app() -> None:
    app = Flask("grouped")
    assert isinstance(app.cli, AppGroup)
    assert app.cli.name == "grouped"
    bp = Blueprint("bp", __name__)
    assert isinstance(bp.cli, AppGroup)
    assert bp.cli.name == "bp"


def test_test_cli_runner_invokes_app_commands() -> None:
    app = Flask("runner_app")

    @app.cli.command("hello")
    @click.option("--name", default="World")
    def hello(name: str) -> None:
        click.echo(f"Hello, {name} from {current_app.name}")

    runner = app.test_cli_runner()
    assert isinstance(runner, FlaskCliRunner)
    assert runner.invoke(args=["hello"]).output == "Hello, World from runner_app\n"
    assert runner.invoke(hello, ["--name", "Ada"]).output == "Hello, Ada from runner_app\n"


def test_test_cli_runner_class() -> None:
    class Custom(FlaskCliRunner):
        pass

    app = Flask("custom_runner")
    app.test_cli_runner_class = Custom
    runner = app.test_cli_runner(charset="utf-8")
    assert type(runner) is Custom
    assert runner.app is app


def test_with_appcontext_and_pass_script_info() -> None:
    app = Flask("ctx_cmd")

    @click.command()
    @with_appcontext
    def needs_context() -> None:
        click.echo(current_app.name)

    @click.command()
    @pass_script_info
    def needs_info(info: ScriptInfo) -> None:
        click.echo(info.load_app().name)

    runner = app.test_cli_runner()
    assert runner.invoke(needs_context).output == "ctx_cmd\n"
    assert runner.invoke(needs_info).output == "ctx_cmd\n"


def test_app_group_commands_and_groups() -> None:
    app = Flask("groups")

    @app.cli.group()
    def db() -> None:
        """Database commands."""

    @db.command()
    def init() -> None:
        click.echo(f"init {current_app.name}")

    @app.cli.command(with_appcontext=False)
    def plain() -> None:
        click.echo(f"context: {_cv_app.get(None) is not None}")

    assert isinstance(db, AppGroup)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "init"]).output == "init groups\n"
    # Invoked on its own, with no FlaskGroup around it, nothing pushes a context.
    assert runner.invoke(plain).output == "context: False\n"


def test_add_command() -> None:
    app = Flask("added")

    @click.command("standalone")
    @with_appcontext
    def standalone() -> None:
        click.echo(current_app.name)

    app.cli.add_command(standalone)
    assert app.test_cli_runner().invoke(args=["standalone"]).output == "added\n"


def test_blueprint_groups(runner: CliRunner) -> None:
    result = invoke(runner, "--app", "cliapps.commands", "admin", "create-user")
    assert result.exit_code == 0, result.output
    assert result.output == "created by commands_app\n"


@pytest.mark.parametrize(
    ("bp_group", "register_group", "args"),
    [
        (Ellipsis, Ellipsis, ["reports", "build"]),
        ("custom", Ellipsis, ["custom", "build"]),
        (None, Ellipsis, ["build"]),
        (Ellipsis, "override", ["override", "build"]),
        ("custom", None, ["build"]),
    ],
)
def test_blueprint_cli_group_options(
    bp_group: object, register_group: object, args: list[str]
) -> None:
    kwargs = {} if bp_group is Ellipsis else {"cli_group": bp_group}
    bp = Blueprint("reports", __name__, **kwargs)  # type: ignore[arg-type]

    @bp.cli.command()
    def build() -> None:
        click.echo(f"built in {current_app.name}")

    app = Flask("bp_groups")
    options = {} if register_group is Ellipsis else {"cli_group": register_group}
    app.register_blueprint(bp, **options)
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.output == "built in bp_groups\n"


def test_custom_flask_group_script(runner: CliRunner) -> None:
    def create_app() -> Flask:
        app = Flask("scripted")
        app.add_url_rule("/scripted", "scripted", lambda: "")

        @app.cli.command()
        def status() -> None:
            click.echo(f"{current_app.name} ok")

        return app

    @click.group(cls=FlaskGroup, create_app=create_app)
    def manage() -> None:
        """A project's own management script."""

    assert runner.invoke(manage, ["status"]).output == "scripted ok\n"
    assert "/scripted" in runner.invoke(manage, ["routes"]).output
    help_output = runner.invoke(manage, ["--help"]).output
    assert "A project's own management script." in help_output
    assert "status" in help_output


def test_flask_group_without_defaults(runner: CliRunner) -> None:
    group = FlaskGroup(
        create_app=lambda: Flask("bare"), add_default_commands=False, add_version_option=False
    )
    output = runner.invoke(group, ["--help"]).output
    assert "routes" not in output
    assert "--version" not in output


def test_plugin_commands_from_entry_points(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    @click.command()
    def plugged() -> None:
        click.echo("from a plugin")

    class EntryPoint:
        name = "plugged"

        def load(self) -> click.Command:
            return plugged

    def entry_points(group: str) -> list[EntryPoint]:
        return [EntryPoint()] if group == "flaskish.commands" else []

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)
    group = FlaskGroup(create_app=lambda: Flask("plugins"))
    assert runner.invoke(group, ["plugged"]).output == "from a plugin\n"


def test_python_dash_m_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    import runpy

    monkeypatch.setattr(sys, "argv", ["flaskish", "--version"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("flaskish", run_name="__main__")
    assert info.value.code == 0
