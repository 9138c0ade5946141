"""``Response``: werkzeug's response API on a Django ``HttpResponse``.

A flaskish response *is* a Django ``HttpResponse``, so Django's middleware,
handlers and test client treat it as their own.  A body given as an iterator
is streamed (``response.streaming`` is true and Django's handlers iterate it
chunk by chunk, as for a ``StreamingHttpResponse``) until something asks for
the data as a whole, which buffers it, as in werkzeug.
"""

from __future__ import annotations

import functools
import inspect
import time
import typing as t
import warnings
from collections.abc import Generator, Iterable, Iterator
from datetime import datetime, timedelta
from http import HTTPStatus
from http.cookies import Morsel
from urllib.parse import quote

from django.core import signals as django_signals
from django.http import HttpResponse, StreamingHttpResponse
from django.http.cookie import SimpleCookie
from django.utils.http import http_date as django_http_date

from . import http as _http
from .datastructures.headers import Headers
from .embedded import needs_django_request_signals
from .globals import _cv_app
from .werkzeug_interop import werkzeug_twin

if t.TYPE_CHECKING:
    from .wrappers import Request

_TEXT_MIMETYPES = frozenset(
    {
        "application/ecmascript",
        "application/javascript",
        "application/sql",
        "application/xml",
        "application/xml-dtd",
        "application/xml-external-parsed-entity",
    }
)


def _is_plain_ascii(value: str) -> bool:
    return value.isascii() and "\n" not in value and "\r" not in value


@functools.lru_cache(maxsize=256)
def content_type_for(mimetype: str, charset: str = "utf-8") -> str:
    """Add ``charset`` to a textual mimetype, as browsers expect for text bodies."""
    if (
        mimetype.startswith("text/") or mimetype in _TEXT_MIMETYPES or mimetype.endswith("+xml")
    ) and "charset" not in mimetype:
        return f"{mimetype}; charset={charset}"
    return mimetype


def _status_line_parts(status: int | str | HTTPStatus) -> tuple[int, str | None]:
    """Split ``404``, ``"404"`` or ``"404 NOT FOUND"`` into a code and custom reason."""
    if isinstance(status, int):
        return int(status), None
    text = str(status).strip()
    code_text, _, reason = text.partition(" ")
    if "\r" in reason or "\n" in reason:
        # It would end the status line and start headers of the caller's choosing.
        raise ValueError("The status must not contain newline characters.")
    try:
        code = int(code_text)
    except ValueError:
        raise ValueError(
            f"The status {status!r} does not start with a numeric code, e.g. '404 NOT FOUND'."
        ) from None
    return code, (reason or None)


def iter_file(
    file: t.IO[bytes], limit: int | None = None, chunk_size: int = 65536
) -> Iterator[bytes]:
    """Read a file in chunks, at most ``limit`` bytes."""
    remaining = limit
    while remaining is None or remaining > 0:
        size = chunk_size if remaining is None else min(chunk_size, remaining)
        chunk = file.read(size)
        if not chunk:
            break
        if remaining is not None:
            remaining -= len(chunk)
        yield chunk


# Where Flask's status line words a code differently from ``http.HTTPStatus``.
_FLASK_PHRASES = {
    203: "Non Authoritative Information",
    207: "Multi Status",
    306: "Switch Proxy",
    414: "Request URI Too Long",
    449: "Retry With",
    511: "Network Authentication Failed",
}


def _standard_phrase(code: int) -> str:
    """The reason phrase Flask uses for ``code``; empty for an unknown code."""
    try:
        return _FLASK_PHRASES.get(code) or HTTPStatus(code).phrase
    except ValueError:
        return ""


@functools.lru_cache(maxsize=1024)
def _default_status_line(code: int) -> str:
    """``"404 NOT FOUND"``: the status line Flask sends for ``code`` (read for every
    response, so made once per code)."""
    return f"{code} {_standard_phrase(code).upper() or 'UNKNOWN'}"


