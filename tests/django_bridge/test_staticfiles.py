"""Static folders of mounted apps and blueprints: found, collected, and linked by url_for."""

from __future__ import annotations

from pathlib import Path

import pytest
from bridge_site import blog, notes
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings

from django_bridge.staticfiles import FlaskishStaticFinder, static_locations

SITE_PACKAGE = Path(notes.__file__).parent


@pytest.fixture
def finder() -> FlaskishStaticFinder:
    return FlaskishStaticFinder()


def test_locations_are_prefixed_by_namespace_and_blueprint():
    locations = dict(static_locations())
    assert locations["notes"] == str(SITE_PACKAGE / "notes_static")
    assert locations["notes/widgets"] == str(SITE_PACKAGE / "widgets_static")


def test_find(finder):
    assert finder.find("notes/css/notes.css") == str(SITE_PACKAGE / "notes_static/css/notes.css")
    assert finder.find("notes/widgets/widget.js", find_all=True) == [
        str(SITE_PACKAGE / "widgets_static/widget.js")
    ]
    assert finder.find("notes/missing.css") == []
    assert finder.find("css/notes.css") == []


def test_find_rejects_paths_leaving_the_folder(finder):
    from django.core.exceptions import SuspiciousFileOperation

    with pytest.raises(SuspiciousFileOperation):
        finder.find("notes/../models.py")


def test_list(finder):
    listed = {(storage.prefix, path) for path, storage in finder.list([])}
    assert listed == {("notes", "css/notes.css"), ("notes/widgets", "widget.js")}


def test_list_honours_ignore_patterns(finder):
    assert [path for path, _ in finder.list(["*.css"])] == ["widget.js"]


def test_djangos_find_uses_the_finder():
    assert finders.find("notes/widgets/widget.js") == str(SITE_PACKAGE / "widgets_static/widget.js")


def test_collectstatic_collects_app_and_blueprint_files(tmp_path):
    with override_settings(STATIC_ROOT=str(tmp_path)):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "notes/css/notes.css").read_text() == "body { color: teal; }\n"
    assert (tmp_path / "notes/widgets/widget.js").is_file()


def test_url_for_static_points_at_static_url():
    client = Client()
    assert client.get("/notes/asset").json() == {
        "css": "/static/notes/css/notes.css",
        "external": "http://testserver/static/notes/css/notes.css?v=2",
    }
    assert client.get("/notes/widgets/asset").content == b"/static/notes/widgets/widget.js"


def test_url_for_follows_static_url_setting():
    with override_settings(STATIC_URL="https://cdn.example.com/assets/"):
        assert Client().get("/notes/asset").json()["css"] == (
            "https://cdn.example.com/assets/notes/css/notes.css"
        )


def test_other_endpoints_are_built_by_the_app():
    # Asked per request through request.site_mount: the app's url_for is its own.
    assert "url_for" not in vars(blog.app)
    assert Client().get("/blog/").json()["post"] == "/blog/posts/7"


def test_templates_use_the_static_urls():
    assert Client().get("/notes/styled").content == b"/static/notes/css/notes.css"


def test_the_same_app_standalone_builds_its_own_static_route():
    with notes.app.test_request_context():
        assert (
            notes.app.url_for("static", filename="css/notes.css") == "/notes_static/css/notes.css"
        )


def test_without_the_setting_url_for_static_is_the_apps_route():
    with override_settings(FLASKISH_STATIC_URLS=False):
        assert Client().get("/notes/asset").json()["css"] == "/notes/notes_static/css/notes.css"
        assert Client().get("/notes/styled").content == b"/notes/notes_static/css/notes.css"


def test_the_finder_checks_its_settings(finder):
    assert finder.check() == []
    with override_settings(FLASKISH_APPS=["tools"]):
        assert [e.id for e in finder.check()] == ["django_bridge.E006"]
    with override_settings(FLASKISH_APPS={"gone": "bridge_site.nowhere:app"}):
        errors = finder.check()
    assert [e.id for e in errors] == ["django_bridge.E007"]
    assert "'gone'" in errors[0].msg
    with override_settings(STATIC_URL=None):
        assert [e.id for e in finder.check()] == ["django_bridge.E008"]


def test_an_app_without_static_folder_has_no_static_url():
    from django_bridge import mount
    from flaskish import Flask
    from flaskish.routing import BuildError

    app = Flask("no_static", static_folder=None)
    mount("nostatic/", app, namespace="no_static")
    with app.test_request_context(), pytest.raises(BuildError):
        app.url_for("static", filename="x.css")


def test_served_in_debug_by_staticfiles():
    from django.contrib.staticfiles.views import serve
    from django.test import RequestFactory

    with override_settings(DEBUG=True):
        response = serve(
            RequestFactory().get("/static/notes/widgets/widget.js"), "notes/widgets/widget.js"
        )
    try:
        assert b"".join(response.streaming_content) == b"console.log('widget');\n"
    finally:
        # Not response.close(): that would signal the end of a request that never began.
        response.file_to_stream.close()
