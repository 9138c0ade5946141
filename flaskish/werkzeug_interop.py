"""The one place flaskish touches werkzeug: only where it happens to be installed.

Flask code (and Flask's own tests) catch, register handlers for, or check
``isinstance`` against werkzeug's classes: its HTTP errors, and the routing
errors (``BuildError``, ``RequestRedirect``, ``ValidationError``), and
``FileStorage`` (form libraries accept only werkzeug's uploads). Where
werkzeug is installed, flaskish's classes take their werkzeug namesakes as
extra bases so that code keeps working; where it is not, nothing here imports
anything. Every look-up happens when a class is created, never per request.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType


@functools.cache
def werkzeug_module(name: str) -> ModuleType | None:
    """``werkzeug.<name>`` (``"exceptions"``, ``"routing"``) if installed, looked up once."""
    try:
        return importlib.import_module(f"werkzeug.{name}")
    except ImportError:
        return None


def werkzeug_twin(name: str, module: str = "exceptions") -> tuple[type, ...]:
    """``(werkzeug.<module>.<name>,)`` when installed and a class, else ``()``."""
    wz = werkzeug_module(module)
    if wz is None:
        return ()
    twin = getattr(wz, name, None)
    if isinstance(twin, type):
        return (twin,)
    return ()
