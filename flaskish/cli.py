"""The ``flaskish`` command: find the app, then ``run``, ``routes``, ``shell`` or its own commands.

The app is named by ``--app`` (or ``FLASK_APP``) as ``module``, ``module:name``
or ``module:factory(literal args)``, or found in ``wsgi.py``/``app.py`` in the
working directory. Commands an app adds to ``app.cli`` (and blueprints to
``bp.cli``) appear beside the built-in ones and run inside its app context.
The server itself lives in :mod:`flaskish.serving`.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
import os
import platform
import re
import sys
import traceback
import typing as t
from functools import update_wrapper
from types import ModuleType

import click
from click.core import ParameterSource

from .globals import _cv_app, current_app
from .serving import get_debug_flag as get_debug_flag
from .serving import get_load_dotenv as get_load_dotenv
from .serving import is_running_from_reloader, run_simple
from .serving import load_dotenv as load_dotenv
from .serving import show_server_banner as show_server_banner

if t.TYPE_CHECKING:
    from .app import Flask

__all__ = [
    "AppGroup",
    "FlaskGroup",
    "NoAppException",
    "ScriptInfo",
    "find_app_by_string",
    "find_best_app",
    "load_dotenv",
    "locate_app",
    "main",
    "pass_script_info",
    "prepare_import",
    "with_appcontext",
]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

_DEFAULT_NAMES = ("app", "application")
_FACTORY_NAMES = ("create_app", "make_app")


class NoAppException(click.UsageError):
    """The app could not be found or loaded; the message says what was tried."""


# -- finding the app --------------------------------------------------------------


def _flask_class() -> type[Flask]:
    from .app import Flask

    return Flask


def _failure(what: str, error: BaseException) -> str:
    """One paragraph about an exception, with its traceback only in debug mode."""
    summary = f"{what} raised {type(error).__name__}: {str(error).rstrip('.')}."
    if get_debug_flag():
        tb = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return f"{summary}\n\n{tb}"
    return f"{summary} Run the command with '--debug' to see the traceback."


def _called_with_wrong_args(func: t.Callable[..., t.Any], error: BaseException) -> bool:
    """Whether ``error`` came from calling ``func`` itself, before its body ran."""
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is func.__code__:
            return False
        tb = tb.tb_next
    return True


def _call_factory(
    func: t.Callable[..., t.Any], label: str, module: ModuleType, *args: t.Any, **kwargs: t.Any
) -> t.Any:
    try:
        return func(*args, **kwargs)
    except Exception as e:
        if isinstance(e, TypeError) and _called_with_wrong_args(func, e):
            raise NoAppException(
                f"The factory {label!r} in module {module.__name__!r} could not be called"
                f" with {'those' if args or kwargs else 'no'} arguments ({e}). Pass the"
                f" ones it needs as '--app \"{module.__name__}:{func.__name__}(args)\"'."
            ) from e
        raise NoAppException(
            _failure(f"The factory {label!r} in module {module.__name__!r}", e)
        ) from e


def find_best_app(module: ModuleType) -> Flask:
    """The app in ``module``: ``app``/``application``, the only app, or a factory's result."""
    flask_class = _flask_class()
    for name in _DEFAULT_NAMES:
        candidate = getattr(module, name, None)
        if isinstance(candidate, flask_class):
            return candidate

    found = {k: v for k, v in vars(module).items() if isinstance(v, flask_class)}
    if len(found) == 1:
        return next(iter(found.values()))
    if len(found) > 1:
        names = ", ".join(repr(k) for k in found)
        raise NoAppException(
            f"Found several Flask applications in module {module.__name__!r} ({names})."
            f" Use '--app {module.__name__}:name' to pick one."
        )

    for name in _FACTORY_NAMES:
        factory = getattr(module, name, None)
        if inspect.isfunction(factory):
            app = _call_factory(factory, name, module)
            if isinstance(app, flask_class):
                return app

    raise NoAppException(
        f"Found no Flask application or factory in module {module.__name__!r}. Looked for"
        " an app named 'app' or 'application', then for a single Flask instance, then for"
        " a 'create_app' or 'make_app' factory. Use"
        f" '--app {module.__name__}:name' to name it."
    )


