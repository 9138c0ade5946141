"""The containers Flask code finds on ``request`` and ``response``.

``MultiDict`` and friends hold query strings, forms and uploads (built from Django's
parsed ``QueryDict``/``MultiValueDict``), ``Headers`` is an ordered, multi-valued header
list that is also the header store a Django ``HttpResponse`` expects, ``EnvironHeaders``
is a read-only view over a request's ``META``, and ``FileStorage`` wraps Django's
``UploadedFile``. Django does the parsing; this package only gives the results
Werkzeug's shape, one kind of container per module.
"""

from __future__ import annotations

import typing as t

from .callbacks import CallbackDict, UpdateDictMixin
from .headers import EnvironHeaders, Headers
from .multidict import (
    CombinedMultiDict,
    ImmutableDict,
    ImmutableDictMixin,
    ImmutableMultiDict,
    ImmutableMultiDictMixin,
    ImmutableTypeConversionDict,
    MultiDict,
    TypeConversionDict,
    iter_multi_items,
)

if t.TYPE_CHECKING:
    from .files import FileMultiDict as FileMultiDict
    from .files import FileStorage as FileStorage

__all__ = [
    "CallbackDict",
    "CombinedMultiDict",
    "EnvironHeaders",
    "FileMultiDict",
    "FileStorage",
    "Headers",
    "ImmutableDict",
    "ImmutableDictMixin",
    "ImmutableMultiDict",
    "ImmutableMultiDictMixin",
    "ImmutableTypeConversionDict",
    "MultiDict",
    "TypeConversionDict",
    "UpdateDictMixin",
    "iter_multi_items",
]


def __getattr__(name: str) -> object:
    # Uploads' containers load with the first multipart form, not with every worker.
    if name in ("FileMultiDict", "FileStorage"):
        from . import files

        return getattr(files, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
