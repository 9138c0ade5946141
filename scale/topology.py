"""The scaled-out sample site: PostgreSQL, Redis, two app servers behind nginx, a Celery worker.

::

    clients ──> nginx (round robin) ──┬──> gunicorn, 2 gthread workers (WSGI) ──┐
                                      └──> uvicorn, 2 workers (ASGI) ───────────┤
                                                       PostgreSQL <─────────────┤
                     Celery worker (2 processes) <──── Redis (cache, sessions' ─┘
                                                       cache, broker, results)

Every process listens on 127.0.0.1 only, on a free port, with its files in one
temporary directory; :func:`running` stops them all and removes the directory,
whatever happened in between.  The app servers are :mod:`soak.server`'s, on fixed
ports so that a killed one can be started again where nginx expects it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from soak.errors import SoakError
from soak.server import ROOT, SAMPLE, Server, manage, serving

from .services import Services, free_port, wait_for_port
from .services import running as services_running

START_TIMEOUT_S = 60.0
APP_SERVERS = ("gunicorn", "uvicorn")
#: Sessions in the database with a Redis cache in front: a Redis restart costs no login.
#: SCALE_SESSION_ENGINE tries another (``...backends.cache`` loses every login with Redis).
SESSION_ENGINE = os.environ.get(
    "SCALE_SESSION_ENGINE", "django.contrib.sessions.backends.cached_db"
)
CELERY_CONCURRENCY = 2

NGINX_CONF = """\
daemon off;
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 512; }}

http {{
    log_format scale '$status|$upstream_addr|$upstream_status|$request_time|$request';
    access_log {dir}/access.log scale;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    upstream site {{
        # Round robin. A server that refuses a connection is left out for fail_timeout.
        server 127.0.0.1:{gunicorn} max_fails=1 fail_timeout=2s;
        server 127.0.0.1:{uvicorn} max_fails=1 fail_timeout=2s;
        keepalive 16;
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://site;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # A refused or reset connection moves a GET (never a POST) to the other server.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout 20s;
        }}
    }}
}}
"""


def log(message: str) -> None:
    print(f"scale-check: {message}", file=sys.stderr, flush=True)


def site_environment(services: Services) -> dict[str, str]:
    """What every process of the site reads: production mode, the services' URLs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(services.environ())
    env.update(
        DJANGO_SETTINGS_MODULE="sample_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SESSION_ENGINE=SESSION_ENGINE,
        PYTHONPATH=os.pathsep.join([str(SAMPLE), str(ROOT)]),
    )
    return env


def stop(proc: Server) -> None:
    """Stop a process the way :mod:`soak.server` stops a server, then anything left in its
    process group (a Celery pool process whose master died)."""
    proc.stop()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.process.pid, signal.SIGKILL)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process and everything in its process group, and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def start(name: str, command: list[str], env: dict[str, str], tmp: Path) -> Server:
    """``command`` in its own session, from the sample site's directory, logging to ``tmp``."""
    with open(tmp / f"{name}.log", "wb") as out:
        process = subprocess.Popen(
            command,
            cwd=SAMPLE,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(process, tmp / f"{name}.log", tmp, kind=name)


def wait_for_log(proc: Server, pattern: bytes, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.process.poll() is not None:
            break
        if re.search(pattern, proc.log_path.read_bytes()):
            return
        time.sleep(0.1)
    raise SoakError(f"{proc.kind} was not ready within {timeout:.0f} s:\n{proc.log_tail()}")


def nginx_user() -> str:
    """As root, nginx's workers run as www-data (else as whoever runs the check)."""
    return "user www-data www-data;" if os.geteuid() == 0 else ""


@contextlib.contextmanager
def nginx(tmp: Path, upstreams: dict[str, int]) -> Iterator[tuple[Server, int]]:
    """nginx on a free port, round robin over the app servers; stopped afterwards."""
    directory = tmp / "nginx"
    directory.mkdir()
    port = free_port()
    conf = directory / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=directory, user=nginx_user(), port=port, **upstreams))
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if binary is None:
        raise SoakError("nginx is not installed (make scale-check installs nginx-light).")
    command = [binary, "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")]
    proc = start("nginx", command, dict(os.environ), tmp)
    try:
        wait_for_port(port, START_TIMEOUT_S, "nginx")
        yield proc, port
    finally:
        stop(proc)


@contextlib.contextmanager
def celery_worker(env: dict[str, str], tmp: Path) -> Iterator[Server]:
    """The sample site's Celery worker on the Redis broker, ready; stopped afterwards."""
    command = [sys.executable, "-m", "celery", "-A", "sample_site", "worker"]
    command += ["--loglevel", "info", "--concurrency", str(CELERY_CONCURRENCY)]
    command += ["--hostname", "scale@%h", "--without-gossip", "--without-mingle"]
    proc = start("celery", command, env, tmp)
    try:
        wait_for_log(proc, rb"@\S+ ready\.")
        yield proc
    finally:
        stop(proc)


@dataclass
class Topology:
    """Everything running, and the handles the faults and checks need."""

    tmp: Path
    services: Services
    env: dict[str, str]
    ports: dict[str, int]  # app server kind -> its fixed port
    servers: dict[str, Server]
    nginx: Server
    nginx_port: int
    celery: Server
    stack: contextlib.ExitStack
    restarts: dict[str, int] = field(default_factory=dict)

    def kill(self, kind: str) -> None:
        """SIGKILL an app server: its master and its workers, at once."""
        kill_group(self.servers[kind].process)

    def restart(self, kind: str) -> float:
        """Start a killed app server again on its port; the seconds until it answers."""
        started = time.monotonic()
        self.restarts[kind] = self.restarts.get(kind, 0) + 1
        tmp = self.tmp / f"{kind}-restart-{self.restarts[kind]}"
        tmp.mkdir()
        self.servers[kind] = self.stack.enter_context(
            serving(self.env, tmp, kind, port=self.ports[kind])
        )
        return time.monotonic() - started

    def workers(self) -> dict[int, str]:
        """Every app server worker's pid, and its server's kind."""
        return {pid: kind for kind, server in self.servers.items() for pid in server.workers()}


def prepare_database(env: dict[str, str]) -> None:
    """The sample site's tables on PostgreSQL and the ``demo`` user the load logs in as."""
    manage(env, "migrate", "--noinput")
    manage(env, "create_demo_user")


@contextlib.contextmanager
def running() -> Iterator[Topology]:
    """The whole topology up for the ``with`` block; all of it stopped and removed after."""
    tmp = Path(tempfile.mkdtemp(prefix="flaskish-scale-"))
    # nginx's workers (www-data, as root) write their temp files under it.
    tmp.chmod(0o755)
    try:
        with contextlib.ExitStack() as stack:
            log(f"starting PostgreSQL and Redis in {tmp} ...")
            (tmp / "services").mkdir()
            services = stack.enter_context(services_running(tmp / "services"))
            env = site_environment(services)
            log("migrating the sample site on PostgreSQL ...")
            prepare_database(env)
            ports = {kind: free_port() for kind in APP_SERVERS}
            servers = {}
            for kind in APP_SERVERS:
                log(f"starting {kind} on 127.0.0.1:{ports[kind]} ...")
                (tmp / kind).mkdir()
                servers[kind] = stack.enter_context(serving(env, tmp / kind, kind, ports[kind]))
            log("starting nginx and the Celery worker ...")
            proxy, port = stack.enter_context(nginx(tmp, ports))
            worker = stack.enter_context(celery_worker(env, tmp))
            yield Topology(tmp, services, env, ports, servers, proxy, port, worker, stack)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