#: Left as is in a cookie's ``Path``: the URL path-segment characters and ``%``
#: (already quoted). ``;`` is quoted: it would end the attribute.
_COOKIE_PATH_SAFE = "!$&'()*+,/:=@%"


def _cookie_path(path: str | None) -> str:
    """Quote a cookie's path as Flask does, so it can end neither the attribute nor the header."""
    if not path or path == "/":  # the usual path, which quoting leaves as it is
        return "/"
    return quote(path, safe=_COOKIE_PATH_SAFE)


def _fill_morsel(
    morsel: Morsel[str],
    *,
    max_age: timedelta | int | float | None,
    expires: str | None,
    path: str,
    domain: str | None,
    secure: bool,
    httponly: bool,
    samesite: str | None,
) -> None:
    """The attributes Django's ``set_cookie`` gives a cookie, written straight into its
    morsel (Django's goes through the jar and the morsel's checks once per attribute,
    for names that are always valid here): ``Expires`` always (empty unless given or
    made from ``max_age``), the rest when given."""
    attributes: dict[str, t.Any] = {"expires": expires or ""}
    if max_age is not None:
        if isinstance(max_age, timedelta):
            max_age = max_age.total_seconds()
        attributes["max-age"] = int(max_age)
        if not expires:
            attributes["expires"] = django_http_date(time.time() + max_age)
    attributes["path"] = path
    if domain is not None:
        attributes["domain"] = domain
    if secure:
        attributes["secure"] = True
    if httponly:
        attributes["httponly"] = True
    if samesite:
        attributes["samesite"] = samesite
    dict.update(morsel, attributes)


def _refuse_newlines(**attributes: t.Any) -> None:
    """Django's cookie jar sends attributes as given: a newline would split ``Set-Cookie``."""
    for name, value in attributes.items():
        if isinstance(value, str) and ("\r" in value or "\n" in value):
            raise ValueError(f"The cookie's {name} must not contain newline characters.")


#: The end of a streamed body made in another thread.
_END: t.Any = object()


def _next_or_end(parts: Iterator[bytes]) -> t.Any:
    return next(parts, _END)


class _KeptMorsel(Morsel[str]):
    """A cookie that renders its ``Set-Cookie`` text once: the size check of
    :meth:`Response.set_cookie` and the sent header share it. Any change forgets it."""

    _text: str | None = None

    def OutputString(self, attrs: t.Any = None) -> str:  # noqa: N802 - Morsel's API
        if attrs is not None:
            return self._render(attrs)
        if self._text is None:
            self._text = self._render(None)
        return self._text

    def _render(self, attrs: t.Any) -> str:
        return super().OutputString(attrs)

    def set(self, key: str, val: str, coded_val: str) -> None:
        self._text = None
        super().set(key, val, coded_val)

    def __setitem__(self, key: str, value: t.Any) -> None:
        self._text = None
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._text = None
        super().__delitem__(key)

    def update(self, values: t.Any) -> None:  # type: ignore[override]
        self._text = None
        super().update(values)

    def setdefault(self, key: str, val: t.Any = None) -> t.Any:
        self._text = None
        return super().setdefault(key, val)

    def pop(self, *args: t.Any) -> t.Any:
        self._text = None
        return super().pop(*args)

    def popitem(self) -> t.Any:
        self._text = None
        return super().popitem()

    def clear(self) -> None:
        self._text = None
        super().clear()

    def __ior__(self, values: t.Any) -> t.Any:  # type: ignore[misc]
        self._text = None
        return super().__ior__(values)


class _PartitionedMorsel(_KeptMorsel):
    """A cookie that also carries the ``Partitioned`` attribute (CHIPS)."""

    def _render(self, attrs: t.Any) -> str:
        return super()._render(attrs) + "; Partitioned"


