"""The helper functions views call: ``url_for``, ``redirect``, ``make_response``,
``send_file``, ``send_from_directory``, ``stream_with_context``.
"""

from __future__ import annotations

import importlib.util
import io
import mimetypes
import os
import sys
import typing as t
import unicodedata
import warnings
import zlib
from datetime import datetime, timezone
from functools import update_wrapper
from time import time
from urllib.parse import quote

from .exceptions import NotFound, RequestedRangeNotSatisfiable
from .exceptions import abort as _abort
from .globals import _cv_app, _cv_request, current_app, request
from .http import dump_options_header

if t.TYPE_CHECKING:
    from .response import Response

__all__ = [
    "abort",
    "flash",
    "get_flashed_messages",
    "make_response",
    "redirect",
    "safe_join",
    "send_file",
    "send_from_directory",
    "stream_with_context",
    "url_for",
]


def url_for(
    endpoint: str,
    *,
    _anchor: str | None = None,
    _method: str | None = None,
    _scheme: str | None = None,
    _external: bool | None = None,
    **values: t.Any,
) -> str:
    """Build the URL of ``endpoint`` with the current app.

    :param endpoint: the endpoint name; ``.name`` is relative to the current blueprint.
    :param _anchor: appended as ``#anchor``.
    :param _method: pick the rule that accepts this method.
    :param _scheme: the scheme of an external URL.
    :param _external: build ``scheme://host/...`` (default: only outside a request).
    :param values: the rule's variables; unknown ones become query arguments.
    """
    return current_app.url_for(
        endpoint,
        _anchor=_anchor,
        _method=_method,
        _scheme=_scheme,
        _external=_external,
        **values,
    )


def redirect(location: str, code: int = 302, Response: type[Response] | None = None) -> Response:  # noqa: N803
    """A response that redirects the client to ``location``.

    :param code: 301, 302, 303, 307 or 308.
    :param Response: the response class; defaults to the current app's.
    """
    ctx = _cv_app.get(None)
    if Response is None and ctx is not None:
        return ctx.app.redirect(location, code)
    from .response import redirect as _redirect

    return _redirect(location, code, Response)


