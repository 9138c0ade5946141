"""Sessions: a per-user dict kept between requests, by default in a signed cookie.

The default :class:`SecureCookieSessionInterface` writes exactly the cookie Flask
writes (itsdangerous, salt ``cookie-session``, HMAC-SHA1, tagged JSON), so users
of an app moved from Flask keep their sessions. Replace ``app.session_interface``
to store sessions elsewhere.
"""

from __future__ import annotations

import functools
import hashlib
import typing as t
from collections.abc import Mapping, MutableMapping
from datetime import datetime, timezone

from .datastructures import CallbackDict
from .globals import _cv_request
from .json.tag import TaggedJSONSerializer
from .response import Response as _Response

if t.TYPE_CHECKING:
    from itsdangerous import URLSafeTimedSerializer

    from .app import Flask
    from .wrappers import Request, Response

__all__ = [
    "SessionMixin",
    "SecureCookieSession",
    "NullSession",
    "SessionInterface",
    "SecureCookieSessionInterface",
    "session_json_serializer",
]

_NO_SECRET_KEY = (
    "The session is unavailable because no secret key was set. Set the"
    " secret_key on the application to something unique and secret."
)


def _site_mount() -> t.Any:
    """The :class:`~flaskish.typing.SiteMount` of the current request (None standalone)."""
    ctx = _cv_request.get(None)
    return None if ctx is None else ctx.request.site_mount


def _config(app: Flask, key: str) -> t.Any:
    """``app.config[key]``; under a site mount, the site's value where the app kept
    Flask's default (the site's cookie flags, the mount's cookie scope)."""
    return _session_settings(app)[key]


def _session_settings(app: Flask) -> t.Mapping[str, t.Any]:
    """The config the session's cookie is read from (:func:`_config`), the site asked
    once: ``app.config`` itself standalone."""
    site = _site_mount()
    if site is None:
        return app.config
    return _UnderSite(app, site.session_defaults(app, _cv_request.get().request))


class _UnderSite(t.Mapping[str, t.Any]):
    """A mounted app's config with the site's value for each key the app left at
    Flask's default."""

    __slots__ = ("_config", "_seeds", "_site")

    def __init__(self, app: Flask, site_defaults: t.Mapping[str, t.Any]) -> None:
        self._config = app.config
        self._seeds = app.default_config
        self._site = site_defaults

    def __getitem__(self, key: str) -> t.Any:
        value = self._config[key]
        if value != self._seeds.get(key):
            return value
        return self._site.get(key, value)

    def __iter__(self) -> t.Iterator[str]:
        return iter(self._config)

    def __len__(self) -> int:
        return len(self._config)


class SessionMixin(MutableMapping[str, t.Any]):
    """The attributes every session object has on top of the mapping interface."""

    @property
    def permanent(self) -> bool:
        """Whether the session outlives the browser session; stored as ``"_permanent"``."""
        result: bool = self.get("_permanent", False)
        return result

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self["_permanent"] = bool(value)

    new = False
    """Whether the session was created by this request. Not every backend can
    tell; the cookie backend always says ``False``."""

    modified = True
    """Whether the session changed and must be saved. Backends that cannot
    track changes leave it ``True`` so nothing is lost."""

    accessed = False
    """Whether the session was read or written; if so the response gets
    ``Vary: Cookie`` so caches do not share per-user pages."""


class SecureCookieSession(CallbackDict[str, t.Any], SessionMixin):
    """The session of the cookie backend: a dict that records changes.

    Only changes to the session's own items set :attr:`modified`; after changing a
    mutable value inside it (a nested list or dict), set ``modified = True`` so the
    cookie is written. Whether it was used (:attr:`accessed`) is recorded by the
    request context when code reaches it, as in Flask 3.1.3.
    """

    modified = False
    accessed = False

    def __init__(self, initial: Mapping[str, t.Any] | None = None) -> None:
        super().__init__(initial, _mark_modified)


