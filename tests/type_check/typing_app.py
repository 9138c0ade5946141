"""User code as a type checker sees it: ``make typecheck`` runs mypy --strict on this
file, so the public API's annotations are checked from the caller's side."""

from __future__ import annotations

from django_bridge.auth import authenticate
from flaskish import Blueprint, Flask, Response, jsonify, request
from flaskish.typing import ResponseReturnValue

app = Flask(__name__)
bp = Blueprint("bp", __name__)


@app.route("/")
def index() -> str:
    return "hello"


@app.get("/json")
def as_json() -> Response:
    return jsonify(name=request.args.get("name", ""))


@app.post("/status")
async def with_status() -> tuple[str, int]:
    return "created", 201


@app.before_request
def before() -> ResponseReturnValue | None:
    return None


@app.after_request
def after(response: Response) -> Response:
    response.headers["X-Checked"] = "1"
    return response


@app.teardown_request
def teardown(error: BaseException | None) -> None:
    pass


@app.errorhandler(404)
def not_found(error: Exception) -> tuple[str, int]:
    return "missing", 404


@app.context_processor
def extra() -> dict[str, str]:
    return {"site": "example"}


@app.url_defaults
def defaults(endpoint: str, values: dict[str, object]) -> None:
    pass


@bp.before_app_request
async def bp_before() -> None:
    return None


@bp.app_errorhandler(500)
def bp_error(error: Exception) -> str:
    return "broken"


uploaded = request.files.get("upload")
name: str | None = uploaded.filename if uploaded is not None else None

app.logger.info("typed: %s", name)
app.jinja_env.globals["site"] = "example"
rv = app.dispatch_request()
user = authenticate(username="ada", password="secret")
username: str | None = user.get_username() if user is not None else None
