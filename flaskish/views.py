"""Class-based views: :class:`View` and the per-HTTP-method :class:`MethodView`."""

from __future__ import annotations

import typing as t
from collections.abc import Callable, Collection

from .globals import current_app, request

__all__ = ["MethodView", "View", "http_method_funcs"]

#: The method names a :class:`MethodView` subclass may define, one per HTTP verb.
http_method_funcs = frozenset(["get", "post", "head", "options", "delete", "put", "trace", "patch"])


class View:
    """Subclass and implement :meth:`dispatch_request`, then register :meth:`as_view`.

    The class attributes set the route's defaults, so one class can be routed
    many times without repeating them::

        class Hello(View):
            methods = ["GET", "POST"]

            def dispatch_request(self, name):
                return f"Hello, {name}!"

        app.add_url_rule("/hello/<name>", view_func=Hello.as_view("hello"))
    """

    #: The methods the route accepts when ``add_url_rule`` is given none.
    methods: t.ClassVar[Collection[str] | None] = None

    #: Whether the route answers OPTIONS itself; None follows the app's setting.
    provide_automatic_options: t.ClassVar[bool | None] = None

    #: Decorators for the generated view function, applied first to last (the
    #: last one is outermost), as if stacked above a plain view from bottom up.
    decorators: t.ClassVar[list[Callable[..., t.Any]]] = []

    #: Create a new instance for every request. Set to False to build one
    #: instance in :meth:`as_view` and share it, which is cheaper but means
    #: nothing request-specific may be stored on ``self``.
    init_every_request: t.ClassVar[bool] = True

    def dispatch_request(self, **kwargs: t.Any) -> t.Any:
        """Handle a request; the URL's variables arrive as keyword arguments."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement dispatch_request() to handle requests."
        )

    @classmethod
    def as_view(cls, name: str, *class_args: t.Any, **class_kwargs: t.Any) -> Callable[..., t.Any]:
        """Turn the class into a view function for ``add_url_rule``.

        :param name: the view's endpoint name.
        :param class_args: passed to the class constructor.
        :param class_kwargs: passed to the class constructor.
        """
        if cls.init_every_request:

            def view(**kwargs: t.Any) -> t.Any:
                self = view.view_class(*class_args, **class_kwargs)  # type: ignore[attr-defined]
                return current_app.ensure_sync(self.dispatch_request)(**kwargs)

        else:
            shared = cls(*class_args, **class_kwargs)

            def view(**kwargs: t.Any) -> t.Any:
                return current_app.ensure_sync(shared.dispatch_request)(**kwargs)

        if cls.decorators:
            # Decorators that copy metadata with functools.wraps see the endpoint name.
            view.__name__ = name
            view.__module__ = cls.__module__
            for decorator in cls.decorators:
                view = decorator(view)

        # Set on the outermost function, which is what gets routed, so
        # add_url_rule finds the methods and an inspector finds the class.
        view.view_class = cls  # type: ignore[attr-defined]
        view.__name__ = name
        view.__doc__ = cls.__doc__
        view.__module__ = cls.__module__
        view.methods = cls.methods  # type: ignore[attr-defined]
        view.provide_automatic_options = cls.provide_automatic_options  # type: ignore[attr-defined]
        return view


class MethodView(View):
    """Dispatch each request to the method named after its HTTP verb.

    ``get``, ``post`` and the like are collected into :attr:`methods` when the
    class is defined, including those inherited from base classes. A HEAD
    request falls back to ``get`` when no ``head`` is defined::

        class Counter(MethodView):
            def get(self):
                return str(session.get("counter", 0))

            def post(self):
                session["counter"] = session.get("counter", 0) + 1
                return redirect(url_for("counter"))

        app.add_url_rule("/counter", view_func=Counter.as_view("counter"))
    """

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "methods" in cls.__dict__:
            return
        methods: set[str] = set()
        for base in cls.__bases__:
            methods.update(getattr(base, "methods", None) or ())
        methods.update(name.upper() for name in http_method_funcs if hasattr(cls, name))
        if methods:
            cls.methods = methods

    def dispatch_request(self, **kwargs: t.Any) -> t.Any:
        handler = getattr(self, request.method.lower(), None)
        if handler is None and request.method == "HEAD":
            handler = getattr(self, "get", None)
        assert handler is not None, f"Unimplemented method {request.method!r}"
        return current_app.ensure_sync(handler)(**kwargs)
