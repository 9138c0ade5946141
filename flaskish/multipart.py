"""Multipart parsing with Django's parser, checked against the app's form limits.

Django enforces its own ``DATA_UPLOAD_MAX_*`` settings while it parses; the
app's ``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS`` are checked on the result
so one Django site can host apps with different limits.
"""

from __future__ import annotations

import typing as t

from django.http import QueryDict
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import MultiValueDict

from .exceptions import RequestEntityTooLarge

if t.TYPE_CHECKING:
    from .wrappers import Request


def parse_multipart(request: Request, stream: t.Any) -> tuple[QueryDict, MultiValueDict]:
    """Parse ``multipart/form-data`` into Django's ``(POST, FILES)`` pair."""
    django_request = request.django
    parser = MultiPartParser(
        django_request.META, stream, django_request.upload_handlers, django_request.encoding
    )
    post, files = parser.parse()
    check_form_limits(request, post, files)
    return post, files


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
                raise RequestEntityTooLarge(
                    f"A form field is larger than {max_memory} bytes, the limit for this"
                    " application."
                )


def _byte_size(value: str, encoding: str) -> int:
    """The size of a decoded field as it was sent: the limit is in bytes, not characters."""
    if value.isascii():
        return len(value)
    return len(value.encode(encoding, "replace"))
