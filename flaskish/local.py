"""``LocalProxy``: an object that forwards everything to a context-local value.

The proxies in :mod:`flaskish.globals` are instances; Flask code and
extensions also create their own (werkzeug's ``LocalProxy`` signature).
"""

from __future__ import annotations

import copy
import math
import operator
import typing as t
from contextvars import ContextVar

T = t.TypeVar("T")

_MISSING = object()


def _resolver(local: t.Any, name: str | None, unbound_message: str | None) -> t.Callable[[], t.Any]:
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
        result: t.Callable[[], t.Any] = local
        return result
    if name is None:
        raise TypeError("LocalProxy needs a name when proxying an attribute of an object.")
    return lambda: getattr(local, name)


def _forward(func: t.Callable[..., t.Any]) -> t.Any:
    """A special method that applies ``func`` to the current object.

    Special methods are found on the type, never the instance, so ``len(proxy)``
    must call ``len(obj)``: looking ``__len__`` up on ``obj`` would reach a
    ``__getattr__`` (``g`` has one) and turn a ``TypeError`` that ``list()`` and
    ``sorted()`` expect into an ``AttributeError``.
    """

    def method(self: LocalProxy[t.Any], *args: t.Any) -> t.Any:
        return func(object.__getattribute__(self, "_get_current_object")(), *args)

    return method


def _reflected(func: t.Callable[[t.Any, t.Any], t.Any]) -> t.Any:
    """``other <op> proxy``: the current object is the right-hand operand."""

    def method(self: LocalProxy[t.Any], other: t.Any) -> t.Any:
        return func(other, object.__getattribute__(self, "_get_current_object")())

    return method


def _inplace(func: t.Callable[[t.Any, t.Any], t.Any]) -> t.Any:
    """``proxy <op>= other`` mutates the current object and keeps the name bound to the proxy."""

    def method(self: LocalProxy[t.Any], other: t.Any) -> t.Any:
        func(object.__getattribute__(self, "_get_current_object")(), other)
        return self

    return method


def _on_type(name: str) -> t.Any:
    """A protocol method (``__enter__``, ``__await__``, ...) looked up on the object's type."""

    def method(self: LocalProxy[t.Any], *args: t.Any) -> t.Any:
        obj = object.__getattribute__(self, "_get_current_object")()
        return getattr(type(obj), name)(obj, *args)

    method.__name__ = name
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
        object.__setattr__(self, "_get_current_object", _resolver(local, name, unbound_message))

    def __getattr__(self, name: str) -> t.Any:
        if name == "__wrapped__":
            return self._wrapped_attr()
        return getattr(object.__getattribute__(self, "_get_current_object")(), name)

    def _wrapped_attr(self) -> t.Any:
        """``__wrapped__``: the target's own (so ``inspect.unwrap`` sees through a
        proxied decorated function), or the context variable while nothing is bound."""
        try:
            obj = object.__getattribute__(self, "_get_current_object")()
        except RuntimeError:
            return object.__getattribute__(self, "_LocalProxy__wrapped")
        return obj.__wrapped__

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
    def __class__(self) -> type:
        try:
            return type(self._get_current_object())
        except RuntimeError:
            return LocalProxy

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self._get_current_object()(*args, **kwargs)

    __str__ = _forward(str)
    __bytes__ = _forward(bytes)
    __format__ = _forward(format)
    __hash__ = _forward(hash)
    __lt__ = _forward(operator.lt)
    __le__ = _forward(operator.le)
    __eq__ = _forward(operator.eq)
    __ne__ = _forward(operator.ne)
    __gt__ = _forward(operator.gt)
    __ge__ = _forward(operator.ge)
    __len__ = _forward(len)
    __length_hint__ = _forward(operator.length_hint)
    __getitem__ = _forward(operator.getitem)
    __setitem__ = _forward(operator.setitem)
    __delitem__ = _forward(operator.delitem)
    __iter__ = _forward(iter)
    __next__ = _forward(next)
    __reversed__ = _forward(reversed)
    __contains__ = _forward(operator.contains)
    __instancecheck__ = _reflected(isinstance)
    __subclasscheck__ = _reflected(issubclass)
    __divmod__ = _forward(divmod)
    __rdivmod__ = _reflected(divmod)
    __neg__ = _forward(operator.neg)
    __pos__ = _forward(operator.pos)
    __abs__ = _forward(abs)
    __invert__ = _forward(operator.invert)
    __complex__ = _forward(complex)
    __int__ = _forward(int)
    __float__ = _forward(float)
    __index__ = _forward(operator.index)
    __round__ = _forward(round)
    __trunc__ = _forward(math.trunc)
    __floor__ = _forward(math.floor)
    __ceil__ = _forward(math.ceil)
    __copy__ = _forward(copy.copy)
    __deepcopy__ = _forward(copy.deepcopy)


#: Binary operators as (dunder stem, operator, in-place operator).
_BINARY_OPERATORS: tuple[
    tuple[str, t.Callable[[t.Any, t.Any], t.Any], t.Callable[[t.Any, t.Any], t.Any]], ...
] = (
    ("add", operator.add, operator.iadd),
    ("sub", operator.sub, operator.isub),
    ("mul", operator.mul, operator.imul),
    ("matmul", operator.matmul, operator.imatmul),
    ("truediv", operator.truediv, operator.itruediv),
    ("floordiv", operator.floordiv, operator.ifloordiv),
    ("mod", operator.mod, operator.imod),
    ("pow", operator.pow, operator.ipow),
    ("lshift", operator.lshift, operator.ilshift),
    ("rshift", operator.rshift, operator.irshift),
    ("and", operator.and_, operator.iand),
    ("or", operator.or_, operator.ior),
    ("xor", operator.xor, operator.ixor),
)

# Context-manager, awaitable and async-iterator protocols: called on the type.
for _name in (
    "__enter__",
    "__exit__",
    "__await__",
    "__aiter__",
    "__anext__",
    "__aenter__",
    "__aexit__",
):
    setattr(LocalProxy, _name, _on_type(_name))
del _name

# ``proxy + x``, ``x + proxy`` and ``proxy += x`` for every binary operator.
for _stem, _op, _iop in _BINARY_OPERATORS:
    setattr(LocalProxy, f"__{_stem}__", _forward(_op))
    setattr(LocalProxy, f"__r{_stem}__", _reflected(_op))
    setattr(LocalProxy, f"__i{_stem}__", _inplace(_iop))
del _stem, _op, _iop
