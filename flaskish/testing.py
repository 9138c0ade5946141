"""The test client: WSGI requests built in memory, a cookie jar, redirects followed.

``build_environ`` turns werkzeug-style test arguments (``path``, ``method``,
``data``, ``json``, ``query_string``, ``headers``, ...) into a WSGI environ;
bodies are encoded by Django's test encoders.
"""

from __future__ import annotations

import base64
import json as _json
import mimetypes
import os
import sys
import threading
import typing as t
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from io import BytesIO
from urllib.parse import unquote_to_bytes, urlencode, urljoin, urlsplit

from . import http as _http
from .conversion import run_wsgi_app
from .datastructures import Headers, MultiDict
from .http.cookies import parse_set_cookie
from .response import Response
from .wrappers import Request
from .wsgi_targets import WSGITarget, wsgi_target, wsgi_target_hooks

if t.TYPE_CHECKING:
    from .app import Flask

__all__ = [
    "ClientRedirectError",
    "EnvironBuilder",
    "FlaskCliRunner",  # noqa: F822 (module __getattr__ loads it with click)
    "FlaskClient",
    "TestResponse",
    "WSGITarget",
    "build_environ",
    "wsgi_target",
    "wsgi_target_hooks",
]

_REDIRECT_CODES = frozenset({301, 302, 303, 305, 307, 308})

#: Environ keys that describe the request itself, with every ``HTTP_*`` and ``wsgi.*``.
_REQUEST_KEYS = frozenset(
    {
        "REQUEST_METHOD",
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "CONTENT_TYPE",
        "CONTENT_LENGTH",
        "REQUEST_URI",
        "RAW_URI",
    }
)


# -- environ -----------------------------------------------------------------------


class _NamedFile:
    """A file given as ``(fileobj, filename[, content_type])``, for Django's encoder."""

    def __init__(self, fileobj: t.Any, filename: str | None, content_type: str | None) -> None:
        self._fileobj = fileobj
        self.name = filename or ""
        self.content_type = (
            content_type
            or (mimetypes.guess_type(filename)[0] if filename else None)
            or "application/octet-stream"
        )

    def read(self, *args: t.Any) -> bytes:
        data = self._fileobj.read(*args)
        return data.encode() if isinstance(data, str) else data


def _is_file(value: t.Any) -> bool:
    return hasattr(value, "read") and callable(value.read)


def _as_upload(value: t.Any) -> t.Any:
    if isinstance(value, tuple) and value and _is_file(value[0]):
        fileobj, filename, *rest = (*value, None)[:3] if len(value) < 3 else value
        return _NamedFile(fileobj, filename, rest[0] if rest else None)
    if _is_file(value) and not hasattr(value, "content_type"):
        name = getattr(value, "name", None)
        return _NamedFile(value, os.path.basename(name) if isinstance(name, str) else None, None)
    return value


def _form_items(data: t.Any) -> list[tuple[str, t.Any]]:
    if hasattr(data, "items"):
        try:
            items = list(data.items(multi=True))
        except TypeError:
            items = list(data.items())
    else:
        items = list(data)
    flat: list[tuple[str, t.Any]] = []
    for key, value in items:
        if isinstance(value, list):
            flat.extend((key, v) for v in value)
        elif value is not None:
            flat.append((key, value))
    return flat


def _encode_form(data: t.Any, content_type: str | None) -> tuple[bytes, str]:
    """Encode a form as ``content_type`` asks, and give the content type it is sent with.

    As with werkzeug's builder: ``multipart/form-data`` gets a multipart body,
    sent with the boundary it was encoded with (one given is replaced); without
    a content type, a form holding files is multipart; any other form is
    URL-encoded, without its files.
    """
    items = [(k, _as_upload(v)) for k, v in _form_items(data)]
    mimetype = (content_type or "").partition(";")[0].strip().lower()
    if mimetype == "multipart/form-data" or (not mimetype and any(_is_file(v) for _, v in items)):
        # Django's test package (unittest, template engines) only when a test sends a multipart form.
        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        grouped: MultiDict[str, t.Any] = MultiDict(items)
        body = encode_multipart(BOUNDARY, dict(grouped.lists()))
        return body, MULTIPART_CONTENT
    fields = [(k, str(v)) for k, v in items if not _is_file(v)]
    return urlencode(fields).encode(), content_type or "application/x-www-form-urlencoded"


