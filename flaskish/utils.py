"""Small helpers shared by leaf modules: nothing here imports the rest of flaskish."""

from __future__ import annotations

import functools
import importlib
import typing as t


class ImportStringError(ImportError):
    """Raised by :func:`import_string` when a dotted path cannot be resolved.

    Keeps the requested name and the underlying error so callers (config loading,
    the CLI) can report which setting pointed at the wrong place.
    """

    def __init__(self, import_name: str, exception: BaseException) -> None:
        self.import_name = import_name
        self.exception = exception
        super().__init__(
            f"Could not import {import_name!r}: {exception}. Check that the module is"
            " installed and importable, and that the name is spelled"
            " 'package.module:attribute' or 'package.module.attribute'."
        )


def _is_missing(error: ModuleNotFoundError, module_name: str) -> bool:
    """True when ``error`` is about ``module_name`` itself (or a parent package),
    not about something that module imports."""
    missing = error.name or ""
    return module_name == missing or module_name.startswith(missing + ".")


def import_string(import_name: str) -> t.Any:
    """Import an object from a string such as ``"pkg.mod:attr"`` or ``"pkg.mod.attr"``.

    Configuration and app factories are often named by strings; this resolves them the
    way Flask users expect, while letting import errors raised *inside* the target
    module propagate unchanged so the real cause stays visible.

    :param import_name: a module path, optionally followed by ``:attr`` or ``.attr``.
    :raises ImportStringError: if the module or attribute does not exist.
    """
    name = import_name.strip()
    if ":" in name:
        module_name, _, attr_path = name.partition(":")
        attrs = attr_path.split(".") if attr_path else []
    else:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as error:
            if not _is_missing(error, name):
                raise
            if "." not in name:
                raise ImportStringError(import_name, error) from None
        except (ValueError, TypeError) as error:  # empty or relative name
            raise ImportStringError(import_name, error) from None
        module_name, _, last = name.rpartition(".")
        attrs = [last]

    try:
        obj: t.Any = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if not _is_missing(error, module_name):
            raise
        raise ImportStringError(import_name, error) from None
    except (ValueError, TypeError) as error:  # empty or relative name, e.g. ":attr"
        raise ImportStringError(import_name, error) from None

    for attr in attrs:
        try:
            obj = getattr(obj, attr)
        except AttributeError as error:
            raise ImportStringError(import_name, error) from None
    return obj


@functools.lru_cache(maxsize=1024)
def split_blueprint_path(name: str) -> tuple[str, ...]:
    """``"a.b.c"`` → ``("a.b.c", "a.b", "a")``: a nested blueprint, then its parents."""
    parts = name.split(".")
    return tuple(".".join(parts[:i]) for i in range(len(parts), 0, -1))


_T = t.TypeVar("_T")


class cached_property(property, t.Generic[_T]):  # noqa: N801 - werkzeug.utils' name
    """A property computed on first read, then kept on the instance.

    For Flask code that imports werkzeug's ``cached_property``: assigning to it
    replaces the kept value and ``del`` forgets it, so the next read computes it
    again. A class with ``__slots__`` keeps the value in a ``_cache_<name>`` slot.
    """

    def __init__(
        self, fget: t.Callable[[t.Any], _T], name: str | None = None, doc: str | None = None
    ) -> None:
        super().__init__(fget, doc=doc)
        self.__name__ = name or fget.__name__
        self.slot_name = f"_cache_{self.__name__}"
        self.__module__ = fget.__module__

    @t.overload
    def __get__(self, obj: None, owner: type | None = None) -> cached_property[_T]: ...

    @t.overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> t.Any:
        if obj is None:
            return self
        store = getattr(obj, "__dict__", None)
        if store is None:
            try:
                return getattr(obj, self.slot_name)
            except AttributeError:
                value = self.fget(obj)  # type: ignore[misc]
                setattr(obj, self.slot_name, value)
                return value
        try:
            return store[self.__name__]
        except KeyError:
            value = store[self.__name__] = self.fget(obj)  # type: ignore[misc]
            return value

    def __set__(self, obj: object, value: _T) -> None:
        store = getattr(obj, "__dict__", None)
        if store is None:
            setattr(obj, self.slot_name, value)
        else:
            store[self.__name__] = value

    def __delete__(self, obj: object) -> None:
        store = getattr(obj, "__dict__", None)
        try:
            if store is None:
                delattr(obj, self.slot_name)
            else:
                del store[self.__name__]
        except (AttributeError, KeyError):
            raise AttributeError(
                f"{type(obj).__name__!r} object has no cached value for {self.__name__!r}."
            ) from None


def warn_from_caller(message: str, category: type[Warning] = DeprecationWarning) -> None:
    """Warn at the first frame outside flaskish: the code that used the name, however
    many of flaskish's own frames (module ``__getattr__`` hooks) came between."""
    import sys
    import warnings

    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] == "flaskish":
        level += 1
        frame = frame.f_back  # type: ignore[assignment]
    warnings.warn(message, category, stacklevel=level)