def abort(code: int | t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raise the HTTP error for ``code``, or send ``code`` as-is if it is a response.

    Inside an app context the app's :attr:`~flaskish.Flask.aborter` is used, so
    apps can add their own codes.
    """
    ctx = _cv_app.get(None)
    if ctx is not None:
        ctx.app.aborter(code, *args, **kwargs)
    _abort(code, *args, **kwargs)


def make_response(*args: t.Any) -> Response:
    """A response from view-style return values, to change before returning it."""
    if not args:
        return current_app.response_class()
    if len(args) == 1:
        args = args[0]
    return current_app.make_response(args)


def stream_with_context(generator_or_function: t.Any) -> t.Any:
    """Keep the request context alive while a streamed body is generated."""
    try:
        gen = iter(generator_or_function)
    except TypeError:

        def decorator(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return stream_with_context(generator_or_function(*args, **kwargs))

        return update_wrapper(decorator, generator_or_function)

    def generator() -> t.Iterator[t.Any]:
        ctx = _cv_request.get(None)
        if ctx is None:
            raise RuntimeError(
                "'stream_with_context' can only be used when a request context is"
                " active, such as in a view function."
            )
        with ctx:
            yield None
            try:
                yield from gen
            finally:
                if hasattr(gen, "close"):
                    gen.close()

    wrapped = generator()
    next(wrapped)
    return wrapped


# -- files -------------------------------------------------------------------------


def safe_join(directory: str, *pathnames: str) -> str | None:
    """Join ``pathnames`` under ``directory``, or None if the result would escape it."""
    if not directory:
        directory = "."
    parts = [directory]
    for filename in pathnames:
        if filename != "":
            filename = os.path.normpath(filename).replace(os.sep, "/")
        if (
            any(sep in filename for sep in _alt_seps)
            or os.path.isabs(filename)
            or filename.startswith("/")
            or filename == ".."
            or filename.startswith("../")
            or "\x00" in filename
        ):
            return None
        parts.append(filename)
    return "/".join(parts) if parts else directory


_alt_seps = [sep for sep in (os.sep, os.path.altsep) if sep not in (None, "/")]


def send_from_directory(
    directory: os.PathLike[str] | str,
    path: os.PathLike[str] | str,
    **kwargs: t.Any,
) -> Response:
    """Send ``path`` from inside ``directory``; 404 for anything outside or missing."""
    joined = safe_join(os.fspath(directory), os.fspath(path))
    if joined is None:
        raise NotFound()
    if not os.path.isabs(joined):
        joined = os.path.join(current_app.root_path, joined)
    if not os.path.isfile(joined):
        raise NotFound()
    return send_file(joined, **kwargs)


def send_file(
    path_or_file: os.PathLike[str] | str | t.BinaryIO,
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: datetime | int | float | None = None,
    max_age: None | int | t.Callable[[str | None], int | None] = None,
    *,
    attachment_filename: str | None = None,
    add_etags: bool | None = None,
    cache_timeout: int | None = None,
) -> Response:
    """Send a file (a path, relative to the app's root, or a binary file object).

    Answers ``Range`` and conditional requests; the body streams from the file.
    With ``USE_X_SENDFILE`` a path is not read here: the body is empty and the
    ``X-Sendfile`` header asks the front-end server to send the file.

    :param max_age: seconds for ``Cache-Control``; default ``app.get_send_file_max_age``.
    :param attachment_filename: the old name of ``download_name`` (deprecated).
    :param add_etags: the old name of ``etag`` (deprecated).
    :param cache_timeout: the old name of ``max_age`` (deprecated).

    The three old names (removed in Flask 2.2) still work, with a ``DeprecationWarning``.
    """
    if attachment_filename is not None:
        _warn_renamed("attachment_filename", "download_name")
        download_name = attachment_filename
    if add_etags is not None:
        _warn_renamed("add_etags", "etag")
        etag = add_etags
    if cache_timeout is not None:
        _warn_renamed("cache_timeout", "max_age")
        max_age = cache_timeout
    app = current_app._get_current_object()
    if max_age is None:
        max_age = app.get_send_file_max_age
    path: str | None = None
    file: t.BinaryIO | None = None
    size: int | None = None
    mtime: float | None = None
    if isinstance(path_or_file, (os.PathLike, str)):
        path = os.path.join(app.root_path, os.fspath(path_or_file))
        stat = os.stat(path)
        size, mtime = stat.st_size, stat.st_mtime
    elif isinstance(path_or_file, io.TextIOBase):
        raise ValueError("Files must be opened in binary mode or use BytesIO.")
    else:
        file = path_or_file
        size = _remaining_size(file)
    if download_name is None and path is not None:
        download_name = os.path.basename(path)
    content_encoding = None
    if mimetype is None:
        if download_name is None:
            raise TypeError(
                "Unable to detect the MIME type because a file name is not available."
                " Either set 'download_name', pass a path instead of a file, or set"
                " 'mimetype'."
            )
        mimetype, content_encoding = mimetypes.guess_type(download_name)
        mimetype = mimetype or "application/octet-stream"
    if download_name is None and as_attachment:
        raise TypeError(
            "No name provided for attachment. Either set 'download_name' or pass a path"
            " instead of a file."
        )

    if path is not None and app.config["USE_X_SENDFILE"]:
        response = app.response_class(None, mimetype=mimetype, direct_passthrough=True)
        response.headers["X-Sendfile"] = path
    else:
        from .response import iter_file

        # Closed with the response (a path's file, and a caller's file object alike).
        body = file if file is not None else open(t.cast(str, path), "rb")  # noqa: SIM115
        whole = iter_file(body)
        response = app.response_class(whole, mimetype=mimetype, direct_passthrough=True)
        response.__dict__["_file"] = body
        response.__dict__["_whole_file_body"] = whole  # see Response.file_to_stream
        response._resource_closers.append(body.close)
    # Like Flask, a compressed file sent inline is labelled so browsers decode it;
    # an attachment is saved as it is.
    if content_encoding is not None and not as_attachment:
        response.headers["Content-Encoding"] = content_encoding
    if size is not None:
        response.headers["Content-Length"] = str(size)
    if download_name is not None:
        response.headers["Content-Disposition"] = _content_disposition(as_attachment, download_name)
    _set_file_caching(response, path, size, mtime, etag, last_modified, max_age)
    if conditional:
        try:
            response = response.make_conditional(
                request._get_current_object(),
                accept_ranges=True,
                complete_length=size,
            )
        except RequestedRangeNotSatisfiable:
            response.close()
            raise
        if response.status_code == 304:
            # Some servers honouring X-Sendfile would send the file despite the 304.
            response.headers.pop("X-Sendfile", None)
    return response


def _warn_renamed(old: str, new: str) -> None:
    warnings.warn(
        f"The {old!r} parameter of 'send_file' was renamed to {new!r} in Flask 2.0."
        f" Use {new!r} instead.",
        DeprecationWarning,
        stacklevel=3,
    )


def _content_disposition(as_attachment: bool, download_name: str) -> str:
    """``inline``/``attachment`` with the name as Flask sends it (RFC 6266).

    A non-ASCII name goes in ``filename*`` (RFC 5987, UTF-8), with an ASCII
    approximation in ``filename`` for clients that do not read ``filename*``.
    Django's ``content_disposition_header`` sends only ``filename*`` for such names
    and always quotes ``filename``; Flask code and tests expect this form.
    """
    disposition = "attachment" if as_attachment else "inline"
    try:
        download_name.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", download_name)
        simple = simple.encode("ascii", "ignore").decode("ascii")
        quoted = quote(download_name, safe="!#$&+-.^_`|~")
        names = {"filename": simple, "filename*": f"UTF-8''{quoted}"}
    else:
        names = {"filename": download_name}
    return dump_options_header(disposition, names)


def _remaining_size(file: t.BinaryIO) -> int | None:
    try:
        position = file.tell()
        end = file.seek(0, os.SEEK_END)
        file.seek(position)
        return end - position
    except (AttributeError, OSError, ValueError):
        return None


def _set_file_caching(
    response: Response,
    path: str | None,
    size: int | None,
    mtime: float | None,
    etag: bool | str,
    last_modified: datetime | int | float | None,
    max_age: t.Any,
) -> None:
    if last_modified is None and mtime is not None:
        last_modified = mtime
    if last_modified is not None:
        if isinstance(last_modified, (int, float)):
            last_modified = datetime.fromtimestamp(int(last_modified), timezone.utc)
        response.last_modified = last_modified
    if isinstance(etag, str):
        response.set_etag(etag)
    elif etag and path is not None:
        checksum = zlib.adler32(path.encode()) & 0xFFFFFFFF
        response.set_etag(f"{mtime}-{size}-{checksum}")
    if callable(max_age):
        max_age = max_age(path)
    cache_control = response.cache_control
    cache_control.no_cache = True
    if max_age is not None:
        if max_age > 0:
            cache_control.no_cache = None
            cache_control.public = True
        cache_control.max_age = max_age
        response.expires = int(time() + max_age)


# -- flashing ---------------------------------------------------------------------


def flash(message: str, category: str = "message") -> None:
    """Store a message in the session for the next request to show.

    :param category: e.g. ``"error"``, ``"info"``; filters with ``get_flashed_messages``.
    """
    from .globals import session
    from .signals import message_flashed

    shared = _shared_messages()
    if shared is not None:
        shared.flash(category, message)  # a mount that shares the site's messages
    else:
        flashes = session.get("_flashes", [])
        flashes.append((category, message))
        session["_flashes"] = flashes
    app = current_app._get_current_object()
    message_flashed.send(app, _async_wrapper=app.ensure_sync, message=message, category=category)


def get_flashed_messages(
    with_categories: bool = False, category_filter: t.Iterable[str] = ()
) -> list[str] | list[tuple[str, str]]:
    """The flashed messages, removed from the session (repeat calls in a request agree)."""
    from .globals import session

    ctx = _cv_request.get(None)
    flashes = ctx.flashes if ctx is not None else None
    if flashes is None:
        shared = _shared_messages()
        if shared is not None:
            flashes = shared.flashed_messages()
        else:
            flashes = session.pop("_flashes") if "_flashes" in session else []
        if ctx is not None:
            ctx.flashes = flashes
    if category_filter:
        flashes = [f for f in flashes if f[0] in category_filter]
    if not with_categories:
        return [message for _, message in flashes]
    return [tuple(f) for f in flashes]


def _shared_messages() -> t.Any:
    """The site's message store when a mount shares it (``django_bridge.messages``), else None."""
    ctx = _cv_request.get(None)
    if ctx is None:
        return None
    site_mount = ctx.request.site_mount
    shares = getattr(site_mount, "shares_messages", None)
    return site_mount if shares is not None and shares(ctx.request.django) else None


def get_template_attribute(template_name: str, attribute: str) -> t.Any:
    """A macro or variable exported by a template, to call or read from Python.

    Useful for rendering a macro outside a full template, for example when
    answering an AJAX request with a fragment.
    """
    return getattr(current_app.jinja_env.get_template(template_name).module, attribute)


_FALSE_WORDS = frozenset({"0", "false", "no"})


def get_debug_flag() -> bool:
    """Whether ``FLASK_DEBUG`` asks for debug mode (any value but ``0``/``false``/``no``)."""
    value = os.environ.get("FLASK_DEBUG")
    return bool(value) and value.lower() not in _FALSE_WORDS  # type: ignore[union-attr]


def get_load_dotenv(default: bool = True) -> bool:
    """Whether to load the default dotenv files; ``FLASK_SKIP_DOTENV=1`` turns it off."""
    value = os.environ.get("FLASK_SKIP_DOTENV")
    if not value:
        return default
    return value.lower() in _FALSE_WORDS


def get_root_path(import_name: str) -> str:
    """The folder of the module or package named ``import_name`` (for finding resources)."""
    mod = sys.modules.get(import_name)
    mod_file: str | None = getattr(mod, "__file__", None)
    if mod_file is not None:
        return os.path.dirname(os.path.abspath(mod_file))
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None or spec.origin in ("namespace", "built-in"):
        return os.getcwd()
    return os.path.dirname(os.path.abspath(spec.origin))


def __getattr__(name: str) -> t.Any:
    if name.startswith("__") and name.endswith("__"):
        # The import system asks for ``__path__`` on every ``from .helpers import``.
        raise AttributeError(
            f"module {__name__!r} has no attribute {name!r}", name=name, obj=sys.modules[__name__]
        )
    # Flask <= 2.2's locked_cached_property, get_env and is_ip resolve here with a
    # DeprecationWarning, so importing this module never warns.
    from ._deprecated import lookup

    return lookup(__name__, name, package_names=False)
