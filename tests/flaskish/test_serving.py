"""The development server: real processes on 127.0.0.1, and ``app.run()``'s settings."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flaskish import Flask, serving
from flaskish.serving import (
    DebugTracebackMiddleware,
    get_debug_flag,
    get_load_dotenv,
    is_running_from_reloader,
    run_app,
    run_simple,
)
from flaskish.testing import build_environ

STARTUP_TIMEOUT = 20.0


@pytest.fixture(autouse=True)
def _restore_environ():
    """``app.run()`` loads dotenv files into ``os.environ``; put it back afterwards."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


APP_SOURCE = """\
from flaskish import Flask, request

app = Flask(__name__)


@app.route("/")
def index():
    return "{greeting}"


@app.route("/echo")
def echo():
    return {{"x": request.args.get("x"), "server": request.environ.get("SERVER_SOFTWARE", "")}}


if __name__ == "__main__":
    import sys

    app.run(port=int(sys.argv[1]))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_app(directory: Path, greeting: str = "hello from flaskish") -> Path:
    path = directory / "served_app.py"
    path.write_text(APP_SOURCE.format(greeting=greeting))
    return path


def child_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FLASK_") and k not in {"DJANGO_SETTINGS_MODULE", "RUN_MAIN"}
    }
    env["PYTHONUNBUFFERED"] = "1"
    return env


def fetch(url: str, timeout: float = 5.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


def wait_for(
    url: str,
    proc: subprocess.Popen[str],
    expected: str | None = None,
    timeout: float | None = None,
) -> str:
    """Poll ``url`` until it answers (with ``expected`` in the body, if given).

    Without ``timeout``, giving up fails the test; with one, it raises ``TimeoutError``.
    """
    deadline = time.monotonic() + (timeout or STARTUP_TIMEOUT)
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"The server exited early ({proc.returncode}):\n{out}\n{err}")
        try:
            body = fetch(url, timeout=2)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            last_error = e
        else:
            if expected is None or expected in body:
                return body
        time.sleep(0.1)
    if timeout is not None:
        raise TimeoutError(url)
    raise AssertionError(f"No answer from {url} within {STARTUP_TIMEOUT} s: {last_error}")


def touch_until(path: Path, url: str, proc: subprocess.Popen[str], expected: str) -> str:
    """Move ``path``'s mtime forward until ``url`` shows ``expected``.

    Django's StatReloader only reloads for a file it saw before with an older
    mtime; a change made before its first scan would go unnoticed, so keep
    changing the file until the restarted server answers.
    """
    deadline = time.monotonic() + STARTUP_TIMEOUT
    bump = 1
    while time.monotonic() < deadline:
        later = time.time() + bump
        os.utime(path, (later, later))
        bump += 1
        try:
            return wait_for(url, proc, expected=expected, timeout=1.5)
        except TimeoutError:
            continue
    raise AssertionError(f"{url} never showed {expected!r} after {path} changed.")


@contextmanager
def server(args: list[str], cwd: Path) -> Iterator[subprocess.Popen[str]]:
    """Start a server process in its own session; always stop it and the reloader's child."""
    proc = subprocess.Popen(
        args,
        cwd=cwd,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        # Close the pipes; the output has been read or is not needed.
        proc.communicate(timeout=10)


def stop_and_read(proc: subprocess.Popen[str]) -> tuple[str, str]:
    os.killpg(proc.pid, signal.SIGTERM)
    return proc.communicate(timeout=10)


# -- real processes ---------------------------------------------------------------------


def test_flaskish_run_serves_http(tmp_path: Path) -> None:
    write_app(tmp_path)
    port = free_port()
    args = [sys.executable, "-m", "flaskish", "--app", "served_app", "run", "--port", str(port)]
    # One thread: each request is logged before the next one is accepted.
    with server([*args, "--no-reload", "--without-threads"], tmp_path) as proc:
        base = f"http://127.0.0.1:{port}"
        assert wait_for(f"{base}/", proc) == "hello from flaskish"
        echoed = fetch(f"{base}/echo?x=1")
        assert '"x":"1"' in echoed.replace(" ", "")
        assert "WSGIServer" in echoed  # Django's basehttp server, not werkzeug's
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(f"{base}/missing")
        assert missing.value.code == 404
        missing.value.close()
        fetch(f"{base}/")
        out, err = stop_and_read(proc)
    assert " * Serving Flask app 'served_app'\n * Debug mode: off\n" in out
    assert f" * Running on http://127.0.0.1:{port}\n" in out
    assert '"GET / HTTP/1.1" 200' in err
    assert '"GET /missing HTTP/1.1" 404' in err


def test_app_run_serves_http(tmp_path: Path) -> None:
    script = write_app(tmp_path, greeting="from app.run")
    port = free_port()
    with server([sys.executable, str(script), str(port)], tmp_path) as proc:
        assert wait_for(f"http://127.0.0.1:{port}/", proc) == "from app.run"
        out, _ = stop_and_read(proc)
    assert " * Serving Flask app 'served_app'" in out
    assert " * Debug mode: off" in out


def test_port_in_use(tmp_path: Path) -> None:
    write_app(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "flaskish", "--app", "served_app", "run", "--port", str(port)],
            cwd=tmp_path,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT,
        )
    assert result.returncode == 1
    assert result.stderr == (
        "Address already in use\n"
        f"Port {port} is in use by another program. Either identify and stop that program,"
        " or start the server with a different port.\n"
    )


