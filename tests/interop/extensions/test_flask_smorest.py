"""flask-smorest on flaskish, used as its documentation shows.

A ``Blueprint`` with ``MethodView`` resources, ``arguments``/``response``
schemas (marshmallow), validation errors (422), pagination headers, ETags
(``If-None-Match`` 304, ``If-Match`` 412/428) and the OpenAPI document, whose
path parameters come from the URL rules' converters.
"""

from __future__ import annotations

import typing as t

import marshmallow as ma
import pytest
from flask import Flask
from flask.views import MethodView
from flask_smorest import Api, Blueprint, abort

PETS: dict[int, dict[str, t.Any]] = {}


class PetSchema(ma.Schema):
    id = ma.fields.Int(dump_only=True)
    name = ma.fields.String(required=True)


class PetQueryArgsSchema(ma.Schema):
    name = ma.fields.String()


@pytest.fixture
def app() -> Flask:
    PETS.clear()
    PETS.update({i: {"id": i, "name": f"pet{i}"} for i in range(1, 26)})
    app = Flask(__name__)
    app.config.update(
        API_TITLE="My API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.2",
        OPENAPI_URL_PREFIX="/",
    )
    api = Api(app)
    blp = Blueprint("pets", "pets", url_prefix="/pets", description="Operations on pets")

    @blp.route("/")
    class Pets(MethodView):
        @blp.arguments(PetQueryArgsSchema, location="query")
        @blp.response(200, PetSchema(many=True))
        @blp.paginate()
        def get(self, args: dict[str, t.Any], pagination_parameters: t.Any) -> list[t.Any]:
            """List pets"""
            pets = [p for p in PETS.values() if args.get("name") in (None, p["name"])]
            pagination_parameters.item_count = len(pets)
            start = pagination_parameters.first_item
            return pets[start : start + pagination_parameters.page_size]

        @blp.arguments(PetSchema)
        @blp.response(201, PetSchema)
        def post(self, new_data: dict[str, t.Any]) -> dict[str, t.Any]:
            """Add a new pet"""
            pet = {"id": max(PETS) + 1, **new_data}
            PETS[pet["id"]] = pet
            return pet

    @blp.route("/<int:pet_id>")
    class PetsById(MethodView):
        @blp.etag
        @blp.response(200, PetSchema)
        def get(self, pet_id: int) -> dict[str, t.Any]:
            """Get pet by ID"""
            if pet_id not in PETS:
                abort(404, message="Item not found.")
            return PETS[pet_id]

        @blp.etag
        @blp.arguments(PetSchema)
        @blp.response(200, PetSchema)
        def put(self, update_data: dict[str, t.Any], pet_id: int) -> dict[str, t.Any]:
            """Update existing pet"""
            pet = PETS[pet_id]
            blp.check_etag(pet, PetSchema)
            pet.update(update_data)
            return pet

    api.register_blueprint(blp)
    return app


def test_list_with_query_arguments_and_pagination(app: Flask) -> None:
    client = app.test_client()
    rv = client.get("/pets/?page=2&page_size=10")
    assert rv.status_code == 200
    assert [p["id"] for p in rv.get_json()] == list(range(11, 21))
    assert rv.headers["X-Pagination"] == (
        '{"total": 25, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 2,'
        ' "previous_page": 1, "next_page": 3}'
    )
    assert client.get("/pets/?name=pet3").get_json() == [{"id": 3, "name": "pet3"}]


def test_arguments_are_validated(app: Flask) -> None:
    client = app.test_client()
    rv = client.post("/pets/", json={"name": "Rex"})
    assert rv.status_code == 201
    assert rv.get_json() == {"id": 26, "name": "Rex"}
    bad = client.post("/pets/", json={})
    assert bad.status_code == 422
    assert bad.get_json()["errors"] == {"json": {"name": ["Missing data for required field."]}}
    missing = client.get("/pets/99")
    assert missing.status_code == 404
    assert missing.get_json()["message"] == "Item not found."


def test_etags_give_304_and_guard_updates(app: Flask) -> None:
    client = app.test_client()
    rv = client.get("/pets/1")
    etag = rv.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert client.get("/pets/1", headers={"If-None-Match": etag}).status_code == 304
    # Clients also send the tag unquoted; werkzeug (and flaskish) read it the same.
    assert client.get("/pets/1", headers={"If-None-Match": etag.strip('"')}).status_code == 304

    assert client.put("/pets/1", json={"name": "Tom"}).status_code == 428
    assert (
        client.put("/pets/1", json={"name": "Tom"}, headers={"If-Match": '"stale"'}).status_code
        == 412
    )
    updated = client.put("/pets/1", json={"name": "Tom"}, headers={"If-Match": etag})
    assert updated.status_code == 200
    assert updated.get_json() == {"id": 1, "name": "Tom"}
    assert updated.headers["ETag"] != etag


def test_openapi_document(app: Flask) -> None:
    rv = app.test_client().get("/openapi.json")
    assert rv.status_code == 200
    spec = rv.get_json()
    assert spec["info"] == {"title": "My API", "version": "v1"}
    assert spec["openapi"] == "3.0.2"
    assert set(spec["paths"]) == {"/pets/", "/pets/{pet_id}"}
    pet_id = spec["paths"]["/pets/{pet_id}"]["parameters"][0]
    assert pet_id == {
        "in": "path",
        "name": "pet_id",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
    assert spec["paths"]["/pets/"]["get"]["summary"] == "List pets"
    assert spec["components"]["schemas"]["Pet"]["required"] == ["name"]
    assert spec["tags"] == [{"name": "pets", "description": "Operations on pets"}]
