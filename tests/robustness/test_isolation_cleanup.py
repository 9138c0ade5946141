"""No context is left pushed after a request, however it failed.

A request fails in a ``before_request`` hook, the view, an ``after_request`` hook, a
``teardown_request`` or ``teardown_appcontext`` function, the 500 error handler, or while
its streamed body is generated; it is sent through the test client, a direct
``app.wsgi_app`` call and ``app.asgi_app``, in production mode (the error becomes a 500
page where Flask makes one) and with exceptions propagated (``TESTING``). Afterwards no
app or request context is current in the caller, and the next request in the same
thread works and starts with an empty ``g`` and ``session``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import typing as t
import warnings

import pytest
from robustness_support import Message, asgi_call, environ
from robustness_support import call_wsgi as run_wsgi

from flaskish import (
    Flask,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
    stream_with_context,
)
from flaskish.globals import _cv_app, _cv_request


class Boom(Exception):
    """The failure the app raises on purpose."""


FAILURES = [
    "before_request",
    "view",
    "after_request",
    "teardown_request",
    "teardown_appcontext",
    "error_handler",
    "streamed_body",
]
# Where a production-mode app answers 500 itself (as Flask does); other failures happen
# after the response was made, or in the 500 handler, and reach the server.
ANSWERED_WITH_500 = {"before_request", "view", "after_request"}


def make_app(failure: str, *, propagate: bool, use_async: bool = False) -> Flask:
    """An app whose ``/fail`` fails at ``failure`` after dirtying ``g`` and ``session``,
    and whose ``/fresh`` shows what a later request starts with."""
    app = Flask("flaskish_cleanup_app")
    app.config.update(SECRET_KEY="cleanup key", TESTING=propagate)

    def fail_at(where: str) -> None:
        if g.get("failing") and failure == where:
            raise Boom(where)

    @app.before_request
    def dirty() -> None:
        if request.endpoint == "fail":
            g.failing = True
            session["leaked"] = "from the failed request"
            fail_at("before_request")

    def fail_body() -> t.Any:
        g.leaked = True
        fail_at("view")
        fail_at("error_handler")
        if failure == "streamed_body":

            def body() -> t.Iterator[str]:
                yield "first chunk"
                raise Boom("streamed_body")

            return stream_with_context(body())
        return "not reached unless a later step fails"

    def fresh_body() -> dict[str, t.Any]:
        return {"g": sorted(g), "session": dict(session), "args": request.args.to_dict()}

    if use_async:

        async def fail() -> t.Any:
            await asyncio.sleep(0)
            return fail_body()

        async def fresh() -> dict[str, t.Any]:
            await asyncio.sleep(0)
            return fresh_body()

    else:

        def fail() -> t.Any:
            return fail_body()

        def fresh() -> dict[str, t.Any]:
            return fresh_body()

    app.add_url_rule("/fail", "fail", fail, methods=["GET", "POST"])
    app.add_url_rule("/fresh", "fresh", fresh)

    @app.after_request
    def after(response: t.Any) -> t.Any:
        fail_at("after_request")
        return response

    @app.teardown_request
    def teardown_request(exc: BaseException | None) -> None:
        fail_at("teardown_request")

    @app.teardown_appcontext
    def teardown_appcontext(exc: BaseException | None) -> None:
        fail_at("teardown_appcontext")

    @app.errorhandler(500)
    def server_error(e: t.Any) -> t.Any:
        fail_at("error_handler")
        return "server error page", 500

    return app


def answered_with_500(failure: str, propagate: bool) -> bool:
    return not propagate and failure in ANSWERED_WITH_500


def assert_no_context_left() -> None:
    assert not has_request_context()
    assert not has_app_context()
    assert _cv_request.get(None) is None
    assert _cv_app.get(None) is None


FRESH = {"g": [], "session": {}, "args": {"later": "yes"}}


modes = pytest.mark.parametrize("propagate", [False, True], ids=["production", "propagated"])
failures = pytest.mark.parametrize("failure", FAILURES)


# -- the test client ---------------------------------------------------------------------


@modes
@failures
def test_test_client(failure: str, propagate: bool) -> None:
    app = make_app(failure, propagate=propagate)

    if answered_with_500(failure, propagate):
        response = app.test_client().get("/fail")
        assert response.status_code == 500
        assert response.get_data() == b"server error page"
    else:
        with pytest.raises(Boom, match=failure):
            app.test_client().get("/fail").get_data()
    assert_no_context_left()

    later = app.test_client().get("/fresh?later=yes")
    assert later.status_code == 200
    assert later.get_json() == FRESH
    assert_no_context_left()


# -- a direct WSGI call, as a server makes it ----------------------------------------------


def call_wsgi(app: Flask, path: str, query: str = "") -> tuple[str, bytes]:
    """Call the app, read the whole body and close it, as a WSGI server does."""
    result = run_wsgi(app, environ(path, query=query, **{"wsgi.multithread": True}))
    return result.status, result.data


@modes
@failures
def test_direct_wsgi_call(failure: str, propagate: bool) -> None:
    app = make_app(failure, propagate=propagate)

    if answered_with_500(failure, propagate):
        status, data = call_wsgi(app, "/fail")
        assert status.startswith("500 ")
        assert data == b"server error page"
    else:
        with pytest.raises(Boom, match=failure):
            call_wsgi(app, "/fail")
    assert_no_context_left()

    status, data = call_wsgi(app, "/fresh", "later=yes")
    assert status.startswith("200 ")
    assert json.loads(data) == FRESH
    assert_no_context_left()


# -- app.asgi_app --------------------------------------------------------------------------


async def call_asgi(
    app: Flask, path: str, query: str = "", body: bytes = b""
) -> tuple[list[Message], str | None]:
    """One request through ``app.asgi_app``: the messages the app sent back, and the
    message of the exception that reached the server, if any.

    Only the message is kept: a kept traceback would keep the request's objects alive.
    """
    sent: list[Message] = []
    try:
        await asgi_call(app, path, query=query, body=body, sent=sent)
    except Boom as e:
        return sent, str(e)
    return sent, None


def body_of(messages: list[Message]) -> bytes:
    return b"".join(m.get("body", b"") for m in messages[1:])


@modes
@failures
@pytest.mark.parametrize("use_async", [False, True], ids=["plain_views", "async_views"])
def test_asgi(failure: str, propagate: bool, use_async: bool) -> None:
    app = make_app(failure, propagate=propagate, use_async=use_async)

    async def scenario() -> None:
        messages, raised = await call_asgi(app, "/fail", body=b"a request body")
        if answered_with_500(failure, propagate):
            assert raised is None
            assert messages[0]["status"] == 500
            assert body_of(messages) == b"server error page"
        else:
            assert raised == failure
        assert_no_context_left()
        assert_nothing_left_open()

        messages, raised = await call_asgi(app, "/fresh", "later=yes")
        assert raised is None
        assert messages[0]["status"] == 200
        assert json.loads(body_of(messages)) == FRESH
        assert_no_context_left()

    asyncio.run(scenario())
    assert_no_context_left()
    assert_nothing_left_open()


def assert_nothing_left_open() -> None:
    """The failed request's files (its spooled body) were closed, not left to the GC."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_a_streamed_body_under_asgi_leaves_no_context_in_the_caller() -> None:
    """Django 6 runs the response in the caller's task; the request still has its own."""
    app = Flask("flaskish_streamed_app")

    @app.route("/stream")
    def stream() -> t.Any:
        def body() -> t.Iterator[str]:
            yield "one "
            yield request.path

        return stream_with_context(body())

    async def scenario() -> None:
        messages = await asgi_call(app, "/stream")
        assert messages[0]["status"] == 200
        assert body_of(messages) == b"one /stream"
        assert_no_context_left()

    asyncio.run(scenario())
