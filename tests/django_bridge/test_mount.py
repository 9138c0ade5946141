"""Mounting flaskish apps in a Django site: URLs, paths, middleware, errors, settings."""

from __future__ import annotations

import pytest
from bridge_site import blog, shop
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import resolve, reverse

from django_bridge import mount
from flaskish import Flask


@pytest.fixture
def client() -> Client:
    return Client()


def test_reverse_builds_mounted_urls():
    assert reverse("blog:index") == "/blog/"
    assert reverse("blog:post", kwargs={"post_id": 3}) == "/blog/posts/3"
    assert reverse("blog:auth.login") == "/blog/auth/login"
    assert reverse("store:index") == "/shop/"


def test_django_view_links_to_the_blog(client):
    assert client.get("/").content == b"home; blog at /blog/"


def test_flaskish_view_sees_flask_paths_and_builds_prefixed_urls(client):
    rv = client.get("/blog/")
    assert rv.status_code == 200
    assert rv.json() == {
        "script_root": "/blog",
        "path": "/",
        "url": "http://testserver/blog/",
        "self": "/blog/",
        "post": "/blog/posts/7",
        "django_home": "/",
        "stamp": "stamped",
    }


def test_blueprint_routes_under_the_mount(client):
    assert client.get("/blog/auth/login").content == b"login form at /blog/auth/login"


def test_converters_apply(client):
    assert client.get("/blog/posts/12").content == b"post 12"
    assert client.get("/blog/posts/abc").content == b"blog 404"


def test_unmatched_paths_under_the_prefix_get_the_apps_404(client):
    rv = client.get("/blog/no/such/page")
    assert rv.status_code == 404
    assert rv.content == b"blog 404"


def test_405_keeps_allow(client):
    rv = client.get("/blog/only-post")
    assert rv.status_code == 405
    assert sorted(m.strip() for m in rv["Allow"].split(",")) == ["OPTIONS", "POST"]
    assert client.post("/blog/only-post").content == b"posted"


def test_django_middleware_applies_to_flaskish_views(client):
    rv = client.get("/blog/posts/1")
    assert rv["X-Stamp"] == "django-middleware"
    blocked = client.get("/blog/posts/1", HTTP_X_BLOCK="yes")
    assert blocked.status_code == 403
    assert blocked.content == b"blocked by middleware"


def test_post_is_csrf_exempt_by_default():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/blog/only-post").status_code == 200


def test_resolve_names_the_endpoint():
    match = resolve("/blog/posts/5")
    assert match.namespace == "blog"
    assert match.url_name == "post"
    assert match.view_name == "blog:post"


def test_script_name_composes_with_the_prefix():
    client = Client(SCRIPT_NAME="/site")
    rv = client.get("/blog/")
    assert rv.json()["script_root"] == "/site/blog"
    assert rv.json()["post"] == "/site/blog/posts/7"


@pytest.mark.django_db
def test_request_user_is_djangos(client, django_user_model):
    assert client.get("/blog/user").content == b"anonymous"
    user = django_user_model.objects.create_user("ann", password="pw")
    client.force_login(user)
    assert client.get("/blog/user").content == b"ann"


def test_unhandled_exception_goes_to_django(client):
    client.raise_request_exception = True
    with pytest.raises(RuntimeError, match="unhandled in blog"):
        client.get("/blog/crash")
    quiet = Client(raise_request_exception=False)
    assert quiet.get("/blog/crash").status_code == 500


def test_an_app_with_a_500_handler_answers_itself(client):
    rv = client.get("/shop/crash")
    assert rv.status_code == 500
    assert rv.content == b"shop handled 500"


def test_mount_writes_nothing_on_the_app():
    app = Flask("untouched")
    app.add_url_rule("/", "index", lambda: "")
    before = dict(app.config)
    resolver = mount("untouched/", app, csrf=True)
    assert dict(app.config) == before
    assert app.url_build_error_handlers == []
    assert not any(app.template_context_processors.values())
    assert "url_for" not in vars(app)
    assert resolver.site.app is app
    assert blog.app.config["SECRET_KEY"] is None
    assert shop.app.config["SECRET_KEY"] == "shop-own-key"


def test_session_cookie_signed_with_the_site_key(client):
    assert client.get("/blog/session").content == b"1"
    assert client.get("/blog/session").content == b"2"


def test_mount_refuses_bad_arguments():
    with pytest.raises(ImproperlyConfigured, match="needs a flaskish Flask application"):
        mount("x/", object())  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfigured, match="starts with '/'"):
        mount("/x/", Flask("bad_prefix"))
    with pytest.raises(ImproperlyConfigured, match="csrf must be None"):
        mount("x/", Flask("bad_csrf"), csrf="yes")


def test_mount_of_a_factory_serves_the_app_it_makes():
    made = []

    def create_app():
        app = Flask("made_by_factory")
        app.add_url_rule("/", "index", lambda: "made")
        made.append(app)
        return app

    resolver = mount("made/", create_app)
    assert resolver.app is made[0]
    assert len(made) == 1


def test_a_factory_that_raises_or_returns_no_app_is_a_clear_error():
    def broken():
        raise KeyError("DATABASE")

    with pytest.raises(
        ImproperlyConfigured, match=r"factory '.*broken' mounted at 'b/' raised KeyError"
    ):
        mount("b/", broken)
    with pytest.raises(ImproperlyConfigured, match="returned 'dict', not a flaskish Flask"):
        mount("d/", lambda: {})


def test_url_for_builds_django_names_as_flask_builds_its_own(client):
    assert client.get("/blog/links").json() == {
        "admin_page": "/admin/?page=2",
        "home_anchor": "/?page=2#top",
        "external": "http://testserver/admin/?page=2",
        "https": "https://testserver/admin/",
        "with_kwargs": "/admin/auth/?q=x+y",
    }


def test_a_build_error_says_django_was_tried_too(client):
    message = client.get("/blog/bad-link").content.decode()
    # The app's endpoints (with its closest match), then Django's names.
    assert message.startswith(
        "Could not build url for endpoint 'nowhere' with values ['page']. Did you mean '"
    )
    assert message.endswith(
        " instead? It is not a Django URL name either: reverse('nowhere') says:"
        " Reverse for 'nowhere' not found. 'nowhere' is not a valid view function or"
        " pattern name."
    )


def test_the_sites_debug_is_the_apps_when_mounted(client, settings):
    assert client.get("/blog/debug").json() == {"debug": False}
    settings.DEBUG = True
    assert client.get("/blog/debug").json() == {"debug": True}
    # Standalone, the same app keeps its own flag.
    with blog.app.test_request_context():
        assert blog.app.debug is False
