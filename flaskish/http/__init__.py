"""Parsed HTTP header values: the objects Flask code reads from ``request`` and sets on
``response`` (``Accept``, ``Cache-Control``, ``ETag``, ``Range``, ``Authorization`` ...).

Parsing that Django or the standard library already does (parameters, ETag lists,
HTTP dates, comma-separated lists) is delegated to them; this package adds the
Werkzeug-compatible object model on top, one header family per module.
"""

from __future__ import annotations

from .accept import Accept, CharsetAccept, LanguageAccept, MIMEAccept, parse_accept_header
from .auth import Authorization, WWWAuthenticate, parse_authorization_header
from .cache_control import (
    RequestCacheControl,
    ResponseCacheControl,
    cache_control_property,
    parse_cache_control_header,
)
from .cookies import parse_cookie_header, quote_cookie_value, unquote_cookie_value
from .dates import http_date, parse_date
from .etags import ETags, generate_etag, parse_etags, quote_etag, unquote_etag
from .header_set import HeaderSet, UserAgent, parse_set_header
from .headers import (
    dump_header,
    dump_options_header,
    parse_dict_header,
    parse_list_header,
    parse_options_header,
    quote_header_value,
    unquote_header_value,
)
from .ranges import (
    ContentRange,
    IfRange,
    Range,
    is_byte_range_valid,
    parse_content_range_header,
    parse_if_range_header,
    parse_range_header,
)

__all__ = [
    "Accept",
    "Authorization",
    "CharsetAccept",
    "ContentRange",
    "ETags",
    "HeaderSet",
    "IfRange",
    "LanguageAccept",
    "MIMEAccept",
    "Range",
    "RequestCacheControl",
    "ResponseCacheControl",
    "UserAgent",
    "WWWAuthenticate",
    "cache_control_property",
    "dump_header",
    "dump_options_header",
    "generate_etag",
    "http_date",
    "parse_cookie_header",
    "quote_cookie_value",
    "unquote_cookie_value",
    "is_byte_range_valid",
    "parse_accept_header",
    "parse_authorization_header",
    "parse_cache_control_header",
    "parse_content_range_header",
    "parse_date",
    "parse_dict_header",
    "parse_etags",
    "parse_if_range_header",
    "parse_list_header",
    "parse_options_header",
    "parse_range_header",
    "parse_set_header",
    "quote_etag",
    "quote_header_value",
    "unquote_etag",
    "unquote_header_value",
]
