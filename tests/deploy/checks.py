"""What every server must serve, asked with a real HTTP client: one function per check.

A :class:`Target` is where a server answers (its port, and the path the app is
mounted under); a :class:`Visitor` keeps cookies between requests, as a browser
does.  :func:`run` runs a kind's checks in order and returns what failed, so a
server's report lists every check, not only the first failure.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import ssl
import typing as t
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

HTTP_TIMEOUT_S = 20.0
NON_ASCII_NAME = "żółw ☃"


@dataclass(frozen=True)
class Target:
    """A served app: its port, where it is mounted, and how the server frames chunked bodies.

    ``chunked`` is what the app gets from a request body sent with
    ``Transfer-Encoding: chunked``: ``"read"`` (all of it), ``"empty"`` (the
    server passes neither a length nor ``wsgi.input_terminated``, so the app,
    as Flask does, reads nothing rather than block), or ``"unread"``: as
    ``"empty"``, but the server (uWSGI) then closes the connection on the
    body it never read, so the client may see a reset or the proxy a 502
    instead of the app's answer.
    """

    port: int
    prefix: str = ""
    chunked: str = "read"
    tls: bool = False  # HTTPS, with the test's self-signed certificate

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def connection(self) -> http.client.HTTPConnection:
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=HTTP_TIMEOUT_S, context=context
            )
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT_S)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def text(self) -> str:
        return self.body.decode()

    def json(self) -> t.Any:
        return json.loads(self.body)


@dataclass
class Visitor:
    """Requests to one target, each on a new connection, with a cookie jar."""

    target: Target
    cookies: dict[str, str] = field(default_factory=dict)

    def open(
        self, method: str, path: str, body: t.Any = None, headers: Mapping[str, str] | None = None
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send a request to ``prefix + path``; the caller reads the response and closes."""
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = self.target.connection()
        try:
            conn.request(method, self.target.prefix + path, body=body, headers=sent)
            response = conn.getresponse()
        except BaseException:
            conn.close()
            raise
        self._keep_cookies(response)
        return conn, response

    def request(
        self, method: str, path: str, body: t.Any = None, headers: Mapping[str, str] | None = None
    ) -> Answer:
        conn, response = self.open(method, path, body, headers)
        try:
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or ():
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def multipart(
    fields: Mapping[str, str], name: str, filename: str, content: bytes
) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body with ``fields`` and one file, and its content type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def expect_status(answer: Answer, status: int, what: str) -> Answer:
    assert answer.status == status, (
        f"{what}: status {answer.status}, expected {status}: {answer.body[:300]!r}"
    )
    return answer


