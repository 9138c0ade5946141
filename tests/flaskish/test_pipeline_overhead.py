"""The pipeline's own work per request (issue #15): stages with nothing to run
build no steps, and whatever is registered later (hooks, signal receivers,
stages replaced on the instance or overridden by a subclass) still runs.

Structural, not timed: a profiler counts the pipeline's generators.
"""

from __future__ import annotations

import inspect
import sys
import typing as t
from types import FrameType

import pytest

import flaskish.ctx
import flaskish.sansio.app
from flaskish import Flask, Response, after_this_request, session, signals
from flaskish.testing import build_environ

_PIPELINE_FILES = {flaskish.sansio.app.__file__, flaskish.ctx.__file__}


def _pipeline_generators(app: Flask, path: str = "/") -> tuple[list[str], list[bytes]]:
    """The pipeline generators one WSGI request builds (by qualified name), and its body."""
    frames: list[FrameType] = []

    def profile(frame: FrameType, event: str, arg: t.Any) -> None:
        code = frame.f_code
        if (
            event == "call"
            and code.co_flags & inspect.CO_GENERATOR
            and code.co_filename in _PIPELINE_FILES
            and not any(f is frame for f in frames)
        ):
            frames.append(frame)

    environ = build_environ(app, path)
    statuses: list[str] = []
    sys.setprofile(profile)
    try:
        body = app.wsgi_app(environ, lambda status, headers: statuses.append(status))
        chunks = list(body)
    finally:
        sys.setprofile(None)
    assert statuses and statuses[0].startswith(("200", "404"))
    return sorted(f.f_code.co_qualname for f in frames), chunks


@pytest.fixture
def hello() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "test key"
    app.add_url_rule("/", "hello", lambda: "hello")
    return app


def test_plain_request_builds_only_the_steps_that_run_user_code(hello: Flask) -> None:
    names, body = _pipeline_generators(hello)
    assert body == [b"hello"]
    # The view is called through these; response processing (no after_request, no
    # session) and the app context's pop (no teardown, no receiver) build none.
    assert names == [
        "App._dispatch_request_steps",
        "App._finalize_request_steps",
        "App._full_dispatch_request_steps",
        "App._request_steps",
        "RequestContext._pop_steps",
    ]


def test_stages_with_nothing_to_run_have_no_steps(hello: Flask) -> None:
    with hello.test_request_context("/") as ctx:
        assert hello._process_response_steps(Response("x")) == ()
        assert hello._preprocess_request_steps() == ()
        assert hello._do_teardown_request_steps(None) == ()
        assert hello._do_teardown_appcontext_steps(None) == ()
        app_ctx = hello.app_context()
        app_ctx.push()
        assert app_ctx._pop_steps(None) == ()
        assert ctx is not None
    # ... and a public stage still answers as it would with steps.
    with hello.test_request_context("/"):
        response = Response("x")
        assert hello.process_response(response) is response


def test_hooks_added_after_the_first_request_run(hello: Flask) -> None:
    # The setup methods refuse after the first request (as Flask's do); code that
    # appends to the registries directly (as some extensions do) is still honoured.
    client = hello.test_client()
    assert client.get("/").data == b"hello"
    calls: list[str] = []

    def after(response: Response) -> Response:
        response.headers["X-After"] = "1"
        return response

    def teardown_request(exc: BaseException | None) -> None:
        calls.append("request")

    def teardown_app(exc: BaseException | None) -> None:
        calls.append("app")

    hello.after_request_funcs.setdefault(None, []).append(after)
    hello.teardown_request_funcs.setdefault(None, []).append(teardown_request)
    hello.teardown_appcontext_funcs.append(teardown_app)
    response = client.get("/")
    assert response.headers["X-After"] == "1"
    assert calls == ["request", "app"]


def test_after_this_request_runs_without_app_hooks() -> None:
    app = Flask(__name__)

    @app.route("/")
    def index() -> str:
        @after_this_request
        def tag(response: Response) -> Response:
            response.headers["X-Tag"] = "yes"
            return response

        return "ok"

    assert app.test_client().get("/").headers["X-Tag"] == "yes"


def test_session_saved_with_no_after_request_hook(hello: Flask) -> None:
    @hello.route("/set")
    def set_it() -> str:
        session["k"] = "v"
        return "set"

    @hello.route("/get")
    def get_it() -> str:
        return str(session.get("k"))

    client = hello.test_client()
    assert "session=" in client.get("/set").headers["Set-Cookie"]
    assert client.get("/get").data == b"v"
    names, _ = _pipeline_generators(hello, "/set")
    assert "App._save_session_steps" in names


