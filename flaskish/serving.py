"""The development server: Django's ``runserver`` machinery, started the Flask way.

``app.run()`` and ``flaskish run`` both end in :func:`run_simple`, which serves a
WSGI app with :func:`django.core.servers.basehttp.run` (Django's ``WSGIServer``
and ``WSGIRequestHandler``, which :mod:`flaskish.dev_handler` teaches chunked
request bodies) and, when reloading, under Django's autoreloader
(:func:`django.utils.autoreload.run_with_reloader`). This module also reads the
process environment both entry points start from: ``FLASK_DEBUG``,
``FLASK_SKIP_DOTENV`` and the ``.flaskenv``/``.env`` files.

Django's development server has no interactive debugger; ``use_debugger``
shows Django's technical 500 page (the traceback, frames and local variables)
for an unhandled exception instead of a bare "server error".
"""

from __future__ import annotations

import errno
import fnmatch
import logging
import os
import sys
import typing as t
from pathlib import Path

# Defined with Flask's other helpers (an app reads FLASK_DEBUG when it is made, and a
# worker never loads the dev server); the server's settings are read here too.
from .helpers import get_debug_flag as get_debug_flag
from .helpers import get_load_dotenv as get_load_dotenv

if t.TYPE_CHECKING:
    from .app import Flask

__all__ = [
    "get_debug_flag",
    "get_load_dotenv",
    "is_running_from_reloader",
    "load_dotenv",
    "run_app",
    "run_simple",
    "show_server_banner",
]

WSGIApp = t.Callable[[dict[str, t.Any], t.Callable[..., t.Any]], t.Iterable[bytes]]


# -- the environment ----------------------------------------------------------------


def _click() -> t.Any:
    """click, imported when something is printed: a mounted app never loads it."""
    import click

    return click


def load_dotenv(path: str | os.PathLike[str] | None = None, load_defaults: bool = True) -> bool:
    """Set environment variables from dotenv files, never overriding ones already set.

    ``path`` wins over ``.env``, which wins over ``.flaskenv`` (the defaults are
    found by searching up from the working directory). Without python-dotenv this
    only hints that it is missing when such files exist.

    :param path: a file to load, taking precedence over the default files.
    :param load_defaults: also search for ``.flaskenv`` and ``.env``.
    :return: whether any variable was read.
    """
    try:
        import dotenv
    except ImportError:
        if path or os.path.isfile(".env") or os.path.isfile(".flaskenv"):
            _click().secho(
                " * Tip: there are .env files present. Install python-dotenv to use them.",
                fg="yellow",
                err=True,
            )
        return False

    values: dict[str, str | None] = {}
    if load_defaults:
        for name in (".flaskenv", ".env"):
            found = dotenv.find_dotenv(name, usecwd=True)
            if found:
                values.update(dotenv.dotenv_values(found, encoding="utf-8"))
    if path is not None and os.path.isfile(path):
        values.update(dotenv.dotenv_values(path, encoding="utf-8"))
    for key, value in values.items():
        if value is not None and key not in os.environ:
            os.environ[key] = value
    return bool(values)


_load_dotenv_files = load_dotenv


def is_running_from_reloader() -> bool:
    """True in the child process Django's autoreloader restarts on every change."""
    from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

    return os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"


def show_server_banner(debug: bool | None, app_import_path: str | None) -> None:
    """Say which app is served and whether debug mode is on, once (not on each reload)."""
    if is_running_from_reloader():
        return
    if app_import_path is not None:
        _click().echo(f" * Serving Flask app '{app_import_path}'")
    if debug is not None:
        _click().echo(f" * Debug mode: {'on' if debug else 'off'}")


# -- app.run() ------------------------------------------------------------------------


