"""An application written for Flask 2.1 imports and runs on flaskish, unchanged.

``legacy21/app.py`` uses that era's names (``flask.escape``, ``Markup``,
``_request_ctx_stack``, ``flask.json.JSONEncoder``,
``flask.helpers.locked_cached_property``) and habits (``app.session_cookie_name``,
``app.json_encoder``, ``app.before_first_request``, ``app.env``, an assigned
``app.jinja_loader``, a Request subclass assigning ``self.path``, bytes cookie
values, ``JSON_SORT_KEYS``, two test clients in one ``with``). Each still works,
with a ``DeprecationWarning`` where Flask removed it.
"""

from __future__ import annotations

import warnings

import pytest


@pytest.fixture
def app():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from legacy21.app import create_app

        app = create_app()
    deprecated = {str(w.message).split("'")[1] for w in caught if w.category is DeprecationWarning}
    assert {"app.session_cookie_name", "app.before_first_request"} <= deprecated
    return app


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_2_1_app_serves_its_pages(app) -> None:
    client = app.test_client()
    page = client.get("/Home")
    assert page.text == "hello from &lt;2.1&gt; <b>b</b>"
    api = client.get("/api/ITEMS")
    assert api.text == '{"z":1,"a":"2022-03-28","path":"/api/items","started":["production"]}\n'
    client.get("/api/again")
    assert client.get("/api/x").get_json()["started"] == ["production"]

    set_cookie = client.get("/cookie/é")
    assert set_cookie.headers["Set-Cookie"] == 'raw="{\\"n\\": \\"\\\\u00e9\\"}"; Path=/'


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_2_1_app_session_cookie_and_nested_clients(app) -> None:
    from flask import request, session

    @app.route("/login")
    def login():
        session["user"] = "ann"
        return "ok"

    first, second = app.test_client(), app.test_client()
    with first, second:
        second.get("/login")
        first.get("/api/First")
        assert request.path == "/api/first"
    assert second.get_cookie("legacy_session") is not None
