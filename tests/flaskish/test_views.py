"""Class-based views: View.as_view and MethodView dispatch, through an app."""

from __future__ import annotations

import typing as t
from functools import wraps

import pytest

from flaskish import Flask, request
from flaskish.views import MethodView, View, http_method_funcs


def allowed(response: t.Any) -> set[str]:
    return {m.strip() for m in response.headers["Allow"].split(",")}


class Items(MethodView):
    def get(self) -> str:
        return "GET"

    def post(self) -> str:
        return "POST"


class MoreItems(Items):
    def delete(self) -> str:
        return "DELETE"


# -- MethodView -----------------------------------------------------------------------


def test_method_view_collects_methods() -> None:
    assert Items.methods == {"GET", "POST"}
    assert MoreItems.methods == {"GET", "POST", "DELETE"}


def test_method_view_without_methods_has_none() -> None:
    class Empty(MethodView):
        pass

    assert Empty.methods is None


def test_method_view_methods_from_mixin() -> None:
    class PutMixin:
        def put(self) -> str:
            return "PUT"

    class Both(PutMixin, MethodView):
        def get(self) -> str:
            return "GET"

    assert Both.methods == {"GET", "PUT"}


def test_explicit_methods_are_kept() -> None:
    class Explicit(MethodView):
        methods = ["GET", "PUT"]

        def get(self) -> str:
            return "GET"

    assert Explicit.methods == ["GET", "PUT"]


def test_http_method_funcs() -> None:
    assert http_method_funcs == {
        "get",
        "post",
        "head",
        "options",
        "delete",
        "put",
        "trace",
        "patch",
    }


def test_method_view_dispatch(app: Flask) -> None:
    app.add_url_rule("/items", view_func=Items.as_view("items"))
    client = app.test_client()
    assert client.get("/items").data == b"GET"
    assert client.post("/items").data == b"POST"


def test_method_view_405_allow(app: Flask) -> None:
    app.add_url_rule("/items", view_func=Items.as_view("items"))
    rv = app.test_client().put("/items")
    assert rv.status_code == 405
    assert allowed(rv) == {"GET", "HEAD", "POST", "OPTIONS"}


def test_method_view_inherited_methods_dispatch(app: Flask) -> None:
    app.add_url_rule("/more", view_func=MoreItems.as_view("more"))
    client = app.test_client()
    assert client.delete("/more").data == b"DELETE"
    assert client.get("/more").data == b"GET"
    rv = client.options("/more")
    assert rv.status_code == 200
    assert rv.data == b""
    assert allowed(rv) == {"GET", "HEAD", "POST", "DELETE", "OPTIONS"}


def test_head_falls_back_to_get(app: Flask) -> None:
    calls: list[str] = []

    class Page(MethodView):
        def get(self) -> tuple[str, dict[str, str]]:
            calls.append(request.method)
            return "body", {"X-From": "get"}

    app.add_url_rule("/page", view_func=Page.as_view("page"))
    rv = app.test_client().head("/page")
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["X-From"] == "get"
    assert calls == ["HEAD"]


def test_explicit_head_is_used(app: Flask) -> None:
    class Page(MethodView):
        def get(self) -> str:
            return "body"

        def head(self) -> tuple[str, int, dict[str, str]]:
            return "", 204, {"X-From": "head"}

    app.add_url_rule("/page", view_func=Page.as_view("page"))
    rv = app.test_client().head("/page")
    assert rv.status_code == 204
    assert rv.headers["X-From"] == "head"


def test_unimplemented_method_is_an_assertion_error(app: Flask) -> None:
    class Partial(MethodView):
        methods = ["GET", "PUT"]

        def get(self) -> str:
            return "GET"

    app.add_url_rule("/partial", view_func=Partial.as_view("partial"))
    with pytest.raises(AssertionError) as exc_info:
        app.test_client().put("/partial")
    assert str(exc_info.value) == "Unimplemented method 'PUT'"