def test_reloader_restarts_on_code_change(tmp_path: Path) -> None:
    module = write_app(tmp_path, greeting="before")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    args = [sys.executable, "-m", "flaskish", "--app", "served_app", "--debug", "run"]
    with server([*args, "--port", str(port)], tmp_path) as proc:
        assert wait_for(url, proc) == "before"
        module.write_text(APP_SOURCE.format(greeting="after"))
        assert touch_until(module, url, proc, expected="after") == "after"
        out, _ = stop_and_read(proc)
    assert " * Debug mode: on" in out
    assert " * Restarting with Django's autoreloader" in out


# -- app.run() settings -----------------------------------------------------------------


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    calls: dict[str, object] = {}

    def fake_run_simple(host: str, port: int, app: object, **options: object) -> None:
        calls.update(host=host, port=port, app=app, **options)

    monkeypatch.setattr(serving, "run_simple", fake_run_simple)
    # app.run() loads dotenv files straight into os.environ: all of it is put back after.
    saved = dict(os.environ)
    for name in ("FLASK_RUN_FROM_CLI", "FLASK_DEBUG", "FLASK_SKIP_DOTENV", "RUN_MAIN"):
        os.environ.pop(name, None)
    yield calls
    os.environ.clear()
    os.environ.update(saved)


