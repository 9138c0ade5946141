"""Every deployment recipe of docs/deployment.md, started for real, for the standalone app and the Django site.

Each test renders its configuration from ``deploy/templates`` (the files the
documentation quotes), starts the server(s) on 127.0.0.1, runs the checks of
:mod:`.checks` through them with a real HTTP client, and stops them.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from .checks import Target
from .conftest import KINDS, MakeKind, Verify
from .harness import (
    free_port,
    nginx_command,
    render,
    require,
    running,
    venv_bin,
    wait_for_http,
    wait_for_socket,
)

pytestmark = pytest.mark.parametrize("kind_name", KINDS, ids=["standalone", "site"])


def gunicorn_command(worker_class: str, port: int, target: str) -> list[str]:
    """``gunicorn`` with two workers of ``worker_class`` (gthread with four threads each)."""
    command = [venv_bin("gunicorn"), "--workers", "2", "--worker-class", worker_class]
    if worker_class == "gthread":
        command += ["--threads", "4"]
    return [*command, "--bind", f"127.0.0.1:{port}", "--no-control-socket", target]


@pytest.mark.parametrize("worker_class", ["sync", "gthread", "gevent"])
def test_gunicorn(
    worker_class: str, kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, tmp_path)
    port = free_port()
    command = gunicorn_command(worker_class, port, kind.target)
    with running(
        "gunicorn", command, tmp_path / "gunicorn.log", cwd=kind.app_dir, env=kind.env()
    ) as server:
        wait_for_http(port, "/", server)
        verify(f"gunicorn {worker_class}", kind, Target(port), tmp_path)


def test_gevent_wsgiserver(
    kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, tmp_path)
    port = free_port()
    script = render("serve_gevent.py.in", tmp_path / "serve_gevent.py", port=port, **kind.values())
    command = [kind.values()["python"], str(script)]
    with running("gevent", command, tmp_path / "gevent.log", env=kind.env()) as server:
        wait_for_http(port, "/", server)
        verify("gevent WSGIServer", kind, Target(port), tmp_path)


def test_twisted_web(kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify) -> None:
    kind = make_kind(kind_name, tmp_path)
    port = free_port()
    command = [venv_bin("twistd"), "--nodaemon", "--pidfile=", "web"]
    command += [
        "--listen",
        f"tcp:{port}:interface=127.0.0.1",
        "--wsgi",
        f"{kind.module}.{kind.app}",
    ]
    with running(
        "twistd", command, tmp_path / "twistd.log", cwd=kind.app_dir, env=kind.env()
    ) as server:
        wait_for_http(port, "/", server)
        # Twisted passes a chunked body with no length and no wsgi.input_terminated.
        verify("twisted web", kind, Target(port, chunked="empty"), tmp_path)


def test_uwsgi_http_router(
    kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, tmp_path)
    port = free_port()
    ini = render("uwsgi-http.ini", tmp_path / "uwsgi.ini", port=port, **kind.values())
    command = [venv_bin("uwsgi"), "--ini", str(ini)]
    with running("uwsgi", command, tmp_path / "uwsgi.log", env=kind.env()) as server:
        wait_for_http(port, "/", server)
        # uWSGI passes a chunked body on with no length and no wsgi.input_terminated:
        # the app reads none of it, as Flask does, rather than block.
        verify("uwsgi http router", kind, Target(port, chunked="unread"), tmp_path)


def test_uwsgi_behind_nginx(
    kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, tmp_path)
    port, backend = free_port(), free_port()
    ini = render("uwsgi-socket.ini", tmp_path / "uwsgi.ini", port=backend, **kind.values())
    conf = render(
        "nginx-uwsgi.conf",
        tmp_path / "nginx.conf",
        dir=tmp_path,
        port=port,
        backend_port=backend,
        user=getpass.getuser(),
    )
    uwsgi_command = [venv_bin("uwsgi"), "--ini", str(ini)]
    with running("uwsgi", uwsgi_command, tmp_path / "uwsgi.log", env=kind.env()) as app_server:
        wait_for_socket(("127.0.0.1", backend), app_server)
        with running(
            "nginx",
            nginx_command(conf),
            tmp_path / "nginx.log",
            extra_logs=[tmp_path / "error.log"],
        ) as proxy:
            wait_for_http(port, "/", proxy, app_server)
            # nginx de-chunks a chunked body but passes CONTENT_LENGTH empty.
            verify("nginx + uwsgi", kind, Target(port, chunked="unread"), tmp_path)


def executable(path: Path) -> Path:
    path.chmod(0o755)
    return path


def test_fastcgi_behind_nginx(
    kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, tmp_path)
    port, socket = free_port(), tmp_path / "fcgi.sock"
    fcgi = render(
        "app.fcgi", tmp_path / "app.fcgi", bind_address=repr(str(socket)), **kind.values()
    )
    conf = render(
        "nginx-fastcgi.conf",
        tmp_path / "nginx.conf",
        dir=tmp_path,
        port=port,
        socket=socket,
        user=getpass.getuser(),
    )
    fcgi_command = [str(executable(fcgi))]
    with running("app.fcgi", fcgi_command, tmp_path / "fcgi.log", env=kind.env()) as app_server:
        wait_for_socket(socket, app_server)
        with running(
            "nginx",
            nginx_command(conf),
            tmp_path / "nginx.log",
            extra_logs=[tmp_path / "error.log"],
        ) as proxy:
            wait_for_http(port, "/", proxy, app_server)
            # nginx de-chunks a chunked body, passes CONTENT_LENGTH empty, and flup
            # reads no more than that: the app gets an empty body.
            verify("nginx + fastcgi (flup)", kind, Target(port, chunked="empty"), tmp_path)


def test_fastcgi_under_lighttpd(
    kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, tmp_path)
    port = free_port()
    executable(render("app.fcgi", tmp_path / "app.fcgi", bind_address=None, **kind.values()))
    conf = render("lighttpd-fastcgi.conf", tmp_path / "lighttpd.conf", dir=tmp_path, port=port)
    command = [require("lighttpd"), "-D", "-f", str(conf)]
    with running(
        "lighttpd", command, tmp_path / "lighttpd.log", extra_logs=[tmp_path / "error.log"]
    ) as server:
        wait_for_http(port, "/app/", server)
        verify("lighttpd + fastcgi (flup)", kind, Target(port, prefix="/app"), tmp_path)


def test_cgi_under_lighttpd(
    kind_name: str, tmp_path: Path, make_kind: MakeKind, verify: Verify
) -> None:
    kind = make_kind(kind_name, tmp_path)
    port = free_port()
    executable(render("app.cgi", tmp_path / "app.cgi", **kind.values()))
    conf = render("lighttpd-cgi.conf", tmp_path / "lighttpd.conf", dir=tmp_path, port=port)
    command = [require("lighttpd"), "-D", "-f", str(conf)]
    with running(
        "lighttpd", command, tmp_path / "lighttpd.log", extra_logs=[tmp_path / "error.log"]
    ) as server:
        wait_for_http(port, "/app.cgi/", server)
        verify("lighttpd + cgi", kind, Target(port, prefix="/app.cgi"), tmp_path)
