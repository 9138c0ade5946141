"""Config loading: behaviour matches Flask 3.1's ``flask.Config``."""

import json
import os
import sys
import textwrap
import types

import pytest
import tomllib

from flaskish.config import Config, ConfigAttribute


class Settings:
    TEST_KEY = "foo"
    SECRET_KEY = "config"
    lowercase = "ignored"


def _check(config: Config) -> None:
    assert config["TEST_KEY"] == "foo"
    assert config["SECRET_KEY"] == "config"
    assert "lowercase" not in config


def test_defaults_and_repr(tmp_path):
    config = Config(tmp_path, {"DEBUG": False})
    assert config == {"DEBUG": False}
    assert config.root_path == tmp_path
    assert repr(config) == "<Config {'DEBUG': False}>"
    assert Config(tmp_path) == {}


def test_from_object_takes_uppercase_attributes(tmp_path):
    config = Config(tmp_path)
    config.from_object(Settings)
    _check(config)


def test_from_object_import_string(tmp_path, monkeypatch):
    module = types.ModuleType("flaskish_test_settings")
    module.TEST_KEY = "foo"
    module.SECRET_KEY = "config"
    module.lowercase = 1
    monkeypatch.setitem(sys.modules, "flaskish_test_settings", module)
    config = Config(tmp_path)
    config.from_object("flaskish_test_settings")
    _check(config)
    other = Config(tmp_path)
    other.from_object(f"{__name__}:Settings")
    _check(other)


def test_from_object_bad_import_string(tmp_path):
    with pytest.raises(ImportError, match="Could not import 'no_such_module_xyz.Settings'"):
        Config(tmp_path).from_object("no_such_module_xyz.Settings")


def test_from_pyfile_relative_to_root_path(tmp_path):
    (tmp_path / "settings.cfg").write_text(
        textwrap.dedent(
            """
            TEST_KEY = "foo"
            SECRET_KEY = "con" + "fig"
            lowercase = "ignored"
            FILE = __file__
            """
        )
    )
    config = Config(tmp_path)
    assert config.from_pyfile("settings.cfg") is True
    _check(config)
    assert config["FILE"] == os.path.join(tmp_path, "settings.cfg")


def test_from_pyfile_absolute_path(tmp_path):
    path = tmp_path / "settings.py"
    path.write_text("TEST_KEY = 'foo'\nSECRET_KEY = 'config'\n")
    config = Config("/somewhere/else")
    assert config.from_pyfile(str(path)) is True
    _check(config)


def test_from_pyfile_missing(tmp_path):
    path = os.path.join(tmp_path, "missing.cfg")
    with pytest.raises(OSError) as info:
        Config(tmp_path).from_pyfile("missing.cfg")
    assert str(info.value) == (
        f"[Errno 2] Unable to load configuration file (No such file or directory): {path!r}"
    )
    assert Config(tmp_path).from_pyfile("missing.cfg", silent=True) is False


def test_from_pyfile_silent_only_covers_missing_files(tmp_path):
    (tmp_path / "broken.cfg").write_text("TEST_KEY = undefined_name\n")
    with pytest.raises(NameError):
        Config(tmp_path).from_pyfile("broken.cfg", silent=True)
    (tmp_path / "folder").mkdir()
    assert Config(tmp_path).from_pyfile("folder", silent=True) is False


def test_from_envvar(tmp_path, monkeypatch):
    (tmp_path / "settings.cfg").write_text("TEST_KEY = 'foo'\nSECRET_KEY = 'config'\n")
    monkeypatch.setenv("FLASKISH_TEST_SETTINGS", str(tmp_path / "settings.cfg"))
    config = Config(tmp_path)
    assert config.from_envvar("FLASKISH_TEST_SETTINGS") is True
    _check(config)


