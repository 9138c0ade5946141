"""APIFlask on flaskish, used as its documentation shows.

``APIFlask`` (a ``Flask`` subclass) with ``@app.input``/``@app.output``
schemas, validation errors, ``abort``, and the generated OpenAPI spec.
"""

from __future__ import annotations

import typing as t

import pytest
from apiflask import APIFlask, Schema, abort
from apiflask.fields import Integer, String
from apiflask.validators import Length

PETS = [{"id": 0, "name": "Kitty", "category": "cat"}]


class PetIn(Schema):
    name = String(required=True, validate=Length(0, 10))
    category = String(required=True)


class PetOut(Schema):
    id = Integer()
    name = String()
    category = String()


@pytest.fixture
def app() -> APIFlask:
    app = APIFlask(__name__, title="Pet API", version="1.0")

    @app.get("/pets/<int:pet_id>")
    @app.output(PetOut)
    def get_pet(pet_id: int) -> t.Any:
        if pet_id > len(PETS) - 1:
            abort(404)
        return PETS[pet_id]

    @app.post("/pets")
    @app.input(PetIn, location="json")
    @app.output(PetOut, status_code=201)
    def create_pet(json_data: dict[str, t.Any]) -> t.Any:
        pet = {"id": len(PETS), **json_data}
        PETS.append(pet)
        return pet

    return app


def test_output_schema(app: APIFlask) -> None:
    rv = app.test_client().get("/pets/0")
    assert rv.get_json() == {"id": 0, "name": "Kitty", "category": "cat"}
    missing = app.test_client().get("/pets/9")
    assert missing.status_code == 404
    assert missing.get_json() == {"detail": {}, "message": "Not Found"}


def test_input_schema_is_validated(app: APIFlask) -> None:
    client = app.test_client()
    rv = client.post("/pets", json={"name": "Rex", "category": "dog"})
    assert rv.status_code == 201
    assert rv.get_json()["name"] == "Rex"
    bad = client.post("/pets", json={"name": "a name far too long", "category": "dog"})
    assert bad.status_code == 422
    assert bad.get_json() == {
        "detail": {"json": {"name": ["Length must be between 0 and 10."]}},
        "message": "Validation error",
    }


def test_openapi_spec(app: APIFlask) -> None:
    spec = app.test_client().get("/openapi.json").get_json()
    assert spec["info"]["title"] == "Pet API"
    assert spec["info"]["version"] == "1.0"
    assert set(spec["paths"]) == {"/pets/{pet_id}", "/pets"}
    param = spec["paths"]["/pets/{pet_id}"]["get"]["parameters"][0]
    assert (param["in"], param["name"], param["schema"]["type"]) == ("path", "pet_id", "integer")
    assert set(spec["components"]["schemas"]) >= {"PetIn", "PetOut"}
    docs = app.test_client().get("/docs")
    assert docs.status_code == 200
    assert "/openapi.json" in docs.text
