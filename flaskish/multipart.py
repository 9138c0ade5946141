"""Multipart parsing with Django's parser, checked against the app's form limits.

Django enforces its own ``DATA_UPLOAD_MAX_*`` settings while it parses, one set
for the whole site; the app's ``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS``
stop the parse as the body crosses them (a guard between the parser and the
body), and are checked exactly on the result, so one Django site can host apps
with different limits.  A refused or failed parse leaves no upload behind:
its temporary files are closed and deleted before the error goes on.
"""

from __future__ import annotations

import typing as t

from django.core.files.uploadhandler import FileUploadHandler
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

from .exceptions import RequestEntityTooLarge

if t.TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from .wrappers import Request


def parse_multipart(
    request: Request, stream: t.Any, length: int | None = None
) -> tuple[QueryDict, MultiValueDict[str, UploadedFile[bytes]]]:
    """Parse ``multipart/form-data`` into Django's ``(POST, FILES)`` pair.

    :param length: the body's length, when ``Content-Length`` does not give it.
    """
    django_request = request.django
    meta = django_request.META
    if length is not None:
        meta = {**meta, "CONTENT_LENGTH": str(length)}
    handlers = list(django_request.upload_handlers)
    guard = _FormGuard.for_form(stream, meta, request.max_form_memory_size, request.max_form_parts)
    if guard is not None:
        stream = guard
        handlers.insert(0, guard)
    parser = MultiPartParser(meta, stream, handlers, django_request.encoding)
    try:
        post, files = parser.parse()
        check_form_limits(request, post, files)
    except BaseException:
        discard_uploads(handlers, getattr(parser, "_files", None))
        raise
    return post, files


def discard_uploads(
    handlers: t.Iterable[FileUploadHandler], files: MultiValueDict[str, UploadedFile[bytes]] | None
) -> None:
    """Close and delete every upload of a parse that will not be used.

    Django closes the files it finished on an error, but not the one a handler
    was still writing, nor any when the app's limits refuse a finished parse:
    those would stay on disk, descriptor open, until garbage collection.
    """
    for handler in handlers:
        handler.upload_interrupted()  # the temporary-file handler deletes its file here
        _close_quietly(getattr(handler, "file", None))
    for _, uploads in (files or MultiValueDict()).lists():
        for upload in uploads:
            _close_quietly(upload)


def _close_quietly(upload: t.Any) -> None:
    """Close an upload (a temporary one is deleted with it); one already gone is no error."""
    if upload is None:
        return
    try:
        upload.close()
    except OSError:
        pass


def _field_too_large(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge(
        f"A form field is larger than {limit} bytes, the limit for this application."
    )


def _too_many_parts(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge(
        f"The form has more than {limit} parts, the limit for this application."
    )


class _FormGuard(FileUploadHandler):
    """Stops a parse (413) as the body crosses the app's form limits.

    Django's parser holds a field in memory until its end, and counts parts
    against one site-wide setting.  The guard sits between the parser and the
    body and watches the part delimiters go by: more delimiters than
    ``max_parts`` parts need refuse the form at once, and a part that is not a
    file and has grown far past ``max_memory`` bytes since its delimiter is
    refused before it is held whole.  As the first upload handler it sees each
    chunk of a file, which goes to the file, not memory, and starts the size
    count afresh.  The guard reads a few reads ahead of the parser, so it
    allows that much more per field: the exact checks are
    :func:`check_form_limits` on the parse.
    """

    chunk_size = None  # type: ignore[assignment]  # the read size is left to the real handlers

    #: Reads the parser may be ahead of what it has handed to the handlers.
    _READS_AHEAD = 3

    def __init__(
        self, stream: t.Any, boundary: bytes, max_memory: int | None, max_parts: int | None
    ) -> None:
        super().__init__()
        self._stream = stream
        self._delimiter = b"--" + boundary
        self._max_memory = max_memory
        # n parts take n + 1 delimiters, the closing one included.
        self._max_delimiters = None if max_parts is None else max_parts + 1
        self._max_parts = max_parts
        self._delimiters = 0
        self._read_size = 0
        self._since_boundary = 0
        self._tail = b""

    @classmethod
    def for_form(
        cls,
        stream: t.Any,
        meta: t.Mapping[str, t.Any],
        max_memory: int | None,
        max_parts: int | None,
    ) -> _FormGuard | None:
        """A guard for the form ``meta`` describes; None without a limit or a usable boundary
        (Django's parser refuses the form then)."""
        boundary = parse_header_parameters(meta.get("CONTENT_TYPE", ""))[1].get("boundary")
        if (max_memory is None and max_parts is None) or not boundary or not boundary.isascii():
            return None
        return cls(stream, boundary.encode("ascii"), max_memory, max_parts)

    def read(self, size: int = -1) -> bytes:
        """Read for the parser, and refuse a form over the limits as soon as the bytes show it."""
        data: bytes = self._stream.read(size)
        self._read_size = max(self._read_size, len(data))
        # A delimiter may straddle two reads: the tail is one byte too short to hold a whole one.
        window = self._tail + data
        self._tail = window[1 - len(self._delimiter) :]
        self._count_parts(window)
        self._check_field_size(window, len(data))
        return data

    def _count_parts(self, window: bytes) -> None:
        if self._max_delimiters is None or self._max_parts is None:
            return
        self._delimiters += window.count(self._delimiter)
        if self._delimiters > self._max_delimiters:
            raise _too_many_parts(self._max_parts)

    def _check_field_size(self, window: bytes, read: int) -> None:
        if self._max_memory is None:
            return
        start = window.rfind(self._delimiter)
        if start >= 0:
            self._since_boundary = len(window) - start - len(self._delimiter)
        else:
            self._since_boundary += read
        if self._since_boundary > self._max_memory + self._READS_AHEAD * self._read_size:
            raise _field_too_large(self._max_memory)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._since_boundary = 0
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def check_form_limits(
    request: Request, post: QueryDict, files: MultiValueDict[str, UploadedFile[bytes]]
) -> None:
    """Refuse with 413 a form over the app's part count or in-memory field size."""
    max_parts = request.max_form_parts
    if max_parts is not None:
        parts = sum(len(v) for _, v in post.lists()) + sum(len(v) for _, v in files.lists())
        if parts > max_parts:
            raise _too_many_parts(max_parts)
    max_memory = request.max_form_memory_size
    if max_memory is not None:
        encoding = post.encoding
        for _, values in post.lists():
            if any(_byte_size(value, encoding) > max_memory for value in values):
                raise _field_too_large(max_memory)


def _byte_size(value: str, encoding: str) -> int:
    """The size of a decoded field as it was sent: the limit is in bytes, not characters."""
    if value.isascii():
        return len(value)
    return len(value.encode(encoding, "replace"))
