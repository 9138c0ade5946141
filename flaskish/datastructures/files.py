"""``FileStorage``, an uploaded file (Django's ``UploadedFile`` in werkzeug's shape), and
``FileMultiDict``."""

from __future__ import annotations

import collections.abc as cabc
import mimetypes
import os
import shutil
import typing as t
from io import BytesIO

from ..http import dump_options_header, parse_options_header
from ..werkzeug_interop import werkzeug_twin
from .headers import Headers
from .multidict import MultiDict

if t.TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


def _as_text(value: t.Any) -> t.Any:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _part_header_text(value: str | None) -> str | None:
    """Client text for a part's rebuilt header, with CR and LF escaped as browsers do.

    A field name, file name or content type may hold a bare line break; a header
    cannot, so it is written ``%0D``/``%0A`` instead of failing the request.
    """
    if value is None:
        return None
    return value.replace("\r", "%0D").replace("\n", "%0A")


class FileStorage(*werkzeug_twin("FileStorage", "datastructures")):  # type: ignore[misc]
    """An uploaded file as Flask code sees it (``request.files["photo"]``).

    Where werkzeug is installed it is also an instance of werkzeug's
    ``FileStorage``, which form libraries (Flask-WTF's ``FileField``) check for.

    It wraps the stream (for uploads, Django's ``UploadedFile``, so nothing is copied)
    and forwards unknown attributes to it, so ``file.read()`` and Django's
    ``file.chunks()`` both work.

    :param stream: the file-like object; an empty one if not given.
    :param filename: the client's file name; read from ``stream.name`` if not given.
    :param name: the form field name.
    :param content_type: stored as the ``Content-Type`` header.
    :param content_length: stored as the ``Content-Length`` header.
    :param headers: the part's headers.
    """

    def __init__(
        self,
        stream: t.IO[bytes] | t.Any | None = None,
        filename: str | os.PathLike[str] | None = None,
        name: str | None = None,
        content_type: str | None = None,
        content_length: int | None = None,
        headers: Headers | None = None,
    ) -> None:
        self.name = name
        self.stream = stream if stream is not None else BytesIO()
        if filename is None:
            filename = getattr(stream, "name", None)
            if isinstance(filename, (str, bytes, os.PathLike)):
                filename = os.fsdecode(filename)
                # Python names special streams like "<stdin>": not a file name.
                if filename[:1] == "<" and filename[-1:] == ">":
                    filename = None
            else:
                filename = None
        else:
            filename = os.fsdecode(filename)
        self.filename: str | None = filename
        self.headers = headers if headers is not None else Headers()
        if content_type is not None:
            self.headers["Content-Type"] = content_type
        if content_length is not None:
            self.headers["Content-Length"] = str(content_length)

    @classmethod
    def from_django(
        cls, uploaded_file: UploadedFile[bytes], field_name: str | None = None
    ) -> FileStorage:
        """Wrap a file from Django's ``request.FILES`` without copying its data.

        Django has already reduced the client's file name to its last path component;
        that is the ``filename`` here. The content type is rebuilt with its parameters
        (``charset`` and the rest) and ``content_length`` is the received size.
        """
        content_type = uploaded_file.content_type
        if content_type:
            # Django's multipart parser hands parameters over as bytes.
            params: dict[str, t.Any] = {
                key: _as_text(value)
                for key, value in (uploaded_file.content_type_extra or {}).items()
            }
            if uploaded_file.charset and "charset" not in params:
                params["charset"] = _as_text(uploaded_file.charset)
            if params:
                content_type = dump_options_header(content_type, params)
        filename = uploaded_file.name
        headers = Headers()
        headers.add(
            "Content-Disposition",
            "form-data",
            name=_part_header_text(field_name),
            filename=_part_header_text(filename),
        )
        return cls(
            uploaded_file,
            filename=filename,
            name=field_name,
            content_type=_part_header_text(content_type) or None,
            content_length=uploaded_file.size,
            headers=headers,
        )

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` the client sent for this file."""
        result: str | None = self.headers.get("Content-Type")
        return result

    @property
    def content_length(self) -> int:
        """The ``Content-Length`` of the part; 0 when unknown."""
        value = self.headers.get("Content-Length")
        if value is not None and value.isdigit():
            return int(value)
        return 0

    def _parsed_content_type(self) -> tuple[str, dict[str, str]]:
        content_type = self.content_type
        cached = self.__dict__.get("_parsed")
        if cached is None or cached[0] != content_type:
            cached = self.__dict__["_parsed"] = (content_type, parse_options_header(content_type))
        return cached[1]

    @property
    def mimetype(self) -> str:
        """The content type without parameters, lower-cased: ``text/html``."""
        return self._parsed_content_type()[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The content type's parameters: ``{"charset": "utf-8"}``."""
        return self._parsed_content_type()[1]

    def save(self, dst: str | os.PathLike[str] | t.IO[bytes], buffer_size: int = 16384) -> None:
        """Copy the file (from the stream's current position) to ``dst``.

        :param dst: a path, which is opened and closed here, or an open binary file,
            which is written to and left open.
        :param buffer_size: how many bytes are held in memory at a time.
        """
        if isinstance(dst, (str, os.PathLike)):
            with open(dst, "wb") as target:
                shutil.copyfileobj(self.stream, target, buffer_size)
        else:
            shutil.copyfileobj(self.stream, dst, buffer_size)

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)

    def readline(self, size: int = -1) -> bytes:
        return self.stream.readline(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.stream.seek(offset, whence)

    def tell(self) -> int:
        return self.stream.tell()

    def close(self) -> None:
        """Close the stream, ignoring errors: the file is done with either way."""
        try:
            self.stream.close()
        except Exception:
            pass

    def __getattr__(self, name: str) -> t.Any:
        # Only reached for names not found normally; "stream" guards against recursion
        # before __init__ has run (e.g. while unpickling).
        if name == "stream":
            raise AttributeError(name)
        return getattr(self.stream, name)

    def __iter__(self) -> cabc.Iterator[bytes]:
        return iter(self.stream)

    def __bool__(self) -> bool:
        return bool(self.filename)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.filename!r} ({self.content_type!r})>"


class FileMultiDict(MultiDict[str, FileStorage]):
    """A :class:`MultiDict` of :class:`FileStorage`, with :meth:`add_file` to fill it
    (for building test requests)."""

    def add_file(
        self,
        name: str,
        file: str | os.PathLike[str] | t.IO[bytes] | FileStorage,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> None:
        """Add a file under the field ``name``.

        :param file: a path (opened here for reading), a binary file object, or a
            ready :class:`FileStorage`, which is added as it is.
        :param filename: the file name to report; defaults to the path or the stream's
            name.
        :param content_type: defaults to a guess from the file name.
        """
        if isinstance(file, FileStorage):
            self.add(name, file)
            return
        if isinstance(file, (str, os.PathLike)):
            if filename is None:
                filename = os.fspath(file)
            file = open(file, "rb")  # the FileStorage owns (and closes) it from here
        if filename and content_type is None:
            content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        self.add(name, FileStorage(file, filename, name, content_type))
