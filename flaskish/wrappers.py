"""``Request`` (Flask's API over a Django ``HttpRequest``) and ``Response``.

The request never parses anything itself: Django parses queries, forms,
multipart bodies and cookies, lazily, the first time a view asks.  This
wrapper presents the results with werkzeug's names and types.
"""

from __future__ import annotations

import functools
import json as _json
import sys
import typing as t
import warnings
from urllib.parse import parse_qsl, quote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.http import HttpRequest, QueryDict, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import uri_to_iri
from django.utils.functional import cached_property

from . import http as _http
from .asgi_body import ReceivedBody
from .datastructures import (
    CombinedMultiDict,
    EnvironHeaders,
    ImmutableMultiDict,
)
from .exceptions import (
    BadRequest,
    RequestEntityTooLarge,
    RequestURITooLarge,
    UnsupportedMediaType,
)
from .globals import _cv_app
from .http import cookies as _cookies
from .response import Response
from .utils import split_blueprint_path
from .wsgi_input import TerminatedInput, body_stream, is_chunked

if t.TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from .datastructures import FileStorage
    from .routing import Rule
    from .typing import SiteMount

__all__ = ["Request", "Response"]

_EMPTY: ImmutableMultiDict[str, t.Any] = ImmutableMultiDict()
_FORM_TOO_LARGE = "The form data exceeds the allowed size."

# Characters left unquoted when a decoded path or query is put back into a URL:
# the WHATWG path-segment set plus "%", as werkzeug does, so Flask's URLs match.
_PATH_SAFE = "!$&'()*+,/:;=@%"
_QUERY_SAFE = "!$&'()*+,/:;=?@%"
_DEFAULT_PORTS = {"http": ":80", "ws": ":80", "https": ":443", "wss": ":443"}


def _iri(text: str | bytes, safe: str) -> str:
    """Quote ``text`` for a URL, then show non-ASCII characters as themselves (an IRI)."""
    return uri_to_iri(quote(text, safe=safe))


def _app_config(key: str, default: t.Any = None) -> t.Any:
    ctx = _cv_app.get(None)
    return default if ctx is None else ctx.app.config.get(key, default)


def _host_of(django_request: HttpRequest) -> str:
    """Django's ``get_host()``, with its ``ALLOWED_HOSTS`` verdict remembered per Host value.

    A refused host goes through ``get_host()`` itself, so the error (and its
    message) is Django's.
    """
    host: str = django_request._get_raw_host()  # type: ignore[attr-defined]  # Django's private
    if _host_allowed(host):
        return host
    return django_request.get_host()


@functools.lru_cache(maxsize=256)
def _host_allowed(host: str) -> bool:
    """Whether Django's ``get_host()`` accepts ``host`` under the current settings."""
    from django.conf import settings
    from django.http.request import split_domain_port, validate_host

    allowed = settings.ALLOWED_HOSTS
    if not allowed:
        return False  # DEBUG's implicit local hosts: left to get_host() every time
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


def _forget_host_verdicts(*, setting: str, **kwargs: t.Any) -> None:
    if setting in ("ALLOWED_HOSTS", "DEBUG"):
        _host_allowed.cache_clear()


setting_changed.connect(_forget_host_verdicts)


#: The environ keys Django decodes strictly, as UTF-8, into the script name.
_SCRIPT_NAME_KEYS = ("SCRIPT_NAME", "SCRIPT_URL", "REDIRECT_URL")


def _decodable_script_name(environ: dict[str, t.Any]) -> dict[str, t.Any]:
    """``environ``, its script name's bytes that are not UTF-8 replaced (U+FFFD), as Flask does.

    Django would fail to build the request at all: the WSGI app would raise.
    """
    for key in _SCRIPT_NAME_KEYS:
        value = environ.get(key)
        if not value:
            continue
        try:
            raw = value.encode("latin-1")
        except UnicodeEncodeError:
            continue  # not WSGI text at all: a server bug, which Flask fails on too
        try:
            raw.decode()
        except UnicodeDecodeError:
            environ[key] = raw.decode(errors="replace").encode().decode("latin-1")
    return environ