class _DateHeader:
    """A header holding an HTTP date, read as an aware ``datetime``; None removes it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: t.Any, owner: type | None = None) -> t.Any:
        if obj is None:
            return self
        return _http.parse_date(obj.headers.get(self.name))

    def __set__(self, obj: t.Any, value: t.Any) -> None:
        if value is None:
            obj.headers.pop(self.name, None)
        else:
            obj.headers[self.name] = _http.http_date(value)


class Response(HttpResponse, *werkzeug_twin("Response", "wrappers")):  # type: ignore[misc]
    """An HTTP response with Flask's API.

    :param response: the body: ``str``, ``bytes``, an iterable of either
        (lists are buffered, iterators and generators are streamed), or None.
    :param status: ``404``, ``"404"`` or ``"404 NOT FOUND"``.
    :param headers: a mapping, a list of pairs, or :class:`Headers`.
    :param mimetype: sets ``Content-Type`` (with ``charset`` for text types).
    :param content_type: the whole ``Content-Type`` value.
    :param direct_passthrough: kept for API compatibility; bodies are never wrapped.
    """

    default_status = 200
    default_mimetype: str | None = "text/html"
    charset = "utf-8"
    automatically_set_content_length = True
    autocorrect_location_header = False

    @property
    def max_cookie_size(self) -> int:
        """The app's ``MAX_COOKIE_SIZE`` in an app context, else 4093; 0 turns the
        size warning of :meth:`set_cookie` off."""
        ctx = _cv_app.get(None)
        if ctx is not None:
            result: int = ctx.app.config["MAX_COOKIE_SIZE"]
            return result
        return 4093

    #: Set by the test client: the request that produced this response.
    request: Request | None = None

    # What every new response starts with; an instance sets its own when it differs.
    _charset: str | None = None
    _handler_class: type | None = None
    _reason_phrase: str | None = None
    _stream: Iterator[t.Any] | None = None
    closed = False
    direct_passthrough = False
    is_async = False

    def __init__(
        self,
        response: t.Any = None,
        status: int | str | HTTPStatus | None = None,
        headers: t.Any = None,
        mimetype: str | None = None,
        content_type: str | None = None,
        direct_passthrough: bool = False,
    ) -> None:
        # What HttpResponseBase.__init__ sets, minus the ResponseHeaders it would
        # build only for us to replace (this runs for every response), and the
        # values the class gives every new response (below).
        self._resource_closers: list[t.Callable[[], t.Any]] = []
        self.cookies = SimpleCookie()
        # A new, empty header list (the common case) is appended to, not searched.
        fresh = headers is None
        if fresh:
            header_list = Headers._from_pairs([])
        elif isinstance(headers, Headers):
            header_list = headers
        else:
            header_list = Headers(headers)
        if content_type is None:
            if mimetype is None and (not header_list or "content-type" not in header_list):
                mimetype = self.default_mimetype
            if mimetype is not None:
                content_type = content_type_for(mimetype, self.charset)
        if content_type is not None:
            if not _is_plain_ascii(content_type):
                header_list["Content-Type"] = content_type
            elif fresh:
                header_list._list.append(("Content-Type", content_type))
            else:
                header_list._set_trusted("Content-Type", content_type)
        self._headers = header_list
        if direct_passthrough:
            self.direct_passthrough = True
        if status is None or status == 200:
            self.status_code = self.default_status if status is None else 200
        else:
            self.status = status
        self._container: list[bytes] = []
        if (
            fresh
            and isinstance(response, (str, bytes))
            and type(self).set_data is Response.set_data
        ):
            self._set_first_body(response, header_list._list)
        elif isinstance(response, (str, bytes, bytearray, memoryview)):
            self.set_data(response)
        elif response is not None:
            self.response = response

    @property  # type: ignore[override]
    def headers(self) -> Headers:
        """The header lines. Assigning a mapping, a multi-dict or a list of pairs
        (as Flask-CORS does) stores them as :class:`Headers`, every value kept, so
        Django and the WSGI output still see each line."""
        return self._headers

    @headers.setter
    def headers(self, value: t.Any) -> None:
        self._headers = value if isinstance(value, Headers) else Headers(value)

    # -- status -----------------------------------------------------------

    @property
    def status(self) -> str:
        """The status line after HTTP/1.1, e.g. ``"404 NOT FOUND"``."""
        if self._reason_phrase is not None:
            return f"{self.status_code} {self._reason_phrase}"
        return _default_status_line(self.status_code)

    @status.setter
    def status(self, value: int | str | HTTPStatus) -> None:
        code, reason = _status_line_parts(value)
        if not 100 <= code <= 999:
            raise ValueError(f"The status code {code} is outside 100–999.")
        self.status_code = code
        # Flask's own spelling ("404 NOT FOUND") is the default; any other reason,
        # even the standard phrase in another case ("202 Accepted"), is kept as given.
        if reason is not None and reason == _standard_phrase(code).upper():
            reason = None
        self._reason_phrase = reason

    # -- body -------------------------------------------------------------

    @property
    def streaming(self) -> bool:  # type: ignore[override]
        """True while the body is an iterator nobody has buffered yet."""
        return self._stream is not None

    is_streamed = streaming

    @property
    def response(self) -> Iterable[t.Any]:
        """The body as an iterable, werkzeug's view of it."""
        if self._stream is not None:
            return self._stream
        return self._container

    @response.setter
    def response(self, value: t.Any) -> None:
        if isinstance(value, (str, bytes)):
            self.set_data(value)
        elif isinstance(value, (list, tuple)):
            self._stream = None
            self._container = [self.make_bytes(chunk) for chunk in value]
        elif not hasattr(value, "__iter__") and hasattr(value, "__aiter__"):
            self._stream = value
            self.is_async = True
            self._container = []
        else:
            self._stream = iter(value)
            self._container = []
            if hasattr(value, "close"):
                self._resource_closers.append(value.close)

    def _set_first_body(self, body: str | bytes, pairs: list[tuple[str, str]]) -> None:
        """:meth:`set_data` for a new response whose header list has no
        ``Content-Length`` yet: appended, not searched for."""
        if isinstance(body, str):
            body = body.encode(self.charset)
        self._container = [body]
        if self.automatically_set_content_length:
            pairs.append(("Content-Length", str(len(body))))

    def _set_length(self, length: int) -> None:
        if self.automatically_set_content_length:
            self.headers._set_trusted("Content-Length", str(length))

    def make_sequence(self) -> None:
        """Buffer a streamed body so it can be read more than once."""
        if self._stream is not None:
            if self.is_async:
                raise RuntimeError(
                    "This response streams an async iterator; it can only be read"
                    " by an ASGI server, not buffered in a synchronous context."
                )
            stream, self._stream = self._stream, None
            self._container = [self.make_bytes(chunk) for chunk in stream]

    @t.overload
    def get_data(self, as_text: t.Literal[False] = False) -> bytes: ...
    @t.overload
    def get_data(self, as_text: t.Literal[True]) -> str: ...
    @t.overload
    def get_data(self, as_text: bool) -> bytes | str: ...

    def get_data(self, as_text: bool = False) -> bytes | str:
        """The whole body (buffering a stream), as bytes or decoded text."""
        self.make_sequence()
        data = b"".join(self._container)
        return data.decode(self.charset) if as_text else data

    def set_data(self, value: str | bytes | bytearray | memoryview) -> None:
        """Replace the body and, as werkzeug does, set ``Content-Length``."""
        if isinstance(value, str):
            value = value.encode(self.charset)
        else:
            value = bytes(value)
        self._stream = None
        self._container = [value]
        self._set_length(len(value))

    data = property(get_data, set_data)

    @property
    def content(self) -> bytes:
        return self.get_data()

    @content.setter
    def content(self, value: t.Any) -> None:
        if isinstance(value, (str, bytes, bytearray, memoryview)):
            self.set_data(value if isinstance(value, str) else bytes(value))
        else:
            self.response = list(value) if not isinstance(value, list) else value

    @property
    def text(self) -> str:
        return self.get_data(as_text=True)

    @property
    def streaming_content(self) -> Iterator[bytes]:
        """Django's name for the streamed body, chunk by chunk as bytes."""
        if self._stream is None:
            return iter(self._container)
        if self.is_async:
            # django-stubs type the property as the value it gives.
            return StreamingHttpResponse.streaming_content.fget(self)  # type: ignore[union-attr, no-any-return]
        return map(self.make_bytes, self._stream)

    @streaming_content.setter
    def streaming_content(self, value: Iterable[t.Any]) -> None:
        self.response = value

    @property
    def _iterator(self) -> t.Any:
        # StreamingHttpResponse's async helpers read the raw iterator here.
        return self._stream

    def __iter__(self) -> Iterator[bytes]:
        if self._stream is None:
            return iter(self._container)
        return self.streaming_content

    async def __aiter__(self) -> t.AsyncIterator[bytes]:
        if self.is_async:
            async for part in self._stream:  # type: ignore[union-attr]
                yield self.make_bytes(part)
        elif self._stream is None:
            for part in self._container:
                yield part
        else:
            # A plain generator may block or use the ORM: each chunk is made in
            # Django's sync thread, as a sync view runs, not on the event loop.
            from asgiref.sync import sync_to_async

            parts = iter(self)
            next_part = sync_to_async(_next_or_end, thread_sensitive=True)
            while (part := await next_part(parts)) is not _END:
                yield part

    def close_body(self) -> None:
        """Drop the body (a 304 or 412 has none), closing a streamed one."""
        stream, self._stream = self._stream, None
        if stream is not None and hasattr(stream, "close"):
            stream.close()
        file = self.__dict__.pop("_file", None)
        if file is not None:
            file.close()
        self._container = []
        self.headers.pop("Content-Length", None)

    #: Bytes a server's ``wsgi.file_wrapper`` reads at a time from :attr:`file_to_stream`.
    block_size = 65536

    @property
    def file_to_stream(self) -> t.IO[bytes] | None:
        """The file :func:`~flaskish.send_file` streams, while the body is still all of it,
        unread: the server may then send it itself (``wsgi.file_wrapper``, ``sendfile``),
        as Django's handler does for a ``FileResponse``. None once the body was sliced for
        a ``Range``, replaced, or started."""
        file: t.IO[bytes] | None = self.__dict__.get("_file")
        whole: Generator[bytes, None, None] | None = self.__dict__.get("_whole_file_body")
        if whole is None or inspect.getgeneratorstate(whole) != inspect.GEN_CREATED:
            return None
        return file if self._stream is whole else None

    def slice_body(self, start: int, stop: int) -> None:
        """Keep bytes ``start:stop`` of the body; files are seeked, not read whole."""
        file = self.__dict__.get("_file")
        if file is not None:
            file.seek(start)
            self._stream = iter_file(file, stop - start)
            return
        self.set_data(self.get_data()[start:stop])

    def iter_encoded(self) -> Iterator[bytes]:
        """The body as bytes chunks, without buffering a stream."""
        return iter(self)

    def getvalue(self) -> bytes:
        return self.get_data()

    def write(self, content: t.Any) -> None:
        self.make_sequence()
        self._container.append(self.make_bytes(content))

    @property
    def content_length(self) -> int | None:
        value = self.headers.get("Content-Length")
        try:
            return int(value) if value is not None else None
        except ValueError:
            return None

    @content_length.setter
    def content_length(self, value: int | None) -> None:
        if value is None:
            self.headers.pop("Content-Length", None)
        else:
            self.headers["Content-Length"] = str(value)

    def calculate_content_length(self) -> int | None:
        if self._stream is not None:
            return None
        return sum(len(chunk) for chunk in self._container)

    # -- content type -------------------------------------------------------

    @property
    def content_type(self) -> str | None:
        return t.cast("str | None", self.headers.get("Content-Type"))

    @content_type.setter
    def content_type(self, value: str | None) -> None:
        if value is None:
            self.headers.pop("Content-Type", None)
        else:
            self.headers["Content-Type"] = value

    @property
    def mimetype(self) -> str | None:
        value = self.headers.get("Content-Type")
        return _http.parse_options_header(value)[0] if value else None

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        self.headers["Content-Type"] = content_type_for(value, self.charset)

    @property
    def mimetype_params(self) -> dict[str, str]:
        value = self.headers.get("Content-Type")
        return _http.parse_options_header(value)[1] if value else {}

    @property
    def is_json(self) -> bool:
        mt = self.mimetype or ""
        return mt == "application/json" or (mt.startswith("application/") and mt.endswith("+json"))

    @property
    def json(self) -> t.Any:
        """The body parsed as JSON (Django's test client replaces this with a method)."""
        if "_json_attribute" in self.__dict__:
            return self.__dict__["_json_attribute"]
        return self.get_json()

    @json.setter
    def json(self, value: t.Any) -> None:
        self.__dict__["_json_attribute"] = value

    def get_json(self, force: bool = False, silent: bool = False) -> t.Any:
        """The body parsed as JSON (None unless the mimetype says JSON, or ``force``)."""
        import json

        if not (force or self.is_json):
            return None
        try:
            return json.loads(self.get_data(as_text=True))
        except ValueError:
            if silent:
                return None
            raise

    # -- headers with structure ---------------------------------------------

    @property
    def location(self) -> str | None:
        return t.cast("str | None", self.headers.get("Location"))

    @location.setter
    def location(self, value: str | None) -> None:
        self._set_or_remove("Location", value)

    def _set_or_remove(self, name: str, value: t.Any) -> None:
        if value is None:
            self.headers.pop(name, None)
        else:
            self.headers[name] = value

    last_modified = _DateHeader("Last-Modified")
    expires = _DateHeader("Expires")
    date = _DateHeader("Date")

    @property
    def age(self) -> int | None:
        value = self.headers.get("Age")
        return int(value) if value and value.isdigit() else None

    @age.setter
    def age(self, value: int | timedelta | None) -> None:
        if isinstance(value, timedelta):
            value = int(value.total_seconds())
        self._set_or_remove("Age", value)

    @property
    def retry_after(self) -> datetime | None:
        value = self.headers.get("Retry-After")
        if value and value.isdigit():
            from datetime import timezone

            return datetime.now(timezone.utc) + timedelta(seconds=int(value))
        return _http.parse_date(value)

    @retry_after.setter
    def retry_after(self, value: t.Any) -> None:
        if isinstance(value, datetime):
            value = _http.http_date(value)
        self._set_or_remove("Retry-After", value)

    def _header_set(self, name: str) -> _http.HeaderSet:
        def write_back(header_set: _http.HeaderSet) -> None:
            self._set_or_remove(name, header_set.to_header() or None)

        return _http.parse_set_header(self.headers.get(name), on_update=write_back)

    def _vary_on(self, token: str) -> None:
        """``self.vary.add(token)``, without parsing and rewriting an absent header."""
        headers = self.headers
        if "Vary" in headers:
            self.vary.add(token)
        else:
            headers._list.append(("Vary", token))  # absent: no second search to replace it

    @property
    def vary(self) -> _http.HeaderSet:
        return self._header_set("Vary")

    @vary.setter
    def vary(self, value: t.Any) -> None:
        self._set_or_remove(
            "Vary", value if isinstance(value, str) or value is None else ", ".join(value)
        )

    @property
    def allow(self) -> _http.HeaderSet:
        return self._header_set("Allow")

    @allow.setter
    def allow(self, value: t.Any) -> None:
        self._set_or_remove(
            "Allow", value if isinstance(value, str) or value is None else ", ".join(value)
        )

    @property
    def content_language(self) -> _http.HeaderSet:
        return self._header_set("Content-Language")

    @property
    def cache_control(self) -> _http.ResponseCacheControl:
        """``Cache-Control`` as an object; changing it rewrites the header."""

        def write_back(cc: _http.ResponseCacheControl) -> None:
            self._set_or_remove("Cache-Control", cc.to_header() or None)

        return _http.parse_cache_control_header(
            self.headers.get("Cache-Control"), write_back, _http.ResponseCacheControl
        )

    # -- ETags and conditional responses ------------------------------------

    def get_etag(self) -> tuple[str, bool] | tuple[None, None]:
        """``(etag, is_weak)`` from the ``ETag`` header, or ``(None, None)``."""
        value = self.headers.get("ETag")
        if not value:
            return None, None
        return _http.unquote_etag(value)

    def set_etag(self, etag: str, weak: bool = False) -> None:
        self.headers["ETag"] = _http.quote_etag(etag, weak)

    def add_etag(self, overwrite: bool = False, weak: bool = False) -> None:
        """Set an ETag computed from the body unless one is already there."""
        if overwrite or "etag" not in self.headers:
            self.set_etag(_http.generate_etag(self.get_data()), weak)

    def freeze(self) -> None:
        self.make_sequence()
        self._set_length(len(self.get_data()))

    def make_conditional(
        self,
        request_or_environ: t.Any,
        accept_ranges: bool | str = False,
        complete_length: int | None = None,
    ) -> Response:
        """Turn this into a 304 or a 206 when the request's conditions allow."""
        from .conditional import make_conditional

        return make_conditional(self, request_or_environ, accept_ranges, complete_length)

    # -- cookies --------------------------------------------------------------

    def set_cookie(  # type: ignore[override]
        self,
        key: str,
        value: str | bytes = "",
        max_age: timedelta | int | None = None,
        expires: str | datetime | int | float | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Set a cookie in Django's cookie jar, with Flask's arguments and the
        attributes Django's ``set_cookie`` would give it; setting a cookie again
        replaces it whole (the second ``Set-Cookie`` a browser would apply).

        The value is quoted as werkzeug quotes it (UTF-8 bytes escaped), so a Flask
        app reads it and any text can be sent; bytes are read as UTF-8, as werkzeug
        2 read them. ``expires`` is formatted here rather than by Django, which
        would turn a datetime into ``Max-Age`` (and refuse it with ``max_age``).
        """
        if isinstance(value, bytes):
            value = value.decode()
        if isinstance(expires, (datetime, int, float)):
            expires = _http.http_date(expires)
        if samesite is not None and samesite.lower() not in ("strict", "lax", "none"):
            raise ValueError("SameSite must be 'Strict', 'Lax', or 'None'.")
        _refuse_newlines(domain=domain, expires=expires)
        morsel = _PartitionedMorsel() if partitioned else _KeptMorsel()
        # Refuses a key the jar would refuse (CookieError), before anything is kept.
        morsel.set(key, value, _http.quote_cookie_value(value))
        _fill_morsel(
            morsel,
            max_age=max_age,
            expires=expires,
            path=_cookie_path(path),
            domain=domain,
            secure=secure or partitioned,
            httponly=httponly,
            samesite=samesite.capitalize() if samesite else None,
        )
        dict.__setitem__(self.cookies, key, morsel)
        self._warn_if_cookie_too_large(key, value)

    def _warn_if_cookie_too_large(self, key: str, value: str) -> None:
        # Browsers drop cookies over about 4 KB without telling anyone.
        limit = self.max_cookie_size
        size = len(self.cookies[key].OutputString().encode())
        if limit and size > limit:
            value_size = len(value.encode())
            warnings.warn(
                f"The {key!r} cookie is too large: the value was {value_size} bytes but the"
                f" header required {size - value_size} extra bytes. The final size was"
                f" {size} bytes but the limit is {limit} bytes. Browsers may silently"
                " ignore cookies larger than this.",
                stacklevel=3,
            )

    def delete_cookie(  # type: ignore[override]
        self,
        key: str,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Expire a cookie in the browser (same attributes as when it was set)."""
        self.set_cookie(
            key,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
            max_age=0,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
            partitioned=partitioned,
        )

    def call_on_close(self, func: t.Callable[[], t.Any]) -> t.Callable[[], t.Any]:
        """Run ``func`` when the response is closed (after it was sent), as werkzeug's."""
        self._resource_closers.append(func)
        return func

    def close(self) -> None:
        """Release the body's resources; Django's ``request_finished`` only when it has work.

        A Django handler served this response (``_handler_class`` is set), or
        the site has a database or cache client to recycle: then Django's
        signal is sent, exactly as Django's own ``close()`` does.
        """
        self.release_resources()
        if self._handler_class is not None or needs_django_request_signals():
            django_signals.request_finished.send(sender=self._handler_class)

    def release_resources(self) -> None:
        """Run the body's closers (files, generators) once, and mark the response closed."""
        for closer in self._resource_closers:
            try:
                closer()
            except Exception:  # noqa: BLE001 - as Django's close: one failure must not stop the rest
                pass
        self._resource_closers.clear()
        self.closed = True

    def __enter__(self) -> Response:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- WSGI ---------------------------------------------------------------

    def get_wsgi_headers(self, environ: t.Any = None) -> list[tuple[str, str]]:
        """Every header line as sent, ``Set-Cookie`` lines included."""
        if (
            self._stream is None
            and self.automatically_set_content_length
            and "content-length" not in self.headers
            and 200 <= self.status_code not in (204, 304)
        ):
            self.headers["Content-Length"] = str(sum(len(c) for c in self._container))
        lines = list(self.headers.items())
        lines.extend(("Set-Cookie", c.output(header="").lstrip()) for c in self.cookies.values())
        return lines

    def __call__(
        self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> Iterable[bytes]:
        """Serve this response as a WSGI application (status line as Flask sends it)."""
        start_response(self.status, self.get_wsgi_headers(environ))
        if environ.get("REQUEST_METHOD") == "HEAD":
            self.close()
            return []
        file_wrapper: t.Callable[..., Iterable[bytes]] | None = environ.get("wsgi.file_wrapper")
        file = self.file_to_stream if file_wrapper is not None else None
        if file is not None and file_wrapper is not None:
            # The server closes its wrapper, which closes the file: make that
            # close the response (its closers, teardown), as Django's handler does.
            file.close = self.close  # type: ignore[method-assign]
            return file_wrapper(file, self.block_size)
        return self

    @classmethod
    def force_type(cls, response: t.Any, environ: t.Any = None) -> Response:
        """Make any response object (Django's, a WSGI app's) an instance of ``cls``."""
        if isinstance(response, cls):
            return response
        from .conversion import coerce_response

        return coerce_response(cls, response, environ)

    def __repr__(self) -> str:
        if self._stream is not None:
            size = "streamed"
        else:
            size = f"{sum(len(c) for c in self._container)} bytes"
        return f"<{type(self).__name__} {size} [{self.status}]>"


_Response = Response


def redirect(
    location: str,
    code: int = 302,
    Response: type[Response] | None = None,  # noqa: N803 - werkzeug's name
) -> Response:
    """A response that sends the client to ``location``: a small HTML page with a
    ``Location`` header (no app needed; :func:`flaskish.redirect` uses the app's).

    :param Response: the response class; this module's :class:`Response` by default.
    """
    import html

    from django.utils.encoding import iri_to_uri

    response_class = _Response if Response is None else Response

    if "\n" in location or "\r" in location:
        raise ValueError("Redirect locations must not contain newline characters.")
    location = _not_scheme_relative(location)
    display = html.escape(location)
    location = iri_to_uri(location)
    body = (
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n"
        "<p>You should be redirected automatically to the target URL: "
        f'<a href="{html.escape(location)}">{display}</a>. If not, click the link.\n'
    )
    response = response_class(body, code, mimetype="text/html")
    response.headers["Location"] = location
    return response


def _not_scheme_relative(location: str) -> str:
    """``location``, three or more leading slashes collapsed into one.

    Browsers read ``///evil.example`` as ``//evil.example``, another site,
    though "starts with one slash" checks take it for a local path; werkzeug
    collapses it to ``/evil.example``.  Two slashes are left alone: the app
    asked for that host.
    """
    if location.startswith("///"):
        return "/" + location.lstrip("/")
    return location
