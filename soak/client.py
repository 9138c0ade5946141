"""One visitor's keep-alive connection to the site, keeping the cookies it is sent."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

#: What a dropped or reset connection raises (``RemoteDisconnected`` is both).
CONNECTION_ERRORS = (OSError, http.client.HTTPException)
REQUEST_TIMEOUT_S = 10.0
#: The response header naming the worker that answered (added by :mod:`soak.wsgi`).
WORKER_HEADER = "X-Soak-Worker"


def cookie_header(cookies: dict[str, str]) -> str:
    """The ``Cookie`` request header sending ``cookies``."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


@dataclass(frozen=True)
class Answer:
    """A response, read in full."""

    status: int
    body: bytes
    worker: int  # the pid that answered (``X-Soak-Worker``), 0 if the header is missing
    location: str


class Client:
    """A keep-alive HTTP/1.1 connection with a cookie jar, as a browser tab has.

    Form posts carry the ``csrftoken`` cookie's value as Django's
    ``csrfmiddlewaretoken``, as the site's own forms do.  After a connection
    error the connection is dropped; the next request opens a new one.
    """

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self._conn: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        *,
        anonymous: bool = False,
        upload: tuple[str, bytes] | None = None,
    ) -> Answer:
        """Send one request and read its whole response; ``anonymous`` sends no cookies.

        :param upload: a body made already, and its content type; the CSRF token
            goes in Django's ``X-CSRFToken`` header.
        """
        headers = {}
        if self.cookies and not anonymous:
            headers["Cookie"] = cookie_header(self.cookies)
        body: str | bytes | None = None
        if form is not None:
            body = urlencode({"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif upload is not None:
            headers["Content-Type"], body = upload
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if self._conn is None:
            self._conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S
            )
        try:
            self._conn.request(method, path, body, headers)
            response = self._conn.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        self._keep_cookies(response)
        worker = response.getheader(WORKER_HEADER, "0")
        return Answer(response.status, data, int(worker), response.getheader("Location", ""))

    def close(self) -> None:
        """Drop the connection (the cookies stay)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or ():
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
