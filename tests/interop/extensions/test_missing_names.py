"""A Flask name flaskish does not have fails loudly, naming it, under ``install_as_flask()``.

``from flask.x import name`` is an ``ImportError`` and ``flask.x.name`` an
``AttributeError``; both name the Flask name and say flaskish does not provide
it. ``hasattr`` and ``getattr`` with a default keep answering no, so an
extension's feature checks still work.
"""

from __future__ import annotations

import importlib

import flask
import pytest


def reason(module: str, name: str) -> str:
    return (
        "flaskish is installed as 'flask' and does not provide this Flask name"
        f" ({module!r} has no {name!r})."
    )


def test_from_flask_import_a_missing_name() -> None:
    with pytest.raises(ImportError) as exc_info:
        from flask import does_not_exist  # noqa: F401
    assert str(exc_info.value) == (
        "cannot import name 'does_not_exist' from 'flask': " + reason("flaskish", "does_not_exist")
    )
    assert exc_info.value.name == "flask"


@pytest.mark.parametrize(
    ("module", "name"),
    [
        # Names Flask 3.1 has and flaskish does not.
        ("helpers", "_prepare_send_file_kwargs"),
        ("debughelpers", "explain_template_loading_attempts"),
        ("templating", "_default_template_ctx_processor"),
        # Modules with a __getattr__ of their own (for deprecated names).
        ("globals", "nope"),
        ("signals", "nope"),
        ("json", "nope"),
        ("json.provider", "nope"),
    ],
)
def test_from_flask_module_import_a_missing_name(module: str, name: str) -> None:
    with pytest.raises(ImportError) as exc_info:
        exec(f"from flask.{module} import {name}", {})
    assert str(exc_info.value) == (
        f"cannot import name {name!r} from 'flask.{module}': " + reason(f"flaskish.{module}", name)
    )


@pytest.mark.parametrize("module", ["globals", "helpers", "json", "sessions", "testing"])
def test_a_missing_attribute_of_a_flask_module(module: str) -> None:
    mod = importlib.import_module(f"flask.{module}")
    with pytest.raises(AttributeError) as exc_info:
        mod.nope  # noqa: B018
    assert str(exc_info.value) == (
        f"module 'flask.{module}' has no attribute 'nope': " + reason(f"flaskish.{module}", "nope")
    )
    assert exc_info.value.name == "nope"


def test_a_missing_attribute_of_flask() -> None:
    with pytest.raises(AttributeError) as exc_info:
        flask.nope  # noqa: B018
    assert str(exc_info.value) == (
        "module 'flask' has no attribute 'nope': " + reason("flaskish", "nope")
    )


def test_feature_checks_still_answer_no() -> None:
    import flask.globals
    import flask.helpers

    assert not hasattr(flask, "does_not_exist")
    assert not hasattr(flask.globals, "nope")
    assert getattr(flask.helpers, "_prepare_send_file_kwargs", "fallback") == "fallback"


def test_extensions_try_import_fallback_pattern_works() -> None:
    # How extensions support several Flask versions.
    try:
        from flask.helpers import _prepare_send_file_kwargs as found  # noqa: F401
    except ImportError:
        found = None
    assert found is None


def test_a_missing_flask_module_is_a_module_not_found_error() -> None:
    with pytest.raises(ModuleNotFoundError) as exc_info:
        import flask.nonexistent  # noqa: F401
    assert exc_info.value.name == "flask.nonexistent"
    assert "flaskish is installed as 'flask' and does not provide this Flask module" in str(
        exc_info.value
    )


def test_names_that_exist_import_as_usual() -> None:
    from flask import Flask
    from flask.globals import request_ctx
    from flask.helpers import get_root_path

    import flaskish.globals
    import flaskish.helpers

    assert Flask is flaskish.Flask
    assert request_ctx is flaskish.globals.request_ctx
    assert get_root_path is flaskish.helpers.get_root_path
