"""HTTP errors as exceptions: raise one anywhere in a request and it becomes its response.

Each class carries its status ``code``, a human ``name`` and a default
``description``; ``get_response()`` renders a small HTML page, or returns the
response object the exception was created with.
"""

from __future__ import annotations

import typing as t
from collections.abc import Iterable

from markupsafe import escape

from .werkzeug_interop import werkzeug_twin

if t.TYPE_CHECKING:
    from .response import Response

__all__ = [
    "HTTPException",
    "abort",
    "Aborter",
    "default_exceptions",
]


class HTTPException(*(werkzeug_twin("HTTPException") or (Exception,))):  # type: ignore[misc]
    """Base of every HTTP error; an instance can also stand for a ready response.

    :param description: replaces the class's default description on the error page.
    :param response: a response to send as-is instead of the generated page.
    """

    code: int | None = None
    description: str | None = None
    _name: str | None = None

    def __init__(self, description: str | None = None, response: t.Any | None = None) -> None:
        # Not super(): with werkzeug's classes as extra bases, their __init__ would
        # reset what a subclass set first (valid_methods, original_exception, ...).
        Exception.__init__(self)
        if description is not None:
            self.description = description
        self.response = response

    @property
    def name(self) -> str:
        if self._name is not None:
            return self._name
        from http import HTTPStatus

        try:
            return HTTPStatus(self.code).phrase  # type: ignore[arg-type]
        except ValueError:
            return "Unknown Error"

    def get_description(self, environ: t.Any = None, scope: t.Any = None) -> str:
        """The description as HTML: escaped, with line breaks kept."""
        text = "" if self.description is None else self.description
        escaped = str(escape(text)).replace("\n", "<br>")
        return f"<p>{escaped}</p>"

    def get_body(self, environ: t.Any = None, scope: t.Any = None) -> str:
        """The default error page: small, plain and free of details."""
        return (
            "<!doctype html>\n<html lang=en>\n"
            f"<title>{self.code} {escape(self.name)}</title>\n"
            f"<h1>{escape(self.name)}</h1>\n"
            f"{self.get_description(environ, scope)}\n"
        )

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        return [("Content-Type", "text/html; charset=utf-8")]

    def get_response(self, environ: t.Any = None, scope: t.Any = None) -> Response:
        """The response to send: the one given at creation, or the error page."""
        from .response import Response

        if self.response is not None:
            result: Response = self.response
            return result
        return Response(
            self.get_body(environ, scope),
            self.code,
            self.get_headers(environ, scope),
        )

    def __call__(
        self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> t.Iterable[bytes]:
        """Serve the error as a WSGI application."""
        return self.get_response(environ)(environ, start_response)

    def __str__(self) -> str:
        code = self.code if self.code is not None else "???"
        return f"{code} {self.name}: {self.description}"

    def __repr__(self) -> str:
        code = self.code if self.code is not None else "???"
        return f"<{type(self).__name__} '{code}: {self.name}'>"


#: What counts as an HTTP error: flaskish's base, and werkzeug's when it is installed.
HTTP_EXCEPTION_TYPES: tuple[type[Exception], ...] = (
    HTTPException,
    *werkzeug_twin("HTTPException"),
)


class BadRequest(HTTPException, *werkzeug_twin("BadRequest")):  # type: ignore[misc]
    code = 400
    description = "The browser (or proxy) sent a request that this server could not understand."


class BadRequestKeyError(BadRequest, *werkzeug_twin("BadRequestKeyError"), KeyError):  # type: ignore[misc]
    """A missing key in request data: a ``KeyError`` that answers 400."""

    show_exception = False

    def __init__(self, arg: str | None = None, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        if arg is None:
            KeyError.__init__(self)
        else:
            KeyError.__init__(self, arg)

    @property
    def description(self) -> str:
        if self.show_exception:
            return f"{self._description}\nKeyError: {KeyError.__str__(self)}"
        return self._description

    @description.setter
    def description(self, value: str) -> None:
        self._description = value

    _description = BadRequest.description

    def __str__(self) -> str:
        return HTTPException.__str__(self)


class ClientDisconnected(BadRequest, *werkzeug_twin("ClientDisconnected")):  # type: ignore[misc]
    """The client went away before the request body was read."""


class SecurityError(BadRequest, *werkzeug_twin("SecurityError")):  # type: ignore[misc]
    """Something in the request looked like an attack."""


class BadHost(BadRequest, *werkzeug_twin("BadHost")):  # type: ignore[misc]
    """The Host header was malformed or not allowed."""


class Unauthorized(HTTPException, *werkzeug_twin("Unauthorized")):  # type: ignore[misc]
    code = 401
    description = (
        "The server could not verify that you are authorized to access the URL"
        " requested. You either supplied the wrong credentials (e.g. a bad password),"
        " or your browser doesn't understand how to supply the credentials required."
    )

    def __init__(
        self,
        description: str | None = None,
        response: t.Any | None = None,
        www_authenticate: t.Any | Iterable[t.Any] | None = None,
    ) -> None:
        super().__init__(description, response)
        if www_authenticate is not None and not isinstance(www_authenticate, (list, tuple)):
            www_authenticate = [www_authenticate]
        self.www_authenticate = list(www_authenticate or ())

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        for value in self.www_authenticate:
            rendered = value.to_header() if hasattr(value, "to_header") else str(value)
            headers.append(("WWW-Authenticate", rendered))
        return headers


class Forbidden(HTTPException, *werkzeug_twin("Forbidden")):  # type: ignore[misc]
    code = 403
    description = (
        "You don't have the permission to access the requested resource."
        " It is either read-protected or not readable by the server."
    )


class NotFound(HTTPException, *werkzeug_twin("NotFound")):  # type: ignore[misc]
    code = 404
    description = (
        "The requested URL was not found on the server. If you entered the URL"
        " manually please check your spelling and try again."
    )


class MethodNotAllowed(HTTPException, *werkzeug_twin("MethodNotAllowed")):  # type: ignore[misc]
    """The path exists but not for this method; the response lists the allowed ones."""

    code = 405
    description = "The method is not allowed for the requested URL."

    def __init__(
        self,
        valid_methods: Iterable[str] | None = None,
        description: str | None = None,
        response: t.Any | None = None,
    ) -> None:
        super().__init__(description=description, response=response)
        self.valid_methods = list(valid_methods) if valid_methods is not None else None

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.valid_methods:
            headers.append(("Allow", ", ".join(self.valid_methods)))
        return headers


class NotAcceptable(HTTPException, *werkzeug_twin("NotAcceptable")):  # type: ignore[misc]
    code = 406
    description = (
        "The resource identified by the request is only capable of generating"
        " response entities which have content characteristics not acceptable"
        " according to the accept headers sent in the request."
    )


class RequestTimeout(HTTPException, *werkzeug_twin("RequestTimeout")):  # type: ignore[misc]
    code = 408
    description = (
        "The server closed the network connection because the browser didn't"
        " finish the request within the specified time."
    )


class Conflict(HTTPException, *werkzeug_twin("Conflict")):  # type: ignore[misc]
    code = 409
    description = (
        "A conflict happened while processing the request. The resource might have"
        " been modified while the request was being processed."
    )


class Gone(HTTPException, *werkzeug_twin("Gone")):  # type: ignore[misc]
    code = 410
    description = (
        "The requested URL is no longer available on this server and there is no"
        " forwarding address. If you followed a link from a foreign page, please"
        " contact the author of this page."
    )


class LengthRequired(HTTPException, *werkzeug_twin("LengthRequired")):  # type: ignore[misc]
    code = 411
    description = "A request with this method requires a valid <code>Content-Length</code> header."


class PreconditionFailed(HTTPException, *werkzeug_twin("PreconditionFailed")):  # type: ignore[misc]
    code = 412
    description = "The precondition on the request for the URL failed positive evaluation."


class RequestEntityTooLarge(HTTPException, *werkzeug_twin("RequestEntityTooLarge")):  # type: ignore[misc]
    code = 413
    _name = "Request Entity Too Large"
    description = "The data value transmitted exceeds the capacity limit."


class RequestURITooLarge(HTTPException, *werkzeug_twin("RequestURITooLarge")):  # type: ignore[misc]
    code = 414
    _name = "Request URI Too Long"
    description = (
        "The length of the requested URL exceeds the capacity limit for this server."
        " The request cannot be processed."
    )


class UnsupportedMediaType(HTTPException, *werkzeug_twin("UnsupportedMediaType")):  # type: ignore[misc]
    code = 415
    description = "The server does not support the media type transmitted in the request."


class RequestedRangeNotSatisfiable(HTTPException, *werkzeug_twin("RequestedRangeNotSatisfiable")):  # type: ignore[misc]
    """The requested byte range lies outside the resource; reports its length."""

    code = 416
    _name = "Requested Range Not Satisfiable"
    description = "The server cannot provide the requested range."

    def __init__(
        self,
        length: int | None = None,
        units: str = "bytes",
        description: str | None = None,
        response: t.Any | None = None,
    ) -> None:
        super().__init__(description=description, response=response)
        self.length = length
        self.units = units

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.length is not None:
            headers.append(("Content-Range", f"{self.units} */{self.length}"))
        return headers


class ExpectationFailed(HTTPException, *werkzeug_twin("ExpectationFailed")):  # type: ignore[misc]
    code = 417
    description = "The server could not meet the requirements of the Expect header"


class ImATeapot(HTTPException, *werkzeug_twin("ImATeapot")):  # type: ignore[misc]
    code = 418
    _name = "I'm a teapot"
    description = "This server is a teapot, not a coffee machine"


class MisdirectedRequest(HTTPException, *werkzeug_twin("MisdirectedRequest")):  # type: ignore[misc]
    code = 421
    description = "The server is not able to produce a response."


class UnprocessableEntity(HTTPException, *werkzeug_twin("UnprocessableEntity")):  # type: ignore[misc]
    code = 422
    description = (
        "The request was well-formed but was unable to be followed due to semantic errors."
    )


class Locked(HTTPException, *werkzeug_twin("Locked")):  # type: ignore[misc]
    code = 423
    description = "The resource that is being accessed is locked."


class FailedDependency(HTTPException, *werkzeug_twin("FailedDependency")):  # type: ignore[misc]
    code = 424
    description = (
        "The method could not be performed on the resource because the requested"
        " action depended on another action and that action failed."
    )


class PreconditionRequired(HTTPException, *werkzeug_twin("PreconditionRequired")):  # type: ignore[misc]
    code = 428
    description = (
        'This request is required to be conditional; try using "If-Match" or "If-Unmodified-Since".'
    )


class _RetryAfter(HTTPException, *werkzeug_twin("_RetryAfter")):  # type: ignore[misc]
    """An error that may tell the client when to try again."""

    def __init__(
        self,
        description: str | None = None,
        response: t.Any | None = None,
        retry_after: t.Any = None,
    ) -> None:
        super().__init__(description, response)
        self.retry_after = retry_after

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.retry_after:
            from datetime import datetime

            if isinstance(self.retry_after, datetime):
                from django.utils.http import http_date

                value = http_date(self.retry_after.timestamp())
            else:
                value = str(self.retry_after)
            headers.append(("Retry-After", value))
        return headers


class TooManyRequests(_RetryAfter, *werkzeug_twin("TooManyRequests")):  # type: ignore[misc]
    code = 429
    description = "This user has exceeded an allotted request count. Try again later."


class RequestHeaderFieldsTooLarge(HTTPException, *werkzeug_twin("RequestHeaderFieldsTooLarge")):  # type: ignore[misc]
    code = 431
    description = "One or more header fields exceeds the maximum size."


class UnavailableForLegalReasons(HTTPException, *werkzeug_twin("UnavailableForLegalReasons")):  # type: ignore[misc]
    code = 451
    description = "Unavailable for legal reasons."


class InternalServerError(HTTPException, *werkzeug_twin("InternalServerError")):  # type: ignore[misc]
    """An unhandled error; ``original_exception`` holds what was raised."""

    code = 500
    description = (
        "The server encountered an internal error and was unable to complete your"
        " request. Either the server is overloaded or there is an error in the application."
    )

    def __init__(
        self,
        description: str | None = None,
        response: t.Any | None = None,
        original_exception: BaseException | None = None,
    ) -> None:
        self.original_exception = original_exception
        super().__init__(description=description, response=response)


class NotImplemented(HTTPException, *werkzeug_twin("NotImplemented")):  # type: ignore[misc]  # noqa: A001 - the familiar name
    code = 501
    description = "The server does not support the action requested by the browser."


class BadGateway(HTTPException, *werkzeug_twin("BadGateway")):  # type: ignore[misc]
    code = 502
    description = "The proxy server received an invalid response from an upstream server."


class ServiceUnavailable(_RetryAfter, *werkzeug_twin("ServiceUnavailable")):  # type: ignore[misc]
    code = 503
    description = (
        "The server is temporarily unable to service your request due to maintenance"
        " downtime or capacity problems. Please try again later."
    )


class GatewayTimeout(HTTPException, *werkzeug_twin("GatewayTimeout")):  # type: ignore[misc]
    code = 504
    description = "The connection to an upstream server timed out."


class HTTPVersionNotSupported(HTTPException, *werkzeug_twin("HTTPVersionNotSupported")):  # type: ignore[misc]
    code = 505
    description = "The server does not support the HTTP protocol version used in the request."


def _collect_default_exceptions() -> dict[int, type[HTTPException]]:
    found: dict[int, type[HTTPException]] = {}
    for obj in list(globals().values()):
        if (
            isinstance(obj, type)
            and issubclass(obj, HTTPException)
            and obj.code is not None
            and obj.code >= 400
            and obj.__module__ == __name__
        ):
            found.setdefault(obj.code, obj)
    return found


default_exceptions: dict[int, type[HTTPException]] = _collect_default_exceptions()
for _code, _cls in ((400, BadRequest),):
    default_exceptions[_code] = _cls


def _twins_by_werkzeug_class() -> dict[type[Exception], type[HTTPException]]:
    twins: dict[type[Exception], type[HTTPException]] = {}
    classes: list[type[HTTPException]] = [HTTPException]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        for base in cls.__bases__:
            if base.__module__.startswith("werkzeug.") and base.__name__ == cls.__name__:
                twins.setdefault(base, cls)
    return twins


#: werkzeug's class -> flaskish's class that subclasses it (empty without werkzeug):
#: a raised werkzeug error finds the handlers registered for flaskish's namesake.
WERKZEUG_TWINS = _twins_by_werkzeug_class()


class Aborter:
    """Turns a status code (or a response) into the matching exception, raised.

    :param mapping: code → exception class; defaults to :data:`default_exceptions`.
    :param extra: more codes, or overrides.
    """

    def __init__(
        self,
        mapping: dict[int, type[HTTPException]] | None = None,
        extra: dict[int, type[HTTPException]] | None = None,
    ) -> None:
        self.mapping = dict(default_exceptions if mapping is None else mapping)
        if extra is not None:
            self.mapping.update(extra)

    def __call__(self, code: int | t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        if not args and not kwargs and not isinstance(code, int):
            raise HTTPException(response=code)
        if code not in self.mapping:
            raise LookupError(f"no exception for {code!r}")
        raise self.mapping[code](*args, **kwargs)


_default_aborter = Aborter()


def abort(code: int | t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raise the HTTP error for ``code``, or send ``code`` as-is if it is a response.

    This is the app-free one; :func:`flaskish.abort` uses the current app's
    :attr:`~flaskish.Flask.aborter` when there is one.
    """
    _default_aborter(code, *args, **kwargs)