def _wsgi_text(text: str) -> str:
    """Text as WSGI carries it: its UTF-8 bytes, one latin-1 character per byte.

    A client sends ``?q=€`` as UTF-8; without this, text outside latin-1 cannot
    reach the request at all.
    """
    return text.encode("utf-8").decode("latin-1")


def _encode_query(query_string: t.Any) -> str:
    if query_string is None:
        return ""
    if isinstance(query_string, bytes):
        return query_string.decode("latin-1")
    if isinstance(query_string, str):
        return _wsgi_text(query_string)
    return urlencode([(k, str(v)) for k, v in _form_items(query_string)])


def _header_pairs(headers: t.Any) -> list[tuple[str, str]]:
    if headers is None:
        return []
    if isinstance(headers, Headers):
        return list(headers.items())
    if hasattr(headers, "items"):
        return [(k, str(v)) for k, v in headers.items()]
    return [(k, str(v)) for k, v in headers]


def _default_base_url(app: Flask | None, subdomain: str | None, url_scheme: str | None) -> str:
    if app is None:
        return f"{url_scheme or 'http'}://localhost/"
    server = app.config["SERVER_NAME"] or "localhost"
    if subdomain:
        server = f"{subdomain}.{server}"
    root = app.config["APPLICATION_ROOT"] or "/"
    scheme = url_scheme or app.config["PREFERRED_URL_SCHEME"]
    return f"{scheme}://{server}/{root.lstrip('/')}"


def build_environ(
    app: Flask | None = None,
    path: str = "/",
    base_url: str | None = None,
    query_string: t.Any = None,
    method: str = "GET",
    input_stream: t.IO[bytes] | None = None,
    content_type: str | None = None,
    content_length: int | None = None,
    errors_stream: t.IO[str] | None = None,
    multithread: bool = False,
    multiprocess: bool = False,
    run_once: bool = False,
    headers: t.Any = None,
    data: t.Any = None,
    environ_base: dict[str, t.Any] | None = None,
    environ_overrides: dict[str, t.Any] | None = None,
    mimetype: str | None = None,
    json: t.Any = None,
    auth: t.Any = None,
    subdomain: str | None = None,
    url_scheme: str | None = None,
) -> dict[str, t.Any]:
    """A WSGI environ for a request to ``app`` described by test-client arguments."""
    if base_url is None:
        base_url = _default_base_url(app, subdomain, url_scheme)
    url = urlsplit(path)
    if url.scheme or url.netloc:
        base_url = f"{url.scheme or 'http'}://{url.netloc}/"
    base = urlsplit(base_url)
    scheme = url_scheme or base.scheme or "http"
    script_name = unquote_to_bytes(base.path.rstrip("/")).decode("latin-1")
    path_info = unquote_to_bytes(url.path or "/").decode("latin-1")
    if query_string is not None and url.query:
        raise ValueError(
            "The query string is given both in the path and as 'query_string'; pass only one."
        )
    query = _wsgi_text(url.query) if query_string is None else _encode_query(query_string)

    body = b""
    if json is not None:
        if data is not None:
            raise TypeError("Pass either 'json' or 'data', not both.")
        dumps = app.json.dumps if app is not None else _json.dumps
        body = dumps(json).encode()
        content_type = content_type or "application/json"
    elif isinstance(data, str):
        body = data.encode()
    elif isinstance(data, (bytes, bytearray)):
        body = bytes(data)
    elif data is not None and _is_file(data):
        body = data.read()
    elif data is not None:
        body, content_type = _encode_form(data, content_type or mimetype)
    if mimetype is not None and content_type is None:
        content_type = mimetype

    host = base.netloc or "localhost"
    hostname, _, port = host.partition(":")
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": method.upper(),
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": hostname,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": input_stream if input_stream is not None else BytesIO(body),
        "wsgi.errors": errors_stream or sys.stderr,
        "wsgi.multithread": multithread,
        "wsgi.multiprocess": multiprocess,
        "wsgi.run_once": run_once,
    }
    if environ_base:
        environ.update(environ_base)
    if input_stream is None and (body or method.upper() not in ("GET", "HEAD")):
        environ["CONTENT_LENGTH"] = str(len(body))
    if content_length is not None:
        environ["CONTENT_LENGTH"] = str(content_length)
    if content_type is not None:
        environ["CONTENT_TYPE"] = _one_line(content_type)
    header_environ: dict[str, str] = {}
    for key, value in _header_pairs(headers):
        _set_environ_header(header_environ, key, value)
    if auth is not None:
        _set_environ_header(header_environ, "Authorization", _auth_header(auth))
    # Explicit headers replace what ``environ_base`` supplied (its User-Agent, say);
    # only repeats within ``headers`` itself are joined.
    environ.update(header_environ)
    if environ_overrides:
        environ.update(environ_overrides)
    return environ