def _mark_modified(session: SecureCookieSession) -> None:
    session.modified = True


class NullSession(SecureCookieSession):
    """The stand-in session when sessions cannot work (no secret key): empty and
    readable, but every write explains what is missing."""

    def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise RuntimeError(_NO_SECRET_KEY)

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = update = setdefault = _fail
    del _fail


class SessionInterface:
    """How an app loads and saves sessions; set ``app.session_interface`` to replace it.

    Subclasses implement :meth:`open_session` and :meth:`save_session`; the other
    methods read the app's ``SESSION_*`` config and rarely need changing. Requests
    sharing a session may run concurrently and in any order, so a backend with
    server-side storage must handle concurrent writes itself.
    """

    null_session_class: type[NullSession] = NullSession
    """Created by :meth:`make_null_session` and recognised by :meth:`is_null_session`."""

    pickle_based = False
    """Whether the backend pickles session data; extensions consult it."""

    @property
    def opens_lazily(self) -> bool:
        """Whether a request may open its session on first use instead of when the
        request context is pushed. Only where opening has no side effects: a custom
        :meth:`open_session` still runs at push, as in Flask."""
        return False

    def has_session_data(self, app: Flask, request: Request) -> bool:
        """Whether the request brought a session to load. An unused session is
        opened to be saved only when it did (a permanent one is refreshed)."""
        return True

    def make_null_session(self, app: Flask) -> NullSession:
        """Build the session used when :meth:`open_session` returns ``None``."""
        return self.null_session_class()

    def is_null_session(self, obj: object) -> bool:
        """Whether ``obj`` is a null session, which is never saved."""
        return isinstance(obj, self.null_session_class)

    def get_cookie_name(self, app: Flask) -> str:
        """The cookie's name: ``SESSION_COOKIE_NAME``."""
        result: str = _config(app, "SESSION_COOKIE_NAME")
        return result

    def get_cookie_domain(self, app: Flask) -> str | None:
        """The cookie's ``Domain``: ``SESSION_COOKIE_DOMAIN``. ``None`` limits it to the
        exact host that set it."""
        result: str | None = _config(app, "SESSION_COOKIE_DOMAIN")
        return result

    def get_cookie_path(self, app: Flask) -> str:
        """The cookie's ``Path``: ``SESSION_COOKIE_PATH``, else ``APPLICATION_ROOT``
        (under a site mount, the mount prefix unless the app set one)."""
        result: str = _config(app, "SESSION_COOKIE_PATH") or _config(app, "APPLICATION_ROOT")
        return result

    def get_cookie_httponly(self, app: Flask) -> bool:
        """Whether scripts are kept from reading the cookie: ``SESSION_COOKIE_HTTPONLY``."""
        result: bool = _config(app, "SESSION_COOKIE_HTTPONLY")
        return result

    def get_cookie_secure(self, app: Flask) -> bool:
        """Whether the cookie is sent over HTTPS only: ``SESSION_COOKIE_SECURE``."""
        result: bool = _config(app, "SESSION_COOKIE_SECURE")
        return result

    def get_cookie_samesite(self, app: Flask) -> str | None:
        """The cookie's ``SameSite`` (``"Strict"``, ``"Lax"`` or ``None``):
        ``SESSION_COOKIE_SAMESITE``."""
        result: str | None = _config(app, "SESSION_COOKIE_SAMESITE")
        return result

    def get_cookie_partitioned(self, app: Flask) -> bool:
        """Whether the cookie is ``Partitioned`` (CHIPS): ``SESSION_COOKIE_PARTITIONED``."""
        result: bool = app.config["SESSION_COOKIE_PARTITIONED"]
        return result

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        """When the cookie expires: now plus ``app.permanent_session_lifetime`` for a
        permanent session, ``None`` (end of browser session) otherwise."""
        if session.permanent:
            return datetime.now(timezone.utc) + app.permanent_session_lifetime
        return None

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """Whether to send ``Set-Cookie``: the session changed, or it is permanent and
        ``SESSION_REFRESH_EACH_REQUEST`` renews its expiry on every response."""
        return bool(
            session.modified or (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"])
        )

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        """Load the session at the start of a request.

        Return ``None`` when sessions cannot work for this request; the app then
        uses :meth:`make_null_session`.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement open_session().")

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Store the session at the end of a request, on or through ``response``.

        Not called for null sessions.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement save_session().")


session_json_serializer = TaggedJSONSerializer()


def _site_has_keys() -> bool:
    site = _site_mount()
    return site is not None and site.session_keys() is not None


def _sha1(data: bytes = b"") -> t.Any:
    """SHA-1, looked up only when used: FIPS builds may lack it, and an app that
    configures another digest must still be importable there."""
    return hashlib.sha1(data)


@functools.lru_cache(maxsize=64)
def _signer(
    keys: tuple[str | bytes, ...],
    salt: str,
    serializer: t.Any,
    key_derivation: str,
    digest_method: t.Any,
) -> URLSafeTimedSerializer:
    """One serializer per key set: building one costs more than a whole small request."""
    # itsdangerous only once a session is signed or verified: not for requests without one.
    from .signing import KeyCachingSigner, PreparedHMAC, SignerReusingSerializer

    return SignerReusingSerializer(
        list(keys),
        salt=salt,
        serializer=serializer,
        signer=KeyCachingSigner,
        signer_kwargs={
            "key_derivation": key_derivation,
            "digest_method": digest_method,
            "algorithm": PreparedHMAC(digest_method),
        },
    )


def _plain_cookie_getters(cls: type[SessionInterface]) -> bool:
    """Whether ``cls`` keeps every ``get_cookie_*`` of :class:`SessionInterface`, so the
    cookie's attributes are the config values themselves. Asked each time: a getter
    can be patched onto the class at any moment."""
    base = SessionInterface
    return (
        cls.get_cookie_name is base.get_cookie_name
        and cls.get_cookie_domain is base.get_cookie_domain
        and cls.get_cookie_path is base.get_cookie_path
        and cls.get_cookie_secure is base.get_cookie_secure
        and cls.get_cookie_partitioned is base.get_cookie_partitioned
        and cls.get_cookie_samesite is base.get_cookie_samesite
        and cls.get_cookie_httponly is base.get_cookie_httponly
    )


def _vary_on_cookie(response: Response) -> None:
    """``response.vary.add("Cookie")``; for flaskish's own ``vary``, without parsing an
    absent header."""
    if getattr(type(response), "vary", None) is _Response.vary:
        response._vary_on("Cookie")
    else:
        response.vary.add("Cookie")


class SecureCookieSessionInterface(SessionInterface):
    """Sessions stored in the cookie itself, signed with the app's secret key.

    The data is readable by the user (only signed, not encrypted) and limited by
    the browser's cookie size, so keep it small and free of secrets.
    """

    salt = "cookie-session"
    """Mixed into the signing key so session signatures differ from other uses of
    the secret key."""

    digest_method = staticmethod(_sha1)
    """The hash for the signature (SHA-1, as Flask uses)."""

    key_derivation = "hmac"
    """How itsdangerous derives the signing key from the secret key and salt."""

    serializer = session_json_serializer
    """Turns session data into a string: tagged JSON."""

    session_class = SecureCookieSession

    @property
    def opens_lazily(self) -> bool:
        return type(self).open_session is SecureCookieSessionInterface.open_session

    def has_session_data(self, app: Flask, request: Request) -> bool:
        raw = request.environ.get("HTTP_COOKIE")
        if not raw:
            return False
        name = self.get_cookie_name(app)
        # A name absent from the raw header needs no cookie parsing to rule out.
        if name not in raw:
            return False
        return bool(request.cookies.get(name))

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """The signer for the cookie, or ``None`` when the app has no secret key.

        Keys in ``SECRET_KEY_FALLBACKS`` still verify cookies, so the secret key can
        be rotated without logging everyone out; new cookies use ``secret_key``.
        A mounted app without a key of its own signs with the site's keys, under a
        salt of its mount's own, so no other mount accepts its cookies.
        """
        secret_key = app.secret_key
        if secret_key:
            # itsdangerous signs with the last key and accepts any of them.
            fallbacks = app.config.get("SECRET_KEY_FALLBACKS")
            keys = (*fallbacks, secret_key) if fallbacks else (secret_key,)
            salt = self.salt
        else:
            site = _site_mount()
            site_keys = site.session_keys() if site is not None else None
            if not site_keys:
                return None
            keys, scope = site_keys
            salt = f"{self.salt}:{scope}"
        return _signer(keys, salt, self.serializer, self.key_derivation, self.digest_method)

    @property
    def _standard_signer(self) -> bool:
        """Whether ``get_signing_serializer`` is this class's (so it needs only a key)."""
        return (
            type(self).get_signing_serializer is SecureCookieSessionInterface.get_signing_serializer
        )

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Load the session from the request's cookie.

        A missing, tampered, or older than ``permanent_session_lifetime`` cookie
        gives a new empty session; no secret key gives ``None``.
        """
        standard_signer = self._standard_signer
        if not app.secret_key and standard_signer and not _site_has_keys():
            return None
        if type(self).get_cookie_name is SessionInterface.get_cookie_name and _site_mount() is None:
            name = app.config["SESSION_COOKIE_NAME"]  # Flask's getter, standalone
        else:
            name = self.get_cookie_name(app)
        value = request.cookies.get(name)
        if not value and standard_signer:
            # No cookie: nothing to verify, so no signer needs building.
            return self.session_class()
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data = signer.loads(value, max_age=max_age)
        except Exception as error:
            # itsdangerous's error class is looked up only when a cookie fails.
            from itsdangerous import BadSignature

            if isinstance(error, BadSignature):
                return self.session_class()
            raise
        return self.session_class(data)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Write the session cookie to ``response``, or delete it if the session was
        emptied."""
        if _plain_cookie_getters(type(self)):
            # Flask's getters as they are: config reads, the site (if any) asked once.
            config = _session_settings(app)
            name = config["SESSION_COOKIE_NAME"]
            cookie_attrs: dict[str, t.Any] = {
                "domain": config["SESSION_COOKIE_DOMAIN"],
                "path": config["SESSION_COOKIE_PATH"] or config["APPLICATION_ROOT"],
                "secure": config["SESSION_COOKIE_SECURE"],
                "partitioned": config["SESSION_COOKIE_PARTITIONED"],
                "samesite": config["SESSION_COOKIE_SAMESITE"],
                "httponly": config["SESSION_COOKIE_HTTPONLY"],
            }
        else:
            name = self.get_cookie_name(app)
            cookie_attrs = {
                "domain": self.get_cookie_domain(app),
                "path": self.get_cookie_path(app),
                "secure": self.get_cookie_secure(app),
                "partitioned": self.get_cookie_partitioned(app),
                "samesite": self.get_cookie_samesite(app),
                "httponly": self.get_cookie_httponly(app),
            }
        # ``Vary: Cookie`` when the session was used or its cookie is (re)set, added
        # once: each addition parses and rewrites the header.
        vary = session.accessed
        try:
            if not session:
                if session.modified:
                    response.delete_cookie(name, **cookie_attrs)
                    vary = True
                return
            if not self.should_set_cookie(app, session):
                return
            signer = self.get_signing_serializer(app)
            if signer is None:
                raise RuntimeError(_NO_SECRET_KEY)
            response.set_cookie(
                name,
                signer.dumps(dict(session)),
                expires=self.get_expiration_time(app, session),
                **cookie_attrs,
            )
            vary = True
        finally:
            if vary:
                _vary_on_cookie(response)