def test_run_defaults(captured: dict[str, object], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = Flask("run_defaults")
    app.run()
    assert captured == {
        "host": "127.0.0.1",
        "port": 5000,
        "app": app,
        "use_reloader": False,
        "use_debugger": False,
        "threaded": True,
    }


def test_run_uses_server_name(captured: dict[str, object], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = Flask("run_server_name")
    app.config["SERVER_NAME"] = "example.test:8080"
    app.run()
    assert (captured["host"], captured["port"]) == ("example.test", 8080)
    app.run(host="0.0.0.0", port=0)
    assert (captured["host"], captured["port"]) == ("0.0.0.0", 0)
    app.config["SERVER_NAME"] = "example.test"
    app.run()
    assert (captured["host"], captured["port"]) == ("example.test", 5000)


def test_run_debug_turns_on_reloader_and_debugger(
    captured: dict[str, object], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = Flask("run_debug")
    app.run(debug=True, use_reloader=False, extra_files=["a.cfg"])
    assert app.debug is True
    assert captured["use_reloader"] is False
    assert captured["use_debugger"] is True
    assert captured["extra_files"] == ["a.cfg"]


def test_run_reads_flaskenv(captured: dict[str, object], tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".flaskenv").write_text("FLASK_DEBUG=1\n")
    monkeypatch.chdir(tmp_path)
    app = Flask("run_env")
    app.run()
    assert app.debug is True
    assert captured["use_reloader"] is True
    # Set directly: monkeypatch would put back the "1" the dotenv file wrote, after the
    # fixture restored the environment.
    os.environ["FLASK_DEBUG"] = "0"
    app.run(load_dotenv=False)
    assert app.debug is True  # FLASK_DEBUG is only read along with the dotenv files


def test_run_inside_the_command_is_ignored(
    captured: dict[str, object], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    Flask("run_ignored").run()
    assert captured == {}
    assert "Ignoring a call to 'app.run()'" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"ssl_context": "adhoc"},
            ValueError,
            "Django's development server does not serve HTTPS. Run it without 'ssl_context'"
            " (or '--cert'), and put a TLS-terminating proxy in front if you need HTTPS"
            " locally.",
        ),
        (
            {"processes": 4},
            ValueError,
            "Django's development server runs in one process. Use 'threaded=True', or a"
            " production server such as gunicorn for several worker processes.",
        ),
        ({"colour": True}, TypeError, "run_simple() got unexpected options: colour."),
    ],
)
def test_run_simple_rejects_what_django_cannot_do(
    options: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        run_simple("127.0.0.1", 0, Flask("rejected"), **options)  # type: ignore[arg-type]
    assert str(info.value) == message


# -- the traceback page -------------------------------------------------------------------


def test_debug_middleware_shows_django_traceback_page(capsys) -> None:
    app = Flask("debug_page")
    app.debug = True

    @app.route("/boom")
    def boom() -> str:
        local_marker = "visible in the frame"  # noqa: F841
        raise ZeroDivisionError("deliberate")

    @app.route("/fine")
    def fine() -> str:
        return "fine"

    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
        statuses.append(status)
        content_types = [v for k, v in headers if k.lower() == "content-type"]
        assert [v.split(";")[0] for v in content_types] == ["text/html"]

    wrapped = DebugTracebackMiddleware(app)
    body = b"".join(wrapped(build_environ(app, "/boom"), start_response))
    assert statuses == ["500 Internal Server Error"]
    assert b"ZeroDivisionError" in body
    assert b"deliberate" in body
    assert b"visible in the frame" in body
    assert "ZeroDivisionError: deliberate" in capsys.readouterr().err

    statuses.clear()
    body = b"".join(wrapped(build_environ(app, "/fine"), start_response))
    assert (statuses, body) == (["200 OK"], b"fine")


# -- reloader configuration and the environment ------------------------------------------


def test_extra_files_and_exclude_patterns_reach_djangos_reloader(tmp_path: Path) -> None:
    from django.utils.autoreload import autoreload_started, file_changed

    class FakeReloader:
        extra_files: set[Path] = set()

    extra = tmp_path / "settings.cfg"
    serving._watch([str(extra)], ["*.tmp"])
    try:
        autoreload_started.send(sender=FakeReloader)
        assert FakeReloader.extra_files == {extra.resolve()}
        ignored = file_changed.send(sender=FakeReloader, file_path=tmp_path / "x.tmp")
        assert any(result for _, result in ignored)
        watched = file_changed.send(sender=FakeReloader, file_path=tmp_path / "x.py")
        assert not any(result for _, result in watched)
    finally:
        autoreload_started.disconnect(dispatch_uid="flaskish-extra-files")
        file_changed.disconnect(dispatch_uid="flaskish-exclude-patterns")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), ("", False), ("0", False), ("false", False), ("No", False), ("1", True)],
)
def test_get_debug_flag(value: str | None, expected: bool, monkeypatch) -> None:
    if value is None:
        monkeypatch.delenv("FLASK_DEBUG", raising=False)
    else:
        monkeypatch.setenv("FLASK_DEBUG", value)
    assert get_debug_flag() is expected


@pytest.mark.parametrize(
    ("value", "default", "expected"),
    [(None, True, True), (None, False, False), ("1", True, False), ("0", False, True)],
)
def test_get_load_dotenv(value: str | None, default: bool, expected: bool, monkeypatch) -> None:
    if value is None:
        monkeypatch.delenv("FLASK_SKIP_DOTENV", raising=False)
    else:
        monkeypatch.setenv("FLASK_SKIP_DOTENV", value)
    assert get_load_dotenv(default) is expected


def test_is_running_from_reloader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUN_MAIN", raising=False)
    assert is_running_from_reloader() is False
    monkeypatch.setenv("RUN_MAIN", "true")
    assert is_running_from_reloader() is True


def test_run_app_is_what_app_run_calls(captured: dict[str, object], tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = Flask("direct")
    run_app(app, "127.0.0.2", 9000, debug=False)
    assert (captured["host"], captured["port"], captured["use_reloader"]) == (
        "127.0.0.2",
        9000,
        False,
    )


def test_the_server_socket_is_closed_when_serving_ends_with_an_error(monkeypatch) -> None:
    from django.core.servers.basehttp import WSGIServer

    started: list[WSGIServer] = []

    def fail(self: WSGIServer, *args: object, **kwargs: object) -> None:
        started.append(self)
        raise RuntimeError("stopped")

    monkeypatch.setattr(WSGIServer, "serve_forever", fail)
    with pytest.raises(RuntimeError):
        serving._serve("127.0.0.1", 0, Flask(__name__), threaded=False)
    assert len(started) == 1
    assert started[0].socket.fileno() == -1