def _declared_length(raw: str | None) -> int | None:
    """The body length a ``Content-Length`` declares, checked before Django reads by it.

    Django would fail with a 500 on a non-number, or on a length no stream can
    be read by; such a request is refused instead (400, or 413 for the length).
    """
    if not raw:
        return None
    try:
        length = int(raw)
    except ValueError:
        raise BadRequest("The Content-Length header is not a number.") from None
    if length > sys.maxsize:
        raise RequestEntityTooLarge()
    return max(0, length)


_TOO_MANY_FIELDS = (
    "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
)


def _urlencoded_fields(body: bytes, encoding: str | None) -> dict[str, list[str]]:
    """The fields of an urlencoded body, as ``QueryDict(body, encoding=encoding)`` has them.

    Django's own parse: its ``parse_qsl`` call, its decoding (Latin-1 when the
    charset fails) and its ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` limit; only the
    ``QueryDict`` the form would be copied out of is not built.

    :raises RequestEntityTooLarge: more fields than the limit.
    """
    encoding = encoding or settings.DEFAULT_CHARSET
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        text = body.decode("iso-8859-1")
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding=encoding,
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except ValueError:
        raise RequestEntityTooLarge(_TOO_MANY_FIELDS) from None
    fields: dict[str, list[str]] = {}
    for key, value in pairs:
        values = fields.get(key)
        if values is None:
            fields[key] = [value]
        else:
            values.append(value)
    return fields


_T = t.TypeVar("_T")


class _settable(t.Generic[_T]):  # noqa: N801 - used as a decorator, like property
    """A computed request attribute that an assignment replaces, per request.

    werkzeug's ``path``, ``method``, ``url``... are plain attributes or cached
    properties, and Request subclasses assign them (``self.path = ...``). This
    descriptor has no ``__set__``, so the instance's own value wins once set.
    """

    def __init__(self, fget: t.Callable[[t.Any], _T]) -> None:
        self.fget = fget
        self.__doc__ = fget.__doc__

    @t.overload
    def __get__(self, obj: None, owner: type | None = None) -> _settable[_T]: ...
    @t.overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> t.Any:
        if obj is None:
            return self
        return self.fget(obj)