def test_url_variables_reach_the_method(app: Flask) -> None:
    class User(MethodView):
        def get(self, user_id: int) -> str:
            return f"user {user_id!r}"

    app.add_url_rule("/users/<int:user_id>", view_func=User.as_view("user"))
    assert app.test_client().get("/users/5").data == b"user 5"


def test_async_method(app: Flask) -> None:
    class AsyncItems(MethodView):
        async def get(self) -> str:
            return "async get"

    app.add_url_rule("/async", view_func=AsyncItems.as_view("async_items"))
    assert app.test_client().get("/async").data == b"async get"


def test_async_dispatch_request(app: Flask) -> None:
    class AsyncView(View):
        async def dispatch_request(self) -> str:
            return "async dispatch"

    app.add_url_rule("/async", view_func=AsyncView.as_view("async_view"))
    assert app.test_client().get("/async").data == b"async dispatch"


# -- View ------------------------------------------------------------------------------


class Greeting(View):
    """Greets someone."""

    methods = ["GET", "POST"]

    def __init__(self, greeting: str, punctuation: str = ".") -> None:
        self.greeting = greeting
        self.punctuation = punctuation

    def dispatch_request(self, name: str) -> str:
        return f"{self.greeting}, {name}{self.punctuation} ({request.method})"


def test_as_view_function_attributes() -> None:
    view = Greeting.as_view("greet", "Hi")
    assert view.view_class is Greeting  # type: ignore[attr-defined]
    assert view.__name__ == "greet"
    assert view.__doc__ == "Greets someone."
    assert view.__module__ == __name__
    assert view.methods == ["GET", "POST"]  # type: ignore[attr-defined]
    assert view.provide_automatic_options is None  # type: ignore[attr-defined]


def test_view_with_class_args_and_kwargs(app: Flask) -> None:
    app.add_url_rule("/hi/<name>", view_func=Greeting.as_view("hi", "Hi", punctuation="!"))
    client = app.test_client()
    assert client.get("/hi/ada").data == b"Hi, ada! (GET)"
    assert client.post("/hi/ada").data == b"Hi, ada! (POST)"
    assert client.put("/hi/ada").status_code == 405


def test_as_view_name_is_the_endpoint(app: Flask) -> None:
    app.add_url_rule("/hi/<name>", view_func=Greeting.as_view("hello", "Hi"))
    assert "hello" in app.view_functions
    with app.test_request_context():
        from flaskish import url_for

        assert url_for("hello", name="x") == "/hi/x"


def test_view_default_methods_is_get(app: Flask) -> None:
    class Plain(View):
        def dispatch_request(self) -> str:
            return "plain"

    app.add_url_rule("/plain", view_func=Plain.as_view("plain"))
    client = app.test_client()
    assert client.get("/plain").data == b"plain"
    rv = client.post("/plain")
    assert rv.status_code == 405
    assert allowed(rv) == {"GET", "HEAD", "OPTIONS"}


def test_dispatch_request_not_implemented(app: Flask) -> None:
    class Missing(View):
        pass

    app.add_url_rule("/missing", view_func=Missing.as_view("missing"))
    with pytest.raises(NotImplementedError):
        app.test_client().get("/missing")


def test_add_url_rule_methods_override_the_class(app: Flask) -> None:
    app.add_url_rule("/hi/<name>", view_func=Greeting.as_view("hi", "Hi"), methods=["PATCH"])
    client = app.test_client()
    assert client.patch("/hi/x").data == b"Hi, x. (PATCH)"
    assert client.get("/hi/x").status_code == 405


def test_instance_per_request_by_default(app: Flask) -> None:
    instances: list[object] = []

    class Counting(View):
        def __init__(self) -> None:
            instances.append(self)

        def dispatch_request(self) -> str:
            return str(len(instances))

    view = Counting.as_view("counting")
    assert instances == []
    app.add_url_rule("/count", view_func=view)
    client = app.test_client()
    assert client.get("/count").data == b"1"
    assert client.get("/count").data == b"2"
    assert instances[0] is not instances[1]