def _parse_app_name(app_name: str) -> tuple[str, list[t.Any], dict[str, t.Any]]:
    """Split ``name`` or ``factory(args)`` into a name and literal arguments."""
    try:
        expr = ast.parse(app_name.strip(), mode="eval").body
    except SyntaxError:
        raise NoAppException(
            f"Could not parse {app_name!r} as an attribute name or a function call."
        ) from None
    if isinstance(expr, ast.Name):
        return expr.id, [], {}
    if not isinstance(expr, ast.Call):
        raise NoAppException(
            f"Could not parse {app_name!r} as an attribute name or a function call."
        )
    if not isinstance(expr.func, ast.Name):
        raise NoAppException(
            f"The factory in {app_name!r} must be a plain name, such as 'create_app(...)'."
        )
    try:
        args = [ast.literal_eval(arg) for arg in expr.args]
        kwargs = {}
        for kw in expr.keywords:
            if kw.arg is None:
                raise ValueError
            kwargs[kw.arg] = ast.literal_eval(kw.value)
    except ValueError:
        raise NoAppException(
            f"The arguments in {app_name!r} must be Python literals (strings, numbers,"
            " lists, dicts, True, False, None), given by position or by keyword."
        ) from None
    return expr.func.id, args, kwargs


def find_app_by_string(module: ModuleType, app_name: str) -> Flask:
    """The app named by ``app_name`` in ``module``: an attribute, or a factory called with literals."""
    name, args, kwargs = _parse_app_name(app_name)
    try:
        attr = getattr(module, name)
    except AttributeError as e:
        raise NoAppException(
            f"Found no attribute {name!r} in module {module.__name__!r}. Check the name"
            f" after the colon in '{module.__name__}:{app_name}'."
        ) from e

    app = attr
    if inspect.isfunction(attr):
        app = _call_factory(attr, app_name, module, *args, **kwargs)
    if isinstance(app, _flask_class()):
        return app
    raise NoAppException(
        f"'{module.__name__}:{app_name}' gave {type(app).__name__!r}, not a Flask application."
    )


def prepare_import(path: str) -> str:
    """Turn a file path or dotted name into an importable name, adding its folder to ``sys.path``."""
    path = os.path.realpath(path)
    base, ext = os.path.splitext(path)
    if ext == ".py":
        path = base
    if os.path.basename(path) == "__init__":
        path = os.path.dirname(path)

    parts: list[str] = []
    while True:
        path, name = os.path.split(path)
        parts.append(name)
        if not os.path.exists(os.path.join(path, "__init__.py")):
            break
    if sys.path[0] != path:
        sys.path.insert(0, path)
    return ".".join(reversed(parts))


@t.overload
def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: t.Literal[True] = True
) -> Flask: ...


@t.overload
def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: bool = ...
) -> Flask | None: ...


def locate_app(
    module_name: str, app_name: str | None, raise_if_not_found: bool = True
) -> Flask | None:
    """Import ``module_name`` and find the app in it (``app_name`` or the best guess)."""
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        missing = e.name or ""
        if module_name != missing and not module_name.startswith(missing + "."):
            raise NoAppException(_failure(f"Importing module {module_name!r}", e)) from e
        if not raise_if_not_found:
            return None
        raise NoAppException(
            f"Could not import {module_name!r}: no module or package of that name was found"
            f" (looked from {sys.path[0]!r} and the rest of the Python path). Check the"
            " module or file given to '--app' or 'FLASK_APP'."
        ) from None
    except Exception as e:
        raise NoAppException(_failure(f"Importing module {module_name!r}", e)) from e

    module = sys.modules[module_name]
    if app_name is None:
        return find_best_app(module)
    return find_app_by_string(module, app_name)


# -- the script's state -----------------------------------------------------------


