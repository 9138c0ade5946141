"""A werkzeug ``Response`` returned from a flaskish view is converted, not lost.

Status (with its reason), headers (repeated ones too), cookies and the body
arrive as werkzeug built them; a streamed body stays streamed; after-request
hooks see a flaskish response; werkzeug's close callbacks run.
"""

from __future__ import annotations

import io
import typing as t

from werkzeug.utils import redirect as werkzeug_redirect
from werkzeug.utils import send_file as werkzeug_send_file
from werkzeug.wrappers import Response as WerkzeugResponse

from flaskish import Flask, make_response, request
from flaskish.response import Response
from flaskish.testing import FlaskClient


def test_status_headers_and_body(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> WerkzeugResponse:
        return WerkzeugResponse("made by werkzeug", status=201, headers={"X-Origin": "wz"})

    rv = client.get("/")
    assert rv.status_code == 201
    assert rv.headers["X-Origin"] == "wz"
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert rv.headers["Content-Length"] == "16"
    assert rv.data == b"made by werkzeug"


def test_custom_status_reason_is_kept(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> WerkzeugResponse:
        return WerkzeugResponse("x", status="299 Quite Fine")

    rv = client.get("/")
    assert (rv.status_code, rv.status) == (299, "299 Quite Fine")


def test_repeated_headers_are_kept(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> WerkzeugResponse:
        rv = WerkzeugResponse("x")
        rv.headers.add("Link", "</a>; rel=next")
        rv.headers.add("Link", "</b>; rel=prev")
        return rv

    assert client.get("/").headers.getlist("Link") == ["</a>; rel=next", "</b>; rel=prev"]


def test_cookies_and_their_attributes(app: Flask, client: FlaskClient) -> None:
    @app.route("/shop/set")
    def set_cookies() -> WerkzeugResponse:
        rv = WerkzeugResponse("x")
        rv.set_cookie("cart", "3", max_age=60, httponly=True, samesite="Lax", path="/shop")
        rv.set_cookie("token", "abc", secure=True)
        rv.delete_cookie("old")
        return rv

    @app.route("/shop/read")
    def read() -> dict[str, str]:
        return request.cookies.to_dict()

    client.set_cookie("old", "stale")
    rv = client.get("/shop/set")
    lines = rv.headers.getlist("Set-Cookie")
    assert len(lines) == 3
    cart = next(line for line in lines if line.startswith("cart=3;"))
    for attribute in ("Max-Age=60", "HttpOnly", "Path=/shop", "SameSite=Lax"):
        assert attribute in cart
    assert any(line.startswith("token=abc;") and "Secure" in line for line in lines)
    assert any(line.startswith("old=;") and "Max-Age=0" in line for line in lines)
    # The test client's jar took them as from any response.
    assert client.get("/shop/read").json == {"cart": "3", "token": "abc"}


def test_streamed_body_is_not_read_before_the_client_reads_it(
    app: Flask, client: FlaskClient
) -> None:
    produced: list[str] = []

    @app.route("/")
    def index() -> WerkzeugResponse:
        def generate() -> t.Iterator[bytes]:
            for chunk in ("one,", "two,", "three"):
                produced.append(chunk)
                yield chunk.encode()

        return WerkzeugResponse(generate(), mimetype="text/csv", headers={"X-Stream": "1"})

    rv = client.get("/")
    assert rv.status_code == 200
    assert rv.headers["X-Stream"] == "1"
    assert rv.mimetype == "text/csv"
    assert len(produced) < 3  # not buffered on the way
    assert rv.data == b"one,two,three"
    assert produced == ["one,", "two,", "three"]
    rv.close()


def test_head_request_sends_headers_without_body(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> WerkzeugResponse:
        return WerkzeugResponse("a body", headers={"X-Here": "yes"})

    rv = client.head("/")
    assert rv.status_code == 200
    assert rv.headers["X-Here"] == "yes"
    assert rv.data == b""


def test_close_callbacks_run_when_the_response_is_closed(app: Flask, client: FlaskClient) -> None:
    closed: list[str] = []

    @app.route("/")
    def index() -> WerkzeugResponse:
        rv = WerkzeugResponse("x")
        rv.call_on_close(lambda: closed.append("closed"))
        return rv

    rv = client.get("/")
    assert rv.data == b"x"
    rv.close()
    assert closed == ["closed"]


def test_after_request_hooks_see_a_flaskish_response(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> WerkzeugResponse:
        return WerkzeugResponse("x", headers={"X-From-View": "1"})

    @app.after_request
    def stamp(response: Response) -> Response:
        assert isinstance(response, Response)
        response.headers["X-Hook-Saw"] = response.headers["X-From-View"]
        response.set_cookie("hook", "ran")
        return response

    rv = client.get("/")
    assert rv.headers["X-Hook-Saw"] == "1"
    assert client.get_cookie("hook").value == "ran"


def test_werkzeug_response_in_a_tuple_and_through_make_response(
    app: Flask, client: FlaskClient
) -> None:
    @app.route("/tuple")
    def as_tuple() -> t.Any:
        return WerkzeugResponse("t"), 202, {"X-Extra": "1"}

    @app.route("/made")
    def made() -> Response:
        rv = make_response(WerkzeugResponse("made", status=203))
        rv.headers["X-Made"] = type(rv).__module__
        return rv

    rv = client.get("/tuple")
    assert (rv.status_code, rv.headers["X-Extra"], rv.data) == (202, "1", b"t")
    rv = client.get("/made")
    assert (rv.status_code, rv.headers["X-Made"], rv.data) == (203, "flaskish.response", b"made")


def test_werkzeug_redirect_is_followed(app: Flask, client: FlaskClient) -> None:
    @app.route("/old")
    def old() -> WerkzeugResponse:
        return werkzeug_redirect("/new", 301)

    @app.route("/new")
    def new() -> str:
        return "arrived"

    rv = client.get("/old")
    assert (rv.status_code, rv.headers["Location"]) == (301, "/new")
    assert client.get("/old", follow_redirects=True).text == "arrived"


def test_werkzeug_send_file(app: Flask, client: FlaskClient) -> None:
    @app.route("/report")
    def report() -> WerkzeugResponse:
        return werkzeug_send_file(
            io.BytesIO(b"col1,col2\n"),
            request.environ,
            mimetype="text/csv",
            as_attachment=True,
            download_name="report.csv",
        )

    rv = client.get("/report")
    assert rv.status_code == 200
    assert rv.data == b"col1,col2\n"
    assert rv.mimetype == "text/csv"
    assert rv.headers["Content-Disposition"] == "attachment; filename=report.csv"
    rv.close()


def test_werkzeug_json_response_reads_as_json(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> WerkzeugResponse:
        return WerkzeugResponse('{"items": [1, 2]}', mimetype="application/json")

    assert client.get("/").json == {"items": [1, 2]}


def test_flaskish_responses_are_werkzeug_responses(app: Flask, client: FlaskClient) -> None:
    """Code such as Flask-RESTX's checks ``isinstance(rv, werkzeug.wrappers.Response)``
    to pass a ready response through instead of serializing it as data."""
    from flaskish import jsonify, redirect

    @app.route("/")
    def index() -> t.Any:
        kinds = [redirect("/x"), make_response("x"), jsonify(a=1), Response("y")]
        return {"werkzeug": [isinstance(rv, WerkzeugResponse) for rv in kinds]}

    assert client.get("/").get_json() == {"werkzeug": [True, True, True, True]}
    # The response API is still flaskish's (Django's underneath).
    response = Response("body", 201)
    assert (response.status, response.get_data(), isinstance(response, Response)) == (
        "201 CREATED",
        b"body",
        True,
    )
