"""A small standalone flaskish app: `python examples/hello.py` serves it on 127.0.0.1:8000."""

from flaskish import Flask, abort, jsonify, redirect, request, url_for

app = Flask(__name__)


@app.route("/")
def index() -> str:
    return (
        "<h1>Hello from flaskish</h1>"
        f'<p><a href="{url_for("user", user_id=1)}">a JSON user</a> · '
        f'<a href="{url_for("greet", name="Django")}">a greeting</a></p>'
    )


@app.route("/users/<int:user_id>")
def user(user_id: int):
    if user_id > 100:
        abort(404)
    return jsonify(id=user_id, name=f"user{user_id}")


@app.route("/hello/<name>")
def greet(name: str) -> str:
    return f"Hello, {name}! You sent {dict(request.args)}"


@app.post("/echo")
def echo():
    return {"form": request.form.to_dict(), "json": request.get_json(silent=True)}


@app.route("/old")
def old():
    return redirect(url_for("index"))


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000)
