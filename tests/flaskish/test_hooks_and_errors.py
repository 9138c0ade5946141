"""Request hooks, abort, the HTTPException hierarchy and error handler lookup."""

from __future__ import annotations

import pytest

from flaskish import Flask, abort, got_request_exception, request
from flaskish import exceptions as exc
from flaskish.wrappers import Response


def test_hooks_run_in_order(app, client):
    calls = []

    @app.url_value_preprocessor
    def pre(endpoint, values):
        calls.append(("pre", endpoint, dict(values)))
        values["name"] = values["name"].upper()

    @app.before_request
    def before():
        calls.append("before")

    @app.after_request
    def after_1(response):
        calls.append("after 1")
        response.headers["X-After"] = "1"
        return response

    @app.after_request
    def after_2(response):
        calls.append("after 2")
        return response

    @app.teardown_request
    def teardown(error):
        calls.append(("teardown", error))

    @app.teardown_appcontext
    def teardown_app(error):
        calls.append(("teardown app", error))

    @app.route("/hi/<name>")
    def hi(name):
        calls.append("view")
        return f"hi {name}"

    rv = client.get("/hi/bob")
    assert rv.data == b"hi BOB"
    assert rv.headers["X-After"] == "1"
    assert calls == [
        ("pre", "hi", {"name": "bob"}),
        "before",
        "view",
        "after 2",
        "after 1",
        ("teardown", None),
        ("teardown app", None),
    ]


def test_before_request_return_value_short_circuits(app, client):
    @app.before_request
    def block():
        if request.path == "/blocked":
            return "stopped", 403

    @app.route("/blocked")
    def blocked():
        raise AssertionError("the view must not run")

    rv = client.get("/blocked")
    assert rv.status_code == 403
    assert rv.data == b"stopped"


def test_teardown_receives_the_unhandled_exception(app, client):
    seen = []
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.teardown_request
    def teardown(error):
        seen.append(error)

    @app.route("/boom")
    def boom():
        raise ZeroDivisionError("boom")

    rv = client.get("/boom")
    assert rv.status_code == 500
    assert isinstance(seen[0], ZeroDivisionError)


def test_abort_with_code_and_description(app, client):
    @app.route("/nope")
    def nope():
        abort(403, description="Not for you.")

    rv = client.get("/nope")
    assert rv.status_code == 403
    assert b"<h1>Forbidden</h1>" in rv.data
    assert b"<p>Not for you.</p>" in rv.data
    assert rv.mimetype == "text/html"


def test_abort_with_a_response(app, client):
    @app.route("/custom")
    def custom():
        abort(Response("teapot here", 418))

    rv = client.get("/custom")
    assert rv.status_code == 418
    assert rv.data == b"teapot here"


def test_abort_unknown_code_is_a_lookup_error():
    with pytest.raises(LookupError, match="no exception for 999"):
        abort(999)


def test_app_aborter_knows_extra_codes(app, client):
    class PaymentRequired(exc.HTTPException):
        code = 402
        description = "Pay first."

    app.aborter.mapping[402] = PaymentRequired

    @app.route("/pay")
    def pay():
        abort(402)

    rv = client.get("/pay")
    assert rv.status_code == 402
    assert b"Pay first." in rv.data


