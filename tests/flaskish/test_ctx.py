"""App and request contexts, the globals that point into them, teardown and signals."""

from __future__ import annotations

import asyncio
import io
import threading
import typing as t

import pytest

import flaskish
from flaskish import (
    Flask,
    after_this_request,
    copy_current_request_context,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)
from flaskish.ctx import AppContext, RequestContext

NO_APP = (
    "Working outside of application context. This code needs the current"
    " application: push one with 'with app.app_context():', or run it inside a"
    " request."
)
NO_REQUEST = (
    "Working outside of request context. This code needs an active HTTP request:"
    " use 'with app.test_request_context():' in tests and scripts, or run it"
    " inside a view."
)


# -- using the globals outside their context ---------------------------------------


@pytest.mark.parametrize(
    ("use", "message"),
    [
        (lambda: current_app.name, NO_APP),
        (lambda: g.value, NO_APP),
        (lambda: g.get("value"), NO_APP),
        (lambda: request.args, NO_REQUEST),
        (lambda: session.get("k"), NO_REQUEST),
    ],
    ids=["current_app", "g", "g.get", "request", "session"],
)
def test_globals_outside_their_context_say_what_to_do(
    use: t.Callable[[], t.Any], message: str
) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        use()
    assert str(exc_info.value) == message