class _settable_once(_settable[_T]):  # noqa: N801 - used as a decorator, like property
    """A :class:`_settable` whose value is fixed for the request: computed on first
    read and kept on the instance, so later reads are plain attribute reads (as
    werkzeug's own attributes are)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @t.overload
    def __get__(self, obj: None, owner: type | None = None) -> _settable_once[_T]: ...
    @t.overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> t.Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fget(obj)
        return value


class Request:
    """The incoming request, as Flask code sees it.

    :param environ: a WSGI environ, or the Django ``HttpRequest`` to wrap.
    """

    #: Set by URL matching.
    url_rule: Rule | None = None
    view_args: dict[str, t.Any] | None = None
    routing_exception: Exception | None = None

    #: Class attribute overrides of the app's limits (None: use app config).
    _max_content_length: int | None = None
    _max_form_memory_size: int | None = None
    _max_form_parts: int | None = None

    parameter_storage_class = ImmutableMultiDict
    user_agent_class = _http.UserAgent
    trusted_hosts: list[str] | None = None

    def __init__(
        self,
        environ: dict[str, t.Any] | HttpRequest,
        populate_request: bool = True,
        shallow: bool = False,
    ) -> None:
        self.django: HttpRequest
        if isinstance(environ, HttpRequest):
            self.django = environ
        else:
            self.django = WSGIRequest(_decodable_script_name(environ))
        self.shallow = shallow

    # -- the raw pieces -----------------------------------------------------

    @_settable_once
    def environ(self) -> dict[str, t.Any]:
        """The WSGI environ (Django's ``META``)."""
        return self.django.META

    @_settable_once
    def method(self) -> str:
        return self.django.method or "GET"

    @cached_property
    def headers(self) -> EnvironHeaders:
        return EnvironHeaders(self.django.META)

    def mount(self, script_root: str, path: str) -> None:
        """See the request as Flask does under a mount: ``script_root`` + ``path``."""
        self.__dict__["script_root"] = script_root
        self._mounted_path = path

    _mounted_path: str | None = None

    #: The site mount that served this request (:class:`flaskish.typing.SiteMount`),
    #: or None for a standalone request.
    site_mount: SiteMount | None = None

    @_settable
    def path(self) -> str:
        """The path below the script root (the mount point), decoded."""
        if self._mounted_path is not None:
            return self._mounted_path
        return self.django.path_info or "/"

    @cached_property
    def script_root(self) -> str:
        # Django's request has decoded it already (into META, in place).
        result: str = self.django.META.get("SCRIPT_NAME", "").rstrip("/")
        return result

    @_settable
    def root_path(self) -> str:
        return self.script_root

    @cached_property
    def query_string(self) -> bytes:
        result: bytes = self.django.META.get("QUERY_STRING", "").encode("latin-1")
        return result

    @_settable
    def full_path(self) -> str:
        """The decoded path and the raw query string: ``/a b?x=%20``, as Flask gives it."""
        return f"{self.path}?{self.query_string.decode('latin-1')}"

    @cached_property
    def scheme(self) -> str:
        """``http`` or ``https`` (Django's answer reads the proxy settings: asked once)."""
        return self.django.scheme or "http"

    @property
    def is_secure(self) -> bool:
        return self.django.is_secure()

    @cached_property
    def _allowed_host(self) -> str:
        """The host as the request gives it, once Django's ``ALLOWED_HOSTS`` accepts
        it (raises ``DisallowedHost`` otherwise); asked once per request."""
        return _host_of(self.django)

    def _check_allowed_host(self) -> str:
        """Ask Django's verdict on the host now (:attr:`_allowed_host`, kept)."""
        host = self.__dict__["_allowed_host"] = _host_of(self.django)
        return host

    @cached_property
    def host(self) -> str:
        """The host, and the port unless it is the scheme's default.

        Django finds and validates it (``ALLOWED_HOSTS``, ``USE_X_FORWARDED_HOST``);
        the default port is dropped so URLs built from it match Flask's.
        """
        host = self._allowed_host
        default_port = _DEFAULT_PORTS.get(self.scheme)
        if default_port and host.endswith(default_port):
            host = host[: -len(default_port)]
        return host

    @_settable
    def server(self) -> tuple[str, int | None]:
        meta = self.django.META
        port = meta.get("SERVER_PORT")
        return meta.get("SERVER_NAME", ""), int(port) if port and port.isdigit() else None

    @_settable
    def host_url(self) -> str:
        """``scheme://host/``."""
        return f"{self.scheme}://{self.host}/"

    @_settable
    def url_root(self) -> str:
        """``scheme://host/script_root/``: where the application is mounted."""
        root = _iri(self.script_root.strip("/"), _PATH_SAFE)
        return f"{self.host_url}{root}/" if root else self.host_url

    root_url = url_root

    @_settable
    def base_url(self) -> str:
        """The URL without the query string, as an IRI (``/héllo%20w``), like Flask's."""
        return f"{self.url_root}{_iri(self.path.lstrip('/'), _PATH_SAFE)}"

    @_settable
    def url(self) -> str:
        """The whole URL, query string included, as an IRI."""
        query = self.query_string
        return f"{self.base_url}?{_iri(query, _QUERY_SAFE)}" if query else self.base_url

    @_settable
    def remote_addr(self) -> str | None:
        return self.django.META.get("REMOTE_ADDR")

    @property
    def remote_user(self) -> str | None:
        return self.django.META.get("REMOTE_USER")

    @_settable
    def access_route(self) -> list[str]:
        forwarded = self.django.META.get("HTTP_X_FORWARDED_FOR")
        if forwarded:
            return [part.strip() for part in forwarded.split(",") if part.strip()]
        return [self.remote_addr] if self.remote_addr else []

    @cached_property
    def user_agent(self) -> _http.UserAgent:
        """The ``User-Agent``, as ``user_agent_class`` (subclass it to parse the string)."""
        return self.user_agent_class(self.django.META.get("HTTP_USER_AGENT", ""))

    @property
    def referrer(self) -> str | None:
        return self.django.META.get("HTTP_REFERER")

    @property
    def origin(self) -> str | None:
        return self.django.META.get("HTTP_ORIGIN")

    # -- routing results ------------------------------------------------------

    @property
    def endpoint(self) -> str | None:
        return self.url_rule.endpoint if self.url_rule is not None else None

    @property
    def blueprint(self) -> str | None:
        endpoint = self.endpoint
        if endpoint is not None and "." in endpoint:
            return endpoint.rpartition(".")[0]
        return None

    @property
    def blueprints(self) -> list[str]:
        """The current blueprint and its parents, innermost first (read several
        times per request, so without going through ``blueprint``)."""
        rule = self.url_rule
        if rule is None or "." not in rule.endpoint:
            return []
        return list(split_blueprint_path(rule.endpoint.rpartition(".")[0]))

    # -- content metadata -----------------------------------------------------

    @property
    def content_type(self) -> str | None:
        return self.django.META.get("CONTENT_TYPE") or None

    @cached_property
    def _parsed_content_type(self) -> tuple[str, dict[str, str]]:
        return _http.parse_options_header(self.django.META.get("CONTENT_TYPE", ""))

    @property
    def mimetype(self) -> str:
        return self._parsed_content_type[0]

    @property
    def mimetype_params(self) -> dict[str, str]:
        return self._parsed_content_type[1]

    @property
    def content_length(self) -> int | None:
        value = self.django.META.get("CONTENT_LENGTH")
        try:
            return max(0, int(value)) if value else None
        except ValueError:
            return None

    @property
    def content_encoding(self) -> str | None:
        return self.django.META.get("HTTP_CONTENT_ENCODING")

    @property
    def content_md5(self) -> str | None:
        return self.django.META.get("HTTP_CONTENT_MD5")

    @property
    def is_json(self) -> bool:
        mt = self.mimetype
        return mt == "application/json" or (mt.startswith("application/") and mt.endswith("+json"))

    @property
    def is_xhr(self) -> bool:
        """True if the request came from a JavaScript ``XMLHttpRequest`` (deprecated).

        Only some libraries send ``X-Requested-With``; check ``Accept`` or a header
        of your own instead.
        """
        warnings.warn(
            "'Request.is_xhr' is deprecated because the 'X-Requested-With' header is"
            " not standard and only some JavaScript libraries send it. Check the"
            " 'Accept' header or a header of your own instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        requested_with: str = self.headers.get("X-Requested-With", "")
        return requested_with.lower() == "xmlhttprequest"

    # -- limits ---------------------------------------------------------------

    @property
    def max_content_length(self) -> int | None:
        """``MAX_CONTENT_LENGTH`` of the current app, unless set on the request."""
        if self._max_content_length is not None:
            return self._max_content_length
        result: int | None = _app_config("MAX_CONTENT_LENGTH")
        return result

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @property
    def max_form_memory_size(self) -> int | None:
        if self._max_form_memory_size is not None:
            return self._max_form_memory_size
        result: int | None = _app_config("MAX_FORM_MEMORY_SIZE")
        return result

    @max_form_memory_size.setter
    def max_form_memory_size(self, value: int | None) -> None:
        self._max_form_memory_size = value

    @property
    def max_form_parts(self) -> int | None:
        if self._max_form_parts is not None:
            return self._max_form_parts
        result: int | None = _app_config("MAX_FORM_PARTS")
        return result

    @max_form_parts.setter
    def max_form_parts(self, value: int | None) -> None:
        self._max_form_parts = value

    def _check_content_length(self) -> None:
        """Refuse a body over ``max_content_length``: before reading it when its length is
        declared, while reading it when only the end of the server's input ends it."""
        length = self._declared_body_length()
        limit = self.max_content_length
        if limit is not None and length is not None and length > limit:
            raise RequestEntityTooLarge()
        self._frame_body(limit)

    def _declared_body_length(self) -> int | None:
        """The length ``Content-Length`` declares, unless a chunked WSGI body overrides it
        (a header that is no length at all is refused even then). Read once: every
        body access checks it."""
        try:
            result: int | None = self.__dict__["_declared_body_length_value"]
            return result
        except KeyError:
            pass
        meta = self.django.META
        length = _declared_length(meta.get("CONTENT_LENGTH"))
        if isinstance(self.django, WSGIRequest) and is_chunked(meta):
            length = None
        self.__dict__["_declared_body_length_value"] = length
        return length

    def _frame_body(self, limit: int | None) -> None:
        """Before the first read: give Django the stream a WSGI body without a length is read from.

        An ASGI request without a declared length gets the length of its body,
        received now (so Django's parsers see it); a declared one is read as it is.
        """
        if "_body_stream" in self.__dict__:
            return
        if not isinstance(self.django, WSGIRequest):
            stream = getattr(self.django, "_stream", None)
            if isinstance(stream, ReceivedBody) and not self.django.META.get("CONTENT_LENGTH"):
                if not stream.received:  # this request's limit, not only the app's
                    stream.limit = limit
                self.django.META["CONTENT_LENGTH"] = str(stream.size())
            self.__dict__["_body_stream"] = None
            return
        # Django's private stream and its read flag (not in django-stubs).
        read_started = self.django._read_started  # type: ignore[attr-defined]
        stream = None if read_started else body_stream(self.django.META, limit)
        self.__dict__["_body_stream"] = stream
        if stream is not None:
            self.django._stream = stream  # type: ignore[assignment]

    def _limit_body_in_memory(self, limit: int | None) -> None:
        """Also refuse past ``limit`` a body read whole into memory, when no length was declared."""
        stream = self.__dict__.get("_body_stream")
        if isinstance(stream, TerminatedInput):
            stream.tighten(limit)

    # -- body -------------------------------------------------------------------

    @property
    def stream(self) -> t.Any:
        """The body as a file-like object (Django's request reads it)."""
        self._check_content_length()
        return self.django

    input_stream = stream

    def get_data(
        self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False
    ) -> t.Any:
        """The raw body, as Flask gives it.

        :param cache: keep the body for later calls; without it the stream is read
            and nothing is kept, so a second call (or a form parse) sees no body.
        :param as_text: decode the body (invalid bytes are replaced).
        :param parse_form_data: parse a form first; a form body is then consumed and
            the data is empty, as in Flask.
        """
        if parse_form_data:
            self._load_form_data()
        data = self._cached_data() if cache else self._read_body(keep=False)
        return data.decode(self.django.encoding or "utf-8", "replace") if as_text else data

    def _cached_data(self) -> bytes:
        try:
            result: bytes = self.__dict__["_data"]
            return result
        except KeyError:
            data = self.__dict__["_data"] = self._read_body()
            return data

    def _read_body(self, keep: bool = True) -> bytes:
        """Read the body through Django; ``keep=False`` bypasses Django's copy too."""
        self._check_content_length()
        django_request = self.django
        if not keep and not hasattr(django_request, "_body"):
            return django_request.read()
        # Django checks its in-memory limit against Content-Length only.
        self._limit_body_in_memory(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            return django_request.body
        except RawPostDataException:
            return b""
        except RequestDataTooBig as exc:
            raise RequestEntityTooLarge(str(exc)) from None

    @property
    def data(self) -> bytes:
        """The body, unless it was form data (then ``form`` and ``files`` hold it)."""
        result: bytes = self.get_data(parse_form_data=True)
        return result

    # -- forms and files ----------------------------------------------------------

    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:
        """The query string's arguments."""
        if not self.django.META.get("QUERY_STRING"):
            return _EMPTY
        try:
            query = self.django.GET
        except TooManyFieldsSent as exc:
            raise RequestURITooLarge(str(exc)) from None
        return self.parameter_storage_class.from_querydict(query)

    @property
    def form(self) -> ImmutableMultiDict[str, str]:
        return self._load_form_data()[0]

    @property
    def files(self) -> ImmutableMultiDict[str, FileStorage]:
        return self._load_form_data()[1]

    @cached_property
    def values(self) -> CombinedMultiDict[str, str]:
        sources = [self.args]
        if self.method != "GET":
            sources.append(self.form)
        return CombinedMultiDict(sources)

    def _load_form_data(
        self,
    ) -> tuple[ImmutableMultiDict[str, str], ImmutableMultiDict[str, FileStorage]]:
        try:
            result: tuple[ImmutableMultiDict[str, str], ImmutableMultiDict[str, FileStorage]] = (
                self.__dict__["_form_data"]
            )
            return result
        except KeyError:
            pass
        parsed = self.__dict__["_form_data"] = self._parse_form()
        ctx = _cv_app.get(None)
        if ctx is not None and ctx.app.debug and self.mimetype != "multipart/form-data":
            from .debughelpers import attach_enctype_error_multidict

            # A fresh (empty) files dict: the helper changes its class.
            parsed = self.__dict__["_form_data"] = (parsed[0], ImmutableMultiDict())
            attach_enctype_error_multidict(self)
        return parsed

    def _parse_form(
        self,
    ) -> tuple[ImmutableMultiDict[str, str], ImmutableMultiDict[str, FileStorage]]:
        mimetype = self.mimetype
        if mimetype == "multipart/form-data":
            from .datastructures import FileStorage  # loaded by the first upload

            post, files = self._parse_multipart()
            return (
                self.parameter_storage_class.from_querydict(post),
                ImmutableMultiDict(
                    (name, FileStorage.from_django(f, name))
                    for name, values in files.lists()
                    for f in values
                ),
            )
        if mimetype == "application/x-www-form-urlencoded":
            fields = _urlencoded_fields(self._read_form_body(), self.django.encoding)
            return self.parameter_storage_class.from_querydict(fields), _EMPTY
        return _EMPTY, _EMPTY

    def _read_form_body(self) -> bytes:
        """The urlencoded body; like Flask, the form consumes it unless it was read before.

        The whole body is held in memory, so ``max_form_memory_size`` applies to all
        of it, and a body over it is refused before it is read (Flask's rule).
        """
        already_read = "_data" in self.__dict__
        limit = self.max_form_memory_size
        if not already_read:
            self._check_content_length()
            length = self._declared_body_length()
            if limit is not None and length is not None and length > limit:
                raise RequestEntityTooLarge(_FORM_TOO_LARGE)
            self._limit_body_in_memory(limit)
        body = self._cached_data()
        if not already_read:
            self.__dict__["_data"] = b""
        if limit is not None and len(body) > limit:
            raise RequestEntityTooLarge(_FORM_TOO_LARGE)
        return body

    def _parse_multipart(self) -> tuple[QueryDict, MultiValueDict[str, UploadedFile[bytes]]]:
        self._check_content_length()
        already = self._django_parsed_form()
        if already is not None:
            return already
        # Django's parser needs a length: the body's, when read already, or the
        # most it can be, when only the end of the input ends it.
        length: int | None = None
        if hasattr(self.django, "_body"):
            from io import BytesIO

            stream: t.Any = BytesIO(self.django._body)
            length = len(self.django._body)
        else:
            stream = self.django
            terminated = self.__dict__.get("_body_stream")
            if isinstance(terminated, TerminatedInput):
                length = terminated.max_length
        try:
            from .multipart import parse_multipart

            return parse_multipart(self, stream, length)
        except TooManyFieldsSent as exc:
            raise RequestEntityTooLarge(str(exc)) from None
        except RequestDataTooBig as exc:
            raise RequestEntityTooLarge(str(exc)) from None
        except (MultiPartParserError, SuspiciousOperation, ValueError) as exc:
            raise BadRequest(f"The multipart form could not be parsed: {exc}") from None

    def _django_parsed_form(
        self,
    ) -> tuple[QueryDict, MultiValueDict[str, UploadedFile[bytes]]] | None:
        """Django's own parse, when middleware (CSRF) already read ``request.POST``.

        The body stream is consumed then, so it cannot be parsed again; the
        app's form limits still apply to what Django parsed.
        """
        post = self.django.__dict__.get("_post")
        files = self.django.__dict__.get("_files")
        if post is None or files is None or getattr(self.django, "_read_started", False) is False:
            return None
        from .multipart import check_form_limits

        check_form_limits(self, post, files)
        return post, files

    # -- JSON ------------------------------------------------------------------

    @property
    def json(self) -> t.Any:
        """The body parsed as JSON; 415 if the request is not JSON, 400 if it is malformed."""
        return self.get_json()

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> t.Any:
        """Parse the body as JSON.

        :param force: parse whatever the mimetype says.
        :param silent: return None instead of raising on any failure.
        :param cache: remember the result for the next call.
        """
        cache_key = "_json_silent" if silent else "_json"
        if cache and cache_key in self.__dict__:
            return self.__dict__[cache_key]
        if not (force or self.is_json):
            if silent:
                return None
            return self.on_json_loading_failed(None)
        try:
            data = self.get_data(cache=cache)
            result = self._load_json(data)
        except (ValueError, UnicodeDecodeError) as exc:
            if silent:
                result = None
            else:
                result = self.on_json_loading_failed(exc)
        except RequestEntityTooLarge:
            raise
        if cache:
            self.__dict__[cache_key] = result
        return result

    def _load_json(self, data: bytes) -> t.Any:
        ctx = _cv_app.get(None)
        try:
            if ctx is not None:
                return ctx.app.json.loads(data)
            return _json.loads(data)
        except RecursionError:
            # Deeply nested arrays exhaust the parser's stack: bad input, not a crash.
            raise ValueError("The JSON document is nested too deeply.") from None

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """Called when JSON could not be used; raises 400 (bad JSON) or 415 (not JSON).

        Override it in a subclass (``app.request_class``) to return a value instead.
        The parser's message is shown only in debug mode, as in Flask: it may quote
        the client's input back.
        """
        if e is not None:
            ctx = _cv_app.get(None)
            if ctx is not None and ctx.app.debug:
                raise BadRequest(f"Failed to decode JSON object: {e}")
            raise BadRequest()
        raise UnsupportedMediaType(
            "Did not attempt to load JSON data because the request"
            " Content-Type was not 'application/json'."
        )

    # -- cookies and parsed headers ---------------------------------------------

    @cached_property
    def cookies(self) -> ImmutableMultiDict[str, str]:
        # Not Django's COOKIES: werkzeug's decoding (UTF-8 escapes, the first of
        # repeated names), and linear whatever the Python patch level.
        header = self.django.META.get("HTTP_COOKIE", "")
        return ImmutableMultiDict(_cookies.parse_cookie_header(_cookies.from_wsgi(header)))

    @cached_property
    def accept_mimetypes(self) -> _http.MIMEAccept:
        return _http.parse_accept_header(self.django.META.get("HTTP_ACCEPT"), _http.MIMEAccept)

    @cached_property
    def accept_charsets(self) -> _http.CharsetAccept:
        return _http.parse_accept_header(
            self.django.META.get("HTTP_ACCEPT_CHARSET"), _http.CharsetAccept
        )

    @cached_property
    def accept_encodings(self) -> _http.Accept:
        return _http.parse_accept_header(self.django.META.get("HTTP_ACCEPT_ENCODING"))

    @cached_property
    def accept_languages(self) -> _http.LanguageAccept:
        return _http.parse_accept_header(
            self.django.META.get("HTTP_ACCEPT_LANGUAGE"), _http.LanguageAccept
        )

    @cached_property
    def authorization(self) -> _http.Authorization | None:
        return _http.Authorization.from_header(self.django.META.get("HTTP_AUTHORIZATION"))

    @cached_property
    def cache_control(self) -> _http.RequestCacheControl:
        return _http.parse_cache_control_header(self.django.META.get("HTTP_CACHE_CONTROL"))

    @cached_property
    def if_match(self) -> _http.ETags:
        return _http.parse_etags(self.django.META.get("HTTP_IF_MATCH"))

    @cached_property
    def if_none_match(self) -> _http.ETags:
        return _http.parse_etags(self.django.META.get("HTTP_IF_NONE_MATCH"))

    @cached_property
    def if_modified_since(self) -> t.Any:
        return _http.parse_date(self.django.META.get("HTTP_IF_MODIFIED_SINCE"))

    @cached_property
    def if_unmodified_since(self) -> t.Any:
        return _http.parse_date(self.django.META.get("HTTP_IF_UNMODIFIED_SINCE"))

    @cached_property
    def if_range(self) -> _http.IfRange:
        return _http.parse_if_range_header(self.django.META.get("HTTP_IF_RANGE"))

    @cached_property
    def range(self) -> _http.Range | None:
        return _http.parse_range_header(self.django.META.get("HTTP_RANGE"))

    @property
    def date(self) -> t.Any:
        return _http.parse_date(self.django.META.get("HTTP_DATE"))

    # -- Django conveniences -----------------------------------------------------

    @property
    def user(self) -> t.Any:
        """Django's ``request.user`` when ``AuthenticationMiddleware`` ran."""
        try:
            return self.django.user
        except AttributeError:
            raise AttributeError(
                "request.user is set by Django's AuthenticationMiddleware; add it to"
                " MIDDLEWARE (and django.contrib.auth to INSTALLED_APPS) to use it."
            ) from None

    def close(self) -> None:
        """Close uploaded files that were spooled to disk."""
        form_data = self.__dict__.get("_form_data")
        if form_data is None:  # the body was never parsed: no file to close
            return
        for _name, storage in form_data[1].items(multi=True):
            storage.close()

    def __enter__(self) -> Request:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        try:
            url = self.url
        except Exception:  # noqa: BLE001 - repr must not fail on a bad Host
            url = "(invalid URL)"
        return f"<{type(self).__name__} {url!r} [{self.method}]>"
