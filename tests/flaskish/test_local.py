"""LocalProxy: forwarding to the value a context variable, object or function holds now."""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import math
import typing as t
from contextvars import ContextVar

import pytest

from flaskish.local import LocalProxy

UNBOUND = "nothing here yet"


@pytest.fixture
def var() -> ContextVar[t.Any]:
    return ContextVar("test_local_var")


def bound(var: ContextVar[t.Any], value: t.Any) -> LocalProxy[t.Any]:
    var.set(value)
    return LocalProxy(var, unbound_message=UNBOUND)


class Box:
    def __init__(self, value: t.Any) -> None:
        self.value = value


def test_attribute_read_write_delete(var: ContextVar[t.Any]) -> None:
    box = Box(1)
    proxy = bound(var, box)
    assert proxy.value == 1
    proxy.value = 2
    assert box.value == 2
    proxy.other = "x"
    assert box.other == "x"
    del proxy.other
    assert not hasattr(box, "other")


def test_follows_the_variable_as_it_changes(var: ContextVar[t.Any]) -> None:
    proxy = bound(var, [1])
    assert proxy == [1]
    var.set([2, 3])
    assert proxy == [2, 3]
    assert len(proxy) == 2


def test_name_proxies_an_attribute_of_the_value(var: ContextVar[t.Any]) -> None:
    var.set(Box("inner"))
    proxy: LocalProxy[t.Any] = LocalProxy(var, "value")
    assert proxy == "inner"
    assert proxy.upper() == "INNER"


def test_dotted_name_proxies_a_nested_attribute(var: ContextVar[t.Any]) -> None:
    var.set(Box(Box(7)))
    proxy: LocalProxy[t.Any] = LocalProxy(var, "value.value")
    assert proxy + 1 == 8


def test_arithmetic_and_reflected_operators(var: ContextVar[t.Any]) -> None:
    proxy = bound(var, 10)
    assert proxy + 2 == 12
    assert 2 + proxy == 12
    assert proxy - 3 == 7
    assert 3 - proxy == -7
    assert proxy * 2 == 20
    assert 2 * proxy == 20
    assert proxy / 4 == 2.5
    assert 5 / proxy == 0.5
    assert proxy // 3 == 3
    assert 25 // proxy == 2
    assert proxy % 3 == 1
    assert 25 % proxy == 5
    assert proxy**2 == 100
    assert 2**proxy == 1024
    assert divmod(proxy, 3) == (3, 1)
    assert divmod(25, proxy) == (2, 5)
    assert proxy << 1 == 20
    assert 1 << proxy == 1024
    assert proxy >> 1 == 5
    assert proxy & 6 == 2
    assert 6 & proxy == 2
    assert proxy | 5 == 15
    assert 5 | proxy == 15
    assert proxy ^ 3 == 9
    assert 3 ^ proxy == 9
    assert -proxy == -10
    assert +proxy == 10
    assert abs(bound(var, -4)) == 4
    assert ~bound(var, 0) == -1


def test_numeric_conversions(var: ContextVar[t.Any]) -> None:
    proxy = bound(var, 3.7)
    assert int(proxy) == 3
    assert float(proxy) == 3.7
    assert complex(proxy) == 3.7 + 0j
    assert round(proxy) == 4
    assert math.trunc(proxy) == 3
    assert math.floor(proxy) == 3
    assert math.ceil(proxy) == 4
    assert [0, 1, 2][bound(var, 1)] == 1
    assert hex(proxy) == "0x1"


def test_comparisons_and_hash(var: ContextVar[t.Any]) -> None:
    proxy = bound(var, 5)
    assert proxy == 5
    assert proxy != 6
    assert proxy < 6
    assert proxy <= 5
    assert proxy > 4
    assert proxy >= 5
    assert hash(proxy) == hash(5)
    assert {proxy: "x"}[5] == "x"


def test_container_protocol(var: ContextVar[t.Any]) -> None:
    data = {"a": 1}
    proxy = bound(var, data)
    assert proxy["a"] == 1
    proxy["b"] = 2
    assert data == {"a": 1, "b": 2}
    del proxy["a"]
    assert data == {"b": 2}
    assert "b" in proxy
    assert "a" not in proxy
    assert list(proxy) == ["b"]
    assert len(proxy) == 1
    assert list(reversed(bound(var, [1, 2, 3]))) == [3, 2, 1]


def test_iterator_protocol(var: ContextVar[t.Any]) -> None:
    proxy = bound(var, iter([1, 2]))
    assert next(proxy) == 1
    assert list(proxy) == [2]


def test_in_place_operators_change_the_object_and_keep_the_proxy(
    var: ContextVar[t.Any],
) -> None:
    items = [1]
    proxy = bound(var, items)
    original = proxy
    proxy += [2]
    assert proxy is original
    assert items == [1, 2]


def test_in_place_operator_on_unsupported_type_raises_type_error(
    var: ContextVar[t.Any],
) -> None:
    proxy = bound(var, [1])
    with pytest.raises(TypeError):
        proxy |= [3]


def test_str_bytes_format_repr(var: ContextVar[t.Any]) -> None:
    proxy = bound(var, 3.14159)
    assert str(proxy) == "3.14159"
    assert repr(proxy) == "3.14159"
    assert f"{proxy:.2f}" == "3.14"
    assert bytes(bound(var, b"ab")) == b"ab"


def test_class_and_isinstance_see_the_target(var: ContextVar[t.Any]) -> None:
    proxy = bound(var, Box(1))
    assert proxy.__class__ is Box
    assert isinstance(proxy, Box)
    assert type(proxy) is LocalProxy


