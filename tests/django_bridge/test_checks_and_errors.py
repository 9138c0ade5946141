"""System checks for mounts; errors and script names as Django handles them."""

from __future__ import annotations

import pytest
from django.core.signals import got_request_exception
from django.test import Client, override_settings
from django.urls import clear_url_caches

from django_bridge.checks import check_mounts
from django_bridge.resolver import FlaskAppResolver
from flaskish import Flask


def _urlconf(*entries):
    module = type("URLConf", (), {"urlpatterns": list(entries)})
    return module


def _run_checks_with(*entries) -> list:
    clear_url_caches()
    with override_settings(ROOT_URLCONF=_urlconf(*entries)):
        try:
            return check_mounts()
        finally:
            clear_url_caches()


def _app(name: str, secret: str | None = None) -> Flask:
    app = Flask(name)
    app.config["SECRET_KEY"] = secret
    app.add_url_rule("/", "index", lambda: "")
    return app


def test_checks_for_the_test_site_warn_only_of_the_shops_own_key():
    messages = check_mounts()
    assert [e.id for e in messages] == ["django_bridge.W002"]
    assert messages[0].msg == (
        "The flaskish app 'shop' mounted at '/shop' sets its own SECRET_KEY,"
        " which differs from the site's."
    )


@override_settings(SECRET_KEY="")
def test_no_key_in_the_app_or_the_site_is_an_error():
    errors = _run_checks_with(FlaskAppResolver("x/", _app("nokey"), "nokey", False))
    assert [e.id for e in errors] == ["django_bridge.E001"]
    assert errors[0].msg == "The flaskish app 'nokey' mounted at '/x' has no usable secret key."


def test_two_apps_under_one_namespace_is_djangos_w005():
    from django.core.checks.urls import check_url_namespaces_unique

    first = FlaskAppResolver("a/", _app("first"), "same", False)
    second = FlaskAppResolver("b/", _app("second"), "same", False)
    assert _run_checks_with(first, second) == []
    clear_url_caches()
    with override_settings(ROOT_URLCONF=_urlconf(first, second)):
        try:
            warnings = check_url_namespaces_unique(None)
        finally:
            clear_url_caches()
    assert [w.id for w in warnings] == ["urls.W005"]
    assert "'same'" in warnings[0].msg


def test_an_app_key_other_than_the_sites_is_a_warning():
    messages = _run_checks_with(FlaskAppResolver("x/", _app("dev_key", secret="dev"), "dk", False))
    assert [m.id for m in messages] == ["django_bridge.W002"]
    assert messages[0].msg == (
        "The flaskish app 'dev_key' mounted at '/x' sets its own SECRET_KEY,"
        " which differs from the site's."
    )


def test_two_mounts_sharing_a_session_cookie_is_a_warning():
    # Both keep their own key, so both keep Flask's cookie "session" at Path=/.
    first = FlaskAppResolver("a/", _app("first", secret="k"), "first", False)
    second = FlaskAppResolver("b/", _app("second", secret="k"), "second", False)
    messages = [m for m in _run_checks_with(first, second) if m.id != "django_bridge.W002"]
    assert [m.id for m in messages] == ["django_bridge.W003"]
    assert messages[0].msg == (
        "The flaskish app 'second' mounted at '/b' uses the session cookie 'session'"
        " (Path=/), as the app 'first' does: one overwrites the other."
    )


def test_keyless_mounts_get_distinct_cookies_and_no_warning():
    first = FlaskAppResolver("a/", _app("first"), "first", False)
    second = FlaskAppResolver("b/", _app("second"), "second", False)
    assert _run_checks_with(first, second) == []


def test_an_app_cookie_named_like_djangos_session_is_a_warning():
    app = _app("sid")
    app.config["SESSION_COOKIE_NAME"] = "sessionid"
    messages = _run_checks_with(FlaskAppResolver("s/", app, "sid", False))
    assert [m.id for m in messages] == ["django_bridge.W003"]
    assert "as Django's own session does" in messages[0].msg


def test_root_mount_before_other_patterns_is_a_warning():
    from django.http import HttpResponse
    from django.urls import path

    root = FlaskAppResolver("", _app("rooted"), "rooted", False)
    errors = _run_checks_with(root, path("later/", lambda r: HttpResponse("")))
    assert [e.id for e in errors] == ["django_bridge.W001"]


@override_settings(FORCE_SCRIPT_NAME="/forced")
def test_force_script_name_composes_with_the_prefix():
    rv = Client().get("/blog/")
    assert rv.json()["script_root"] == "/forced/blog"
    assert rv.json()["post"] == "/forced/blog/posts/7"


def test_unhandled_error_reaches_djangos_signal_and_handler500():
    seen = []

    def record(sender, request=None, **kwargs):
        seen.append(request.path)

    got_request_exception.connect(record)
    try:
        rv = Client(raise_request_exception=False).get("/blog/crash")
    finally:
        got_request_exception.disconnect(record)
    assert rv.status_code == 500
    assert seen == ["/blog/crash"]


@override_settings(DEBUG=True)
def test_debug_shows_djangos_technical_500_page():
    rv = Client(raise_request_exception=False).get("/blog/crash")
    assert rv.status_code == 500
    assert b"unhandled in blog" in rv.content
    assert b"RuntimeError" in rv.content


@pytest.mark.parametrize("path", ["/blog/%ff%fe", "/blog/a%zz", "/blog/%00"])
def test_oddly_encoded_paths_get_the_apps_404(path):
    rv = Client().get(path)
    assert rv.status_code == 404
    assert rv.content == b"blog 404"


def test_security_middleware_headers_reach_flaskish_responses():
    rv = Client().get("/blog/posts/1")
    assert rv["X-Content-Type-Options"] == "nosniff"
    assert rv["Referrer-Policy"] == "same-origin"
    assert rv["Cross-Origin-Opener-Policy"] == "same-origin"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_security_middleware_redirects_flaskish_routes_to_https():
    rv = Client().get("/blog/posts/1")
    assert rv.status_code == 301
    assert rv["Location"] == "https://testserver/blog/posts/1"


def test_the_app_config_registers_the_checks_with_django(tmp_path, monkeypatch):
    from django.core.checks import run_checks

    assert "django_bridge.W002" in [m.id for m in run_checks()]
    (tmp_path / "flask").mkdir()
    (tmp_path / "flask" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("FLASKISH_AS_FLASK", raising=False)
    assert "django_bridge.W005" not in [m.id for m in run_checks()]
    with override_settings(FLASKISH_AS_FLASK=True):
        assert "django_bridge.W005" in [m.id for m in run_checks()]
