"""The sample site as the load sees it: the demo visitor, its post, and the mix of requests."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

from .client import Answer, Client
from .errors import SoakError
from .load import RECONNECT_EVERY, Endpoint, Load
from .server import Server

#: The ``demo`` user made by ``manage.py create_demo_user``.
DEMO = {"username": "demo", "password": "demo"}
TITLE = "Soak post"
EDIT_FORM = {"title": TITLE, "body": "Edited under load."}
CONCURRENCY = 12


def mix(post: int, *, listings: bool = True) -> list[Endpoint]:
    """The requests the load cycles through, by weight, each with the answer it must get.

    Flask-style pages (anonymous and logged in), JSON, a form POST, Django pages
    reading the shared login, a streamed response, 404s from both halves and a 405.
    ``listings=False`` leaves out the pages whose size grows with the posts.
    No static file: Django serves none with ``DEBUG`` off, as in production.
    """
    edit, title = f"/blog/{post}/update", TITLE.encode()
    blog_page, logged_in = b"Served by the Flask-style blog.", b"<span>demo</span>"
    endpoints = [
        Endpoint("login form", "GET", "/blog/auth/login", 200, b"Log In", anonymous=True, weight=2),
        Endpoint("create form", "GET", "/blog/create", 200, logged_in, weight=2),
        Endpoint("edit form", "GET", edit, 200, b'value="%s"' % title, weight=2),
        Endpoint("post JSON", "GET", f"/blog/{post}.json", 200, title, weight=3),
        Endpoint("edit POST", "POST", edit, 302, form=EDIT_FORM, weight=2),
        Endpoint("Django me", "GET", "/me/", 200, b"<h1>demo</h1>", weight=2),
        Endpoint("Django home", "GET", "/", 200, b"logged in as <strong>demo</strong>", weight=2),
        Endpoint("blog 404", "GET", "/blog/no/such/page", 404, blog_page),
        Endpoint("Django 404", "GET", "/no/such/page/", 404, b"The requested resource"),
        Endpoint("delete GET", "GET", f"/blog/{post}/delete", 405),
    ]
    if listings:
        endpoints += [
            Endpoint("Django index", "GET", "/blog/", 200, title),
            Endpoint("export stream", "GET", "/blog/export.ndjson", 200, title),
        ]
    return endpoints


UPLOAD_BOUNDARY = "soak-upload-boundary"
#: Over Django's FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the file is spooled to disk.
UPLOAD_FILE_SIZE = 3_000_000
#: Over the blog's MAX_FORM_MEMORY_SIZE (Flask's default, 500,000 bytes).
UPLOAD_FIELD_SIZE = 600_000


def refused_upload() -> Endpoint:
    """A form the blog refuses with 413, after its file is on disk: a 3 MB file, then a
    field over the form-memory limit.  Every refusal must delete the spooled file."""
    head = (
        f"--{UPLOAD_BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="attachment"; filename="soak.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    field = f'--{UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name="body"\r\n\r\n'
    body = (
        head
        + b"u" * UPLOAD_FILE_SIZE
        + b"\r\n"
        + field.encode()
        + b"f" * UPLOAD_FIELD_SIZE
        + f"\r\n--{UPLOAD_BOUNDARY}--\r\n".encode()
    )
    content_type = f"multipart/form-data; boundary={UPLOAD_BOUNDARY}"
    return Endpoint("refused upload", "POST", "/blog/create", 413, upload=(content_type, body))


@dataclass
class Site:
    """The served site, the logged-in demo visitor's cookies, its post, and the run's deadline."""

    server: Server
    cookies: dict[str, str]
    post: int
    deadline: float  # time.monotonic() by which every phase must be over

    def load(
        self,
        total: int,
        *,
        seconds: float,
        listings: bool = True,
        concurrency: int = CONCURRENCY,
        retry_resets: bool = False,
        reconnect_every: int = RECONNECT_EVERY,
        endpoints: Sequence[Endpoint] | None = None,
    ) -> Load:
        """A load of ``total`` requests over ``endpoints`` (:func:`mix` by default), to send
        within ``seconds``."""
        return Load(
            self.server.port,
            mix(self.post, listings=listings) if endpoints is None else endpoints,
            total,
            cookies=self.cookies,
            concurrency=concurrency,
            deadline=min(self.deadline, time.monotonic() + seconds),
            retry_resets=retry_resets,
            reconnect_every=reconnect_every,
        )

    def visitor(self) -> Client:
        """A new connection with the demo visitor's cookies."""
        return Client(self.server.port, self.cookies)


def open_site(server: Server, deadline: float) -> Site:
    """Log in as ``demo`` through the blog's form and write the post the mix reads and edits."""
    client = Client(server.port)
    try:
        expect(client.request("GET", "/blog/auth/login"), 200, "The login page")
        expect(client.request("POST", "/blog/auth/login", DEMO), 302, "Logging in as demo")
        write_post(client, TITLE, "Written before the load.")
        post = find_post(client, TITLE)
    finally:
        client.close()
    return Site(server, client.cookies, post, deadline)


def write_post(client: Client, title: str, body: str) -> None:
    """Post the blog's create form."""
    expect(
        client.request("POST", "/blog/create", {"title": title, "body": body}),
        302,
        f"Writing {title!r}",
    )


def find_post(client: Client, title: str) -> int:
    """The id of the newest post titled ``title``, from the blog's export."""
    export = expect(client.request("GET", "/blog/export.ndjson"), 200, "The export")
    for line in export.body.splitlines():
        post = json.loads(line)
        if post["title"] == title:
            return int(post["id"])
    raise SoakError(f"The export has no post titled {title!r}.")


def expect(answer: Answer, status: int, what: str) -> Answer:
    """``answer`` if its status is ``status``; else :class:`SoakError`."""
    if answer.status != status:
        raise SoakError(
            f"{what} answered {answer.status}, expected {status}: {answer.body[:300]!r}"
        )
    return answer
