"""Blueprints: prefixes, names, nesting, scoped hooks and handlers, app-wide hooks."""

from __future__ import annotations

import pytest

from flaskish import Blueprint, Flask, abort, request, url_for
from flaskish.blueprints import BlueprintSetupState


def make_app() -> Flask:
    app = Flask("bp_app")
    app.testing = True
    return app


def test_routes_are_prefixed_and_named():
    app = make_app()
    bp = Blueprint("admin", __name__, url_prefix="/admin")

    @bp.route("/")
    def index():
        return f"{request.blueprint} {request.endpoint} {url_for('.index')}"

    @bp.route("/users/<int:uid>")
    def user(uid):
        return url_for("admin.user", uid=uid)

    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/admin/").data == b"admin admin.index /admin/"
    assert client.get("/admin/users/3").data == b"/admin/users/3"
    assert "admin.index" in app.view_functions
    assert app.blueprints == {"admin": bp}


def test_register_options_override_the_blueprint():
    app = make_app()
    bp = Blueprint("api", __name__, url_prefix="/api")

    @bp.route("/ping")
    def ping():
        return request.endpoint

    app.register_blueprint(bp)
    app.register_blueprint(bp, url_prefix="/v2", name="api_v2")
    client = app.test_client()
    assert client.get("/api/ping").data == b"api.ping"
    assert client.get("/v2/ping").data == b"api_v2.ping"


def test_registering_the_same_name_twice_is_refused():
    app = make_app()
    bp = Blueprint("bp", __name__)
    other = Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(ValueError) as same:
        app.register_blueprint(bp)
    with pytest.raises(ValueError) as different:
        app.register_blueprint(other)
    assert str(same.value) == (
        "The name 'bp' is already registered for this blueprint. Use 'name=' to provide a"
        " unique name."
    )
    assert str(different.value) == (
        "The name 'bp' is already registered for a different blueprint. Use 'name=' to"
        " provide a unique name."
    )


def test_invalid_names():
    with pytest.raises(ValueError, match="'name' may not contain a dot"):
        Blueprint("a.b", __name__)
    with pytest.raises(ValueError, match="'name' may not be empty."):
        Blueprint("", __name__)
    bp = Blueprint("bp", __name__)
    with pytest.raises(ValueError, match="'endpoint' may not contain a dot"):
        bp.add_url_rule("/", "a.b", lambda: "")


def test_nested_blueprints_compose_prefixes_and_names():
    app = make_app()
    parent = Blueprint("parent", __name__, url_prefix="/parent")
    child = Blueprint("child", __name__, url_prefix="/child")
    grandchild = Blueprint("grandchild", __name__)

    @child.route("/")
    def child_index():
        return f"{request.endpoint} {request.blueprints}"

    @grandchild.route("/gc")
    def gc():
        return url_for(".gc")

    child.register_blueprint(grandchild, url_prefix="/grand")
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    client = app.test_client()
    assert client.get("/parent/child/").data == (
        b"parent.child.child_index ['parent.child', 'parent']"
    )
    assert client.get("/parent/child/grand/gc").data == b"/parent/child/grand/gc"


def test_blueprint_hooks_are_scoped():
    app = make_app()
    bp = Blueprint("bp", __name__, url_prefix="/bp")
    calls = []

    @bp.before_request
    def bp_before():
        calls.append("bp before")

    @bp.after_request
    def bp_after(response):
        response.headers["X-BP"] = "yes"
        return response

    @bp.before_app_request
    def app_before():
        calls.append("app-wide before")

    @bp.route("/")
    def bp_index():
        return "bp"

    @app.route("/")
    def index():
        return "app"

    app.register_blueprint(bp)
    client = app.test_client()

    rv = client.get("/")
    assert calls == ["app-wide before"]
    assert "X-BP" not in rv.headers
    calls.clear()
    rv = client.get("/bp/")
    assert calls == ["app-wide before", "bp before"]
    assert rv.headers["X-BP"] == "yes"


def test_blueprint_error_handlers_are_scoped_and_404_goes_to_the_app():
    app = make_app()
    bp = Blueprint("bp", __name__, url_prefix="/bp")

    @bp.errorhandler(403)
    def bp_forbidden(error):
        return "bp forbidden", 403

    @bp.errorhandler(404)
    def bp_not_found(error):
        return "bp 404", 404

    @app.errorhandler(404)
    def app_not_found(error):
        return "app 404", 404

    @bp.route("/forbid")
    def forbid():
        abort(403)

    @bp.route("/missing")
    def missing():
        abort(404)

    @app.route("/forbid")
    def app_forbid():
        abort(403)

    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/bp/forbid").data == b"bp forbidden"
    assert b"Forbidden" in client.get("/forbid").data
    assert client.get("/bp/missing").data == b"bp 404"
    assert client.get("/bp/no-such-route").data == b"app 404"


