"""The application factory and its configuration sources."""

from __future__ import annotations

import os

import pytest
from flaskr import create_app

from flaskish import Flask, url_for


@pytest.fixture
def instance_dir(tmp_path, monkeypatch):
    """Give apps made in the test ``tmp_path/instance`` as their instance folder."""
    path = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(path))
    return path


def test_config_comes_from_test_config(instance_dir):
    assert not create_app().testing
    assert create_app({"TESTING": True}).testing


def test_default_instance_folder_is_beside_the_package():
    app = create_app({"TESTING": True})
    assert app.instance_path == os.path.join(os.path.dirname(app.root_path), "instance")


def test_factory_creates_the_instance_folder(instance_dir):
    assert not instance_dir.exists()
    app = create_app()
    assert instance_dir.is_dir()
    assert app.config["DATABASE"] == str(instance_dir / "flaskr.sqlite")


def test_instance_config_file_is_read(instance_dir):
    instance_dir.mkdir()
    (instance_dir / "config.py").write_text(
        "SECRET_KEY = 'from the instance folder'\nlowercase = 'ignored'\n"
    )
    app = create_app()
    assert app.config["SECRET_KEY"] == "from the instance folder"
    assert "lowercase" not in app.config


def test_test_config_skips_the_instance_config_file(instance_dir):
    instance_dir.mkdir()
    (instance_dir / "config.py").write_text("SECRET_KEY = 'from the instance folder'\n")
    app = create_app({"TESTING": True})
    assert app.config["SECRET_KEY"] == "dev only: not a secret"


def test_ping(client):
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.text == "pong"


def test_index_endpoint_aliases_the_blog(app):
    with app.test_request_context():
        assert url_for("index") == "/"
        assert url_for("blog.index") == "/"