class ScriptInfo:
    """What a command needs to load the app: an import path or a factory, loaded once.

    :param app_import_path: ``module:name`` as given to ``--app``.
    :param create_app: a callable returning the app; wins over the import path.
    :param set_debug_flag: set ``app.debug`` from ``FLASK_DEBUG`` after loading.
    :param load_dotenv_defaults: whether ``.flaskenv``/``.env`` should be loaded
        (read by the ``--env-file`` option; this object loads nothing itself).
    """

    def __init__(
        self,
        app_import_path: str | None = None,
        create_app: t.Callable[..., Flask] | None = None,
        set_debug_flag: bool = True,
        load_dotenv_defaults: bool = True,
    ) -> None:
        self.app_import_path = app_import_path
        self.create_app = create_app
        #: Anything commands want to share through the script info.
        self.data: dict[t.Any, t.Any] = {}
        self.set_debug_flag = set_debug_flag
        self.load_dotenv_defaults = get_load_dotenv(load_dotenv_defaults)
        self._loaded_app: Flask | None = None

    def load_app(self) -> Flask:
        """Load the app (once) from ``create_app``, the import path, or ``wsgi.py``/``app.py``."""
        if self._loaded_app is not None:
            return self._loaded_app
        app: Flask | None
        if self.create_app is not None:
            app = self.create_app()
        elif self.app_import_path:
            path, name = _split_import_path(self.app_import_path)
            app = locate_app(prepare_import(path), name)
        else:
            app = None
            for filename in ("wsgi.py", "app.py"):
                if os.path.isfile(filename):
                    app = locate_app(prepare_import(filename), None, raise_if_not_found=False)
                    if app is not None:
                        break
        if app is None:
            raise NoAppException(
                "Could not locate a Flask application: no '--app' option was given, the"
                " 'FLASK_APP' environment variable is not set, and there is no 'wsgi.py'"
                f" or 'app.py' in the current directory ({os.getcwd()!r}). Use one of them"
                " to name the app."
            )
        if self.set_debug_flag:
            # Through the property, so settings derived from debug follow it.
            app.debug = get_debug_flag()
        self._loaded_app = app
        return app


def _split_import_path(value: str) -> tuple[str, str | None]:
    # A colon followed by a slash is a Windows drive ("C:\\app.py"), not "module:name".
    parts = re.split(r":(?![\\/])", value, maxsplit=1)
    return parts[0], (parts[1] or None) if len(parts) > 1 else None


#: Pass the current :class:`ScriptInfo` as a command's first argument.
pass_script_info = click.make_pass_decorator(ScriptInfo, ensure=True)