def run_app(
    app: Flask,
    host: str | None = None,
    port: int | None = None,
    debug: bool | None = None,
    load_dotenv: bool = True,
    **options: t.Any,
) -> None:
    """What ``app.run()`` does: settle host, port and debug mode, then :func:`run_simple`.

    Inside ``flaskish run`` it does nothing, so a module that calls ``app.run()``
    at import time does not block the command.
    """
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        if not is_running_from_reloader():
            _click().secho(
                " * Ignoring a call to 'app.run()' that would block the current 'flaskish'"
                " command.\n   Only call 'app.run()' in an 'if __name__ == \"__main__\"' guard.",
                fg="red",
            )
        return

    if get_load_dotenv(load_dotenv):
        _load_dotenv_files()
        if "FLASK_DEBUG" in os.environ:
            app.debug = get_debug_flag()
    if debug is not None:
        app.debug = bool(debug)

    server_name = app.config.get("SERVER_NAME") or ""
    sn_host, _, sn_port = server_name.partition(":")
    host = host or sn_host or "127.0.0.1"
    if port is not None:
        port = int(port)
    else:
        port = int(sn_port) if sn_port else 5000

    options.setdefault("use_reloader", app.debug)
    options.setdefault("use_debugger", app.debug)
    options.setdefault("threaded", True)
    show_server_banner(app.debug, app.name)
    try:
        run_simple(host, port, app, **options)
    finally:
        # A server stopped from an interactive session may be started again.
        app._got_first_request = False


# -- the server -----------------------------------------------------------------------


def run_simple(
    hostname: str,
    port: int,
    application: WSGIApp,
    use_reloader: bool = False,
    use_debugger: bool = False,
    threaded: bool = True,
    extra_files: t.Iterable[str] | None = None,
    exclude_patterns: t.Iterable[str] | None = None,
    **options: t.Any,
) -> None:
    """Serve ``application`` on Django's development server until interrupted.

    :param hostname: the interface to bind to (``0.0.0.0`` for all).
    :param port: the port to bind to; ``0`` picks a free one.
    :param application: any WSGI application.
    :param use_reloader: restart the process when a Python module or an
        ``extra_files`` entry changes (Django's autoreloader).
    :param use_debugger: answer unhandled exceptions with Django's technical
        500 page instead of a plain error.
    :param threaded: handle each request in its own thread.
    :param extra_files: more files whose changes trigger a reload.
    :param exclude_patterns: ``fnmatch`` patterns of files whose changes do not.
    :param options: werkzeug's other options, accepted where they change nothing
        here (``reloader_interval``, ``reloader_type``, ``use_evalex``,
        ``passthrough_errors``, ``processes=1``, ``ssl_context=None``).
    """
    _check_options(options)
    if use_debugger:
        application = DebugTracebackMiddleware(application)
    _ensure_request_log()
    if not use_reloader:
        _serve(hostname, port, application, threaded)
        return

    from django.utils import autoreload

    if is_running_from_reloader():
        _watch(list(extra_files or ()), list(exclude_patterns or ()))
    else:
        _click().echo(" * Restarting with Django's autoreloader")
    autoreload.run_with_reloader(_serve, hostname, port, application, threaded)


_HARMLESS_OPTIONS = frozenset(
    {"reloader_interval", "reloader_type", "use_evalex", "passthrough_errors"}
)


def _check_options(options: dict[str, t.Any]) -> None:
    if options.get("ssl_context") is not None:
        raise ValueError(
            "Django's development server does not serve HTTPS. Run it without"
            " 'ssl_context' (or '--cert'), and put a TLS-terminating proxy in front if"
            " you need HTTPS locally."
        )
    if (options.get("processes") or 1) > 1:
        raise ValueError(
            "Django's development server runs in one process. Use 'threaded=True', or a"
            " production server such as gunicorn for several worker processes."
        )
    unknown = set(options) - _HARMLESS_OPTIONS - {"ssl_context", "processes"}
    if unknown:
        raise TypeError(f"run_simple() got unexpected options: {', '.join(sorted(unknown))}.")


