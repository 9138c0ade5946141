"""``LocalProxy``: an object that forwards everything to a context-local value.

The proxies in :mod:`flaskish.globals` are instances; Flask code and
extensions also create their own (werkzeug's ``LocalProxy`` signature).
"""

from __future__ import annotations

import operator
import typing as t
from contextvars import ContextVar

T = t.TypeVar("T")

_MISSING = object()


def _resolver(
    local: t.Any, name: str | None, unbound_message: str | None
) -> t.Callable[[], t.Any]:
    """Build the zero-argument function that finds the proxied object now."""
    message = unbound_message or "object is not bound"
    if isinstance(local, ContextVar):
        var = local
        if name is None:

            def get_var() -> t.Any:
                value = var.get(_MISSING)
                if value is _MISSING:
                    raise RuntimeError(message)
                return value

            return get_var

        getter = operator.attrgetter(name)

        def get_var_attr() -> t.Any:
            value = var.get(_MISSING)
            if value is _MISSING:
                raise RuntimeError(message)
            return getter(value)

        return get_var_attr
    if callable(local) and not hasattr(local, "__release_local__"):
        return local  # type: ignore[no-any-return]
    if name is None:
        raise TypeError("LocalProxy needs a name when proxying an attribute of an object.")
    return lambda: getattr(local, name)


def _forward(op_name: str) -> t.Any:
    if not op_name.startswith("__"):
        op = getattr(operator, op_name)


        def method(self: LocalProxy, *args: t.Any) -> t.Any:
            return op(object.__getattribute__(self, "_get_current_object")(), *args)

    else:

        def method(self: LocalProxy, *args: t.Any) -> t.Any:
            obj = object.__getattribute__(self, "_get_current_object")()
            return getattr(obj, op_name)(*args)

    method.__name__ = op_name
    return method


class LocalProxy(t.Generic[T]):
    """Forward every operation to the object a context variable holds right now.

    :param local: a :class:`~contextvars.ContextVar`, an object, or a function
        returning the target.
    :param name: an attribute of the context value to proxy instead of the value.
    :param unbound_message: the ``RuntimeError`` message when nothing is bound.
    """

    __slots__ = ("__wrapped", "_get_current_object")

    def __init__(
        self,
        local: t.Any,
        name: str | None = None,
        *,
        unbound_message: str | None = None,
    ) -> None:
        object.__setattr__(self, "_LocalProxy__wrapped", local)
        object.__setattr__(
            self, "_get_current_object", _resolver(local, name, unbound_message)
        )

    def __getattr__(self, name: str) -> t.Any:
        if name == "__wrapped__":
            return object.__getattribute__(self, "_LocalProxy__wrapped")
        return getattr(object.__getattribute__(self, "_get_current_object")(), name)

    def __setattr__(self, name: str, value: t.Any) -> None:
        setattr(object.__getattribute__(self, "_get_current_object")(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(object.__getattribute__(self, "_get_current_object")(), name)

    def __repr__(self) -> str:
        try:
            obj = self._get_current_object()
        except RuntimeError:
            return f"<{type(self).__name__} unbound>"
        return repr(obj)

    def __bool__(self) -> bool:
        try:
            return bool(self._get_current_object())
        except RuntimeError:
            return False

    def __dir__(self) -> list[str]:
        try:
            return dir(self._get_current_object())
        except RuntimeError:
            return []

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # type: ignore[override]
        try:
            return type(self._get_current_object())
        except RuntimeError:
            return LocalProxy

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self._get_current_object()(*args, **kwargs)

    __str__ = _forward("__str__")
    __bytes__ = _forward("__bytes__")
    __format__ = _forward("__format__")
    __hash__ = _forward("__hash__")  # type: ignore[assignment]
    __lt__ = _forward("lt")
    __le__ = _forward("le")
    __eq__ = _forward("eq")  # type: ignore[assignment]
    __ne__ = _forward("ne")  # type: ignore[assignment]
    __gt__ = _forward("gt")
    __ge__ = _forward("ge")
    __len__ = _forward("__len__")
    __length_hint__ = _forward("length_hint")
    __getitem__ = _forward("getitem")
    __setitem__ = _forward("setitem")
    __delitem__ = _forward("delitem")
    __iter__ = _forward("__iter__")
    __next__ = _forward("__next__")
    __reversed__ = _forward("__reversed__")
    __contains__ = _forward("contains")
    __add__ = _forward("add")
    __sub__ = _forward("sub")
    __mul__ = _forward("mul")
    __truediv__ = _forward("truediv")
    __floordiv__ = _forward("floordiv")
    __mod__ = _forward("mod")
    __pow__ = _forward("pow")
    __and__ = _forward("and_")
    __or__ = _forward("or_")
    __xor__ = _forward("xor")
    __neg__ = _forward("neg")
    __pos__ = _forward("pos")
    __abs__ = _forward("abs")
    __invert__ = _forward("invert")
    __int__ = _forward("__int__")
    __float__ = _forward("__float__")
    __index__ = _forward("index")
    __enter__ = _forward("__enter__")
    __exit__ = _forward("__exit__")
    __await__ = _forward("__await__")
    __aiter__ = _forward("__aiter__")
    __anext__ = _forward("__anext__")
    __aenter__ = _forward("__aenter__")
    __aexit__ = _forward("__aexit__")
    __copy__ = _forward("__copy__")
    __deepcopy__ = _forward("__deepcopy__")
