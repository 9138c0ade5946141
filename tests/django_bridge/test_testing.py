"""The pytest plugin: flaskish test clients of mounted apps go through the whole Django site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bridge_site import accounts, blog, notes, shop
from bridge_site.models import Note
from django.contrib.auth.models import User
from django.test import Client, override_settings

from django_bridge.discovery import find_mount
from django_bridge.testing import django_site_target
from flaskish import Flask
from flaskish.testing import wsgi_target, wsgi_target_hooks

SITE = Path(__file__).parent


def test_the_hook_is_installed():
    assert django_site_target in wsgi_target_hooks


def test_a_mounted_app_targets_the_site_under_its_prefix():
    target = wsgi_target(blog.app)
    assert target.path_prefix == "/blog"
    assert target.application is not blog.app


def test_an_unmounted_app_is_its_own_target():
    app = Flask("loose")
    assert wsgi_target(app).application is app
    assert wsgi_target(app).path_prefix == ""


def test_requests_run_the_site_middleware_and_keep_flask_paths():
    rv = blog.app.test_client().get("/")
    assert rv.headers["X-Stamp"] == "django-middleware"
    assert rv.get_json()["stamp"] == "stamped"
    assert rv.get_json()["script_root"] == "/blog"
    assert rv.get_json()["path"] == "/"
    assert rv.request.path == "/blog/"


def test_middleware_can_refuse_the_request():
    rv = blog.app.test_client().get("/posts/1", headers={"X-Block": "yes"})
    assert (rv.status_code, rv.data) == (403, b"blocked by middleware")


def test_the_apps_404_and_405_still_apply():
    client = blog.app.test_client()
    assert client.get("/no/such/page").data == b"blog 404"
    assert client.get("/only-post").status_code == 405


def test_cookies_follow_the_site_paths():
    client = blog.app.test_client()
    assert client.get("/session").data == b"1"
    assert client.get("/session").data == b"2"


@pytest.mark.django_db
def test_login_through_the_site_with_redirects():
    User.objects.create_user("ada", password="pw")
    client = accounts.app.test_client()
    rv = client.post("/login", data={"username": "ada", "password": "pw"}, follow_redirects=True)
    assert rv.data == b"ada (hello ada)"
    assert [r.status_code for r in rv.history] == [302]
    assert rv.request.path == "/accounts/whoami"


def test_unhandled_error_is_django_500_unless_the_app_propagates(monkeypatch):
    client = blog.app.test_client()
    assert client.get("/crash").status_code == 500
    monkeypatch.setitem(blog.app.config, "TESTING", True)
    with pytest.raises(RuntimeError, match="unhandled in blog"):
        client.get("/crash")


def test_a_handled_error_stays_the_apps():
    assert shop.app.test_client().get("/crash").data == b"shop handled 500"


@override_settings(ROOT_URLCONF="bridge_site.solo_urls")
def test_the_current_urlconf_decides():
    assert find_mount(blog.app) is None
    assert wsgi_target(blog.app).application is blog.app
    assert wsgi_target(notes.app).path_prefix == "/notes"


def test_django_client_reaches_flaskish_routes():
    assert Client().get("/blog/posts/3").content == b"post 3"


# -- fixtures --------------------------------------------------------------------------


def test_flaskish_app_fixture_by_namespace(flaskish_app):
    assert flaskish_app("store") is shop.app
    assert flaskish_app("tools").import_name == "bridge_site.tools"


@override_settings(ROOT_URLCONF="bridge_site.solo_urls", FLASKISH_APPS={})
def test_flaskish_app_fixture_without_name_needs_one_app(flaskish_app):
    assert flaskish_app() is notes.app


def test_flaskish_app_fixture_names_the_known_apps(flaskish_app):
    from flaskish.cli import NoAppException

    with pytest.raises(NoAppException, match="choose one with '--app NAME'"):
        flaskish_app()


@pytest.mark.django_db
def test_flaskish_client_fixture_uses_the_test_database(flaskish_client):
    client = flaskish_client("notes")
    assert client.post("/", data={"text": "first"}).status_code == 201
    assert client.get("/").get_json() == ["first"]
    assert Note.objects.count() == 1


# -- manage.py test ------------------------------------------------------------------


def test_django_testcases_with_flaskish_clients_run_under_manage_py_test():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bridge_site.settings"}
    if "DATABASE_URL" in env:
        # On PostgreSQL this run's test database must not be pytest's (test_<name>).
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/manage_py"
    result = subprocess.run(
        [sys.executable, "-W", "error", "manage.py", "test", "bridge_site.site_tests", "-v", "2"]
        + ["--noinput"],
        cwd=SITE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Ran 3 tests" in result.stderr
    assert "test_flaskish_client_writes_to_the_test_database" in result.stderr
    assert "test_its_own_client_goes_through_the_site_at_its_root" in result.stderr
    assert "\nOK\n" in result.stderr


def test_with_client_keeps_the_mounted_request_context():
    from flaskish import request

    with blog.app.test_client() as client:
        client.get("/posts/3?x=1")
        assert request.path == "/posts/3"
        assert request.script_root == "/blog"
        assert request.args["x"] == "1"


# -- apps made by a mounted factory, hosts ---------------------------------------------


def test_an_app_from_the_mounted_factory_is_served_by_the_site_at_its_root():
    from bridge_site import wiki

    app = wiki.create_app()
    app.config["TESTING"] = True
    client = app.test_client()
    rv = client.get("/where")
    assert rv.get_json() == {"host": "localhost", "stamp": "stamped"}
    assert rv.headers["X-Stamp"] == "django-middleware"
    rv = client.get("/go")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/whoami"
    assert client.get("/login/ann").data == b"wiki login ann"
    assert client.get("/whoami").data == b"wiki sees ann"
    # The site's own mounted instance is still the one Django serves.
    assert Client().get("/wiki/whoami").content == b"wiki sees anonymous"


def test_the_test_apps_urlconf_is_not_kept_by_django():
    import gc
    import weakref

    from bridge_site import wiki

    app = wiki.create_app()
    app.test_client().get("/where")
    ref = weakref.ref(app)
    del app
    gc.collect()
    assert ref() is None


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_the_default_host_becomes_testserver_where_localhost_is_refused():
    client = blog.app.test_client()
    rv = client.get("/")
    assert rv.status_code == 200
    assert rv.get_json()["url"] == "http://testserver/blog/"
    # The client keeps its cookies for the host it asked for.
    client.get("/login/ann")
    assert client.get("/whoami").data == b"blog sees ann"


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_refused_host_says_which_host_and_setting(caplog):
    rv = blog.app.test_client().get("/", base_url="http://nothere.test/")
    message = (
        "Bad Request (400): the Django site refuses the host 'nothere.test' of this test"
        " request: it is not in ALLOWED_HOSTS (['testserver']). Add 'nothere.test' to"
        " ALLOWED_HOSTS in the site's settings, or use the client's default host."
    )
    assert rv.status_code == 400
    assert rv.data.decode() == message
    assert [r.getMessage() for r in caplog.records if r.name == "django_bridge.testing"] == [
        message
    ]
