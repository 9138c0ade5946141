"""Errors that explain common mistakes, raised only in debug mode."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from .wrappers import Request


class UnexpectedUnicodeError(AssertionError, UnicodeError):
    """Text or bytes turned up where the other was expected."""


class DebugFilesKeyError(KeyError, AssertionError):
    """``request.files[key]`` is missing because the form was not sent as multipart.

    It says so, instead of a bare ``KeyError``, when the key came in as a form field.
    """

    def __init__(self, request: Request, key: str) -> None:
        sent = request.form.getlist(key)
        msg = (
            f"The file {key!r} is not in request.files: the request's mimetype is"
            f" {request.mimetype!r}, not 'multipart/form-data', so no file contents"
            ' were transmitted. Add enctype="multipart/form-data" to the form.'
        )
        if sent:
            names = ", ".join(repr(name) for name in sent)
            msg += f"\n\nOnly file names came as form fields. This was submitted: {names}"
        self.msg = msg

    def __str__(self) -> str:
        return self.msg


class FormDataRoutingRedirect(AssertionError):
    """A routing redirect would make the browser drop the request's method and body.

    Raised in debug mode instead of a 301/302 redirect for a request other than
    GET, HEAD or OPTIONS.
    """

    def __init__(self, request: Request) -> None:
        new_url: str = getattr(request.routing_exception, "new_url", "")
        msg = (
            f"A request was sent to '{request.url}', but routing issued a redirect to"
            f" the canonical URL '{new_url}'."
        )
        if f"{request.base_url}/" == new_url.partition("?")[0]:
            msg += " The URL was defined with a trailing slash, and was requested without one."
        msg += (
            " Send requests to the canonical URL, or use 307 or 308 for routing"
            " redirects, or browsers will drop the form data.\n\n"
            "This exception is only raised in debug mode."
        )
        super().__init__(msg)


def attach_enctype_error_multidict(request: Request) -> None:
    """Make ``request.files[key]`` raise :class:`DebugFilesKeyError` for a form field.

    :param request: The request whose ``files`` to change.
    """
    files = request.files
    base = type(files)

    class _ExplainingFiles(base):  # type: ignore[valid-type, misc]
        def __getitem__(self, key: str) -> t.Any:
            try:
                return super().__getitem__(key)
            except KeyError as e:
                if key not in request.form:
                    raise
                raise DebugFilesKeyError(request, key).with_traceback(e.__traceback__) from None

    _ExplainingFiles.__name__ = base.__name__
    _ExplainingFiles.__qualname__ = base.__qualname__
    _ExplainingFiles.__module__ = base.__module__
    files.__class__ = _ExplainingFiles