def with_appcontext(f: F) -> F:
    """Run the command (and its subcommands) inside the loaded app's context.

    Commands on ``app.cli`` and ``bp.cli`` get this automatically.
    """

    @click.pass_context
    def decorator(ctx: click.Context, /, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if _cv_app.get(None) is None:
            app = ctx.ensure_object(ScriptInfo).load_app()
            ctx.with_resource(app.app_context())
        return ctx.invoke(f, *args, **kwargs)

    return update_wrapper(decorator, f)  # type: ignore[return-value]


class AppGroup(click.Group):
    """A click group whose commands run in the app context, and whose groups are ``AppGroup``s."""

    def command(  # type: ignore[override]
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Callable[[t.Callable[..., t.Any]], click.Command]:
        """Like :meth:`click.Group.command`; ``with_appcontext=False`` skips the app context."""
        wrap = kwargs.pop("with_appcontext", True)

        def decorator(f: t.Callable[..., t.Any]) -> click.Command:
            if wrap:
                f = with_appcontext(f)
            result: click.Command = super(AppGroup, self).command(*args, **kwargs)(f)
            return result

        return decorator

    def group(  # type: ignore[override]
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Callable[[t.Callable[..., t.Any]], click.Group]:
        """Like :meth:`click.Group.group`, making an :class:`AppGroup` by default."""
        kwargs.setdefault("cls", AppGroup)
        result: t.Callable[[t.Callable[..., t.Any]], click.Group] = super().group(*args, **kwargs)
        return result


# -- the group's own options ------------------------------------------------------


def _set_app(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.ensure_object(ScriptInfo).app_import_path = value
    return value


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool | None:
    source = ctx.get_parameter_source(param.name)
    if source in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
        # Not given: leave FLASK_DEBUG (or its absence) alone.
        return None
    # An environment variable, not ScriptInfo: factories can read it while they run.
    os.environ["FLASK_DEBUG"] = "1" if value else "0"
    return value


def _load_env_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        import dotenv  # noqa: F401
    except ImportError:
        if value is not None:
            raise click.BadParameter(
                "python-dotenv must be installed to load an env file.", ctx=ctx, param=param
            ) from None
    defaults = ctx.ensure_object(ScriptInfo).load_dotenv_defaults
    if value is not None or defaults:
        load_dotenv(value, load_defaults=defaults)
    return value


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    import django

    click.echo(
        f"Python {platform.python_version()}\n"
        f"flaskish {importlib.metadata.version('flaskish')}\n"
        f"Django {django.get_version()}",
        color=ctx.color,
    )
    ctx.exit()


#: Flask's name for the ``--version`` callback (it prints flaskish's and Django's versions).
get_version = _show_version


# Eager, so the app is known before --help lists its commands; --env-file comes
# first so the variables it sets (FLASK_APP among them) are seen by --app.
_env_file_option = click.Option(
    ["-e", "--env-file"],
    type=click.Path(exists=True, dir_okay=False),
    help=(
        "Load environment variables from this file, over those from '.env' and"
        " '.flaskenv'; variables already in the environment win. Needs python-dotenv."
    ),
    is_eager=True,
    expose_value=False,
    callback=_load_env_file,
)
_app_option = click.Option(
    ["-A", "--app"],
    metavar="IMPORT",
    help=(
        "The app or factory to load, as 'module:name'. The module may be a dotted"
        " name or a file path; the name may be left out for 'app', 'application',"
        " 'create_app' or 'make_app', and may be 'factory(args)' with literal arguments."
    ),
    is_eager=True,
    expose_value=False,
    callback=_set_app,
)
_debug_option = click.Option(
    ["--debug/--no-debug"],
    help="Turn debug mode on or off (sets FLASK_DEBUG).",
    expose_value=False,
    callback=_set_debug,
)
_version_option = click.Option(
    ["--version"],
    help="Show the flaskish, Django and Python versions.",
    expose_value=False,
    callback=_show_version,
    is_flag=True,
    is_eager=True,
)


class FlaskGroup(AppGroup):
    """The ``flaskish`` command's group: built-in commands plus the loaded app's ``app.cli``.

    Subclass or instantiate it for a project's own script.

    :param add_default_commands: add ``run``, ``shell`` and ``routes``.
    :param create_app: a callable returning the app, instead of ``--app`` discovery.
    :param add_version_option: add ``--version``.
    :param load_dotenv: load ``.flaskenv`` and ``.env`` from the working directory up.
    :param set_debug_flag: set ``app.debug`` from ``FLASK_DEBUG``.
    """

    #: Entry-point group where installed packages add commands.
    plugin_group = "flaskish.commands"

    def __init__(
        self,
        add_default_commands: bool = True,
        create_app: t.Callable[..., Flask] | None = None,
        add_version_option: bool = True,
        load_dotenv: bool = True,
        set_debug_flag: bool = True,
        **extra: t.Any,
    ) -> None:
        params: list[click.Parameter] = list(extra.pop("params", None) or ())
        # Options with callbacks, not a group callback: a subclass may add its own.
        params.extend((_env_file_option, _app_option, _debug_option))
        if add_version_option:
            params.append(_version_option)
        extra.setdefault("context_settings", {}).setdefault("auto_envvar_prefix", "FLASK")
        super().__init__(params=params, **extra)
        self.create_app = create_app
        self.load_dotenv = load_dotenv
        self.set_debug_flag = set_debug_flag
        if add_default_commands:
            self.add_command(run_command)
            self.add_command(shell_command)
            self.add_command(routes_command)
        self._loaded_plugin_commands = False

    def _load_plugin_commands(self) -> None:
        if self._loaded_plugin_commands:
            return
        for ep in importlib.metadata.entry_points(group=self.plugin_group):
            self.add_command(ep.load(), ep.name)
        self._loaded_plugin_commands = True

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load_plugin_commands()
        # Built-in and plugin commands work even when the app does not load.
        rv = super().get_command(ctx, cmd_name)
        if rv is not None:
            return rv
        info = ctx.ensure_object(ScriptInfo)
        try:
            app = info.load_app()
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
            return None
        # The app's own commands and their option callbacks see the app context.
        active = _cv_app.get(None)
        if active is None or active.app is not app:
            ctx.with_resource(app.app_context())
        return app.cli.get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        names = set(super().list_commands(ctx))
        info = ctx.ensure_object(ScriptInfo)
        try:
            names.update(info.load_app().cli.list_commands(ctx))
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
        except Exception:
            click.secho(f"{traceback.format_exc()}\n", err=True, fg="red")
        return sorted(names)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: t.Any,
    ) -> click.Context:
        # Makes app.run() a no-op, so a module calling it at import does not block.
        os.environ["FLASK_RUN_FROM_CLI"] = "true"
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(
                create_app=self.create_app,
                set_debug_flag=self.set_debug_flag,
                load_dotenv_defaults=self.load_dotenv,
            )
        return super().make_context(info_name, args, parent=parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (not args and self.no_args_is_help) or (
            len(args) == 1 and args[0] in self.get_help_option_names(ctx)
        ):
            # Help is shown before eager options run; read the env file and the
            # app now so the help lists the app's commands.
            _env_file_option.handle_parse_result(ctx, {}, [])
            _app_option.handle_parse_result(ctx, {}, [])
        try:
            return super().parse_args(ctx, args)
        except BaseException:
            # Help (or a parse error) ends the command here, and click never
            # closes this context: pop the app contexts that listing commands pushed.
            ctx.close()
            raise


# -- run --------------------------------------------------------------------------


class SeparatedPathType(click.Path):
    """Paths separated by ``os.pathsep`` (``:``; ``;`` on Windows), each checked as a path."""

    def convert(
        self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> t.Any:
        convert_one = super().convert
        return [convert_one(item, param, ctx) for item in self.split_envvar_value(value)]


def _failing_app(error: BaseException) -> t.Callable[..., t.Any]:
    """A WSGI app that re-raises ``error``: the reloader keeps running until the code is fixed."""

    def app(environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Any:
        raise error from None

    return app


def _files_in_traceback(error: BaseException) -> list[str]:
    files: list[str] = []
    seen: BaseException | None = error
    while seen is not None:
        files.extend(frame.filename for frame in traceback.extract_tb(seen.__traceback__))
        if isinstance(seen, SyntaxError) and seen.filename:
            files.append(seen.filename)
        seen = seen.__cause__ or seen.__context__
    return [f for f in files if os.path.isfile(f)]


@click.command("run", short_help="Run a development server.")
@click.option("--host", "-h", default="127.0.0.1", help="The interface to bind to.")
@click.option("--port", "-p", default=5000, help="The port to bind to.")
@click.option(
    "--reload/--no-reload",
    default=None,
    help="Restart when the code changes (Django's autoreloader). On by default in debug mode.",
)
@click.option(
    "--debugger/--no-debugger",
    default=None,
    help=(
        "Show Django's technical error page, with each frame's variables, for unhandled"
        " exceptions. Django's server has no interactive debugger. On by default in debug mode."
    ),
)
@click.option(
    "--with-threads/--without-threads",
    default=True,
    help="Handle each request in its own thread.",
)
@click.option(
    "--extra-files",
    default=None,
    type=SeparatedPathType(),
    help=f"More files whose changes trigger a reload, separated by {os.path.pathsep!r}.",
)
@click.option(
    "--exclude-patterns",
    default=None,
    type=SeparatedPathType(),
    help=(
        "fnmatch patterns of files whose changes do not trigger a reload, separated by"
        f" {os.path.pathsep!r}."
    ),
)
@pass_script_info
def run_command(
    info: ScriptInfo,
    host: str,
    port: int,
    reload: bool | None,
    debugger: bool | None,
    with_threads: bool,
    extra_files: list[str] | None,
    exclude_patterns: list[str] | None,
) -> None:
    """Run the app on Django's development server.

    For development only: it is neither hardened nor fast. Debug mode
    ('--debug') turns on the reloader and the traceback page.
    """
    app: t.Callable[..., t.Any]
    try:
        app = info.load_app()
    except Exception as e:
        if not is_running_from_reloader():
            raise e from None
        # After a reload, a broken app should not stop the reloader: report it,
        # watch the files involved, and answer requests with the error.
        traceback.print_exc()
        extra_files = [*(extra_files or ()), *_files_in_traceback(e)]
        app = _failing_app(e)

    debug = get_debug_flag()
    show_server_banner(debug, info.app_import_path)
    run_simple(
        host,
        port,
        app,
        use_reloader=debug if reload is None else reload,
        use_debugger=debug if debugger is None else debugger,
        threaded=with_threads,
        extra_files=extra_files,
        exclude_patterns=exclude_patterns,
    )


run_command.params.insert(0, _debug_option)


# -- shell and routes ---------------------------------------------------------------


@click.command("shell", short_help="Run a shell in the app context.")
@with_appcontext
def shell_command() -> None:
    """Start an interactive Python shell with the app context pushed.

    Its namespace holds 'app', 'g', and what the app's shell context
    processors return; PYTHONSTARTUP is run first.
    """
    import code

    app = current_app._get_current_object()
    banner = (
        f"Python {sys.version} on {sys.platform}\n"
        f"App: {app.import_name}\n"
        f"Instance: {app.instance_path}"
    )
    namespace: dict[str, t.Any] = {}
    startup = os.environ.get("PYTHONSTARTUP")
    if startup and os.path.isfile(startup):
        with open(startup) as f:
            exec(compile(f.read(), startup, "exec"), namespace)
    namespace.update(app.make_shell_context())

    # The interpreter's own hook sets up readline history; completion should
    # see the shell's namespace, not this module's.
    interactive_hook = getattr(sys, "__interactivehook__", None)
    if interactive_hook is not None:
        try:
            import readline
            from rlcompleter import Completer
        except ImportError:
            pass
        else:
            readline.set_completer(Completer(namespace).complete)
        interactive_hook()

    code.interact(banner=banner, local=namespace)


@click.command("routes", short_help="Show the routes for the app.")
@click.option(
    "--sort",
    "-s",
    type=click.Choice(("endpoint", "methods", "domain", "rule", "match")),
    default="endpoint",
    help="What to sort by; 'match' keeps the order rules are tried in.",
)
@click.option("--all-methods", is_flag=True, help="Show HEAD and OPTIONS methods too.")
@with_appcontext
def routes_command(sort: str, all_methods: bool) -> None:
    """Show every URL rule with its endpoint and methods."""
    url_map = current_app.url_map
    rules = list(url_map.iter_rules())
    if not rules:
        click.echo("No routes were registered.")
        return

    hidden = set() if all_methods else {"HEAD", "OPTIONS"}
    host_matching = url_map.host_matching

    def domain(rule: t.Any) -> str:
        return (rule.host if host_matching else rule.subdomain) or ""

    has_domain = any(domain(rule) for rule in rules)
    headers = ["Endpoint", "Methods"]
    keys = ["endpoint", "methods"]
    if has_domain:
        headers.append("Host" if host_matching else "Subdomain")
        keys.append("domain")
    headers.append("Rule")
    keys.append("rule")

    rows = []
    for rule in rules:
        row = [str(rule.endpoint), ", ".join(sorted((rule.methods or set()) - hidden))]
        if has_domain:
            row.append(domain(rule))
        row.append(rule.rule)
        rows.append(row)
    if sort in keys:
        index = keys.index(sort)
        rows.sort(key=lambda row: row[index])

    rows.insert(0, headers)
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    rows.insert(1, ["-" * width for width in widths])
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


# -- the command ----------------------------------------------------------------------

cli = FlaskGroup(
    name="flaskish",
    help="""\
Run and inspect Flask-style applications served by Django.

Name the application with the '--app' option or the 'FLASK_APP' environment
variable, or put it in a 'wsgi.py' or 'app.py' file in the current directory.
""",
)


def main() -> None:
    """The ``flaskish`` console script.

    With ``FLASKISH_AS_FLASK=1`` the app's ``import flask`` gets flaskish.
    """
    from .compat import install_from_env
    from .flask_command import install_flask_command, uninstall_flask_command

    install_from_env()
    cli.add_command(install_flask_command)
    cli.add_command(uninstall_flask_command)
    cli.main()
