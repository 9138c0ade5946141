"""Multipart parsing with Django's parser, checked against the app's form limits.

Django enforces its own ``DATA_UPLOAD_MAX_*`` settings while it parses; the
app's ``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS`` are checked on the result
so one Django site can host apps with different limits, and a field far over
``MAX_FORM_MEMORY_SIZE`` stops the parse before it is held in memory whole.
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
    from .wrappers import Request


def parse_multipart(
    request: Request, stream: t.Any, length: int | None = None
) -> tuple[QueryDict, MultiValueDict]:
    """Parse ``multipart/form-data`` into Django's ``(POST, FILES)`` pair.

    :param length: the body's length, when ``Content-Length`` does not give it.
    """
    django_request = request.django
    meta = django_request.META
    if length is not None:
        meta = {**meta, "CONTENT_LENGTH": str(length)}
    handlers = list(django_request.upload_handlers)
    guard = _FieldSizeGuard.for_form(stream, meta, request.max_form_memory_size)
    if guard is not None:
        stream = guard
        handlers.insert(0, guard)
    parser = MultiPartParser(meta, stream, handlers, django_request.encoding)
    post, files = parser.parse()
    check_form_limits(request, post, files)
    return post, files


def _field_too_large(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge(
        f"A form field is larger than {limit} bytes, the limit for this application."
    )


class _FieldSizeGuard(FileUploadHandler):
    """Stops a parse (413) once a part that is not a file has grown far past ``limit`` bytes.

    Django's parser holds a field in memory until its end, and only its memory
    setting, one total for the whole site, stops it sooner.  The guard sits
    between the parser and the body, counting the bytes read since the last
    part boundary; as the first upload handler it sees each chunk of a file,
    which goes to the file, not memory, and starts the count afresh.  The count
    runs a few reads ahead of the parser, so the guard allows that much more:
    the exact check, per field, is :func:`check_form_limits` on the parse.
    """

    chunk_size = None  # the parser's read size is left to the real handlers

    #: Reads the parser may be ahead of what it has handed to the handlers.
    _READS_AHEAD = 3

    def __init__(self, stream: t.Any, boundary: bytes, limit: int) -> None:
        super().__init__()
        self._stream = stream
        self._delimiter = b"--" + boundary
        self._limit = limit
        self._read_size = 0
        self._since_boundary = 0
        self._tail = b""

    @classmethod
    def for_form(
        cls, stream: t.Any, meta: t.Mapping[str, t.Any], limit: int | None
    ) -> _FieldSizeGuard | None:
        """A guard for the form ``meta`` describes; None without a limit or a usable boundary
        (Django's parser refuses the form then)."""
        boundary = parse_header_parameters(meta.get("CONTENT_TYPE", ""))[1].get("boundary")
        if limit is None or not boundary or not boundary.isascii():
            return None
        return cls(stream, boundary.encode("ascii"), limit)

    def read(self, size: int = -1) -> bytes:
        """Read for the parser, and refuse a part that is not a file and is too large."""
        data: bytes = self._stream.read(size)
        self._read_size = max(self._read_size, len(data))
        window = self._tail + data
        start = window.rfind(self._delimiter)
        if start >= 0:
            self._since_boundary = len(window) - start - len(self._delimiter)
        else:
            self._since_boundary += len(data)
        # A delimiter may straddle two reads.
        self._tail = window[1 - len(self._delimiter) :]
        if self._since_boundary > self._limit + self._READS_AHEAD * self._read_size:
            raise _field_too_large(self._limit)
        return data

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._since_boundary = 0
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def check_form_limits(request: Request, post: QueryDict, files: MultiValueDict) -> None:
    """Refuse with 413 a form over the app's part count or in-memory field size."""
    max_parts = request.max_form_parts
    if max_parts is not None:
        parts = sum(len(v) for _, v in post.lists()) + sum(len(v) for _, v in files.lists())
        if parts > max_parts:
            raise RequestEntityTooLarge(
                f"The form has more than {max_parts} parts, the limit for this application."
            )
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
