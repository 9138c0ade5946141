"""Turn foreign response objects into flaskish responses.

Views may return a plain Django ``HttpResponse`` (or ``StreamingHttpResponse``,
``FileResponse``, ``JsonResponse``), or any WSGI application such as a
werkzeug ``Response``; after-request hooks then see Flask's API on them.
"""

from __future__ import annotations

import typing as t

from django.http.response import HttpResponseBase

if t.TYPE_CHECKING:
    from .response import Response


def coerce_response(cls: type[Response], obj: t.Any, environ: t.Any) -> Response:
    """Convert ``obj`` to ``cls`` without buffering a streamed body."""
    from .exceptions import HTTPException

    if isinstance(obj, HTTPException):
        obj = obj.get_response(environ)
        if isinstance(obj, cls):
            return obj
    if isinstance(obj, HttpResponseBase):
        return from_django(cls, obj)
    if callable(obj):
        if environ is None:
            raise TypeError(
                "Converting a WSGI application to a response needs the request environ."
            )
        return from_wsgi_app(cls, obj, environ)
    raise TypeError(f"{type(obj).__name__!r} is neither a Django response nor a WSGI application.")


def from_django(cls: type[Response], obj: HttpResponseBase) -> Response:
    """Carry a Django response's status, headers, cookies and body over."""
    body = obj.streaming_content if obj.streaming else obj.content  # type: ignore[attr-defined]
    rv = cls(body, status=obj.status_code, headers=list(obj.items()))
    # Django's private fields (not in its stubs): an explicit reason phrase, and the closers.
    private: t.Any = obj
    if private._reason_phrase is not None:
        rv.reason_phrase = private._reason_phrase
    rv.cookies = obj.cookies
    rv._resource_closers.extend(private._resource_closers)
    file_to_stream = getattr(obj, "file_to_stream", None)
    if file_to_stream is not None:
        rv.__dict__["_file"] = file_to_stream
    return rv


def from_wsgi_app(cls: type[Response], app: t.Callable[..., t.Any], environ: t.Any) -> Response:
    """Run a WSGI application and wrap what it sends."""
    app_iter, status, headers = run_wsgi_app(app, environ)
    body = app_iter if not isinstance(app_iter, (list, tuple)) else list(app_iter)
    rv = cls(body, status=status, headers=headers)
    close = getattr(app_iter, "close", None)
    if close is not None and isinstance(body, list):
        close()
    return rv


def run_wsgi_app(
    app: t.Callable[..., t.Any],
    environ: t.Any,
    write: t.Callable[[bytes], None] | None = None,
) -> tuple[t.Iterable[bytes], str, list[tuple[str, str]]]:
    """Call a WSGI application: ``(body iterable, status line, header pairs)``.

    :param write: what ``start_response`` returns; by default a callable that
        refuses, since the body is expected as an iterable.
    """
    captured: dict[str, t.Any] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], None]:
        captured["status"] = status
        captured["headers"] = headers
        return write or _write_unsupported

    app_iter = app(environ, start_response)
    if "status" not in captured:
        # Some applications call start_response on the first iteration.
        app_iter = iter(app_iter)
        first = next(app_iter, None)
        app_iter = _prepend(first, app_iter) if first is not None else iter(())
    return app_iter, captured.get("status", "200 OK"), captured.get("headers", [])


def _prepend(first: bytes, rest: t.Iterator[bytes]) -> t.Iterator[bytes]:
    yield first
    yield from rest


def _write_unsupported(data: bytes) -> None:
    raise RuntimeError(
        "The WSGI application used the write() callable returned by start_response;"
        " return the body as an iterable instead."
    )
