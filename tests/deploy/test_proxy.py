"""nginx in front of gunicorn, the app under /app/: ``ProxyFix`` believes nginx's ``X-Forwarded-*``, and only nginx's.

nginx (``deploy/templates/nginx-proxy.conf``) talks to gunicorn over a Unix
socket, so gunicorn never sees the client's address: whatever the app reports
as the client, the scheme, the host and the prefix, it learned from the headers.
"""

from __future__ import annotations

import getpass
import typing as t
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .checks import Target, Visitor, expect_status
from .conftest import Verify
from .harness import (
    DEPLOY,
    AppKind,
    free_port,
    nginx_command,
    render,
    running,
    self_signed_certificate,
    venv_bin,
    wait_for_http,
)

PREFIX = "/app"
#: The sample app with ProxyFix (deploy/behind_proxy.py).
KIND = AppKind("standalone", DEPLOY, "behind_proxy", "app")
SPOOFED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


@contextmanager
def proxied(module: str, tmp_path: Path) -> Iterator[tuple[Target, Target]]:
    """gunicorn serving ``module:app`` on a Unix socket, nginx in front: its HTTP and HTTPS targets."""
    port, tls_port, socket = free_port(), free_port(), tmp_path / "gunicorn.sock"
    self_signed_certificate(tmp_path)
    conf = render(
        "nginx-proxy.conf",
        tmp_path / "nginx.conf",
        dir=tmp_path,
        port=port,
        tls_port=tls_port,
        socket=socket,
        user=getpass.getuser(),
    )
    gunicorn = [venv_bin("gunicorn"), "--workers", "2", "--bind", f"unix:{socket}"]
    gunicorn += ["--no-control-socket", f"{module}:app"]
    nginx = nginx_command(conf)
    with (
        running(
            "gunicorn", gunicorn, tmp_path / "gunicorn.log", cwd=DEPLOY, env=KIND.env()
        ) as app_server,
        running(
            "nginx", nginx, tmp_path / "nginx.log", extra_logs=[tmp_path / "error.log"]
        ) as proxy,
    ):
        wait_for_http(port, f"{PREFIX}/", proxy, app_server)
        yield Target(port, prefix=PREFIX), Target(tls_port, prefix=PREFIX, tls=True)


def environ(target: Target) -> dict[str, t.Any]:
    """What the app saw of a request carrying a client's own, spoofed, forwarding headers."""
    answer = Visitor(target).request("GET", "/environ", headers=SPOOFED)
    return expect_status(answer, 200, "GET /environ").json()  # type: ignore[no-any-return]


def test_with_proxy_fix(tmp_path: Path, verify: Verify) -> None:
    """The app sees the client's address, scheme and host, under /app, and every check passes."""
    with proxied("behind_proxy", tmp_path) as (plain, tls):
        for target in (plain, tls):
            seen = environ(target)
            # nginx appended the real client to the spoofed X-Forwarded-For and set
            # the scheme it served: the one trusted entry of each is nginx's.
            assert seen["remote_addr"] == "127.0.0.1"
            assert seen["scheme"] == ("https" if target.tls else "http")
            assert seen["host"] == f"127.0.0.1:{target.port}"
            assert seen["script_root"] == PREFIX
            assert seen["url"] == f"{target.origin}{PREFIX}/environ"
            assert Visitor(target).get("/external").text() == f"{target.origin}{PREFIX}/"
            assert Visitor(target).get("/go").headers["Location"] == f"{PREFIX}/"
        verify("nginx + gunicorn + ProxyFix", KIND, plain, tmp_path)
        verify("nginx (TLS) + gunicorn + ProxyFix", KIND, tls, tmp_path)


def test_without_proxy_fix_forwarded_headers_are_ignored(tmp_path: Path) -> None:
    """The same proxy in front of the app without ProxyFix: the app sees gunicorn's socket."""
    with proxied("sampleapp", tmp_path) as (plain, tls):
        for target in (plain, tls):
            seen = environ(target)
            # nginx asks gunicorn for http://unix:...:/environ: Host "localhost", no prefix,
            # and a Unix socket has no client address (gunicorn passes REMOTE_ADDR "").
            # gunicorn itself believes X-Forwarded-Proto from a trusted peer (its
            # --forwarded-allow-ips; a Unix socket's peer always is): the scheme
            # is nginx's, as Flask would see it, with or without ProxyFix.
            scheme = "https" if target.tls else "http"
            assert seen["remote_addr"] == ""
            assert (seen["scheme"], seen["host"], seen["script_root"]) == (scheme, "localhost", "")
            assert seen["url"] == f"{scheme}://localhost/environ"
            assert Visitor(target).get("/external").text() == f"{scheme}://localhost/"
            assert Visitor(target).get("/go").headers["Location"] == "/"
