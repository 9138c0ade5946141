"""ETags: quoting, generating and the ``If-Match``/``If-None-Match`` sets."""

from __future__ import annotations

import collections.abc as cabc
import hashlib
import re
import typing as t

from django.utils.http import quote_etag as _django_quote_etag


def quote_etag(etag: str, weak: bool = False) -> str:
    """Quote an entity tag, ``W/``-prefixed when ``weak``."""
    if '"' in etag:
        raise ValueError(
            f"Invalid ETag {etag!r}: an entity tag cannot contain '\"'. Pass the bare"
            " value; quoting is added for you."
        )
    quoted = _django_quote_etag(etag)
    return f"W/{quoted}" if weak else quoted


@t.overload
def unquote_etag(etag: str) -> tuple[str, bool]: ...
@t.overload
def unquote_etag(etag: None) -> tuple[None, None]: ...
def unquote_etag(etag: str | None) -> tuple[str, bool] | tuple[None, None]:
    """Split ``W/"tag"`` into ``("tag", True)``; ``(None, None)`` for an empty value."""
    if not etag:
        return None, None
    etag = etag.strip()
    weak = etag[:2] in ("W/", "w/")
    if weak:
        etag = etag[2:]
    if len(etag) >= 2 and etag[0] == etag[-1] == '"':
        etag = etag[1:-1]
    return etag, weak


def generate_etag(data: bytes) -> str:
    """An ETag for ``data``: its SHA-1 hex digest, like Werkzeug (MD5 may be disabled)."""
    return hashlib.sha1(data).hexdigest()


class ETags(cabc.Collection[str]):
    """The entity tags of ``If-Match`` / ``If-None-Match``, unquoted, split by strength.

    ``in`` checks strong tags only (or anything, for ``*``), which is the comparison
    ``If-Match`` needs; ``contains_weak`` is the one ``If-None-Match`` needs.
    """

    def __init__(
        self,
        strong_etags: cabc.Iterable[str] | None = None,
        weak_etags: cabc.Iterable[str] | None = None,
        star_tag: bool = False,
    ) -> None:
        self._strong = frozenset(() if star_tag else strong_etags or ())
        self._weak = frozenset(weak_etags or ())
        self.star_tag = star_tag

    def as_set(self, include_weak: bool = False) -> set[str]:
        """The strong tags (plus the weak ones if asked) as a plain set."""
        return set(self._strong | self._weak) if include_weak else set(self._strong)

    def is_weak(self, etag: str) -> bool:
        """True if ``etag`` was given as a weak tag."""
        return etag in self._weak

    def is_strong(self, etag: str) -> bool:
        """True if ``etag`` was given as a strong tag."""
        return etag in self._strong

    def contains(self, etag: str) -> bool:
        """Strong comparison: ``*`` or one of the strong tags."""
        return self.star_tag or etag in self._strong

    def contains_weak(self, etag: str) -> bool:
        """Weak comparison: like :meth:`contains`, but weak tags count too."""
        return self.is_weak(etag) or self.contains(etag)

    def contains_raw(self, etag: str) -> bool:
        """Check a still-quoted tag, using weak comparison if it is ``W/``-prefixed."""
        tag, weak = unquote_etag(etag)
        if tag is None:
            return False
        return self.contains_weak(tag) if weak else self.contains(tag)

    def to_header(self) -> str:
        """Render as an ``If-Match`` style header value."""
        if self.star_tag:
            return "*"
        return ", ".join(
            [quote_etag(tag) for tag in self._strong]
            + [quote_etag(tag, True) for tag in self._weak]
        )

    def __contains__(self, etag: object) -> bool:
        return isinstance(etag, str) and self.contains(etag)

    def __iter__(self) -> cabc.Iterator[str]:
        return iter(self._strong)

    def __len__(self) -> int:
        return len(self._strong)

    def __bool__(self) -> bool:
        return bool(self.star_tag or self._strong or self._weak)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


#: One item of an ``If-Match`` list: a quoted tag (which may hold commas), or the
#: bare text up to the next comma. Each item is scanned at most twice.
_ETAG_ITEM_RE = re.compile(r'\s*((?:[Ww]/)?"[^"]*"(?=\s*(?:,|\Z))|[^,]*)\s*(?:,|\Z)')


def parse_etags(value: str | None) -> ETags:
    """Parse ``If-Match`` / ``If-None-Match`` as werkzeug does.

    Beyond Django's RFC 9110 parser, an unquoted tag (``If-Match: abc123``, which
    clients send) is the strong tag ``abc123`` rather than ignored, and a ``*``
    anywhere matches everything.
    """
    if not value:
        return ETags()
    strong: list[str] = []
    weak: list[str] = []
    for match in _ETAG_ITEM_RE.finditer(value):
        item = match.group(1).strip()
        if not item:
            continue
        if item == "*":
            return ETags(star_tag=True)
        tag, is_weak = unquote_etag(item)
        (weak if is_weak else strong).append(tag)
    return ETags(strong, weak)
