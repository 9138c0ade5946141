"""Conditional and range responses: 304/412 from Django's rules, 206/416 for ranges."""

from __future__ import annotations

import copy
import typing as t

from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import http as _http
from .exceptions import RequestedRangeNotSatisfiable

if t.TYPE_CHECKING:
    from django.http import HttpRequest

    from .response import Response

# Headers that describe a body, which a 304 lacks; Flask drops these and keeps the rest
# (Expires and Content-Location stay, as RFC 9110 §15.4.5 asks).
_BODY_HEADERS = frozenset(
    {
        "allow",
        "content-encoding",
        "content-language",
        "content-length",
        "content-md5",
        "content-range",
        "content-type",
        "last-modified",
    }
)


def _django_request(request_or_environ: t.Any) -> HttpRequest:
    from django.core.handlers.wsgi import WSGIRequest

    django_request: HttpRequest | None = getattr(request_or_environ, "django", None)
    if django_request is not None:
        return django_request
    if isinstance(request_or_environ, dict):
        return WSGIRequest(request_or_environ)
    return t.cast("HttpRequest", request_or_environ)  # already Django's


def make_conditional(
    response: Response,
    request_or_environ: t.Any,
    accept_ranges: bool | str = False,
    complete_length: int | None = None,
) -> Response:
    """Answer 304/412 for satisfied validators, 206/416 for ``Range`` requests."""
    request = _django_request(request_or_environ)
    if request.method not in ("GET", "HEAD"):
        return response
    if "Date" not in response.headers:
        response.headers["Date"] = http_date()
    if accept_ranges:
        response.headers["Accept-Ranges"] = "bytes" if accept_ranges is True else str(accept_ranges)
    is_partial = False
    if accept_ranges and complete_length is not None:
        is_partial = _apply_range(response, request, complete_length)
    if not is_partial:
        _apply_validators(response, request)
    return response


_ETAG_CONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH")


def _with_quoted_etags(request: HttpRequest) -> HttpRequest:
    """``request``, or a copy whose ``If-Match``/``If-None-Match`` quote every tag.

    Clients send ``If-None-Match: abc123``; werkzeug reads the tag as ``"abc123"``
    and Django's rules would ignore it, so such lists are rewritten first.
    """
    meta = request.META
    changed = {
        key: _http.parse_etags(meta[key]).to_header()
        for key in _ETAG_CONDITIONS
        if meta.get(key)
        and any(tag.strip() not in ("", "*") and '"' not in tag for tag in meta[key].split(","))
    }
    if not changed:
        return request
    copied = copy.copy(request)
    copied.META = {**meta, **changed}
    return copied


def _apply_validators(response: Response, request: HttpRequest) -> None:
    etag = response.headers.get("ETag")
    last_modified = response.last_modified
    outcome = get_conditional_response(
        _with_quoted_etags(request),
        etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=response,
    )
    if outcome is response or outcome is None:
        return
    response.close_body()
    if outcome.status_code == 304:
        for key in _BODY_HEADERS:
            response.headers.remove(key)
    response.status = outcome.status_code


def _apply_range(response: Response, request: HttpRequest, length: int) -> bool:
    """Cut the body to the requested range; True when a 206 was made."""
    header = request.META.get("HTTP_RANGE")
    if not header:
        return False
    if_range = _http.parse_if_range_header(request.META.get("HTTP_IF_RANGE"))
    if not _if_range_holds(if_range, response):
        return False
    parsed = _http.parse_range_header(header)
    if parsed is None:
        raise RequestedRangeNotSatisfiable(length)
    bounds = parsed.range_for_length(length)
    if bounds is None:
        raise RequestedRangeNotSatisfiable(length)
    start, stop = bounds
    if len(parsed.ranges) > 1:
        # Several ranges would need multipart/byteranges; send the whole body.
        return False
    response.slice_body(start, stop)
    response.headers["Content-Range"] = f"bytes {start}-{stop - 1}/{length}"
    response.headers["Content-Length"] = str(stop - start)
    response.status = 206
    return True


def _if_range_holds(if_range: t.Any, response: Response) -> bool:
    if if_range is None or (if_range.etag is None and if_range.date is None):
        return True
    if if_range.etag is not None:
        current, weak = response.get_etag()
        return bool(current) and not weak and current == if_range.etag
    last_modified = response.last_modified
    return last_modified is not None and last_modified <= if_range.date
