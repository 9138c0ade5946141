"""``ProxyFix``: believe the ``X-Forwarded-*`` headers of the proxies in front of the app.

Behind a reverse proxy the app sees the proxy's address, scheme and host; the
proxy reports the client's in ``X-Forwarded-For``, ``-Proto``, ``-Host``,
``-Port`` and ``-Prefix``, each proxy on the way adding its own entry. This WSGI
middleware (werkzeug's ``ProxyFix`` API) rewrites the environ from them, trusting
for each header only as many entries, counted from the right, as there are
proxies that set it: entries further left may come from the client itself::

    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

An entry that cannot be what it claims (a scheme other than http or https, a
port that is not a number, a prefix that is not a path, a malformed host) is
ignored, so the request keeps what the server saw rather than producing broken
URLs. A flaskish app mounted in a Django project is served by Django's handler,
not through ``app.wsgi_app``: there, Django's ``USE_X_FORWARDED_HOST`` and
``SECURE_PROXY_SSL_HEADER`` settings do this job.
"""

from __future__ import annotations

import typing as t

from django.http.request import split_domain_port

#: The environ key holding the values as the server saw them, before the rewrite.
ORIGINAL_ENVIRON_KEY = "werkzeug.proxy_fix.orig"

_REWRITTEN_KEYS = (
    "REMOTE_ADDR",
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
)

_SCHEMES = frozenset({"http", "https"})

WSGIApp = t.Callable[[dict[str, t.Any], t.Callable[..., t.Any]], t.Iterable[bytes]]


def trusted_entry(header: str | None, trusted: int) -> str | None:
    """The entry the outermost of ``trusted`` proxies added to ``header``.

    None when nothing is trusted, or when there are fewer entries than proxies:
    then the header did not come through them all and proves nothing.
    """
    if not trusted or not header:
        return None
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < trusted:
        return None
    return entries[-trusted] or None


def _valid_port(port: str) -> bool:
    return port.isascii() and port.isdigit() and 0 < int(port) < 65536


def _host_without_port(host: str) -> str:
    domain, port = split_domain_port(host)
    return host[: -len(port) - 1] if port else host


class ProxyFix:
    """Rewrite the WSGI environ from the ``X-Forwarded-*`` headers of trusted proxies.

    :param app: the WSGI application to call, usually ``app.wsgi_app``.
    :param x_for: proxies that set ``X-Forwarded-For`` (``REMOTE_ADDR``).
    :param x_proto: proxies that set ``X-Forwarded-Proto`` (``wsgi.url_scheme``).
    :param x_host: proxies that set ``X-Forwarded-Host`` (``HTTP_HOST``,
        ``SERVER_NAME`` and, when it has one, ``SERVER_PORT``).
    :param x_port: proxies that set ``X-Forwarded-Port`` (the port of
        ``HTTP_HOST``, and ``SERVER_PORT``).
    :param x_prefix: proxies that set ``X-Forwarded-Prefix`` (``SCRIPT_NAME``).

    A count of 0 ignores that header. The environ keeps the values the server
    saw under :data:`ORIGINAL_ENVIRON_KEY`.
    """

    def __init__(
        self,
        app: WSGIApp,
        x_for: int = 1,
        x_proto: int = 1,
        x_host: int = 0,
        x_port: int = 0,
        x_prefix: int = 0,
    ) -> None:
        counts = {
            "x_for": x_for,
            "x_proto": x_proto,
            "x_host": x_host,
            "x_port": x_port,
            "x_prefix": x_prefix,
        }
        for name, count in counts.items():
            if not isinstance(count, int) or count < 0:
                raise ValueError(
                    f"{name} must be the number of proxies that set the header (0 or more),"
                    f" not {count!r}."
                )
        self.app = app
        self.x_for = x_for
        self.x_proto = x_proto
        self.x_host = x_host
        self.x_port = x_port
        self.x_prefix = x_prefix

    def __call__(
        self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> t.Iterable[bytes]:
        environ[ORIGINAL_ENVIRON_KEY] = {key: environ.get(key) for key in _REWRITTEN_KEYS}
        self._apply_for(environ)
        self._apply_proto(environ)
        self._apply_host(environ)
        self._apply_port(environ)
        self._apply_prefix(environ)
        return self.app(environ, start_response)

    def _apply_for(self, environ: dict[str, t.Any]) -> None:
        addr = trusted_entry(environ.get("HTTP_X_FORWARDED_FOR"), self.x_for)
        if addr:
            environ["REMOTE_ADDR"] = addr

    def _apply_proto(self, environ: dict[str, t.Any]) -> None:
        scheme = trusted_entry(environ.get("HTTP_X_FORWARDED_PROTO"), self.x_proto)
        if scheme and scheme.lower() in _SCHEMES:
            environ["wsgi.url_scheme"] = scheme.lower()

    def _apply_host(self, environ: dict[str, t.Any]) -> None:
        host = trusted_entry(environ.get("HTTP_X_FORWARDED_HOST"), self.x_host)
        if not host:
            return
        domain, port = split_domain_port(host)
        if not domain or (port and not _valid_port(port)):
            return
        environ["HTTP_HOST"] = host
        environ["SERVER_NAME"] = _host_without_port(host)
        if port:
            environ["SERVER_PORT"] = port

    def _apply_port(self, environ: dict[str, t.Any]) -> None:
        port = trusted_entry(environ.get("HTTP_X_FORWARDED_PORT"), self.x_port)
        if not port or not _valid_port(port):
            return
        host = environ.get("HTTP_HOST")
        if host:
            environ["HTTP_HOST"] = f"{_host_without_port(host)}:{port}"
        environ["SERVER_PORT"] = port

    def _apply_prefix(self, environ: dict[str, t.Any]) -> None:
        prefix = trusted_entry(environ.get("HTTP_X_FORWARDED_PREFIX"), self.x_prefix)
        if prefix and prefix.startswith("/") and not prefix.startswith("//"):
            environ["SCRIPT_NAME"] = prefix.rstrip("/")
