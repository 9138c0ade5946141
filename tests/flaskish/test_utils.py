import os.path
import sys
import types

import pytest

from flaskish.utils import ImportStringError, cached_property, import_string


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


# -- cached_property ----------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.runs = 0

    @cached_property
    def total(self) -> int:
        """The sum, computed once."""
        self.runs += 1
        return 42


def test_cached_property_computes_once_per_instance() -> None:
    report, other = Report(), Report()
    assert (report.total, report.total, report.runs) == (42, 42, 1)
    assert (other.total, other.runs) == (42, 1)


def test_cached_property_assign_and_delete() -> None:
    report = Report()
    report.total = 7
    assert (report.total, report.runs) == (7, 0)
    del report.total
    assert (report.total, report.runs) == (42, 1)
    del report.total
    with pytest.raises(AttributeError) as exc_info:
        del report.total
    assert str(exc_info.value) == "'Report' object has no cached value for 'total'."


def test_cached_property_on_the_class_is_the_descriptor() -> None:
    assert isinstance(Report.total, cached_property)
    assert isinstance(Report.total, property)
    assert Report.total.__doc__ == "The sum, computed once."
    assert Report.total.__name__ == "total"


def test_cached_property_with_slots_uses_a_cache_slot() -> None:
    class Slotted:
        __slots__ = ("_cache_value", "calls")

        def __init__(self) -> None:
            self.calls = 0

        @cached_property
        def value(self) -> str:
            self.calls += 1
            return "computed"

    obj = Slotted()
    assert (obj.value, obj.value, obj.calls) == ("computed", "computed", 1)
    obj.value = "set"
    assert obj.value == "set"
    del obj.value
    assert (obj.value, obj.calls) == ("computed", 2)


def test_cached_property_does_not_cache_an_exception() -> None:
    class Flaky:
        attempts = 0

        @cached_property
        def value(self) -> int:
            self.attempts += 1
            if self.attempts == 1:
                raise ValueError("not yet")
            return self.attempts

    obj = Flaky()
    with pytest.raises(ValueError):
        obj.value  # noqa: B018
    assert obj.value == 2