def test_request_globals_need_a_request_even_inside_an_app_context(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(RuntimeError) as exc_info:
            _ = request.path
        assert str(exc_info.value) == NO_REQUEST


def test_unbound_globals_are_falsy_and_repr_as_unbound() -> None:
    for proxy in (current_app, g, request, session):
        assert not proxy
        assert repr(proxy) == "<LocalProxy unbound>"


def test_has_context_functions(app: Flask) -> None:
    assert not has_app_context()
    assert not has_request_context()
    with app.app_context():
        assert has_app_context()
        assert not has_request_context()
    with app.test_request_context():
        assert has_app_context()
        assert has_request_context()
    assert not has_app_context()
    assert not has_request_context()


def test_helpers_that_need_a_request_say_so() -> None:
    with pytest.raises(RuntimeError) as exc_info:
        after_this_request(lambda response: response)
    assert str(exc_info.value) == (
        "'after_this_request' can only be used when a request context is active,"
        " such as in a view function."
    )
    with pytest.raises(RuntimeError) as exc_info:
        copy_current_request_context(lambda: None)
    assert str(exc_info.value) == (
        "'copy_current_request_context' can only be used when a request context"
        " is active, such as in a view function."
    )


# -- the app context and g ----------------------------------------------------------


def test_app_context_binds_current_app(app: Flask) -> None:
    with app.app_context() as ctx:
        assert isinstance(ctx, AppContext)
        assert ctx.app is app
        assert current_app._get_current_object() is app
        assert current_app.name == "flaskish_test_app"
        assert isinstance(current_app, Flask)
        assert current_app.__class__ is Flask
        assert repr(current_app) == "<Flask 'flaskish_test_app'>"


def test_g_namespace_api(app_ctx: AppContext) -> None:
    g.a = 1
    assert g.a == 1
    assert g.get("a") == 1
    assert g.get("missing") is None
    assert g.get("missing", 2) == 2
    assert g.setdefault("b", 3) == 3
    assert g.setdefault("b", 4) == 3
    assert "a" in g
    assert "missing" not in g
    assert sorted(g) == ["a", "b"]
    assert list(iter(g)) == ["a", "b"]
    assert g.pop("a") == 1
    assert g.pop("a", "default") == "default"
    with pytest.raises(KeyError):
        g.pop("a")
    with pytest.raises(AttributeError) as exc_info:
        _ = g.missing
    assert str(exc_info.value) == "missing"
    del g.b
    with pytest.raises(AttributeError):
        del g.b
    assert list(g) == []
    assert repr(g) == "<flaskish.g of 'flaskish_test_app'>"
    assert g


def test_g_is_fresh_for_each_app_context(app: Flask) -> None:
    with app.app_context():
        g.value = "first"
    with app.app_context():
        assert "value" not in g


def test_g_is_shared_by_a_request_and_its_app_context(app: Flask) -> None:
    with app.app_context():
        g.value = 1
        with app.test_request_context():
            assert g.value == 1
            g.other = 2
        assert g.other == 2


def test_app_ctx_globals_class_is_a_plug_point() -> None:
    class MyGlobals(flaskish.ctx._AppCtxGlobals):
        marker = "mine"

    class MyFlask(Flask):
        app_ctx_globals_class = MyGlobals

    app = MyFlask(__name__)
    with app.app_context():
        assert g.marker == "mine"
        assert isinstance(g._get_current_object(), MyGlobals)


# -- the request context -------------------------------------------------------------


def test_request_context_binds_request_and_session(app: Flask) -> None:
    with app.test_request_context("/path?a=1") as ctx:
        assert isinstance(ctx, RequestContext)
        assert request._get_current_object() is ctx.request
        assert session._get_current_object() is ctx.session
        assert request.path == "/path"
        assert request.args["a"] == "1"
        assert repr(request) == "<Request 'http://localhost/path?a=1' [GET]>"
        assert (
            repr(ctx) == "<RequestContext 'http://localhost/path?a=1' [GET] of flaskish_test_app>"
        )
        assert repr(session) == "<SecureCookieSession {}>"
        assert current_app._get_current_object() is app


def test_test_request_context_arguments(app: Flask) -> None:
    with app.test_request_context(
        "/p",
        method="POST",
        data={"field": "value"},
        headers={"X-Thing": "yes"},
        query_string={"q": ["1", "2"]},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    ):
        assert request.method == "POST"
        assert request.form["field"] == "value"
        assert request.headers["X-Thing"] == "yes"
        assert request.args.getlist("q") == ["1", "2"]
        assert request.remote_addr == "10.0.0.1"
        assert request.url == "http://localhost/p?q=1&q=2"


def test_test_request_context_json_and_base_url(app: Flask) -> None:
    with app.test_request_context(
        json={"a": [1, 2]}, base_url="https://example.org/root/", method="PUT"
    ):
        assert request.method == "PUT"
        assert request.json == {"a": [1, 2]}
        assert request.mimetype == "application/json"
        assert request.url == "https://example.org/root/"
        assert request.script_root == "/root"


def test_test_request_context_positional_base_url_and_server_name(app: Flask) -> None:
    app.config["SERVER_NAME"] = "example.com"
    with app.test_request_context("/p", "http://example.com/root/"):
        assert request.url == "http://example.com/root/p"
    with app.test_request_context(subdomain="api", url_scheme="https"):
        assert request.url == "https://api.example.com/"
    app.config["APPLICATION_ROOT"] = "/pre"
    with app.test_request_context("/p"):
        assert request.url == "http://example.com/pre/p"
        assert request.path == "/p"


def test_request_context_from_a_hand_made_environ(app: Flask) -> None:
    environ = {
        "REQUEST_METHOD": "DELETE",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/item/3",
        "QUERY_STRING": "x=y",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    with app.request_context(environ):
        assert request.method == "DELETE"
        assert request.path == "/item/3"
        assert request.args["x"] == "y"


def test_request_context_matches_the_url(app: Flask) -> None:
    @app.route("/user/<int:user_id>")
    def user(user_id: int) -> str:
        return str(user_id)

    with app.test_request_context("/user/5"):
        assert request.endpoint == "user"
        assert request.view_args == {"user_id": 5}
        assert request.url_rule.rule == "/user/<int:user_id>"
        assert request.routing_exception is None
    with app.test_request_context("/nowhere"):
        assert request.endpoint is None
        assert request.routing_exception.code == 404


def test_request_context_pushes_an_app_context_only_when_needed(app: Flask) -> None:
    with app.app_context() as app_ctx:
        with app.test_request_context():
            assert flaskish.globals.app_ctx._get_current_object() is app_ctx
    other = Flask("other")
    with other.app_context():
        with app.test_request_context():
            assert current_app._get_current_object() is app
        assert current_app._get_current_object() is other


# -- nesting and popping -------------------------------------------------------------


def test_nested_app_contexts_restore_the_outer(app: Flask) -> None:
    other = Flask("other")
    with app.app_context():
        g.which = "outer"
        with other.app_context():
            assert current_app.name == "other"
            assert "which" not in g
        assert current_app.name == "flaskish_test_app"
        assert g.which == "outer"
    assert not has_app_context()


def test_nested_request_contexts_restore_the_outer(app: Flask) -> None:
    with app.test_request_context("/outer"):
        with app.test_request_context("/inner"):
            assert request.path == "/inner"
        assert request.path == "/outer"
    assert not has_request_context()


def test_the_same_app_context_can_be_pushed_twice(app: Flask) -> None:
    torn_down: list[BaseException | None] = []
    app.teardown_appcontext(torn_down.append)
    ctx = app.app_context()
    with ctx:
        with ctx:
            g.x = 1
        assert torn_down == []
        assert g.x == 1
    assert torn_down == [None]
    assert not has_app_context()


def test_popping_the_wrong_app_context_raises(app: Flask) -> None:
    first = app.app_context()
    second = app.app_context()
    first.push()
    second.push()
    with pytest.raises(AssertionError) as exc_info:
        first.pop()
    assert str(exc_info.value).startswith("Popped the wrong app context (")
    assert not has_app_context()


def test_popping_the_wrong_request_context_raises(app: Flask) -> None:
    first = app.test_request_context("/1")
    second = app.test_request_context("/2")
    first.push()
    second.push()
    with pytest.raises(AssertionError) as exc_info:
        first.pop()
    assert str(exc_info.value) == (
        "Popped the wrong request context (<RequestContext 'http://localhost/2' [GET]"
        " of flaskish_test_app> instead of <RequestContext 'http://localhost/1' [GET]"
        " of flaskish_test_app>)."
    )
    assert not has_request_context()
    assert not has_app_context()


def test_manual_push_and_pop(app: Flask) -> None:
    ctx = app.test_request_context("/manual")
    ctx.push()
    try:
        assert request.path == "/manual"
    finally:
        ctx.pop()
    assert not has_request_context()
    assert not has_app_context()


# -- isolation: threads and asyncio tasks -------------------------------------------


def test_threads_each_see_their_own_request_and_g(app: Flask) -> None:
    barrier = threading.Barrier(4, timeout=5)
    seen: dict[int, tuple[str, int, str]] = {}
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with app.test_request_context(f"/thread/{n}"):
                g.n = n
                session["n"] = str(n)
                barrier.wait()  # every thread is inside its context now
                seen[n] = (request.path, g.n, session["n"])
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert seen == {n: (f"/thread/{n}", n, str(n)) for n in range(4)}


def test_a_new_thread_does_not_inherit_the_context(app: Flask) -> None:
    result: list[bool] = []
    with app.test_request_context():
        thread = threading.Thread(target=lambda: result.append(has_request_context()))
        thread.start()
        thread.join(timeout=5)
    assert result == [False]


def test_asyncio_tasks_each_see_their_own_request_and_g(app: Flask) -> None:
    async def handle(n: int) -> tuple[str, int]:
        with app.test_request_context(f"/task/{n}"):
            g.n = n
            await asyncio.sleep(0.01)  # let the other tasks push their contexts
            return request.path, g.n

    async def main() -> list[tuple[str, int]]:
        return list(await asyncio.gather(*(handle(n) for n in range(3))))

    assert asyncio.run(main()) == [(f"/task/{n}", n) for n in range(3)]
    assert not has_request_context()


def test_asyncio_task_copies_the_context_it_was_created_in(app: Flask) -> None:
    async def read_path() -> str:
        return request.path

    async def main() -> str:
        with app.test_request_context("/parent"):
            return await asyncio.create_task(read_path())

    assert asyncio.run(main()) == "/parent"


# -- copy_current_request_context and after_this_request ----------------------------


def test_copy_current_request_context_in_a_thread(app: Flask, client: t.Any) -> None:
    @app.route("/")
    def index() -> dict[str, t.Any]:
        session["user"] = "ann"
        out: dict[str, t.Any] = {}

        @copy_current_request_context
        def work() -> None:
            out["path"] = request.path
            out["arg"] = request.args["q"]
            out["user"] = session["user"]
            out["app"] = current_app.name

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=5)
        return out

    response = client.get("/?q=1")
    assert response.json == {"path": "/", "arg": "1", "user": "ann", "app": "flaskish_test_app"}


def test_copy_current_request_context_keeps_the_wrapped_name(app: Flask) -> None:
    with app.test_request_context():

        @copy_current_request_context
        def named() -> str:
            return request.path

        assert named.__name__ == "named"
        assert named() == "/"


def test_after_this_request_runs_before_after_request(app: Flask, client: t.Any) -> None:
    order: list[str] = []

    @app.after_request
    def app_hook(response: t.Any) -> t.Any:
        order.append("after_request")
        return response

    @app.route("/")
    def index() -> str:
        @after_this_request
        def add_header(response: t.Any) -> t.Any:
            order.append("after_this_request")
            response.headers["X-Foo"] = "a header"
            return response

        return "body"

    response = client.get("/")
    assert response.headers["X-Foo"] == "a header"
    assert order == ["after_this_request", "after_request"]
    assert client.get("/").status_code == 200
    assert order == ["after_this_request", "after_request"] * 2


# -- teardown ------------------------------------------------------------------------


def test_teardown_gets_none_after_a_good_request(app: Flask, client: t.Any) -> None:
    seen: list[tuple[str, BaseException | None]] = []
    app.teardown_request(lambda exc: seen.append(("request", exc)))
    app.teardown_appcontext(lambda exc: seen.append(("appcontext", exc)))
    app.route("/")(lambda: "ok")
    assert client.get("/").data == b"ok"
    assert seen == [("request", None), ("appcontext", None)]


def test_teardown_gets_the_unhandled_exception(app: Flask, client: t.Any) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True
    seen: list[tuple[str, t.Any]] = []
    app.teardown_request(lambda exc: seen.append(("request", exc)))
    app.teardown_appcontext(lambda exc: seen.append(("appcontext", exc)))
    error = ValueError("boom")

    @app.route("/")
    def index() -> str:
        raise error

    assert client.get("/").status_code == 500
    assert seen == [("request", error), ("appcontext", error)]


def test_teardown_gets_the_propagated_exception(app: Flask, client: t.Any) -> None:
    seen: list[t.Any] = []
    app.teardown_request(seen.append)
    error = KeyError("boom")

    @app.route("/")
    def index() -> str:
        raise error

    with pytest.raises(KeyError):
        client.get("/")
    assert seen == [error]


def test_teardown_with_context_manager_gets_the_exception(app: Flask) -> None:
    seen: list[t.Any] = []
    app.teardown_appcontext(seen.append)
    app.teardown_request(seen.append)
    with pytest.raises(ZeroDivisionError):
        with app.test_request_context():
            1 / 0  # noqa: B018
    assert [type(e) for e in seen] == [ZeroDivisionError, ZeroDivisionError]


def test_teardown_runs_in_reverse_registration_order(app: Flask) -> None:
    order: list[int] = []
    app.teardown_request(lambda exc: order.append(1))
    app.teardown_request(lambda exc: order.append(2))
    app.teardown_appcontext(lambda exc: order.append(3))
    app.teardown_appcontext(lambda exc: order.append(4))
    with app.test_request_context():
        pass
    assert order == [2, 1, 4, 3]


def test_teardown_runs_inside_the_context(app: Flask) -> None:
    seen: list[tuple[str, bool]] = []

    @app.teardown_request
    def check(exc: BaseException | None) -> None:
        seen.append((request.path, has_app_context()))

    with app.test_request_context("/here"):
        pass
    assert seen == [("/here", True)]


# -- signals -------------------------------------------------------------------------


def test_signals_of_a_successful_request(app: Flask, client: t.Any) -> None:
    events: list[tuple[str, str, list[str]]] = []

    def recorder(name: str) -> t.Callable[..., None]:
        def record(sender: Flask, **extra: t.Any) -> None:
            events.append((name, sender.name, sorted(extra)))

        return record

    app.teardown_request(lambda exc: events.append(("teardown_request", "", [])))
    app.teardown_appcontext(lambda exc: events.append(("teardown_appcontext", "", [])))
    app.route("/")(lambda: "ok")
    names = [
        "appcontext_pushed",
        "request_started",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    receivers = [recorder(name) for name in names]
    for name, receiver in zip(names, receivers, strict=True):
        getattr(flaskish, name).connect(receiver, app)
    try:
        client.get("/")
    finally:
        for name, receiver in zip(names, receivers, strict=True):
            getattr(flaskish, name).disconnect(receiver, app)
    app_name = "flaskish_test_app"
    assert events == [
        ("appcontext_pushed", app_name, []),
        ("request_started", app_name, []),
        ("request_finished", app_name, ["response"]),
        ("teardown_request", "", []),
        ("request_tearing_down", app_name, ["exc"]),
        ("teardown_appcontext", "", []),
        ("appcontext_tearing_down", app_name, ["exc"]),
        ("appcontext_popped", app_name, []),
    ]
    del events[:]
    client.get("/")
    assert events == [("teardown_request", "", []), ("teardown_appcontext", "", [])]


def test_request_finished_receives_the_response(app: Flask, client: t.Any) -> None:
    responses: list[t.Any] = []
    app.route("/")(lambda: "body")

    def record(sender: Flask, response: t.Any, **extra: t.Any) -> None:
        responses.append(response)

    with flaskish.request_finished.connected_to(record, app):
        client.get("/")
    assert [r.get_data() for r in responses] == [b"body"]


def test_got_request_exception_and_tearing_down_get_the_exception(
    app: Flask, client: t.Any
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True
    error = RuntimeError("view failed")

    @app.route("/")
    def index() -> str:
        raise error

    got: list[t.Any] = []
    tearing: list[t.Any] = []

    def on_exception(sender: Flask, exception: BaseException, **extra: t.Any) -> None:
        got.append(exception)

    def on_tearing_down(sender: Flask, exc: BaseException | None, **extra: t.Any) -> None:
        tearing.append(exc)

    with flaskish.got_request_exception.connected_to(on_exception, app):
        with flaskish.request_tearing_down.connected_to(on_tearing_down, app):
            with flaskish.appcontext_tearing_down.connected_to(on_tearing_down, app):
                assert client.get("/").status_code == 500
    assert got == [error]
    assert tearing == [error, error]


def test_handled_errors_do_not_send_got_request_exception(app: Flask, client: t.Any) -> None:
    @app.errorhandler(ValueError)
    def handle(e: ValueError) -> tuple[str, int]:
        return "handled", 400

    @app.route("/")
    def index() -> str:
        raise ValueError

    got: list[t.Any] = []
    with flaskish.got_request_exception.connected_to(lambda sender, **kw: got.append(kw), app):
        response = client.get("/")
    assert (response.status_code, response.data) == (400, b"handled")
    assert got == []


def test_appcontext_signals_with_a_bare_app_context(app: Flask) -> None:
    events: list[str] = []
    with flaskish.appcontext_pushed.connected_to(lambda s: events.append("pushed"), app):
        with flaskish.appcontext_popped.connected_to(lambda s: events.append("popped"), app):
            with app.app_context():
                events.append("inside")
    assert events == ["pushed", "inside", "popped"]


def test_appcontext_pushed_can_set_g(app: Flask) -> None:
    """A receiver runs once the context is active, so it can prepare ``g``."""

    def prepare(sender: Flask, **extra: t.Any) -> None:
        g.user = "prepared"

    with flaskish.appcontext_pushed.connected_to(prepare, app):
        with app.app_context():
            assert g.user == "prepared"


def test_signals_only_reach_receivers_of_their_sender(app: Flask) -> None:
    other = Flask("other")
    events: list[str] = []
    with flaskish.appcontext_pushed.connected_to(lambda s: events.append(s.name), app):
        with other.app_context():
            pass
        with app.app_context():
            pass
    assert events == ["flaskish_test_app"]


def test_signals_without_receivers_are_not_dispatched(app, client, monkeypatch):
    """Flask's per-request signals cost nothing when nobody listens (issue 7)."""
    import blinker

    from flaskish import signals

    sent: list[str] = []
    original = blinker.Signal.send

    def recording(self, *args, **kwargs):
        sent.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(blinker.Signal, "send", recording)

    @app.route("/")
    def index():
        return "ok"

    assert client.get("/").data == b"ok"
    assert sent == []

    seen: list[str] = []

    def on_started(sender, **extra):
        seen.append("started")

    with signals.request_started.connected_to(on_started, app):
        assert client.get("/").data == b"ok"
    assert seen == ["started"]
    assert "request-started" in sent