@pytest.mark.parametrize(
    ("cls", "code", "name"),
    [
        (exc.BadRequest, 400, "Bad Request"),
        (exc.Unauthorized, 401, "Unauthorized"),
        (exc.Forbidden, 403, "Forbidden"),
        (exc.NotFound, 404, "Not Found"),
        (exc.MethodNotAllowed, 405, "Method Not Allowed"),
        (exc.NotAcceptable, 406, "Not Acceptable"),
        (exc.RequestTimeout, 408, "Request Timeout"),
        (exc.Conflict, 409, "Conflict"),
        (exc.Gone, 410, "Gone"),
        (exc.LengthRequired, 411, "Length Required"),
        (exc.PreconditionFailed, 412, "Precondition Failed"),
        (exc.RequestEntityTooLarge, 413, "Request Entity Too Large"),
        (exc.UnsupportedMediaType, 415, "Unsupported Media Type"),
        (exc.RequestedRangeNotSatisfiable, 416, "Requested Range Not Satisfiable"),
        (exc.ImATeapot, 418, "I'm a teapot"),
        (exc.UnprocessableEntity, 422, "Unprocessable Entity"),
        (exc.TooManyRequests, 429, "Too Many Requests"),
        (exc.InternalServerError, 500, "Internal Server Error"),
        (exc.NotImplemented, 501, "Not Implemented"),
        (exc.BadGateway, 502, "Bad Gateway"),
        (exc.ServiceUnavailable, 503, "Service Unavailable"),
    ],
)
def test_http_exception_hierarchy(cls, code, name):
    error = cls()
    assert error.code == code
    assert error.name == name
    assert error.description
    response = error.get_response()
    assert response.status_code == code
    body = error.get_body()
    assert f"<title>{code} {name}</title>".replace("'", "&#39;") in body
    assert repr(error) == f"<{cls.__name__} '{code}: {name}'>"
    assert isinstance(error, exc.HTTPException)
    assert exc.default_exceptions[code] is cls or code == 400


def test_exception_headers():
    assert ("Allow", "GET, POST") in exc.MethodNotAllowed(["GET", "POST"]).get_headers()
    assert ("Retry-After", "5") in exc.TooManyRequests(retry_after=5).get_headers()
    assert ("Content-Range", "bytes */10") in exc.RequestedRangeNotSatisfiable(10).get_headers()
    assert ("WWW-Authenticate", 'Basic realm="x"') in exc.Unauthorized(
        www_authenticate='Basic realm="x"'
    ).get_headers()


def test_bad_request_key_error_is_both_key_error_and_400():
    error = exc.BadRequestKeyError("name")
    assert isinstance(error, KeyError)
    assert isinstance(error, exc.BadRequest)
    assert error.code == 400


def test_missing_form_key_answers_400(app, client):
    @app.post("/f")
    def f():
        return request.form["missing"]

    assert client.post("/f", data={"other": "1"}).status_code == 400


def test_missing_form_key_traps_in_debug(app, client):
    app.debug = True

    @app.post("/f")
    def f():
        return request.form["missing"]

    with pytest.raises(KeyError):
        client.post("/f", data={})


def test_errorhandler_by_code(app, client):
    @app.errorhandler(404)
    def not_found(error):
        assert isinstance(error, exc.NotFound)
        return "custom 404", 404

    assert client.get("/nowhere").data == b"custom 404"


def test_errorhandler_by_class_uses_the_mro(app, client):
    class AppError(Exception):
        pass

    class DeepError(AppError):
        pass

    @app.errorhandler(AppError)
    def handle_app_error(error):
        return f"handled {type(error).__name__}", 409

    @app.route("/deep")
    def deep():
        raise DeepError()

    rv = client.get("/deep")
    assert rv.status_code == 409
    assert rv.data == b"handled DeepError"


def test_errorhandler_for_http_exception_base_catches_all_http_errors(app, client):
    @app.errorhandler(exc.HTTPException)
    def any_http(error):
        return f"{error.code} via base", error.code

    @app.route("/forbid")
    def forbid():
        abort(403)

    assert client.get("/forbid").data == b"403 via base"
    assert client.get("/missing").data == b"404 via base"


def test_code_handler_beats_class_handler(app, client):
    @app.errorhandler(exc.HTTPException)
    def any_http(error):
        return "base", 500

    @app.errorhandler(404)
    def not_found(error):
        return "specific", 404

    assert client.get("/missing").data == b"specific"


def test_register_error_handler(app, client):
    app.register_error_handler(ValueError, lambda e: ("bad value", 400))

    @app.route("/v")
    def v():
        raise ValueError()

    assert client.get("/v").data == b"bad value"


def test_register_error_handler_refuses_bad_keys(app):
    with pytest.raises(ValueError, match="'999' is not a recognized HTTP error code"):
        app.register_error_handler(999, lambda e: "")
    with pytest.raises(TypeError, match="is an instance, not a class"):
        app.register_error_handler(ValueError(), lambda e: "")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a subclass of Exception"):
        app.register_error_handler(int, lambda e: "")  # type: ignore[arg-type]


