"""Cookie values as werkzeug writes and reads them: the ``Cookie`` header's pairs,
and the quoting of a ``Set-Cookie`` value.

Flask and flaskish apps that share a domain (or a migration that moves users from
one to the other) must read each other's cookies. Werkzeug quotes a value that
holds characters outside RFC 6265's set and escapes its *UTF-8 bytes* as
``\\ooo``; Python's ``http.cookies`` escapes each character instead and so reads
``\\303\\251`` as two characters. Its unquoting was also quadratic in the length
of a value full of backslashes until CPython's 2024 patch releases, so the
request's cookies are parsed here, in one pass, whatever the Python patch level.
"""

from __future__ import annotations

import re
import string

__all__ = [
    "from_wsgi",
    "parse_cookie_header",
    "parse_set_cookie",
    "quote_cookie_value",
    "unquote_cookie_value",
]

#: Characters a value may hold and still go out unquoted, as werkzeug sends it.
_PLAIN = frozenset(string.ascii_letters + string.digits + "!#$%&'()*+-./:<=>?@[]^_`{|}~")

#: How each UTF-8 byte of a quoted value is written. Control characters, ``,``,
#: ``;``, DEL and every non-ASCII byte become ``\ooo``; ``"`` and ``\\`` are
#: backslashed. The result is ASCII, so it survives any server's latin-1 headers.
#: (werkzeug 3.1 leaves 0x1A-0x1F raw, which no server should send; escaped here,
#: they read back the same on both sides.)
_ESCAPED = [chr(byte) for byte in range(256)]
for _byte in (*range(0x20), *b",;", *range(0x7F, 0x100)):
    _ESCAPED[_byte] = f"\\{_byte:03o}"
_ESCAPED[ord('"')] = '\\"'
_ESCAPED[ord("\\")] = "\\\\"

#: One escape in a quoted value: three octal digits (a byte) or any one character.
_UNESCAPE_RE = re.compile(rb"\\([0-3][0-7]{2}|.)", re.DOTALL)


def quote_cookie_value(value: str) -> str:
    """``value`` as it goes out in ``Set-Cookie``: as is, or quoted and escaped as werkzeug does."""
    if _PLAIN.issuperset(value):
        return value
    return '"' + "".join([_ESCAPED[byte] for byte in value.encode()]) + '"'


def _unescape(match: re.Match[bytes]) -> bytes:
    escaped = match.group(1)
    return bytes([int(escaped, 8)]) if len(escaped) == 3 else escaped


def unquote_cookie_value(value: str) -> str:
    """The value an app set, from the form it travels in.

    Escaped bytes are decoded as UTF-8; bytes that are not UTF-8 become U+FFFD.
    """
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    return _UNESCAPE_RE.sub(_unescape, value[1:-1].encode()).decode(errors="replace")


def from_wsgi(header: str) -> str:
    """A header value as WSGI and ASGI servers hand it over (latin-1), read as UTF-8."""
    try:
        raw = header.encode("latin-1")
    except UnicodeEncodeError:  # already text: built by hand, not by a server
        return header
    return raw.decode(errors="replace")


def parse_cookie_header(header: str | None) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs of a ``Cookie`` header, in order, values unquoted.

    As werkzeug reads it: a name without ``=`` has the empty value, empty names are
    skipped. Unlike werkzeug, a ``;`` always ends a pair, even inside quotes (no
    cookie writer leaves one unescaped there), so each pair is read on its own and
    the whole header in one linear pass.
    """
    pairs = []
    for chunk in (header or "").split(";"):
        name, _, value = chunk.partition("=")
        name = name.strip()
        if name:
            pairs.append((name, unquote_cookie_value(value.strip())))
    return pairs


def parse_set_cookie(line: str) -> tuple[str, str, str, dict[str, str | None]]:
    """Split a ``Set-Cookie`` line into its name, raw value, decoded value and attributes.

    Attribute names are lower-cased; a flag such as ``Secure`` maps to None.
    """
    pair, _, attributes = line.partition(";")
    name, _, raw = pair.partition("=")
    params: dict[str, str | None] = {}
    for item in attributes.split(";"):
        key, sep, value = item.partition("=")
        if key.strip():
            params[key.strip().lower()] = value.strip() if sep else None
    raw = raw.strip()
    return name.strip(), raw, unquote_cookie_value(raw), params
