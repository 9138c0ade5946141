"""Parsed HTTP header values: the objects Flask code reads from ``request`` and sets on
``response`` (``Accept``, ``Cache-Control``, ``ETag``, ``Range``, ``Authorization`` ...).

Parsing that Django or the standard library already does (parameters, ETag lists,
HTTP dates, comma-separated lists) is delegated to them; this package adds the
Werkzeug-compatible object model on top, one header family per module.
"""

from __future__ import annotations

import importlib
import typing as t

if t.TYPE_CHECKING:
    from .accept import Accept as Accept
    from .accept import CharsetAccept as CharsetAccept
    from .accept import LanguageAccept as LanguageAccept
    from .accept import MIMEAccept as MIMEAccept
    from .accept import parse_accept_header as parse_accept_header
    from .auth import Authorization as Authorization
    from .auth import WWWAuthenticate as WWWAuthenticate
    from .auth import parse_authorization_header as parse_authorization_header
    from .cache_control import RequestCacheControl as RequestCacheControl
    from .cache_control import ResponseCacheControl as ResponseCacheControl
    from .cache_control import cache_control_property as cache_control_property
    from .cache_control import parse_cache_control_header as parse_cache_control_header
    from .cookies import parse_cookie_header as parse_cookie_header
    from .cookies import quote_cookie_value as quote_cookie_value
    from .cookies import unquote_cookie_value as unquote_cookie_value
    from .dates import http_date as http_date
    from .dates import parse_date as parse_date
    from .etags import ETags as ETags
    from .etags import generate_etag as generate_etag
    from .etags import parse_etags as parse_etags
    from .etags import quote_etag as quote_etag
    from .etags import unquote_etag as unquote_etag
    from .header_set import HeaderSet as HeaderSet
    from .header_set import UserAgent as UserAgent
    from .header_set import parse_set_header as parse_set_header
    from .headers import dump_header as dump_header
    from .headers import dump_options_header as dump_options_header
    from .headers import parse_dict_header as parse_dict_header
    from .headers import parse_list_header as parse_list_header
    from .headers import parse_options_header as parse_options_header
    from .headers import quote_header_value as quote_header_value
    from .headers import unquote_header_value as unquote_header_value
    from .ranges import ContentRange as ContentRange
    from .ranges import IfRange as IfRange
    from .ranges import Range as Range
    from .ranges import is_byte_range_valid as is_byte_range_valid
    from .ranges import parse_content_range_header as parse_content_range_header
    from .ranges import parse_if_range_header as parse_if_range_header
    from .ranges import parse_range_header as parse_range_header

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

#: The module each name lives in. A module loads when one of its names is first read,
#: so a worker whose requests never parse ``Accept`` or ``Range`` never loads those parsers.
_HOMES: dict[str, str] = {
    "Accept": "accept",
    "CharsetAccept": "accept",
    "LanguageAccept": "accept",
    "MIMEAccept": "accept",
    "parse_accept_header": "accept",
    "Authorization": "auth",
    "WWWAuthenticate": "auth",
    "parse_authorization_header": "auth",
    "RequestCacheControl": "cache_control",
    "ResponseCacheControl": "cache_control",
    "cache_control_property": "cache_control",
    "parse_cache_control_header": "cache_control",
    "parse_cookie_header": "cookies",
    "quote_cookie_value": "cookies",
    "unquote_cookie_value": "cookies",
    "http_date": "dates",
    "parse_date": "dates",
    "ETags": "etags",
    "generate_etag": "etags",
    "parse_etags": "etags",
    "quote_etag": "etags",
    "unquote_etag": "etags",
    "HeaderSet": "header_set",
    "UserAgent": "header_set",
    "parse_set_header": "header_set",
    "dump_header": "headers",
    "dump_options_header": "headers",
    "parse_dict_header": "headers",
    "parse_list_header": "headers",
    "parse_options_header": "headers",
    "quote_header_value": "headers",
    "unquote_header_value": "headers",
    "ContentRange": "ranges",
    "IfRange": "ranges",
    "Range": "ranges",
    "is_byte_range_valid": "ranges",
    "parse_content_range_header": "ranges",
    "parse_if_range_header": "ranges",
    "parse_range_header": "ranges",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # later reads skip this function
    return value