def test_app_errorhandler_from_a_blueprint():
    app = make_app()
    bp = Blueprint("bp", __name__)

    @bp.app_errorhandler(404)
    def everywhere(error):
        return "from bp", 404

    app.register_blueprint(bp)
    assert app.test_client().get("/nothing").data == b"from bp"


def test_url_defaults_and_value_preprocessors_on_blueprints():
    app = make_app()
    bp = Blueprint("lang", __name__, url_prefix="/<lang_code>")

    @bp.url_defaults
    def add_language_code(endpoint, values):
        values.setdefault("lang_code", request.lang_code)

    @bp.url_value_preprocessor
    def pull_lang_code(endpoint, values):
        request.lang_code = values.pop("lang_code")

    @bp.route("/about")
    def about():
        return f"{request.lang_code} {url_for('.about')}"

    app.register_blueprint(bp)
    assert app.test_client().get("/fr/about").data == b"fr /fr/about"


def test_blueprint_url_defaults():
    app = make_app()
    bp = Blueprint("pages", __name__, url_defaults={"kind": "page"})

    @bp.route("/<name>")
    def show(kind, name):
        return f"{kind}:{name}"

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="posts", url_prefix="/posts", url_defaults={"kind": "post"})
    client = app.test_client()
    assert client.get("/about").data == b"page:about"
    assert client.get("/posts/first").data == b"post:first"


def test_record_and_record_once():
    app = make_app()
    bp = Blueprint("rec", __name__)
    seen: list[tuple[str, bool]] = []

    bp.record(lambda state: seen.append(("record", state.first_registration)))
    bp.record_once(lambda state: seen.append(("once", state.first_registration)))
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="rec2")

    assert seen == [("record", True), ("once", True), ("record", False)]


def test_setup_state_add_url_rule():
    app = make_app()
    bp = Blueprint("st", __name__, url_prefix="/st")
    state = BlueprintSetupState(bp, app, {"url_prefix": "/x"}, True)
    state.add_url_rule("/y", "why", lambda: "y")
    assert app.test_client().get("/x/y").data == b"y"
    assert "st.why" in app.view_functions


def test_setup_after_registration_is_refused():
    app = make_app()
    bp = Blueprint("late", __name__)
    app.register_blueprint(bp)
    with pytest.raises(AssertionError, match="can no longer be called on the blueprint 'late'"):
        bp.route("/x")(lambda: "")


def test_blueprint_static_folder(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.js").write_text("console.log(1)")
    app = make_app()
    bp = Blueprint(
        "assets", __name__, static_folder="static", url_prefix="/assets", root_path=str(tmp_path)
    )
    app.register_blueprint(bp)
    rv = app.test_client().get("/assets/static/app.js")
    assert rv.data == b"console.log(1)"
    rv.close()
    with app.test_request_context():
        assert url_for("assets.static", filename="app.js") == "/assets/static/app.js"


def test_blueprint_subdomain():
    app = Flask("sub_app", subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.com"
    bp = Blueprint("api", __name__, subdomain="api")

    @bp.route("/")
    def index():
        return "api root"

    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/", base_url="http://api.example.com/").data == b"api root"
    assert client.get("/", base_url="http://example.com/").status_code == 404


def test_view_function_name_with_a_dot_is_refused():
    bp = Blueprint("dots", __name__)

    def view():
        return ""

    view.__name__ = "a.b"
    with pytest.raises(ValueError, match="'view_func' name may not contain a dot"):
        bp.add_url_rule("/", view_func=view)


def test_blueprint_send_static_file_uses_its_own_max_age(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body {}")

    class ShortLived(Blueprint):
        def get_send_file_max_age(self, filename):
            return 100

    bp = ShortLived("assets", __name__, static_folder="static", root_path=str(tmp_path))
    app = Flask(__name__)
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    app.register_blueprint(bp)
    with app.test_request_context():
        rv = bp.send_static_file("site.css")
        assert rv.headers["Cache-Control"] == "public, max-age=100"
        rv.close()
        plain = Blueprint("plain", __name__, static_folder="static", root_path=str(tmp_path))
        assert plain.get_send_file_max_age("site.css") == 3600
