"""``Authorization`` and ``WWW-Authenticate``: credentials and challenges."""

from __future__ import annotations

import base64

from .headers import dump_header, parse_dict_header, quote_header_value


def _split_credentials(value: str) -> tuple[str, str, dict[str, str | None] | None, str | None]:
    """``"Scheme rest"`` -> (scheme lower-cased, rest, auth-params or None, token or None)."""
    scheme, _, rest = value.partition(" ")
    rest = rest.strip()
    # An "=" that is not trailing base64 padding means auth-params, otherwise a token68.
    if "=" in rest.rstrip("="):
        return scheme.lower(), rest, parse_dict_header(rest), None
    return scheme.lower(), rest, None, rest


class _AuthHeader:
    """What ``Authorization`` and ``WWW-Authenticate`` share: a scheme with either
    auth-params or a token, and read access to the params by key."""

    type: str
    parameters: dict[str, str | None]
    token: str | None

    def __getitem__(self, key: str) -> str | None:
        return self.parameters.get(key)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.parameters.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.parameters

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return (self.type, self.token, self.parameters) == (
            other.type,
            other.token,
            other.parameters,
        )

    __hash__ = None  # type: ignore[assignment]

    def to_header(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"


class Authorization(_AuthHeader):
    """A parsed ``Authorization`` header.

    Depending on the scheme either :attr:`parameters` or :attr:`token` is set; Basic
    credentials are decoded into ``username`` and ``password`` parameters.
    ``auth["key"]``, ``auth.get("key")``, ``"key" in auth`` and ``auth.key`` read the
    parameters.
    """

    def __init__(
        self,
        auth_type: str,
        data: dict[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        self.type = auth_type
        self.parameters: dict[str, str | None] = {} if data is None else data
        self.token = token

    @property
    def data(self) -> dict[str, str | None]:
        """Alias of :attr:`parameters`, named like the constructor argument."""
        return self.parameters

    @property
    def username(self) -> str | None:
        return self.parameters.get("username")

    @property
    def password(self) -> str | None:
        return self.parameters.get("password")

    def __getattr__(self, name: str) -> str | None:
        if name.startswith("__") or name == "parameters":
            raise AttributeError(name)
        return self.parameters.get(name)

    @classmethod
    def from_header(cls, value: str | None) -> Authorization | None:
        """Parse a header value; ``None`` if it is empty or Basic credentials are not
        valid base64 of ``user:password`` in UTF-8."""
        if not value:
            return None
        scheme, rest, parameters, token = _split_credentials(value)
        if scheme == "basic":
            try:
                decoded = base64.b64decode(rest, validate=True).decode()
            except ValueError:  # bad base64 or UTF-8, or non-ASCII text b64decode refuses
                return None
            username, colon, password = decoded.partition(":")
            if not colon:
                return None
            return cls(scheme, {"username": username, "password": password})
        return cls(scheme, parameters, token)

    def to_header(self) -> str:
        """Render as a header value (Basic credentials are re-encoded)."""
        if self.type.lower() == "basic":
            credentials = f"{self.username}:{self.password}".encode()
            return f"Basic {base64.b64encode(credentials).decode('ascii')}"
        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        return f"{self.type.title()} {dump_header(self.parameters)}"


def parse_authorization_header(value: str | None) -> Authorization | None:
    """Shortcut for :meth:`Authorization.from_header`."""
    return Authorization.from_header(value)


#: Digest challenge parameters that RFC 7616 requires as quoted strings.
_DIGEST_QUOTED = frozenset({"realm", "domain", "nonce", "opaque", "qop"})


class WWWAuthenticate(_AuthHeader):
    """A ``WWW-Authenticate`` challenge for 401 responses.

    Either :attr:`parameters` (``realm`` ...) or :attr:`token` is used; ``auth["key"]``
    reads and writes parameters (assigning ``None`` removes one).
    """

    def __init__(
        self,
        auth_type: str,
        values: dict[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        self.type = auth_type.lower()
        self.parameters: dict[str, str | None] = dict(values or {})
        self.token = token

    def __setitem__(self, key: str, value: str | None) -> None:
        if value is None:
            self.parameters.pop(key, None)
        else:
            self.parameters[key] = value

    def __delitem__(self, key: str) -> None:
        self.parameters.pop(key, None)

    @classmethod
    def from_header(cls, value: str | None) -> WWWAuthenticate | None:
        """Parse a challenge; ``None`` if the value is empty."""
        if not value:
            return None
        scheme, _rest, parameters, token = _split_credentials(value)
        return cls(scheme, parameters, token)

    def to_header(self) -> str:
        """Render as a header value, e.g. ``Basic realm="Login Required"``."""
        scheme = self.type.title()
        if self.token is not None:
            return f"{scheme} {self.token}"
        if not self.parameters:
            return scheme
        if self.type == "digest":
            items = (
                f"{key}={quote_header_value(value, allow_token=key not in _DIGEST_QUOTED)}"
                for key, value in self.parameters.items()
            )
            return f"Digest {', '.join(items)}"
        return f"{scheme} {dump_header(self.parameters)}"