class EnvironBuilder:
    """Test-client request arguments for ``app``, turned into an environ on demand.

    :param app: the app whose config supplies the default host, root and scheme.
    :param path: the URL path, or a full URL.
    :param kwargs: the other arguments of :func:`build_environ`.
    """

    def __init__(
        self,
        app: Flask,
        path: str = "/",
        base_url: str | None = None,
        subdomain: str | None = None,
        url_scheme: str | None = None,
        **kwargs: t.Any,
    ) -> None:
        if base_url is not None and (subdomain or url_scheme):
            raise ValueError("Pass 'subdomain' and 'url_scheme' only without 'base_url'.")
        self.app = app
        self._kwargs = {
            "path": path,
            "base_url": base_url,
            "subdomain": subdomain,
            "url_scheme": url_scheme,
            **kwargs,
        }

        # Built now, as werkzeug's builder encodes the body on creation.
        self._environ = build_environ(app, **self._kwargs)

    url_scheme = property(lambda self: self._environ["wsgi.url_scheme"], doc="The URL scheme.")
    host = property(lambda self: self._environ["HTTP_HOST"], doc="The Host header's value.")
    script_root = property(lambda self: self._environ["SCRIPT_NAME"], doc="The app's root.")
    path = property(lambda self: self._environ["PATH_INFO"], doc="The path below the root.")
    input_stream = property(lambda self: self._environ["wsgi.input"], doc="The body stream.")

    def json_dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``obj`` with the app's JSON provider, as a ``json=`` body is."""
        return self.app.json.dumps(obj, **kwargs)

    def get_environ(self) -> dict[str, t.Any]:
        """The WSGI environ for these arguments (a copy; the body stream is shared)."""
        return dict(self._environ)

    def close(self) -> None:
        """Close the files given in ``data``."""
        data = self._kwargs.get("data")
        values = data.values() if isinstance(data, dict) else ()
        for value in values:
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if _is_file(item):
                    item.close()


def _one_line(value: str) -> str:
    """A header value as werkzeug's builder accepts it: a line break would forge headers."""
    if "\n" in value or "\r" in value:
        raise ValueError("Header values must not contain newline characters.")
    return value


def _set_environ_header(environ: dict[str, t.Any], key: str, value: str) -> None:
    value = _one_line(value)
    name = key.upper().replace("-", "_")
    if name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        environ[name] = value
        return
    name = f"HTTP_{name}"
    if name in environ and name != "HTTP_HOST":
        environ[name] = f"{environ[name]}, {value}"
    else:
        environ[name] = value


def _auth_header(auth: t.Any) -> str:
    if isinstance(auth, tuple):
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        return f"Basic {token}"
    return auth.to_header() if hasattr(auth, "to_header") else str(auth)


# -- responses ---------------------------------------------------------------------


