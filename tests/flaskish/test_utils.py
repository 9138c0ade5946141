import os.path
import sys
import types

import pytest

from flaskish.utils import ImportStringError, import_string


def test_import_module():
    assert import_string("os.path") is os.path
    assert import_string("json") is sys.modules["json"]


def test_import_attribute_dotted_and_colon():
    assert import_string("os.path.join") is os.path.join
    assert import_string("os.path:join") is os.path.join
    assert import_string("collections:OrderedDict.fromkeys") is not None


def test_import_submodule_not_yet_imported(monkeypatch):
    monkeypatch.delitem(sys.modules, "email.mime.text", raising=False)
    module = import_string("email.mime.text")
    assert module.__name__ == "email.mime.text"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("no_such_module_xyz", "No module named 'no_such_module_xyz'"),
        ("no_such_module_xyz.attr", "No module named 'no_such_module_xyz'"),
        ("os.path.no_such_attr", "module 'posixpath' has no attribute 'no_such_attr'"),
        ("os.path:no_such_attr", "module 'posixpath' has no attribute 'no_such_attr'"),
        (":join", "Empty module name"),
    ],
)
def test_import_errors_say_what_to_fix(name, reason):
    with pytest.raises(ImportStringError) as info:
        import_string(name)
    error = info.value
    assert isinstance(error, ImportError)
    assert error.import_name == name
    assert str(error) == (
        f"Could not import {name!r}: {reason}. Check that the module is installed and"
        " importable, and that the name is spelled 'package.module:attribute' or"
        " 'package.module.attribute'."
    )


def test_errors_inside_the_target_module_propagate(monkeypatch, tmp_path):
    (tmp_path / "flaskish_broken_mod.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz") as info:
        import_string("flaskish_broken_mod:thing")
    assert not isinstance(info.value, ImportStringError)
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        import_string("flaskish_broken_mod")
    monkeypatch.delitem(sys.modules, "flaskish_broken_mod", raising=False)


def test_module_objects_in_sys_modules(monkeypatch):
    module = types.ModuleType("flaskish_fake_mod")
    module.value = 42
    monkeypatch.setitem(sys.modules, "flaskish_fake_mod", module)
    assert import_string("flaskish_fake_mod.value") == 42
    assert import_string("flaskish_fake_mod:value") == 42