def test_proxy_to_a_class_works_with_isinstance_and_issubclass(
    var: ContextVar[t.Any],
) -> None:
    proxy = bound(var, Box)
    assert isinstance(Box(1), proxy)
    assert not isinstance(1, proxy)
    assert issubclass(Box, proxy)


def test_get_current_object(var: ContextVar[t.Any]) -> None:
    box = Box(1)
    proxy = bound(var, box)
    assert proxy._get_current_object() is box


def test_wrapped_is_the_variable_while_unbound(var: ContextVar[t.Any]) -> None:
    proxy: LocalProxy[t.Any] = LocalProxy(var)
    assert proxy.__wrapped__ is var


def test_wrapped_of_a_bound_proxy_is_the_targets(var: ContextVar[t.Any]) -> None:
    def original() -> str:
        return "original"

    @functools.wraps(original)
    def decorated() -> str:
        return "decorated"

    proxy = bound(var, decorated)
    assert proxy.__wrapped__ is original
    assert inspect.unwrap(proxy) is original
    with pytest.raises(AttributeError):
        _ = bound(var, Box(1)).__wrapped__


def test_unbound_proxy_repr_bool_and_errors(var: ContextVar[t.Any]) -> None:
    proxy: LocalProxy[t.Any] = LocalProxy(var, unbound_message=UNBOUND)
    assert repr(proxy) == "<LocalProxy unbound>"
    assert bool(proxy) is False
    assert not proxy
    assert proxy.__class__ is LocalProxy
    assert dir(proxy) == []
    with pytest.raises(RuntimeError) as exc_info:
        _ = proxy.anything
    assert str(exc_info.value) == UNBOUND
    with pytest.raises(RuntimeError, match="^nothing here yet$"):
        proxy + 1
    with pytest.raises(RuntimeError, match="^nothing here yet$"):
        proxy._get_current_object()


def test_unbound_without_message_has_a_default(var: ContextVar[t.Any]) -> None:
    proxy: LocalProxy[t.Any] = LocalProxy(var)
    with pytest.raises(RuntimeError, match="^object is not bound$"):
        _ = proxy.x


def test_bool_of_bound_proxy_is_the_targets_truth(var: ContextVar[t.Any]) -> None:
    assert bool(bound(var, [])) is False
    assert bool(bound(var, [0])) is True


def test_len_of_object_without_len_raises_type_error(var: ContextVar[t.Any]) -> None:
    """``list(proxy)`` asks for a length hint; a target with ``__getattr__`` must not break it."""

    class Namespace:
        def __getattr__(self, name: str) -> t.Any:
            raise AttributeError(name)

        def __iter__(self) -> t.Iterator[str]:
            return iter(["a", "b"])

    proxy = bound(var, Namespace())
    with pytest.raises(TypeError):
        len(proxy)
    assert list(proxy) == ["a", "b"]
    assert sorted(proxy) == ["a", "b"]


def test_proxy_to_a_function_is_callable(var: ContextVar[t.Any]) -> None:
    def greet(name: str, punctuation: str = "!") -> str:
        return f"hello {name}{punctuation}"

    proxy = bound(var, greet)
    assert proxy("you") == "hello you!"
    assert proxy("you", punctuation="?") == "hello you?"
    assert proxy.__name__ == "greet"
    assert callable(proxy)


def test_function_as_local_is_called_to_find_the_target() -> None:
    current = {"obj": Box("first")}
    proxy: LocalProxy[t.Any] = LocalProxy(lambda: current["obj"])
    assert proxy.value == "first"
    current["obj"] = Box("second")
    assert proxy.value == "second"


def test_object_with_name_proxies_its_attribute() -> None:
    holder = Box(Box("deep"))
    proxy: LocalProxy[t.Any] = LocalProxy(holder, "value")
    assert proxy.value == "deep"
    holder.value = Box("changed")
    assert proxy.value == "changed"


def test_object_without_name_is_refused() -> None:
    with pytest.raises(TypeError):
        LocalProxy(Box(1))


def test_context_manager_protocol(var: ContextVar[t.Any]) -> None:
    events: list[str] = []

    class Managed:
        def __enter__(self) -> str:
            events.append("enter")
            return "value"

        def __exit__(self, *exc: object) -> None:
            events.append("exit")

    with bound(var, Managed()) as value:
        assert value == "value"
    assert events == ["enter", "exit"]


def test_await_and_async_protocols(var: ContextVar[t.Any]) -> None:
    class AsyncThing:
        def __await__(self) -> t.Generator[t.Any, None, str]:
            yield from asyncio.sleep(0).__await__()
            return "awaited"

        async def __aenter__(self) -> str:
            return "entered"

        async def __aexit__(self, *exc: object) -> None:
            return None

        def __aiter__(self) -> AsyncThing:
            self.left = [1, 2]
            return self

        async def __anext__(self) -> int:
            if not self.left:
                raise StopAsyncIteration
            return self.left.pop(0)

    async def main() -> tuple[str, str, list[int]]:
        proxy = bound(var, AsyncThing())
        awaited = await proxy
        async with proxy as entered:
            pass
        items = [item async for item in proxy]
        return awaited, entered, items

    assert asyncio.run(main()) == ("awaited", "entered", [1, 2])


def test_copy_and_deepcopy_copy_the_target(var: ContextVar[t.Any]) -> None:
    data = {"a": [1]}
    proxy = bound(var, data)
    shallow = copy.copy(proxy)
    deep = copy.deepcopy(proxy)
    assert type(shallow) is dict and shallow == data and shallow is not data
    assert shallow["a"] is data["a"]
    assert deep["a"] is not data["a"]


def test_dir_lists_the_targets_attributes(var: ContextVar[t.Any]) -> None:
    assert "value" in dir(bound(var, Box(1)))
