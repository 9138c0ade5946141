"""FlaskishJinja2: a Django view renders the journal's Jinja template, same HTML as Flask."""

from __future__ import annotations

from pathlib import Path

import pytest
from bridge_site import journal
from django.middleware.csrf import _unmask_cipher_token
from django.template import TemplateDoesNotExist, engines
from django.test import Client, override_settings
from django.urls import set_urlconf


@pytest.fixture
def client() -> Client:
    return Client()


def page(url: str, urlconf: str, client: Client, **extra: str) -> tuple[int, str]:
    with override_settings(ROOT_URLCONF=urlconf):
        rv = client.get(url, **extra)
    set_urlconf(None)
    return rv.status_code, rv.content.decode()


def test_the_django_view_renders_the_same_html_as_the_flask_view(client: Client) -> None:
    flask = page("/journal/posts/?reader=ann", "bridge_site.rollback_urls", client)
    django = page("/journal/posts/?reader=ann", "bridge_site.shared_template_urls", client)
    assert flask == django
    status, html = django
    assert status == 200
    # Context processor, filter, global, g, request, url_for of the app and of Django.
    assert "<h1>The Journal: ENTRIES! (" in html
    assert "reader ann, at /posts/, self /journal/posts/, django home /</p>" in html
    # A template from the blueprint's folder, with the blueprint's context processor.
    assert '<li><a href="/journal/posts/1">first</a> (posts)</li>' in html


@override_settings(FLASKISH_SHARED_MESSAGES=True)
def test_flashed_messages_render_the_same_in_both(client: Client) -> None:
    shown = []
    for urlconf in ("bridge_site.rollback_urls", "bridge_site.shared_template_urls"):
        with override_settings(ROOT_URLCONF=urlconf):
            client.get("/journal/posts/flash/hello")
        shown.append(page("/journal/posts/", urlconf, client)[1])
    assert shown[0] == shown[1]
    assert '<p class="warning">hello</p>' in shown[1]
    # Shown once.
    assert "hello" not in page("/journal/posts/", "bridge_site.shared_template_urls", client)[1]


@override_settings(FLASKISH_SHARED_MESSAGES=True)
def test_a_django_message_renders_in_the_shared_template(client: Client) -> None:
    with override_settings(ROOT_URLCONF="bridge_site.shared_template_urls"):
        client.get("/django-messages/add")
    html = page("/journal/posts/", "bridge_site.shared_template_urls", client)[1]
    assert '<p class="success">saved by django</p>' in html
    assert '<p class="error">failed by django</p>' in html


def test_csrf_token_user_and_config(client: Client, django_user_model: type) -> None:
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    status, body = page("/token/", "bridge_site.shared_template_urls", client)
    token, called, username, key = body.split("|")
    assert status == 200
    # Both are Django's masked token for the visitor's CSRF cookie.
    secret = client.cookies["csrftoken"].value
    assert [_unmask_cipher_token(t) for t in (token, called)] == [secret, secret]
    assert username == "reader"
    assert key == "None"  # the journal's own config, rendered through its app


def test_unknown_templates_are_djangos_template_does_not_exist() -> None:
    with pytest.raises(TemplateDoesNotExist):
        engines["journal"].get_template("posts/missing.html")


def test_rendering_without_a_request_uses_the_app_context() -> None:
    html = engines["journal"].from_string("{{ 'x' | shout }} {{ entry_count() }}").render({})
    assert html == f"X! {len(journal.ENTRIES)}"


def test_dirs_and_the_environment_option(tmp_path: Path) -> None:
    from django_bridge.templates import FlaskishJinja2

    (tmp_path / "page.html").write_text("{{ site_only }}; {{ 'a' | shout }}; {{ entry_count() }}")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "index.html").write_text("overridden by DIRS")
    engine = FlaskishJinja2(
        {
            "NAME": "custom",
            "DIRS": [tmp_path],
            "APP_DIRS": False,
            "OPTIONS": {
                "app": "bridge_site.journal:app",
                "environment": "bridge_site.jinja_env.environment",
            },
        }
    )
    page = engine.get_template("page.html").render({})
    # The site's environment wins for its own names; the app fills in the rest.
    assert page == f"from the site; site shouts a; {len(journal.ENTRIES)}"
    assert engine.get_template("posts/index.html").render({}) == "overridden by DIRS"
    # The app's own environment is left as it was.
    assert "site_only" not in journal.app.jinja_env.globals


def test_djangos_error_views_do_not_pick_the_apps_error_templates(tmp_path: Path) -> None:
    from django_bridge.templates import FlaskishJinja2

    (tmp_path / "404.html").write_text("the app's 404 for {{ error.description }}")
    params = {"NAME": "e", "DIRS": [tmp_path], "APP_DIRS": False}
    hidden = FlaskishJinja2({**params, "OPTIONS": {"app": "bridge_site.journal:app"}})
    with pytest.raises(TemplateDoesNotExist):
        hidden.get_template("404.html")
    options = {"app": "bridge_site.journal:app", "serve_error_templates": True}
    served = FlaskishJinja2({**params, "OPTIONS": options})
    assert served.get_template("404.html").template.name == "404.html"