def test_init_every_request_false_shares_one_instance(app: Flask) -> None:
    instances: list[object] = []

    class Shared(View):
        init_every_request = False

        def __init__(self, label: str) -> None:
            self.label = label
            instances.append(self)

        def dispatch_request(self) -> str:
            return f"{self.label} {len(instances)} {id(self) == id(instances[0])}"

    view = Shared.as_view("shared", "one")
    assert len(instances) == 1
    app.add_url_rule("/shared", view_func=view)
    client = app.test_client()
    assert client.get("/shared").data == b"one 1 True"
    assert client.get("/shared").data == b"one 1 True"
    assert len(instances) == 1


def test_decorators_applied_in_order(app: Flask) -> None:
    order: list[str] = []

    def tag(label: str) -> t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]:
        def decorator(f: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
            @wraps(f)
            def wrapper(**kwargs: t.Any) -> t.Any:
                order.append(label)
                return f(**kwargs)

            return wrapper

        return decorator

    seen_names: list[str] = []

    def record_name(f: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        seen_names.append(f.__name__)
        return f

    class Decorated(View):
        decorators = [record_name, tag("inner"), tag("outer")]

        def dispatch_request(self) -> str:
            order.append("view")
            return "done"

    view = Decorated.as_view("decorated")
    assert seen_names == ["decorated"]
    assert view.__name__ == "decorated"
    assert view.view_class is Decorated  # type: ignore[attr-defined]
    app.add_url_rule("/decorated", view_func=view)
    assert app.test_client().get("/decorated").data == b"done"
    assert order == ["outer", "inner", "view"]


def test_decorator_can_short_circuit(app: Flask) -> None:
    def deny(f: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        def wrapper(**kwargs: t.Any) -> t.Any:
            return "denied", 403

        return wrapper

    class Secret(MethodView):
        decorators = [deny]

        def get(self) -> str:
            return "secret"

    app.add_url_rule("/secret", view_func=Secret.as_view("secret"))
    rv = app.test_client().get("/secret")
    assert rv.status_code == 403
    assert rv.data == b"denied"


def test_automatic_options(app: Flask) -> None:
    app.add_url_rule("/hi/<name>", view_func=Greeting.as_view("hi", "Hi"))
    rv = app.test_client().options("/hi/x")
    assert rv.status_code == 200
    assert rv.data == b""
    assert allowed(rv) == {"GET", "HEAD", "POST", "OPTIONS"}


def test_provide_automatic_options_false(app: Flask) -> None:
    class NoOptions(MethodView):
        provide_automatic_options = False

        def get(self) -> str:
            return "GET"

    app.add_url_rule("/no-options", view_func=NoOptions.as_view("no_options"))
    rv = app.test_client().options("/no-options")
    assert rv.status_code == 405
    assert allowed(rv) == {"GET", "HEAD"}


def test_method_view_own_options(app: Flask) -> None:
    class CustomOptions(MethodView):
        def get(self) -> str:
            return "GET"

        def options(self) -> tuple[str, dict[str, str]]:
            return "custom", {"X-Options": "mine"}

    app.add_url_rule("/custom", view_func=CustomOptions.as_view("custom"))
    rv = app.test_client().options("/custom")
    assert rv.data == b"custom"
    assert rv.headers["X-Options"] == "mine"


def test_same_class_routed_twice(app: Flask) -> None:
    app.add_url_rule("/a/<name>", view_func=Greeting.as_view("a", "A"))
    app.add_url_rule("/b/<name>", view_func=Greeting.as_view("b", "B"))
    client = app.test_client()
    assert client.get("/a/x").data == b"A, x. (GET)"
    assert client.get("/b/x").data == b"B, x. (GET)"
