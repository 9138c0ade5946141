"""The containers Flask code finds on ``request`` and ``response``.

``MultiDict`` and friends hold query strings, forms and uploads (built from Django's
parsed ``QueryDict``/``MultiValueDict``), ``Headers`` is an ordered, multi-valued header
list that is also the header store a Django ``HttpResponse`` expects, ``EnvironHeaders``
is a read-only view over a request's ``META``, and ``FileStorage`` wraps Django's
``UploadedFile``. Django does the parsing; this package only gives the results
Werkzeug's shape, one kind of container per module.
"""

from __future__ import annotations

from .callbacks import CallbackDict, UpdateDictMixin
from .files import FileMultiDict, FileStorage
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