class TestResponse(Response):
    """A response as the test client received it, with the request that caused it."""

    __test__ = False

    #: Earlier responses when redirects were followed, oldest first.
    history: tuple[TestResponse, ...] = ()

    def __init__(self, *args: t.Any, request: Request | None = None, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def make_sequence(self) -> None:
        was_streaming = self._stream is not None
        super().make_sequence()
        if was_streaming:
            self.close()

    def close(self) -> None:
        """Release the body's resources, without Django's ``request_finished`` signal.

        The request ended on the server side already; signalling again from the
        client's copy would make Django close database connections mid-test.
        """
        self.release_resources()


# -- cookies -----------------------------------------------------------------------


class Cookie:
    """A cookie held by the client's jar.

    ``value`` is the value as it travels in the headers (quoted and escaped when
    it holds characters such as ``;``), so it is sent back unchanged;
    ``decoded_value`` is what the application set.
    """

    def __init__(
        self,
        key: str,
        value: str,
        domain: str,
        path: str,
        origin_only: bool,
        *,
        decoded_value: str | None = None,
        **attrs: t.Any,
    ) -> None:
        self.key = self.decoded_key = key
        self.value = value
        self.decoded_value = value if decoded_value is None else decoded_value
        self.domain = domain
        self.path = path
        self.origin_only = origin_only
        self.expires: datetime | None = _http.parse_date(attrs.get("expires"))
        self.max_age: int | None = _max_age(attrs.get("max_age"))
        self.secure = bool(attrs.get("secure"))
        self.http_only = bool(attrs.get("http_only"))
        self.same_site = attrs.get("same_site")

    def matches(self, host: str, path: str) -> bool:
        domain_ok = host == self.domain or (
            not self.origin_only and host.endswith("." + self.domain.lstrip("."))
        )
        path_ok = (
            path == self.path or path.startswith(self.path.rstrip("/") + "/") or self.path == "/"
        )
        return domain_ok and path_ok

    def __repr__(self) -> str:
        return f"<Cookie {self.key}={self.value!r} domain={self.domain!r} path={self.path!r}>"


def _max_age(value: t.Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _expired(cookie: Cookie) -> bool:
    """Whether a cookie just received asks to be dropped (``Max-Age=0``, a past date)."""
    if cookie.max_age is not None:
        return cookie.max_age <= 0
    if cookie.expires is not None:
        return cookie.expires <= datetime.now(timezone.utc)
    return False


# -- where requests go ---------------------------------------------------------------


# WSGITarget, wsgi_target_hooks and wsgi_target live in flaskish.wsgi_targets.


# -- the client --------------------------------------------------------------------


_preserved = threading.local()


def _preserved_stacks() -> list[ExitStack]:
    """The kept contexts of every client in this thread, oldest first."""
    try:
        result: list[ExitStack] = _preserved.stacks
        return result
    except AttributeError:
        stacks: list[ExitStack] = []
        _preserved.stacks = stacks
        return stacks


def _release_preserved(stack: ExitStack) -> None:
    """Pop the contexts a client kept, and first any kept after them by other clients.

    Contexts must be popped newest first; ``with client_a, client_b:`` leaves
    ``client_b`` first even when ``client_a`` made the last request. As in Flask
    2.1, whose clients popped the top context, nothing is left out of order.
    """
    stacks = _preserved_stacks()
    if stack not in stacks:
        stack.close()
        return
    index = stacks.index(stack)
    for later in reversed(stacks[index:]):
        later.close()
    del stacks[index:]


class FlaskClient:
    """Sends requests to an app in-process; keeps cookies between requests.

    ``with client:`` keeps the last request's context active after it returns,
    so tests can inspect ``request``, ``session`` and ``g``.
    """

    __test__ = False

    def __init__(
        self,
        application: Flask,
        response_wrapper: type[Response] | None = None,
        use_cookies: bool = True,
        allow_subdomain_redirects: bool = False,
    ) -> None:
        self.application = application
        self.response_wrapper = _test_response_class(response_wrapper)
        self._cookies: dict[tuple[str, str, str], Cookie] | None = {} if use_cookies else None
        self.allow_subdomain_redirects = allow_subdomain_redirects
        self.environ_base: dict[str, t.Any] = {
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": "flaskish-test-client",
        }
        self.preserve_context = False
        self._new_contexts: list[t.ContextManager[t.Any]] = []
        self._context_stack = ExitStack()

    # -- cookies ---------------------------------------------------------------

    def get_cookie(self, key: str, domain: str = "localhost", path: str = "/") -> Cookie | None:
        """The cookie the jar holds for ``key`` on ``domain`` and ``path``, if any."""
        self._require_cookies()
        return self._cookies.get((domain, path, key))  # type: ignore[union-attr]

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        domain: str = "localhost",
        origin_only: bool = True,
        path: str = "/",
        **kwargs: t.Any,
    ) -> None:
        """Put a cookie in the jar, as if a response had set it."""
        self._require_cookies()
        if isinstance(value, bytes):
            value = value.decode()
        self._cookies[(domain, path, key)] = Cookie(  # type: ignore[index]
            key,
            _http.quote_cookie_value(value),
            domain,
            path,
            origin_only,
            decoded_value=value,
            **kwargs,
        )

    def delete_cookie(self, key: str, *, domain: str = "localhost", path: str = "/") -> None:
        """Drop a cookie from the jar."""
        self._require_cookies()
        self._cookies.pop((domain, path, key), None)  # type: ignore[union-attr]

    def _require_cookies(self) -> None:
        if self._cookies is None:
            raise TypeError("Cookies are disabled. Create a client with 'use_cookies=True'.")

    def _add_cookies_to_wsgi(self, environ: dict[str, t.Any]) -> None:
        if self._cookies is None:
            return
        host = environ.get("HTTP_HOST", "localhost").partition(":")[0]
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "/")
        # Secure cookies go over http:// too, as with werkzeug's client: tests of
        # an app with SESSION_COOKIE_SECURE need not pretend to use https.
        pairs = [f"{c.key}={c.value}" for c in self._cookies.values() if c.matches(host, path)]
        if pairs:
            existing = environ.get("HTTP_COOKIE")
            joined = "; ".join(pairs)
            environ["HTTP_COOKIE"] = f"{existing}; {joined}" if existing else joined

    def _update_cookies_from_response(
        self, host: str, path: str, set_cookie_lines: list[str]
    ) -> None:
        if self._cookies is None:
            return
        default_path = path.rpartition("/")[0] or "/"
        for line in set_cookie_lines:
            name, raw, decoded, params = parse_set_cookie(line)
            if not name:
                continue  # a malformed header sets nothing, as in browsers
            cookie = Cookie(
                name,
                raw,
                (params.get("domain") or "").lstrip(".") or host,
                params.get("path") or default_path,
                origin_only="domain" not in params,
                decoded_value=decoded,
                expires=params.get("expires"),
                max_age=params.get("max-age"),
                secure="secure" in params,
                http_only="httponly" in params,
                same_site=params.get("samesite"),
            )
            key = (cookie.domain, cookie.path, name)
            if _expired(cookie):
                self._cookies.pop(key, None)
            else:
                self._cookies[key] = cookie

    # -- requests ----------------------------------------------------------------

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Send a request; arguments are those of :func:`build_environ`, or an environ."""
        target = wsgi_target(self.application)
        environ = self._environ_for(args, kwargs)
        # Redirects reuse this environ, so the prefix is added once, here.
        environ["PATH_INFO"] = target.path_prefix + environ.get("PATH_INFO", "/")
        response = self._run(environ, target.application)
        history: list[TestResponse] = []
        seen: set[tuple[str, int]] = set()
        while follow_redirects and response.status_code in _REDIRECT_CODES:
            _check_redirect(seen, response, len(history))
            history.append(response)
            response.close()
            environ = self._redirect_environ(environ, response)
            response = self._run(environ, target.application)
        response.history = tuple(history)
        if buffered:
            response.make_sequence()
        return response

    def _environ_for(self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> dict[str, t.Any]:
        if args and isinstance(args[0], dict) and not kwargs:
            # As in Flask, the dict gives the request (method, URL, headers, body)
            # and the client's environ_base the rest, REMOTE_ADDR included.
            return {**self.environ_base, **_request_part(args[0])}
        if args and isinstance(args[0], Request):
            return {**self.environ_base, **args[0].environ}
        if args and isinstance(args[0], EnvironBuilder):
            return {**self.environ_base, **args[0].get_environ()}
        kwargs["environ_base"] = {**self.environ_base, **(kwargs.get("environ_base") or {})}
        return build_environ(self.application, *args, **kwargs)

    def _run(
        self, environ: dict[str, t.Any], application: t.Callable[..., t.Any] | None = None
    ) -> TestResponse:
        self._add_cookies_to_wsgi(environ)
        # The environ as sent: Django's request rewrites PATH_INFO in place (decoded).
        sent = dict(environ)
        # Only the last request (of a redirect chain, too) keeps its context, and
        # contexts handed over by a request that then raised are not kept (as in
        # Flask); dropping them here stops them resurfacing under the next request.
        _release_preserved(self._context_stack)
        self._new_contexts.clear()
        if self.preserve_context:
            environ["werkzeug.debug.preserve_context"] = self._new_contexts.append
        app_iter, status, header_pairs = run_wsgi_app(
            application or self.application, environ, write=lambda data: None
        )
        for ctx in self._new_contexts:
            self._context_stack.enter_context(ctx)
        if self._new_contexts:
            _preserved_stacks().append(self._context_stack)
        self._new_contexts.clear()
        if environ["REQUEST_METHOD"] == "HEAD":
            body: t.Any = []
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
        else:
            body = _ClosingIterator(app_iter)
        headers = Headers(header_pairs)
        response = self.response_wrapper(body, status, request=Request(sent))
        # The headers as sent, whatever the response class would compute from a
        # body it never saw (a HEAD response keeps the GET's Content-Length).
        response.headers = headers
        host = environ.get("HTTP_HOST", "localhost").partition(":")[0]
        self._update_cookies_from_response(
            host,
            environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "/"),
            headers.getlist("Set-Cookie"),
        )
        return response

    def _redirect_environ(
        self, environ: dict[str, t.Any], response: TestResponse
    ) -> dict[str, t.Any]:
        current = (
            f"{environ['wsgi.url_scheme']}://{environ['HTTP_HOST']}"
            f"{environ.get('SCRIPT_NAME', '')}{environ['PATH_INFO']}"
        )
        target = urlsplit(urljoin(current, response.headers["Location"]))
        method = environ["REQUEST_METHOD"]
        keep_body = response.status_code in (307, 308)
        if not keep_body and method != "HEAD":
            method = "GET"
        new_host = target.netloc or environ["HTTP_HOST"]
        if new_host.partition(":")[0] != environ["HTTP_HOST"].partition(":")[0]:
            same_site = new_host.endswith("." + environ["HTTP_HOST"].partition(":")[0])
            if not (self.allow_subdomain_redirects and same_site):
                raise RuntimeError(
                    f"The test client cannot follow a redirect to another host ({new_host})."
                )
        new = {k: v for k, v in environ.items() if k not in ("HTTP_COOKIE",)}
        script_name = environ.get("SCRIPT_NAME", "")
        path = unquote_to_bytes(target.path or "/").decode("latin-1")
        if script_name and path.startswith(script_name):
            path = path[len(script_name) :] or "/"
        new.update(
            REQUEST_METHOD=method,
            PATH_INFO=path,
            QUERY_STRING=_wsgi_text(target.query),
            HTTP_HOST=new_host,
            SERVER_NAME=new_host.partition(":")[0],
            **{"wsgi.url_scheme": target.scheme or environ["wsgi.url_scheme"]},
        )
        if keep_body:
            stream = environ["wsgi.input"]
            stream.seek(0)
            new["wsgi.input"] = stream
        else:
            new["wsgi.input"] = BytesIO()
            for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                new.pop(key, None)
        return new

    def get(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A GET request."""
        kw["method"] = "GET"
        return self.open(*args, **kw)

    def post(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A POST request."""
        kw["method"] = "POST"
        return self.open(*args, **kw)

    def put(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A PUT request."""
        kw["method"] = "PUT"
        return self.open(*args, **kw)

    def patch(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A PATCH request."""
        kw["method"] = "PATCH"
        return self.open(*args, **kw)

    def delete(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A DELETE request."""
        kw["method"] = "DELETE"
        return self.open(*args, **kw)

    def head(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A HEAD request."""
        kw["method"] = "HEAD"
        return self.open(*args, **kw)

    def options(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """An OPTIONS request."""
        kw["method"] = "OPTIONS"
        return self.open(*args, **kw)

    def trace(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A TRACE request."""
        kw["method"] = "TRACE"
        return self.open(*args, **kw)

    # -- contexts and sessions ------------------------------------------------------

    def __enter__(self) -> FlaskClient:
        if self.preserve_context:
            raise RuntimeError("Cannot nest client invocations")
        self.preserve_context = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.preserve_context = False
        _release_preserved(self._context_stack)

    @contextmanager
    def session_transaction(self, *args: t.Any, **kwargs: t.Any) -> t.Iterator[t.Any]:
        """Open the session the next request would see, let the test change it, save it."""
        self._require_cookies()
        app = self.application
        environ_base = dict(self.environ_base)
        environ_base.update(kwargs.pop("environ_base", None) or {})
        ctx = app.test_request_context(*args, environ_base=environ_base, **kwargs)
        self._add_cookies_to_wsgi(ctx.request.environ)
        with ctx:
            sess = app.session_interface.open_session(app, ctx.request)
        if sess is None:
            raise RuntimeError(
                "Session backend did not open a session: the session interface returned"
                " None. Set 'app.secret_key' (or check the session interface's"
                " configuration) to use sessions."
            )
        yield sess
        resp = app.response_class()
        if app.session_interface.is_null_session(sess):
            return
        with ctx:
            app.session_interface.save_session(app, sess, resp)
        self._update_cookies_from_response(
            ctx.request.host.partition(":")[0],
            ctx.request.path,
            [value for key, value in resp.get_wsgi_headers() if key.lower() == "set-cookie"],
        )


def _request_part(environ: dict[str, t.Any]) -> dict[str, t.Any]:
    """The keys of ``environ`` that describe the request, without server-side extras."""
    return {
        key: value
        for key, value in environ.items()
        if key in _REQUEST_KEYS or key.startswith(("HTTP_", "wsgi."))
    }


class ClientRedirectError(RuntimeError):
    """Following redirects went round in a loop, or on for too long."""


#: Redirects followed for one request before the client gives up.
MAX_REDIRECTS = 20


def _check_redirect(seen: set[tuple[str, int]], response: TestResponse, followed: int) -> None:
    """Refuse a redirect already made (a loop would never end) or one too many."""
    entry = (response.headers.get("Location", ""), response.status_code)
    if entry in seen:
        raise ClientRedirectError(
            f"Redirect loop: the {entry[1]} redirect to {entry[0]} was already followed."
        )
    if followed >= MAX_REDIRECTS:
        raise ClientRedirectError(f"The test client followed {MAX_REDIRECTS} redirects; stopping.")
    seen.add(entry)


class _ClosingIterator:
    """Iterate a WSGI body and call its ``close`` once, as a server would."""

    def __init__(self, iterable: t.Iterable[bytes]) -> None:
        self._iterator = iter(iterable)
        self._close = getattr(iterable, "close", None)

    def __iter__(self) -> _ClosingIterator:
        return self

    def __next__(self) -> bytes:
        return next(self._iterator)

    def close(self) -> None:
        close, self._close = self._close, None
        if close is not None:
            close()


def _test_response_class(response_class: type[Response] | None) -> type[TestResponse]:
    """``TestResponse`` mixed into the app's response class, so its API is available."""
    if response_class is None or issubclass(response_class, TestResponse):
        return response_class or TestResponse
    if response_class is Response:
        return TestResponse
    return type("TestResponse", (TestResponse, response_class), {})


def __getattr__(name: str) -> t.Any:
    """``FlaskCliRunner`` from :mod:`flaskish.cli_runner`, loaded (with click) when asked
    for: a test that only sends requests does not pay for click."""
    if name == "FlaskCliRunner":
        from .cli_runner import FlaskCliRunner

        return FlaskCliRunner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