def _serve(hostname: str, port: int, application: WSGIApp, threaded: bool) -> None:
    from django.core.servers.basehttp import WSGIServer, run

    servers: list[WSGIServer] = []

    from .dev_handler import RequestHandler

    class ClosingWSGIServer(WSGIServer):
        # Django's run() never closes its server: remember it, to close it below
        # however serving ends (an exception would otherwise leak the socket).
        # Its requests go to a handler that also reads chunked bodies.
        def __init__(self, address: t.Any, handler: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
            super().__init__(address, RequestHandler, *args, **kwargs)
            servers.append(self)

    def on_bind(bound_port: int) -> None:
        display = f"[{hostname}]" if ":" in hostname else hostname
        _click().secho(
            "WARNING: This is Django's development server. Do not use it in production;"
            " serve the app with a production WSGI or ASGI server instead.",
            fg="red",
            bold=True,
        )
        _click().echo(f" * Running on http://{display}:{bound_port}")
        _click().secho("Press CTRL+C to quit", fg="yellow")
        sys.stdout.flush()

    try:
        run(
            hostname,
            port,
            # django-stubs want Django's WSGIHandler (any WSGI app serves) and an on_bind
            # taking a str (Django passes the bound port, an int).
            application,  # type: ignore[arg-type]
            ipv6=":" in hostname,
            threading=threaded,
            on_bind=on_bind,  # type: ignore[arg-type]
            server_cls=ClosingWSGIServer,
        )
    except OSError as e:
        _report_bind_error(e, port)
        if is_running_from_reloader():
            # This runs in the reloader's server thread, where SystemExit would only end the thread.
            os._exit(1)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        pass
    finally:
        for server in servers:
            server.server_close()


def _report_bind_error(error: OSError, port: int) -> None:
    _click().echo(error.strerror or str(error), err=True)
    if error.errno == errno.EADDRINUSE:
        _click().echo(
            f"Port {port} is in use by another program. Either identify and stop that"
            " program, or start the server with a different port.",
            err=True,
        )
    elif error.errno == errno.EACCES:
        _click().echo(
            f"Binding to port {port} needs privileges this process does not have;"
            " use a port above 1023.",
            err=True,
        )
    elif error.errno == errno.EADDRNOTAVAIL:
        _click().echo(
            "That address is not one of this machine's; bind to 127.0.0.1 or 0.0.0.0.",
            err=True,
        )


def _ensure_request_log() -> None:
    """Print request lines as ``runserver`` does, unless logging already handles them."""
    logger = logging.getLogger("django.server")
    if logger.hasHandlers():
        return
    from django.utils.log import ServerFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(ServerFormatter("[{server_time}] {message}", style="{"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _watch(extra_files: list[str], exclude_patterns: list[str]) -> None:
    """Teach Django's reloader about ``--extra-files`` and ``--exclude-patterns``."""
    from django.utils.autoreload import autoreload_started, file_changed

    def add_extra_files(sender: t.Any, **kwargs: t.Any) -> None:
        sender.extra_files.update(Path(f).resolve() for f in extra_files)

    def ignore_excluded(sender: t.Any, file_path: Path, **kwargs: t.Any) -> bool:
        # A receiver returning True tells Django the change is handled: no reload.
        name = str(file_path)
        return any(fnmatch.fnmatch(name, pattern) for pattern in exclude_patterns)

    autoreload_started.connect(add_extra_files, weak=False, dispatch_uid="flaskish-extra-files")
    file_changed.connect(ignore_excluded, weak=False, dispatch_uid="flaskish-exclude-patterns")


# -- the traceback page ---------------------------------------------------------------


class DebugTracebackMiddleware:
    """Answer an exception the app let through with Django's technical 500 page.

    Stands in for an interactive debugger, which Django's server does not have:
    the page shows the traceback with each frame's local variables.
    """

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(
        self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> t.Iterable[bytes]:
        try:
            return self.app(environ, start_response)
        except Exception:
            exc_info = sys.exc_info()
            sys.stderr.write("".join(_format_exception(exc_info)))
            response = _technical_500(environ, exc_info, self.app)
        status = f"{response.status_code} {response.reason_phrase}"
        start_response(status, list(response.items()), exc_info)
        return [response.content]


def _format_exception(exc_info: t.Any) -> list[str]:
    import traceback

    return traceback.format_exception(*exc_info)


def _technical_500(environ: dict[str, t.Any], exc_info: t.Any, app: WSGIApp) -> t.Any:
    from django.core.exceptions import ImproperlyConfigured
    from django.core.handlers.wsgi import WSGIRequest
    from django.urls import ResolverMatch
    from django.views.debug import SafeExceptionReporterFilter, technical_500_response

    class ReportableSettingsFilter(SafeExceptionReporterFilter):
        # The embedded configuration has no SECRET_KEY, which Django's settings
        # dump would raise on; the page is still worth showing without it.
        def get_safe_settings(self) -> dict[str, t.Any]:
            try:
                return super().get_safe_settings()
            except ImproperlyConfigured:
                return {}

    request = WSGIRequest(environ)
    request.exception_reporter_filter = ReportableSettingsFilter()
    # The page names the "raising view"; left unset, Django would resolve the path
    # against ROOT_URLCONF, which knows nothing of the app's routes.
    request.resolver_match = ResolverMatch(app, (), {})
    return technical_500_response(request, *exc_info)
