"""The one place flaskish touches werkzeug: only where it happens to be installed.

Flask code (and Flask's own tests) catch, register handlers for, or check
``isinstance`` against werkzeug's exception classes.  Where werkzeug is
installed, flaskish's HTTP errors take their werkzeug namesakes as extra bases
so that code keeps working; where it is not, nothing here imports anything.
"""

from __future__ import annotations

import functools
from types import ModuleType


@functools.lru_cache(maxsize=1)
def werkzeug_exceptions() -> ModuleType | None:
    """``werkzeug.exceptions`` if installed, looked up once (a failed import is not cached)."""
    try:
        from werkzeug import exceptions
    except ImportError:
        return None
    return exceptions


def werkzeug_twin(name: str) -> tuple[type[Exception], ...]:
    """``(werkzeug's exception class called name,)`` when installed, else ``()``."""
    wz = werkzeug_exceptions()
    if wz is None:
        return ()
    twin = getattr(wz, name, None)
    if isinstance(twin, type) and issubclass(twin, wz.HTTPException):
        return (twin,)
    return ()
