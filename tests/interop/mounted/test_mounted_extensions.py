"""Flask-RESTX and Flask-JWT-Extended in apps mounted in a Django site.

The Swagger UI and ``swagger.json`` link under the mount prefix; JWT cookies are
set, scoped to the mount, and checked with CSRF double submit through Django's
middleware.
"""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client() -> Client:
    return Client()


def test_restx_resource_under_the_prefix(client: Client) -> None:
    rv = client.get("/api/items/3")
    assert rv.status_code == 200
    assert rv.json() == {"id": 3, "name": "item 3"}
    assert client.get("/").content == b"django home"


# Closing the streamed response sends request_finished, which checks the database
# connection an earlier database test (test_mounted_sqlalchemy) left open.
@pytest.mark.django_db
def test_swagger_json_and_ui_link_under_the_prefix(client: Client) -> None:
    spec = client.get("/api/swagger.json").json()
    assert spec["basePath"] == "/api"
    assert set(spec["paths"]) == {"/items/{item_id}"}
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'url: "/api/swagger.json"' in html
    assert 'href="/api/swaggerui/swagger-ui.css"' in html
    css = client.get("/api/swaggerui/swagger-ui.css")
    assert css.status_code == 200
    assert b"".join(css.streaming_content if css.streaming else [css.content])
    css.close()


def test_jwt_cookies_scoped_to_the_mount(client: Client) -> None:
    assert client.get("/auth/me").status_code == 401
    rv = client.post("/auth/login")
    assert rv.status_code == 200
    access = rv.cookies["access_token_cookie"]
    csrf = rv.cookies["csrf_access_token"]
    assert access["path"] == "/auth/"
    assert access["httponly"] is True
    assert csrf["path"] == "/"

    assert client.get("/auth/me").json() == {"user": "mounted-user"}
    refused = client.post("/auth/me")
    assert refused.status_code == 401
    assert refused.json() == {"msg": "Missing CSRF token"}
    ok = client.post("/auth/me", headers={"X-CSRF-TOKEN": csrf.value})
    assert ok.json() == {"user": "mounted-user"}
