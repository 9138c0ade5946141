"""Header value primitives: quoting, lists, dicts and ``;``-options, as werkzeug reads and writes them."""

from __future__ import annotations

import collections.abc as cabc
import re
import typing as t

from django.utils.http import parse_header_parameters

_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
)
_INT_RE = re.compile(r"-?[0-9]+", re.ASCII)
_Q_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)


def quote_header_value(value: t.Any, allow_token: bool = True) -> str:
    """Quote ``value`` for a header unless it is a plain token (or empty, which must be
    quoted to survive)."""
    text = str(value)
    if text and allow_token and _TOKEN_CHARS.issuperset(text):
        return text
    return '"{}"'.format(text.replace("\\", "\\\\").replace('"', '\\"'))


def unquote_header_value(value: str) -> str:
    """Undo :func:`quote_header_value`: strip surrounding quotes and backslash escapes."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def dump_header(iterable: cabc.Mapping[str, t.Any] | cabc.Iterable[t.Any]) -> str:
    """Join items (or ``key=value`` pairs; ``None`` values give a bare key) with ``, ``,
    quoting where needed."""
    if isinstance(iterable, cabc.Mapping):
        return ", ".join(
            key if value is None else f"{key}={quote_header_value(value)}"
            for key, value in iterable.items()
        )
    return ", ".join(quote_header_value(item) for item in iterable)


def parse_list_header(value: str) -> list[str]:
    """Split a comma-separated header, honouring quoted strings; empty items are dropped
    and items that are wholly quoted are unquoted."""
    # urllib.request (with http.client and its email parser) only when a list header is read.
    from urllib.request import parse_http_list

    items = []
    for item in parse_http_list(value):
        item = item.strip()
        if len(item) >= 2 and item[0] == item[-1] == '"':
            item = item[1:-1]
        if item:
            items.append(item)
    return items


def parse_dict_header(value: str) -> dict[str, str | None]:
    """Parse ``a=b, c="d, e", f`` into ``{"a": "b", "c": "d, e", "f": None}``."""
    result: dict[str, str | None] = {}
    for item in parse_list_header(value):
        key, has_value, raw = item.partition("=")
        key = key.strip()
        if not key:
            continue
        if not has_value:
            result[key] = None
            continue
        raw = raw.strip()
        result[key] = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw
    return result


def parse_options_header(value: str | None) -> tuple[str, dict[str, str]]:
    """Parse ``text/html; charset=utf-8`` into ``("text/html", {"charset": "utf-8"})``.

    The value is lower-cased (media types are case-insensitive). Django's parser does
    the work, including RFC 2231 ``key*=`` values; a parameter with an unknown charset
    makes the whole parameter list unusable, so it is dropped rather than raising.
    """
    if not value:
        return "", {}
    try:
        return parse_header_parameters(value)
    except ValueError:
        return value.partition(";")[0].strip().lower(), {}


def dump_options_header(header: str | None, options: cabc.Mapping[str, t.Any]) -> str:
    """Build ``value; key=value`` (the reverse of :func:`parse_options_header`).

    ``None`` values are skipped; keys ending in ``*`` are assumed to be RFC 2231
    encoded already and are not quoted.
    """
    segments = [] if header is None else [header]
    for key, value in options.items():
        if value is None:
            continue
        segments.append(
            f"{key}={value}" if key.endswith("*") else f"{key}={quote_header_value(value)}"
        )
    return "; ".join(segments)