def test_unhandled_exception_gives_500_with_original_exception(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    seen = {}

    @app.errorhandler(500)
    def server_error(error):
        seen["error"] = error
        return "sorry", 500

    @app.route("/crash")
    def crash():
        raise RuntimeError("kaput")

    rv = client.get("/crash")
    assert rv.status_code == 500
    assert rv.data == b"sorry"
    assert isinstance(seen["error"], exc.InternalServerError)
    assert isinstance(seen["error"].original_exception, RuntimeError)


def test_default_500_page_hides_details(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/crash")
    def crash():
        raise RuntimeError("secret detail")

    rv = client.get("/crash")
    assert rv.status_code == 500
    assert b"Internal Server Error" in rv.data
    assert b"secret detail" not in rv.data


def test_exceptions_propagate_when_testing(app, client):
    @app.route("/crash")
    def crash():
        raise RuntimeError("visible")

    with pytest.raises(RuntimeError, match="visible"):
        client.get("/crash")


def test_got_request_exception_signal(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    received = []

    def record(sender, exception, **extra):
        received.append((sender, exception))

    @app.route("/crash")
    def crash():
        raise KeyError("x")

    with got_request_exception.connected_to(record, app):
        client.get("/crash")
    assert received[0][0] is app
    assert isinstance(received[0][1], KeyError)


def test_trap_http_exceptions(app, client):
    app.config["TRAP_HTTP_EXCEPTIONS"] = True

    @app.route("/forbid")
    def forbid():
        abort(403)

    with pytest.raises(exc.Forbidden):
        client.get("/forbid")


def test_trap_bad_request_errors(app, client):
    app.config["TRAP_BAD_REQUEST_ERRORS"] = True

    @app.route("/bad")
    def bad():
        abort(400)

    with pytest.raises(exc.BadRequest):
        client.get("/bad")


def test_handle_exception_uses_500_handler_for_any_exception_class(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.errorhandler(Exception)
    def everything(error):
        return f"caught {type(error).__name__}", 500

    @app.route("/crash")
    def crash():
        raise OSError()

    assert client.get("/crash").data == b"caught OSError"


def test_error_in_after_request_is_handled_by_handle_exception(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.after_request
    def broken(response):
        raise RuntimeError("after")

    @app.route("/")
    def index():
        return "ok"

    assert client.get("/").status_code == 500


def test_method_not_allowed_has_allow_header(app, client):
    @app.route("/only-post", methods=["POST"])
    def only_post():
        return ""

    rv = client.get("/only-post")
    assert rv.status_code == 405
    assert sorted(m.strip() for m in rv.headers["Allow"].split(",")) == ["OPTIONS", "POST"]


def test_unknown_method_is_405(app, client):
    @app.route("/")
    def index():
        return ""

    assert client.open("/", method="BREW").status_code == 405


def test_odd_percent_encoding_is_404(app, client):
    @app.route("/exact")
    def exact():
        return "exact"

    for path in ("/%", "/%zz", "/ex%ZZact", "/exact%", "/%ff%fe", "/%00"):
        assert client.get(path).status_code == 404, path
    assert client.get("/ex%61ct").data == b"exact"


def test_odd_percent_encoding_in_a_variable_is_passed_through(app, client):
    @app.route("/<name>")
    def named(name):
        return name

    assert client.get("/%").data == b"%"
    assert client.get("/a%zz").data == b"a%zz"


def test_handlers_apply_per_app():
    first = Flask("errors_first")
    second = Flask("errors_second")

    @first.errorhandler(404)
    def first_404(error):
        return "first", 404

    assert first.test_client().get("/x").data == b"first"
    assert b"Not Found" in second.test_client().get("/x").data


def test_error_description_keeps_line_breaks_and_escapes_html():
    error = exc.BadRequest("first <b>line</b>\nsecond")
    assert error.get_description() == "<p>first &lt;b&gt;line&lt;/b&gt;<br>second</p>"
