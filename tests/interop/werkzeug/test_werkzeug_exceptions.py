"""werkzeug's HTTP errors in a flaskish app: raised in views, handled, caught.

A raised werkzeug error answers with its status and finds the handlers
registered by code, by werkzeug class or by flaskish class; flaskish's own
errors are instances of their werkzeug namesakes.
"""

from __future__ import annotations

import pytest
import werkzeug.exceptions as wz
from werkzeug.wrappers import Response as WerkzeugResponse

from flaskish import Blueprint, Flask, abort, request
from flaskish import exceptions as fx
from flaskish.testing import FlaskClient


@pytest.mark.parametrize(
    ("error", "status", "name"),
    [
        (wz.BadRequest, 400, "Bad Request"),
        (wz.Unauthorized, 401, "Unauthorized"),
        (wz.Forbidden, 403, "Forbidden"),
        (wz.NotFound, 404, "Not Found"),
        (wz.Conflict, 409, "Conflict"),
        (wz.Gone, 410, "Gone"),
        (wz.ImATeapot, 418, "I&#39;m a teapot"),
        (wz.UnprocessableEntity, 422, "Unprocessable Entity"),
        (wz.TooManyRequests, 429, "Too Many Requests"),
        (wz.InternalServerError, 500, "Internal Server Error"),
        (wz.ServiceUnavailable, 503, "Service Unavailable"),
    ],
)
def test_raised_werkzeug_error_answers_with_its_status_and_page(
    app: Flask, client: FlaskClient, error: type[wz.HTTPException], status: int, name: str
) -> None:
    @app.route("/")
    def index() -> str:
        raise error()

    rv = client.get("/")
    assert rv.status_code == status
    assert rv.mimetype == "text/html"
    assert f"<h1>{name}</h1>" in rv.text


def test_werkzeug_error_description_reaches_the_page(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> str:
        raise wz.NotFound("No such <thing>.")

    rv = client.get("/")
    assert rv.status_code == 404
    assert "No such &lt;thing&gt;." in rv.text


def test_handler_registered_by_code_handles_raised_werkzeug_error(
    app: Flask, client: FlaskClient
) -> None:
    @app.errorhandler(404)
    def not_found(e: Exception) -> tuple[str, int]:
        return f"custom 404 for {type(e).__module__}.{type(e).__name__}", 404

    @app.route("/")
    def index() -> str:
        raise wz.NotFound()

    rv = client.get("/")
    assert rv.status_code == 404
    assert rv.text == "custom 404 for werkzeug.exceptions.NotFound"


def test_handler_registered_by_werkzeug_class_handles_flaskish_errors(
    app: Flask, client: FlaskClient
) -> None:
    @app.errorhandler(wz.NotFound)
    def not_found(e: Exception) -> tuple[str, int]:
        return "handled", 404

    @app.route("/abort")
    def aborts() -> str:
        abort(404)

    assert client.get("/abort").text == "handled"
    # The router's own 404, for a URL no rule matches.
    rv = client.get("/no/such/page")
    assert (rv.status_code, rv.text) == (404, "handled")


def test_handler_for_werkzeug_base_class_catches_every_http_error(
    app: Flask, client: FlaskClient
) -> None:
    @app.errorhandler(wz.HTTPException)
    def any_http_error(e: wz.HTTPException) -> tuple[str, int]:
        assert e.code is not None
        return f"{e.code} {e.name}", e.code

    @app.route("/werkzeug")
    def werkzeug_error() -> str:
        raise wz.Conflict()

    @app.route("/flaskish")
    def flaskish_error() -> str:
        abort(403)

    @app.route("/only-get")
    def only_get() -> str:
        return "ok"

    assert (client.get("/werkzeug").status_code, client.get("/werkzeug").text) == (
        409,
        "409 Conflict",
    )
    assert client.get("/flaskish").text == "403 Forbidden"
    rv = client.post("/only-get")
    assert (rv.status_code, rv.text) == (405, "405 Method Not Allowed")


def test_handler_registered_by_flaskish_class_handles_raised_werkzeug_error(
    app: Flask, client: FlaskClient
) -> None:
    @app.errorhandler(fx.Forbidden)
    def forbidden(e: Exception) -> tuple[str, int]:
        return "no entry", 403

    @app.route("/")
    def index() -> str:
        raise wz.Forbidden()

    rv = client.get("/")
    assert (rv.status_code, rv.text) == (403, "no entry")


def test_blueprint_handler_by_werkzeug_class(app: Flask, client: FlaskClient) -> None:
    bp = Blueprint("shop", __name__, url_prefix="/shop")

    @bp.errorhandler(wz.Gone)
    def gone(e: Exception) -> tuple[str, int]:
        return "sold out", 410

    @bp.route("/item")
    def item() -> str:
        abort(410)

    @app.route("/item")
    def app_item() -> str:
        abort(410)

    app.register_blueprint(bp)
    assert client.get("/shop/item").text == "sold out"
    rv = client.get("/item")
    assert rv.status_code == 410
    assert "sold out" not in rv.text


def test_flaskish_errors_are_caught_as_werkzeug_errors(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data={}):
        with pytest.raises(wz.NotFound):
            abort(404)
        with pytest.raises(wz.BadRequestKeyError):
            request.form["missing"]
        with pytest.raises(wz.HTTPException):
            abort(418)


def test_werkzeug_method_not_allowed_lists_the_allowed_methods(
    app: Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> str:
        raise wz.MethodNotAllowed(valid_methods=["GET", "PUT"])

    rv = client.get("/")
    assert rv.status_code == 405
    assert rv.headers["Allow"] == "GET, PUT"


def test_werkzeug_unauthorized_sends_its_challenge(app: Flask, client: FlaskClient) -> None:
    from werkzeug.datastructures import WWWAuthenticate

    @app.route("/")
    def index() -> str:
        raise wz.Unauthorized(www_authenticate=WWWAuthenticate("basic", {"realm": "shop floor"}))

    rv = client.get("/")
    assert rv.status_code == 401
    assert rv.headers["WWW-Authenticate"] == 'Basic realm="shop floor"'


def test_werkzeug_error_carrying_a_werkzeug_response_sends_that_response(
    app: Flask, client: FlaskClient
) -> None:
    @app.route("/")
    def index() -> str:
        raise wz.Forbidden(response=WerkzeugResponse("go away", 403, {"X-Reason": "closed"}))

    rv = client.get("/")
    assert (rv.status_code, rv.text, rv.headers["X-Reason"]) == (403, "go away", "closed")


def test_abort_with_a_werkzeug_response_sends_it(app: Flask, client: FlaskClient) -> None:
    @app.route("/")
    def index() -> str:
        abort(WerkzeugResponse("short and stout", status=418))

    rv = client.get("/")
    assert (rv.status_code, rv.text) == (418, "short and stout")


def test_werkzeug_abort_finds_the_handler_by_code(app: Flask, client: FlaskClient) -> None:
    @app.errorhandler(410)
    def gone(e: Exception) -> tuple[str, int]:
        return "it is gone", 410

    @app.route("/")
    def index() -> str:
        wz.abort(410)

    rv = client.get("/")
    assert (rv.status_code, rv.text) == (410, "it is gone")


def test_trapped_werkzeug_error_propagates(app: Flask, client: FlaskClient) -> None:
    app.config["TRAP_HTTP_EXCEPTIONS"] = True

    @app.route("/")
    def index() -> str:
        raise wz.Conflict()

    with pytest.raises(wz.Conflict):
        client.get("/")
