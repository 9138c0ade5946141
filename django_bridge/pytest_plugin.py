"""pytest plugin (entry point ``django_bridge``): flaskish apps in a pytest-django project.

Under pytest-django, ``app.test_client()`` for an app mounted in the URLconf
sends its requests through the Django site (middleware, mount prefix, the
test database; see :mod:`django_bridge.testing`). The fixtures name apps the
way ``manage.py flask --app NAME`` does::

    @pytest.mark.django_db
    def test_posts(flaskish_client):
        client = flaskish_client("blog")
        assert client.get("/posts/1").status_code == 200

Outside a Django project (flaskish's embedded settings) the plugin does nothing.
"""

from __future__ import annotations

import typing as t

import pytest

if t.TYPE_CHECKING:
    from flaskish import Flask
    from flaskish.testing import FlaskClient


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    # After pytest-django has set Django up; a no-op unless an app is mounted.
    from .testing import install

    install()


@pytest.fixture
def flaskish_app() -> t.Callable[..., Flask]:
    """Load an app by name: ``flaskish_app("blog")``, or ``flaskish_app()`` for the only one.

    Names are mount namespaces and ``FLASKISH_APPS`` keys, as for ``manage.py flask``.
    """
    from .discovery import load_app

    return load_app


@pytest.fixture
def flaskish_client(flaskish_app: t.Callable[..., Flask]) -> t.Callable[..., FlaskClient]:
    """Make a test client for an app by name: ``flaskish_client("blog")``.

    Keyword arguments go to ``app.test_client()``.
    """

    def make(name: str | None = None, **kwargs: t.Any) -> FlaskClient:
        return flaskish_app(name).test_client(**kwargs)

    return make