def test_from_envvar_unset(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASKISH_TEST_SETTINGS", raising=False)
    config = Config(tmp_path)
    with pytest.raises(RuntimeError) as info:
        config.from_envvar("FLASKISH_TEST_SETTINGS")
    assert str(info.value) == (
        "The environment variable 'FLASKISH_TEST_SETTINGS' is not set and as such"
        " configuration could not be loaded. Set this variable and make it point to"
        " a configuration file."
    )
    assert config.from_envvar("FLASKISH_TEST_SETTINGS", silent=True) is False


def test_from_envvar_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASKISH_TEST_SETTINGS", str(tmp_path / "missing.cfg"))
    with pytest.raises(OSError, match=r"Unable to load configuration file \(No such file"):
        Config(tmp_path).from_envvar("FLASKISH_TEST_SETTINGS")
    assert Config(tmp_path).from_envvar("FLASKISH_TEST_SETTINGS", silent=True) is False


def test_from_mapping(tmp_path):
    config = Config(tmp_path)
    assert config.from_mapping({"SECRET_KEY": "config", "lower": 1}, TEST_KEY="foo") is True
    _check(config)
    assert "lower" not in config
    assert config.from_mapping() is True
    with pytest.raises(TypeError):
        config.from_mapping({}, {})  # type: ignore[call-arg]


def test_from_file_json(tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps({"TEST_KEY": "foo", "SECRET_KEY": "config", "lower": 1})
    )
    config = Config(tmp_path)
    assert config.from_file("settings.json", load=json.load) is True
    _check(config)


def test_from_file_toml_binary(tmp_path):
    (tmp_path / "settings.toml").write_text('TEST_KEY = "foo"\nSECRET_KEY = "config"\n')
    config = Config(tmp_path)
    assert config.from_file("settings.toml", load=tomllib.load, text=False) is True
    _check(config)


def test_from_file_missing(tmp_path):
    with pytest.raises(OSError, match=r"Unable to load configuration file \(No such file"):
        Config(tmp_path).from_file("missing.json", json.load)
    assert Config(tmp_path).from_file("missing.json", json.load, silent=True) is False


def test_from_prefixed_env(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_STRING", "value")
    monkeypatch.setenv("FLASK_BOOL", "true")
    monkeypatch.setenv("FLASK_INT", "1")
    monkeypatch.setenv("FLASK_FLOAT", "1.2")
    monkeypatch.setenv("FLASK_LIST", "[1, 2]")
    monkeypatch.setenv("FLASK_DICT", '{"k": "v"}')
    monkeypatch.setenv("NOT_FLASK_OTHER", "other")
    config = Config(tmp_path)
    assert config.from_prefixed_env() is True
    assert config == {
        "STRING": "value",
        "BOOL": True,
        "INT": 1,
        "FLOAT": 1.2,
        "LIST": [1, 2],
        "DICT": {"k": "v"},
    }


def test_from_prefixed_env_custom_prefix_and_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_A", "a")
    monkeypatch.setenv("APP_A", "a")
    monkeypatch.setenv("APP_B", "b")
    config = Config(tmp_path)
    config.from_prefixed_env("APP", loads=str.upper)
    assert config == {"A": "A", "B": "B"}


def test_from_prefixed_env_nested(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_EXIST__ok", "other")
    monkeypatch.setenv("FLASK_EXIST__inner__ik", "2")
    monkeypatch.setenv("FLASK_EXIST__new__more", '{"k": false}')
    monkeypatch.setenv("FLASK_NEW__K", "v")
    config = Config(tmp_path)
    config["EXIST"] = {"ok": "value", "flag": True, "inner": {"ik": 1}}
    config.from_prefixed_env()
    assert config["EXIST"] == {
        "ok": "other",
        "flag": True,
        "inner": {"ik": 2},
        "new": {"more": {"k": False}},
    }
    assert config["NEW"] == {"K": "v"}


def test_from_prefixed_env_applies_keys_in_sorted_order(tmp_path, monkeypatch):
    # "A" sorts before "A__B", so the nested value lands in the dict "A" created.
    monkeypatch.setenv("FLASK_A__B", "2")
    monkeypatch.setenv("FLASK_A", '{"C": 1}')
    config = Config(tmp_path)
    config.from_prefixed_env()
    assert config["A"] == {"B": 2, "C": 1}


def test_get_namespace(tmp_path):
    config = Config(tmp_path)
    config.update(
        FOO_OPTION_1="foo option 1",
        FOO_OPTION_2="foo option 2",
        BAR_STUFF_1="bar stuff 1",
    )
    assert config.get_namespace("FOO_") == {
        "option_1": "foo option 1",
        "option_2": "foo option 2",
    }
    assert config.get_namespace("FOO_", lowercase=False) == {
        "OPTION_1": "foo option 1",
        "OPTION_2": "foo option 2",
    }
    assert config.get_namespace("BAR_", lowercase=False, trim_namespace=False) == {
        "BAR_STUFF_1": "bar stuff 1"
    }
    assert config.get_namespace("BAR_", trim_namespace=False) == {"bar_stuff_1": "bar stuff 1"}


class App:
    secret_key = ConfigAttribute("SECRET_KEY")
    max_age = ConfigAttribute("MAX_AGE", get_converter=int)

    def __init__(self) -> None:
        self.config = Config(os.getcwd(), {"SECRET_KEY": "s", "MAX_AGE": "30"})


def test_config_attribute_forwards_to_config():
    app = App()
    assert app.secret_key == "s"
    app.secret_key = "changed"
    assert app.config["SECRET_KEY"] == "changed"
    app.config["SECRET_KEY"] = "again"
    assert app.secret_key == "again"


def test_config_attribute_converter_and_class_access():
    app = App()
    assert app.max_age == 30
    app.max_age = "45"
    assert app.config["MAX_AGE"] == "45"  # the converter applies on read only
    assert app.max_age == 45
    assert isinstance(App.secret_key, ConfigAttribute)
    assert App.secret_key.__name__ == "SECRET_KEY"