def check_upload(visitor: Visitor, path: str, extra: Mapping[str, str]) -> None:
    """A 300 kB file and a field, posted as a multipart form, come back measured."""
    content = os.urandom(300_000)
    body, content_type = multipart({**extra, "title": "report"}, "doc", "data.bin", content)
    answer = visitor.request("POST", path, body, {"Content-Type": content_type})
    expect_status(answer, 200, "The upload")
    assert answer.json() == {
        "title": "report",
        "name": "data.bin",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


# -- the standalone sample app (deploy/sampleapp.py) ----------------------------------------


def page(visitor: Visitor, tmp: Path) -> None:
    answer = expect_status(visitor.get("/"), 200, "GET /")
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Hello from flaskish</h1>" in answer.body


def upload(visitor: Visitor, tmp: Path) -> None:
    check_upload(visitor, "/upload", {})


def stream(visitor: Visitor, tmp: Path) -> None:
    """The first line arrives while the app still waits for the client: the body is streamed."""
    release = tmp / f"release-{uuid.uuid4().hex}"
    conn, response = visitor.open("GET", f"/stream?release={quote(str(release))}")
    try:
        assert response.status == 200, f"GET /stream: status {response.status}"
        assert response.getheader("Content-Length") is None
        assert response.readline() == b"first\n"
        release.touch()
        assert response.read() == b"second\nthird\n"
    finally:
        conn.close()


def session(visitor: Visitor, tmp: Path) -> None:
    value = uuid.uuid4().hex
    assert expect_status(visitor.get(f"/session/set/{value}"), 200, "Setting").text() == "stored"
    assert "session" in visitor.cookies, "No session cookie was set."
    assert visitor.get("/session").text() == value
    assert Visitor(visitor.target).get("/session").text() == "<empty>"


def external(visitor: Visitor, tmp: Path) -> None:
    answer = expect_status(visitor.get("/external"), 200, "GET /external")
    assert answer.text() == f"{visitor.target.origin}{visitor.target.prefix}/"


def not_found(visitor: Visitor, tmp: Path) -> None:
    answer = visitor.get("/no/such/page")
    assert answer.status == 404, f"status {answer.status}"
    assert b"Not Found" in answer.body


def redirect(visitor: Visitor, tmp: Path) -> None:
    """A redirect and a missing trailing slash both point inside the mount."""
    prefix = visitor.target.prefix
    answer = expect_status(visitor.get("/go"), 302, "GET /go")
    assert answer.headers["Location"] == f"{prefix}/"
    answer = expect_status(visitor.get("/folder"), 308, "GET /folder")
    assert answer.headers["Location"] in (
        f"{prefix}/folder/",
        f"{visitor.target.origin}{prefix}/folder/",
    )


def non_ascii_path(visitor: Visitor, tmp: Path) -> None:
    answer = expect_status(visitor.get(f"/hello/{quote(NON_ASCII_NAME)}"), 200, "A non-ASCII path")
    assert answer.text() == f"Hello, {NON_ASCII_NAME}!"


def chunked_body(visitor: Visitor, tmp: Path) -> None:
    """A body of unknown length (``Transfer-Encoding: chunked``) is read, or ignored, never a hang."""
    content = os.urandom(100_000)
    chunks = (content[i : i + 16_384] for i in range(0, len(content), 16_384))
    # http.client sends an iterable body with no Content-Length as ``Transfer-Encoding: chunked``.
    try:
        answer = visitor.request(
            "POST", "/echo", chunks, {"Content-Type": "application/octet-stream"}
        )
    except ConnectionError:
        if visitor.target.chunked == "unread":
            return
        raise
    if visitor.target.chunked == "unread" and answer.status == 502:
        return
    expect_status(answer, 200, "A chunked POST")
    received = content if visitor.target.chunked == "read" else b""
    assert answer.json() == {"size": len(received), "sha256": hashlib.sha256(received).hexdigest()}


def send_file(visitor: Visitor, tmp: Path) -> None:
    answer = expect_status(visitor.get("/file"), 200, "GET /file")
    source = (Path(__file__).resolve().parents[2] / "deploy" / "sampleapp.py").read_bytes()
    assert answer.body == source
    assert answer.headers["Content-Length"] == str(len(source))


def script_root(visitor: Visitor, tmp: Path) -> None:
    """``request.script_root`` and ``request.path`` split the URL where the server mounted the app."""
    seen = expect_status(visitor.get("/environ"), 200, "GET /environ").json()
    assert (seen["script_root"], seen["path"]) == (visitor.target.prefix, "/environ")
    assert seen["url"] == f"{visitor.target.origin}{visitor.target.prefix}/environ"


Check = Callable[[Visitor, Path], None]

STANDALONE: dict[str, Check] = {
    "page": page,
    "upload": upload,
    "stream": stream,
    "session": session,
    "external url": external,
    "404": not_found,
    "redirect": redirect,
    "script_root": script_root,
    "non-ascii path": non_ascii_path,
    "chunked body": chunked_body,
    "send_file": send_file,
}


# -- the sample Django site (sample_project/sample_site/wsgi.py), the blog at /blog/ --------


def site_page(visitor: Visitor, tmp: Path) -> None:
    answer = expect_status(visitor.get("/"), 200, "The Django home page")
    assert b"You are not logged in." in answer.body
    login = expect_status(visitor.get("/blog/auth/login"), 200, "The blog's login page")
    assert b"Log In" in login.body
    assert "csrftoken" in visitor.cookies, "The login form set no csrftoken cookie."


def site_form_post(visitor: Visitor, tmp: Path) -> None:
    """The blog's login form, with Django's CSRF token, logs the visitor into the site."""
    form = {
        "csrfmiddlewaretoken": visitor.cookies.get("csrftoken", ""),
        "username": "demo",
        "password": "demo",
    }
    answer = visitor.request(
        "POST",
        "/blog/auth/login",
        urlencode(form),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    expect_status(answer, 302, "Logging in")
    assert "sessionid" in visitor.cookies, "Logging in set no sessionid cookie."


def site_session(visitor: Visitor, tmp: Path) -> None:
    """Django's page behind ``@login_required`` reads the session the blog's login wrote."""
    answer = expect_status(visitor.get("/me/"), 200, "GET /me/ logged in")
    assert b"<h1>demo</h1>" in answer.body
    anonymous = Visitor(visitor.target).get("/me/")
    assert anonymous.status == 302
    assert anonymous.headers["Location"].startswith(
        f"{visitor.target.prefix}/blog/auth/login?next="
    )


def site_upload(visitor: Visitor, tmp: Path) -> None:
    check_upload(
        visitor, "/blog/probe/upload", {"csrfmiddlewaretoken": visitor.cookies.get("csrftoken", "")}
    )


def site_stream(visitor: Visitor, tmp: Path) -> None:
    """A post written through the blog's form shows up in its streamed NDJSON export.

    The export is a generator (``stream_with_context``); a server may still send
    it with a ``Content-Length`` when the whole body came before the headers
    went out (lighttpd does), so only the standalone app's check, whose
    generator waits for the client, proves the body is streamed.
    """
    title = f"Deployed {uuid.uuid4().hex[:8]}"
    form = {
        "csrfmiddlewaretoken": visitor.cookies.get("csrftoken", ""),
        "title": title,
        "body": "hi",
    }
    answer = visitor.request(
        "POST",
        "/blog/create",
        urlencode(form),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    expect_status(answer, 302, "Writing a post")
    assert answer.headers["Location"] == f"{visitor.target.prefix}/blog/"
    export = expect_status(visitor.get("/blog/export.ndjson"), 200, "The export")
    assert export.headers["Content-Type"] == "application/x-ndjson"
    titles = [json.loads(line)["title"] for line in export.body.splitlines()]
    assert title in titles


def site_external(visitor: Visitor, tmp: Path) -> None:
    answer = expect_status(visitor.get("/blog/probe/external"), 200, "GET /blog/probe/external")
    assert answer.text() == f"{visitor.target.origin}{visitor.target.prefix}/blog/"


def site_not_found(visitor: Visitor, tmp: Path) -> None:
    blog = visitor.get("/blog/no/such/page")
    assert blog.status == 404, f"blog: status {blog.status}"
    assert b"Back to the blog" in blog.body
    django = visitor.get("/no/such/page/")
    assert django.status == 404, f"Django: status {django.status}"


SITE: dict[str, Check] = {
    "page": site_page,
    "form post": site_form_post,
    "session": site_session,
    "upload": site_upload,
    "stream": site_stream,
    "external url": site_external,
    "404": site_not_found,
}


def run(checks: Mapping[str, Check], target: Target, tmp: Path) -> dict[str, str | None]:
    """Every check against ``target``, in order, with one visitor: check name -> failure or None."""
    visitor = Visitor(target)
    outcome: dict[str, str | None] = {}
    for name, check in checks.items():
        try:
            check(visitor, tmp)
        except (AssertionError, OSError, http.client.HTTPException, ValueError, KeyError) as exc:
            outcome[name] = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        else:
            outcome[name] = None
    return outcome


def describe_failures(outcome: Mapping[str, str | None]) -> str:
    """The failed checks, one line each."""
    return "\n".join(
        f"  {name}: {_one_line(why)}" for name, why in outcome.items() if why is not None
    )


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)[:500]
