"""Flask-RESTX on flaskish, used as its documentation shows.

Namespaces and resources, models with ``marshal_with``/``expect`` validation,
``abort``, the generated ``swagger.json`` and the Swagger UI page, and a view
returning ``redirect()`` (a response, not data to serialize).
"""

from __future__ import annotations

import typing as t

import pytest
from flask import Flask, redirect
from flask_restx import Api, Namespace, Resource, fields


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    api = Api(app, version="1.0", title="Todo API", description="A simple TODO API")
    ns = Namespace("todos", description="TODO operations")
    api.add_namespace(ns)

    todo = api.model(
        "Todo",
        {
            "id": fields.Integer(readonly=True, description="The task identifier"),
            "task": fields.String(required=True, description="The task details"),
        },
    )
    todos: dict[int, dict[str, t.Any]] = {1: {"id": 1, "task": "Build an API"}}

    @ns.route("/")
    class TodoList(Resource):
        @ns.marshal_list_with(todo)
        def get(self) -> list[dict[str, t.Any]]:
            """List all tasks"""
            return list(todos.values())

        @ns.expect(todo, validate=True)
        @ns.marshal_with(todo, code=201)
        def post(self) -> tuple[dict[str, t.Any], int]:
            """Create a new task"""
            new = {"id": max(todos) + 1, "task": api.payload["task"]}
            todos[new["id"]] = new
            return new, 201

    @ns.route("/<int:id>")
    @ns.response(404, "Todo not found")
    @ns.param("id", "The task identifier")
    class Todo(Resource):
        @ns.marshal_with(todo)
        def get(self, id: int) -> dict[str, t.Any]:
            """Fetch a given resource"""
            if id not in todos:
                api.abort(404, f"Todo {id} doesn't exist")
            return todos[id]

    @ns.route("/first")
    class First(Resource):
        def get(self) -> t.Any:
            return redirect("/todos/1")

    return app


def test_list_and_fetch(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/todos/").get_json() == [{"id": 1, "task": "Build an API"}]
    assert client.get("/todos/1").get_json() == {"id": 1, "task": "Build an API"}


def test_abort_gives_the_message(app: Flask) -> None:
    rv = app.test_client().get("/todos/9")
    assert rv.status_code == 404
    assert rv.get_json()["message"].startswith("Todo 9 doesn't exist")


def test_expect_validates_the_payload(app: Flask) -> None:
    client = app.test_client()
    rv = client.post("/todos/", json={"task": "Write tests"})
    assert rv.status_code == 201
    assert rv.get_json() == {"id": 2, "task": "Write tests"}
    bad = client.post("/todos/", json={"nothing": 1})
    assert bad.status_code == 400
    assert bad.get_json()["errors"] == {"task": "'task' is a required property"}


def test_a_returned_redirect_is_a_response(app: Flask) -> None:
    rv = app.test_client().get("/todos/first")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/todos/1"


def test_swagger_json_describes_the_api(app: Flask) -> None:
    rv = app.test_client().get("/swagger.json")
    assert rv.status_code == 200
    spec = rv.get_json()
    assert spec["info"] == {
        "title": "Todo API",
        "version": "1.0",
        "description": "A simple TODO API",
    }
    assert set(spec["paths"]) == {"/todos/", "/todos/{id}", "/todos/first"}
    assert spec["paths"]["/todos/{id}"]["parameters"][0]["type"] == "integer"
    assert spec["definitions"]["Todo"]["required"] == ["task"]
    assert spec["paths"]["/todos/"]["get"]["summary"] == "List all tasks"


def test_swagger_ui_page_links_the_spec(app: Flask) -> None:
    rv = app.test_client().get("/")
    assert rv.status_code == 200
    assert 'url: "/swagger.json"' in rv.text
    assert rv.headers["Content-Type"].startswith("text/html")
    with app.test_client().get("/swaggerui/swagger-ui.css") as static:
        assert static.status_code == 200
        assert static.headers["Content-Type"].startswith("text/css")