def test_receivers_connected_later_are_sent(hello: Flask) -> None:
    client = hello.test_client()
    client.get("/")
    seen: list[str] = []

    def started(sender: Flask, **kw: t.Any) -> None:
        seen.append("started")

    def finished(sender: Flask, **kw: t.Any) -> None:
        seen.append("finished")

    def popped(sender: Flask, **kw: t.Any) -> None:
        seen.append("popped")

    with (
        signals.request_started.connected_to(started, hello),
        signals.request_finished.connected_to(finished, hello),
        signals.appcontext_popped.connected_to(popped, hello),
    ):
        assert client.get("/").data == b"hello"
    assert seen == ["started", "finished", "popped"]
    seen.clear()
    client.get("/")
    assert seen == []


def test_stage_replaced_on_the_instance_after_first_request(hello: Flask) -> None:
    client = hello.test_client()
    client.get("/")
    original = hello.process_response

    def process_response(response: Response) -> Response:
        response = original(response)
        response.headers["X-Replaced"] = "1"
        return response

    hello.process_response = process_response  # type: ignore[method-assign]
    assert client.get("/").headers["X-Replaced"] == "1"
    del hello.process_response
    assert "X-Replaced" not in client.get("/").headers


def test_subclass_override_of_process_response_runs() -> None:
    class Custom(Flask):
        def process_response(self, response: Response) -> Response:
            response = super().process_response(response)
            response.headers["X-Sub"] = "1"
            return response

        def do_teardown_appcontext(self, exc: t.Any = None) -> None:  # type: ignore[override]
            popped.append(exc)

    popped: list[t.Any] = []
    app = Custom(__name__)
    app.add_url_rule("/", "hello", lambda: "hello")
    response = app.test_client().get("/")
    assert response.headers["X-Sub"] == "1"
    assert popped == [None]


def test_app_context_of_a_request_binds_no_url_adapter_until_asked(hello: Flask) -> None:
    bound: list[t.Any] = []
    create = hello.create_url_adapter

    def counting(request: t.Any) -> t.Any:
        bound.append(request)
        return create(request)

    hello.create_url_adapter = counting  # type: ignore[method-assign]
    assert hello.test_client().get("/").data == b"hello"
    assert None not in bound  # only the request's own adapter was built
    hello.config["SERVER_NAME"] = "example.test"
    with hello.app_context() as ctx:
        assert ctx.url_adapter is not None
        assert hello.url_for("hello") == "http://example.test/"


def test_appcontext_pushed_receiver_still_sent(hello: Flask) -> None:
    pushed: list[Flask] = []

    def receiver(sender: Flask, **kw: t.Any) -> None:
        pushed.append(sender)

    with signals.appcontext_pushed.connected_to(receiver, hello):
        hello.test_client().get("/")
    assert pushed == [hello]


def test_no_stage_lookup_call_per_request(hello: Flask) -> None:
    calls: list[str] = []

    def profile(frame: FrameType, event: str, arg: t.Any) -> None:
        if event == "call" and frame.f_code.co_filename == flaskish.sansio.app.__file__:
            calls.append(frame.f_code.co_name)

    environ = build_environ(hello, "/")
    sys.setprofile(profile)
    try:
        list(hello.wsgi_app(environ, lambda status, headers: None))
    finally:
        sys.setprofile(None)
    assert "_dispatch_request_steps" in calls
    assert "_stage" not in calls


def test_handle_exception_replaced_on_the_instance_is_called() -> None:
    # As Flask-RESTX does: wrap the app's own handle_exception on the instance.
    app = Flask(__name__)

    @app.route("/boom")
    def boom() -> str:
        raise ValueError("boom")

    original = app.handle_exception

    def wrapped(e: Exception) -> t.Any:
        if isinstance(e, ValueError):
            return Response("wrapped", status=418)
        return original(e)

    client = app.test_client()
    assert client.get("/boom").status_code == 500
    app.handle_exception = wrapped  # type: ignore[method-assign]
    response = client.get("/boom")
    assert (response.status_code, response.data) == (418, b"wrapped")
    del app.handle_exception
    assert client.get("/boom").status_code == 500
