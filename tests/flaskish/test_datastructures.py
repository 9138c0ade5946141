"""Behaviour of flaskish.datastructures.

Expected values were taken from running Werkzeug 3.1 on the same inputs; where flaskish
deliberately differs (header encoding, ``EnvironHeaders`` lookups) the test says so.
"""

from __future__ import annotations

import copy
import io
import pickle
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.files.uploadedfile import (
    InMemoryUploadedFile,
    SimpleUploadedFile,
    TemporaryUploadedFile,
)
from django.http import HttpResponse, QueryDict
from django.http.response import ResponseHeaders

from flaskish.datastructures import (
    CallbackDict,
    CombinedMultiDict,
    EnvironHeaders,
    FileMultiDict,
    FileStorage,
    Headers,
    ImmutableDict,
    ImmutableMultiDict,
    ImmutableTypeConversionDict,
    MultiDict,
    TypeConversionDict,
    iter_multi_items,
)
from flaskish.embedded import ensure_django
from flaskish.exceptions import BadRequest, BadRequestKeyError


@pytest.fixture(scope="module", autouse=True)
def django_settings() -> None:
    # Keeps a project's (or pytest-django's) settings; configures the embedded ones
    # only when nothing is configured yet.
    ensure_django()


# --- MultiDict ------------------------------------------------------------------------


def test_multidict_from_mapping_with_list_and_tuple_values():
    md = MultiDict({"a": [1, 2], "b": (3,), "c": 4})
    assert repr(md) == "MultiDict([('a', 1), ('a', 2), ('b', 3), ('c', 4)])"
    assert dict.__repr__(md) == "{'a': [1, 2], 'b': [3], 'c': [4]}"


def test_multidict_from_pairs_and_from_multidict():
    md = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    assert repr(md) == "MultiDict([('a', 1), ('a', 2), ('b', 3)])"
    again = MultiDict(md)
    assert repr(again) == "MultiDict([('a', 1), ('a', 2), ('b', 3)])"
    again.add("a", 9)
    assert md.getlist("a") == [1, 2]


def test_multidict_from_django_querydict_keeps_every_value():
    md = MultiDict(QueryDict("a=1&a=2&b=3"))
    assert list(md.items(multi=True)) == [("a", "1"), ("a", "2"), ("b", "3")]


def test_multidict_getitem_is_first_value_and_missing_is_a_400():
    md = MultiDict([("a", "1"), ("a", "2")])
    assert md["a"] == "1"
    with pytest.raises(BadRequestKeyError) as info:
        md["zz"]
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, BadRequest)
    assert info.value.code == 400
    assert info.value.args == ("zz",)


def test_multidict_get_with_type_and_default():
    md = MultiDict([("a", "1"), ("a", "x"), ("a", "3")])
    assert md.get("a", type=int) == 1
    assert md.get("a", 7, type=lambda v: int("x")) == 7
    assert md.get("q") is None
    assert md.get("q", "d") == "d"
    assert md.getlist("a", type=int) == [1, 3]
    assert md.getlist("missing") == []


def test_multidict_get_type_errors_other_than_value_and_type_propagate():
    md = MultiDict([("a", "1")])
    with pytest.raises(ZeroDivisionError):
        md.get("a", type=lambda v: 1 / 0)


def test_multidict_getlist_is_a_copy():
    md = MultiDict([("a", 1)])
    md.getlist("a").append(2)
    assert md.getlist("a") == [1]


def test_multidict_setitem_setlist_and_add():
    md = MultiDict([("a", "1"), ("a", "2")])
    md["a"] = "z"
    assert repr(md) == "MultiDict([('a', 'z')])"
    md.setlist("b", ["1", "2"])
    assert repr(md) == "MultiDict([('a', 'z'), ('b', '1'), ('b', '2')])"
    md.add("b", "3")
    assert md.getlist("b") == ["1", "2", "3"]
    md.setlist("b", [])
    assert repr(md) == "MultiDict([('a', 'z')])"
    assert "b" in md


def test_multidict_setdefault_and_setlistdefault():
    md = MultiDict([("a", "z")])
    assert md.setdefault("a", "q") == "z"
    assert md.setdefault("n", "q") == "q"
    assert md.setdefault("none") is None
    assert repr(md) == "MultiDict([('a', 'z'), ('n', 'q'), ('none', None)])"

    md = MultiDict()
    assert md.setlistdefault("k", [1, 2]) == [1, 2]
    assert md.setlistdefault("k", [3]) == [1, 2]
    md.setlistdefault("k").append(9)
    assert repr(md) == "MultiDict([('k', 1), ('k', 2), ('k', 9)])"


def test_multidict_pop_family():
    md = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    assert md.poplist("a") == [1, 2]
    assert md.poplist("zz") == []
    assert repr(md) == "MultiDict([('b', 3)])"

    md = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    assert md.pop("a") == 1
    assert md.pop("zz", "d") == "d"
    with pytest.raises(BadRequestKeyError) as info:
        md.pop("zz")
    assert info.value.args == ("zz",)
    assert repr(md) == "MultiDict([('b', 3)])"

    md = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    assert md.popitem() == ("b", 3)
    assert md.popitem() == ("a", 1)
    with pytest.raises(BadRequestKeyError):
        md.popitem()

    md = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    assert md.popitemlist() == ("b", [3])
    with pytest.raises(BadRequestKeyError):
        MultiDict().popitemlist()


def test_multidict_views():
    md = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    assert list(md.items()) == [("a", 1), ("b", 3)]
    assert list(md.items(multi=True)) == [("a", 1), ("a", 2), ("b", 3)]
    assert list(md.keys()) == ["a", "b"]
    assert list(md.values()) == [1, 3]
    assert list(md.lists()) == [("a", [1, 2]), ("b", [3])]
    assert list(md.listvalues()) == [[1, 2], [3]]
    assert list(md) == ["a", "b"]
    assert md.to_dict() == {"a": 1, "b": 3}
    assert md.to_dict(flat=False) == {"a": [1, 2], "b": [3]}


def test_multidict_update_adds_values():
    md = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    md.update({"a": 5, "c": [6, 7]})
    assert repr(md) == "MultiDict([('a', 1), ('a', 2), ('a', 5), ('b', 3), ('c', 6), ('c', 7)])"
    md.update(MultiDict([("b", 8), ("b", 9)]))
    md.update([("d", 1)])
    assert repr(md) == (
        "MultiDict([('a', 1), ('a', 2), ('a', 5), ('b', 3), ('b', 8), ('b', 9),"
        " ('c', 6), ('c', 7), ('d', 1)])"
    )


def test_multidict_or_operators():
    md = MultiDict([("a", 1)])
    combined = md | {"a": 2}
    assert repr(combined) == "MultiDict([('a', 1), ('a', 2)])"
    assert repr(md) == "MultiDict([('a', 1)])"
    md |= {"b": 3}
    assert repr(md) == "MultiDict([('a', 1), ('b', 3)])"


def test_multidict_copies():
    md = MultiDict([("a", [1])])
    shallow = md.copy()
    assert type(shallow) is MultiDict
    assert shallow.getlist("a")[0] is md.getlist("a")[0]
    deep = md.deepcopy()
    assert deep == md
    assert deep.getlist("a")[0] is not md.getlist("a")[0]
    assert type(copy.copy(md)) is MultiDict
    assert copy.deepcopy(md).getlist("a")[0] is not md.getlist("a")[0]


def test_multidict_pickle_and_equality():
    md = MultiDict([("a", 1), ("a", 2)])
    assert repr(pickle.loads(pickle.dumps(md))) == "MultiDict([('a', 1), ('a', 2)])"
    assert md == MultiDict([("a", 1), ("a", 2)])
    assert md != MultiDict([("a", 1)])
    assert MultiDict([("a", 1)]) == {"a": [1]}
    assert MultiDict([("a", 1)]) != {"a": 1}
    assert repr(MultiDict()) == "MultiDict([])"


def test_immutable_multidict_refuses_every_change():
    imd = ImmutableMultiDict([("a", 1), ("a", 2)])
    changes = [
        lambda: imd.__setitem__("a", 1),
        lambda: imd.add("a", 1),
        lambda: imd.pop("a"),
        lambda: imd.update({}),
        imd.clear,
        lambda: imd.setdefault("a"),
        lambda: imd.__delitem__("a"),
        lambda: imd.poplist("a"),
        lambda: imd.setlist("a", []),
        imd.popitem,
        imd.popitemlist,
        lambda: imd.setlistdefault("a"),
        lambda: imd.__ior__({}),
    ]
    for change in changes:
        with pytest.raises(TypeError) as info:
            change()
        assert str(info.value) == "'ImmutableMultiDict' objects are immutable"
    assert repr(imd) == "ImmutableMultiDict([('a', 1), ('a', 2)])"


def test_immutable_multidict_hash_copy_pickle():
    imd = ImmutableMultiDict([("a", 1), ("a", 2)])
    assert hash(imd) == hash(ImmutableMultiDict([("a", 1), ("a", 2)]))
    assert {imd: "ok"}[ImmutableMultiDict([("a", 1), ("a", 2)])] == "ok"
    assert type(imd.copy()) is MultiDict
    assert copy.copy(imd) is imd
    assert repr(pickle.loads(pickle.dumps(imd))) == "ImmutableMultiDict([('a', 1), ('a', 2)])"
    assert ImmutableMultiDict.fromkeys(["x", "y"], "v") == {"x": ["v"], "y": ["v"]}


def test_from_querydict_builds_an_independent_immutable_multidict():
    qd = QueryDict("a=1&a=2&b=3", mutable=True)
    imd = ImmutableMultiDict.from_querydict(qd)
    assert type(imd) is ImmutableMultiDict
    assert repr(imd) == "ImmutableMultiDict([('a', '1'), ('a', '2'), ('b', '3')])"
    qd.appendlist("a", "later")
    assert imd.getlist("a") == ["1", "2"]
    assert ImmutableMultiDict.from_querydict(QueryDict("")) == {}


def test_combined_multidict_reads_through_in_order():
    a = MultiDict([("x", "1"), ("x", "2"), ("y", "3")])
    b = MultiDict([("x", "4"), ("z", "5")])
    c = CombinedMultiDict([a, b])
    assert repr(c) == (
        "CombinedMultiDict([MultiDict([('x', '1'), ('x', '2'), ('y', '3')]),"
        " MultiDict([('x', '4'), ('z', '5')])])"
    )
    assert c["x"] == "1"
    with pytest.raises(BadRequestKeyError):
        c["q"]
    assert c.get("z") == "5"
    assert c.get("q", "d") == "d"
    assert c.get("x", type=int) == 1
    assert c.get("y", "d", type=lambda v: int("x")) == "d"
    assert c.getlist("x") == ["1", "2", "4"]
    assert c.getlist("x", type=int) == [1, 2, 4]
    assert list(c.items()) == [("x", "1"), ("y", "3"), ("z", "5")]
    assert list(c.items(multi=True)) == [
        ("x", "1"),
        ("x", "2"),
        ("y", "3"),
        ("x", "4"),
        ("z", "5"),
    ]
    assert list(c.values()) == ["1", "3", "5"]
    assert list(c.lists()) == [("x", ["1", "2", "4"]), ("y", ["3"]), ("z", ["5"])]
    assert list(c.listvalues()) == [["1", "2", "4"], ["3"], ["5"]]
    # Werkzeug answers keys in set order; flaskish keeps first-seen order.
    assert sorted(c.keys()) == ["x", "y", "z"]
    assert list(c) == ["x", "y", "z"]
    assert c.to_dict() == {"x": "1", "y": "3", "z": "5"}
    assert c.to_dict(flat=False) == {"x": ["1", "2", "4"], "y": ["3"], "z": ["5"]}
    assert len(c) == 3
    assert "z" in c
    assert "q" not in c
    assert bool(c) is True
    assert bool(CombinedMultiDict([MultiDict()])) is False
    b.add("late", "6")
    assert c["late"] == "6"


def test_combined_multidict_copies_and_immutability():
    a = MultiDict([("x", "1"), ("x", "2"), ("y", "3")])
    b = MultiDict([("x", "4"), ("z", "5")])
    c = CombinedMultiDict([a, b])
    copied = c.copy()
    assert type(copied) is MultiDict
    assert repr(copied) == "MultiDict([('x', '1'), ('x', '2'), ('x', '4'), ('y', '3'), ('z', '5')])"
    assert type(copy.copy(c)) is MultiDict
    deep = copy.deepcopy(c)
    assert type(deep) is CombinedMultiDict
    assert deep.dicts[0] is not a
    assert deep == c
    assert repr(pickle.loads(pickle.dumps(c))) == repr(c)
    with pytest.raises(TypeError) as info:
        c["a"] = 1
    assert str(info.value) == "'CombinedMultiDict' objects are immutable"
    with pytest.raises(TypeError) as info:
        c.add("a", 1)
    assert str(info.value) == "'CombinedMultiDict' objects are immutable"
    with pytest.raises(TypeError) as info:
        CombinedMultiDict.fromkeys(["a"])
    assert str(info.value) == "cannot create 'CombinedMultiDict' instances by fromkeys"
    assert hash(c) == hash(CombinedMultiDict([a, b]))


def test_type_conversion_dicts():
    td = TypeConversionDict(foo="42", bar="blub")
    assert td.get("foo", type=int) == 42
    assert td.get("bar", -1, type=int) == -1
    assert td.get("q") is None
    assert repr(td) == "{'foo': '42', 'bar': 'blub'}"
    with pytest.raises(KeyError):
        td["q"]

    itd = ImmutableTypeConversionDict(foo="1")
    assert repr(itd) == "{'foo': '1'}"
    assert itd.get("foo", type=int) == 1
    with pytest.raises(TypeError) as info:
        itd["a"] = 1
    assert str(info.value) == "'ImmutableTypeConversionDict' objects are immutable"
    assert type(itd.copy()) is TypeConversionDict
    assert copy.copy(itd) is itd
    assert hash(itd) == hash(ImmutableTypeConversionDict(foo="1"))


def test_immutable_dict():
    idd = ImmutableDict(a=1)
    assert repr(idd) == "ImmutableDict({'a': 1})"
    changes = [
        lambda: idd.__setitem__("a", 1),
        lambda: idd.update(b=1),
        lambda: idd.pop("a"),
        idd.popitem,
        idd.clear,
        lambda: idd.setdefault("a"),
        lambda: idd.__delitem__("a"),
        lambda: idd.__ior__({}),
    ]
    for change in changes:
        with pytest.raises(TypeError) as info:
            change()
        assert str(info.value) == "'ImmutableDict' objects are immutable"
    assert type(idd.copy()) is dict
    assert copy.copy(idd) is idd
    assert repr(pickle.loads(pickle.dumps(idd))) == "ImmutableDict({'a': 1})"
    assert repr(ImmutableDict.fromkeys(["a"], 2)) == "ImmutableDict({'a': 2})"
    assert hash(idd) == hash(ImmutableDict(a=1))


def test_iter_multi_items():
    assert list(iter_multi_items({"a": [1, 2], "b": 3, "c": (4, 5), "d": "s"})) == [
        ("a", 1),
        ("a", 2),
        ("b", 3),
        ("c", 4),
        ("c", 5),
        ("d", "s"),
    ]
    assert list(iter_multi_items(MultiDict([("a", 1), ("a", 2)]))) == [("a", 1), ("a", 2)]
    assert list(iter_multi_items([("a", 1), ("a", [2])])) == [("a", 1), ("a", [2])]
    assert list(iter_multi_items(QueryDict("a=1&a=2"))) == [("a", "1"), ("a", "2")]


# --- CallbackDict -----------------------------------------------------------------


def test_callback_dict_reports_each_change():
    calls = []
    cd = CallbackDict({"a": 1}, on_update=lambda d: calls.append(dict(d)))
    cd["b"] = 2
    del cd["a"]
    cd.setdefault("c", 3)
    cd.setdefault("c", 4)  # already there: not a change
    cd.pop("c")
    cd.pop("zz", None)  # missing: not a change
    cd.update(x=1)
    cd |= {"y": 2}
    cd.popitem()
    cd.clear()
    assert calls == [
        {"a": 1, "b": 2},
        {"b": 2},
        {"b": 2, "c": 3},
        {"b": 2},
        {"b": 2, "x": 1},
        {"b": 2, "x": 1, "y": 2},
        {"b": 2, "x": 1},
        {},
    ]
    assert repr(cd) == "<CallbackDict {}>"
    assert repr(CallbackDict({"a": 1})) == "<CallbackDict {'a': 1}>"


def test_callback_dict_failed_pop_does_not_report():
    calls = []
    cd = CallbackDict(on_update=calls.append)
    with pytest.raises(KeyError):
        cd.pop("q")
    assert calls == []


# --- Headers --------------------------------------------------------------------------


def test_headers_lookup_is_case_insensitive_and_ordered():
    h = Headers([("X-Foo", "1"), ("x-foo", "2"), ("Content-Type", "text/html")])
    assert repr(h) == "Headers([('X-Foo', '1'), ('x-foo', '2'), ('Content-Type', 'text/html')])"
    assert h["X-FOO"] == "1"
    assert h[0] == ("X-Foo", "1")
    assert repr(h[1:]) == "Headers([('x-foo', '2'), ('Content-Type', 'text/html')])"
    with pytest.raises(BadRequestKeyError) as info:
        h["nope"]
    assert info.value.args == ("nope",)
    with pytest.raises(IndexError):
        h[9]


def test_headers_get_and_getlist():
    h = Headers([("X-Foo", "1"), ("x-foo", "2"), ("Content-Type", "text/html")])
    assert h.get("x-foo") == "1"
    assert h.get("nope") is None
    assert h.get("nope", "d") == "d"
    assert h.get("x-foo", type=int) == 1
    assert h.get("content-type", "d", type=int) == "d"
    assert h.getlist("X-FOO") == ["1", "2"]
    assert h.getlist("x-foo", type=int) == [1, 2]
    assert h.getlist("content-type", type=int) == []
    assert h.get_all("x-foo") == ["1", "2"]


def test_headers_constructor_inputs():
    assert repr(Headers({"A": "1", "B": ["2", "3"]})) == (
        "Headers([('A', '1'), ('B', '2'), ('B', '3')])"
    )
    assert repr(Headers([("A", 1)])) == "Headers([('A', '1')])"
    assert repr(Headers({"A": (1, 2)})) == "Headers([('A', '1'), ('A', '2')])"
    h = Headers([("A", "1")])
    assert Headers(h) == h
    assert Headers(h) is not h
    assert len(Headers()) == 0
    assert len(Headers(None)) == 0


def test_headers_add_renders_parameters():
    h = Headers()
    h.add("Content-Disposition", "attachment", filename="a.txt")
    h.add("CD", "x", filename="a b.txt", size=3, flag=None, under_score="u", q='a"b')
    h.add("X", 5)
    h.add("Z", "v", filename="a;b")
    h.add_header("Z2", "v", x=True)
    h.add("E", "v", a="")
    assert h.items() == [
        ("Content-Disposition", "attachment; filename=a.txt"),
        ("CD", 'x; filename="a b.txt"; size=3; under-score=u; q="a\\"b"'),
        ("X", "5"),
        ("Z", 'v; filename="a;b"'),
        ("Z2", "v; x=True"),
        ("E", 'v; a=""'),
    ]


def test_headers_set_replaces_first_in_place_and_drops_the_rest():
    h = Headers([("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")])
    h.set("a", "new")
    assert h.items() == [("a", "new"), ("B", "2"), ("C", "4")]
    h.set("D", "d", p="1")
    assert h.items() == [("a", "new"), ("B", "2"), ("C", "4"), ("D", "d; p=1")]
    h["b"] = 7
    assert h.items() == [("a", "new"), ("b", "7"), ("C", "4"), ("D", "d; p=1")]


def test_headers_setlist():
    h = Headers([("a", "new"), ("B", "2"), ("C", "4"), ("D", "d; p=1")])
    h.setlist("B", ["x", "y"])
    assert h.items() == [("a", "new"), ("B", "x"), ("C", "4"), ("D", "d; p=1"), ("B", "y")]
    h.setlist("C", [])
    assert h.items() == [("a", "new"), ("B", "x"), ("D", "d; p=1"), ("B", "y")]
    h.setlist("N", ["1", "2"])
    assert h.items()[-2:] == [("N", "1"), ("N", "2")]


def test_headers_setdefault_and_setlistdefault():
    h = Headers([("a", "new"), ("B", "x"), ("B", "y")])
    assert h.setdefault("A", "z") == "new"
    assert h.setdefault("Q", 7) == 7
    assert h.items()[-1] == ("Q", "7")
    assert h.setlistdefault("b", ["z"]) == ["x", "y"]
    assert h.setlistdefault("R", ["1", 2]) == ["1", "2"]
    assert h.items()[-2:] == [("R", "1"), ("R", "2")]


def test_headers_extend_adds():
    h = Headers([("A", "1")])
    h.extend({"A": "2", "B": ["3", "4"]}, C="5")
    assert h.items() == [("A", "1"), ("A", "2"), ("B", "3"), ("B", "4"), ("C", "5")]
    h.extend([("D", "6")])
    h.extend(Headers([("a", "7")]))
    assert h.items()[-2:] == [("D", "6"), ("a", "7")]
    with pytest.raises(TypeError):
        h.extend({}, {})  # type: ignore[call-arg]


def test_headers_update_replaces_per_name():
    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    h.update({"a": "x", "C": ["c1", "c2"]}, B="bb")
    assert h.items() == [("a", "x"), ("B", "bb"), ("C", "c1"), ("C", "c2")]
    h.update(Headers([("c", "9"), ("C", "10")]))
    assert h.items() == [("a", "x"), ("B", "bb"), ("C", "9"), ("C", "10")]
    h.update([("B", "z"), ("B", "y")])
    assert h.items() == [("a", "x"), ("B", "y"), ("C", "9"), ("C", "10")]
    h.update(MultiDict([("M", "1"), ("M", "2")]))
    assert h.getlist("m") == ["1", "2"]


def test_headers_or_operators():
    h = Headers([("A", "1"), ("B", "2")])
    assert (h | {"a": "x"}).items() == [("a", "x"), ("B", "2")]
    assert h.items() == [("A", "1"), ("B", "2")]
    h |= {"c": "3"}
    assert h.items() == [("A", "1"), ("B", "2"), ("c", "3")]


def test_headers_removal():
    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    h.remove("A")
    assert h.items() == [("B", "2")]
    h.remove("nope")

    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    del h["a"]
    assert h.items() == [("B", "2")]
    del h["nope"]  # Django's `del response[name]` relies on this being silent
    del h[0]
    assert h.items() == []

    h = Headers([("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")])
    del h[1:3]
    assert h.items() == [("A", "1"), ("C", "4")]


def test_headers_pop():
    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    assert h.pop("a") == "1"
    assert h.items() == [("B", "2")]

    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    assert h.pop() == ("a", "3")
    assert h.pop(0) == ("A", "1")
    assert h.items() == [("B", "2")]

    h = Headers([("A", "1")])
    with pytest.raises(BadRequestKeyError) as info:
        h.pop("zz")
    assert info.value.args == ("zz",)
    assert h.pop("zz", "d") == "d"
    assert h.pop("zz", None) is None
    with pytest.raises(IndexError):
        Headers().pop()
    with pytest.raises(IndexError):
        h.pop(5)

    h = Headers([("A", "1"), ("B", "2")])
    assert h.popitem() == ("B", "2")
    assert h.items() == [("A", "1")]
    with pytest.raises(IndexError):
        Headers().popitem()


def test_headers_container_protocol():
    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    assert "a" in h
    assert "A" in h
    assert "z" not in h
    assert ("A", "1") not in h
    assert list(h) == [("A", "1"), ("B", "2"), ("a", "3")]
    assert len(h) == 3
    assert list(h.keys()) == ["A", "B", "a"]
    assert list(h.keys(lower=True)) == ["a", "b", "a"]
    assert list(h.values()) == ["1", "2", "3"]
    assert list(h.items(lower=True)) == [("a", "1"), ("b", "2"), ("a", "3")]
    assert h.to_wsgi_list() == [("A", "1"), ("B", "2"), ("a", "3")]
    h.clear()
    assert h.items() == []
    assert not h


def test_headers_copy_equality_hash_pickle():
    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    assert type(h.copy()) is Headers
    assert h.copy() == h
    assert copy.copy(h) is not h
    copied = h.copy()
    copied.add("C", "4")
    assert "C" not in h
    assert h == Headers([("a", "1"), ("b", "2"), ("A", "3")])
    assert h != Headers([("A", "1")])
    assert h != [("A", "1"), ("B", "2"), ("a", "3")]
    assert h != {"A": "1"}
    with pytest.raises(TypeError):
        hash(h)
    assert repr(pickle.loads(pickle.dumps(Headers([("A", "1")])))) == "Headers([('A', '1')])"


def test_headers_str_is_a_header_block():
    h = Headers([("X-Foo", "1"), ("x-foo", "2"), ("Content-Type", "text/html")])
    assert str(h) == "X-Foo: 1\r\nx-foo: 2\r\nContent-Type: text/html\r\n\r\n"
    assert str(Headers()) == "\r\n"


def test_headers_setitem_by_index_and_slice():
    h = Headers([("A", "1"), ("B", "2"), ("a", "3")])
    h["a"] = "n"
    assert h.items() == [("a", "n"), ("B", "2")]
    h[1] = ("K", 5)
    assert h.items() == [("a", "n"), ("K", "5")]
    h[0:1] = [("S", "1"), ("T", "2")]
    assert h.items() == [("S", "1"), ("T", "2"), ("K", "5")]


@pytest.mark.parametrize(
    "change",
    [
        lambda h: h.add("X", "a\nb"),
        lambda h: h.set("X", "a\rb"),
        lambda h: h.__setitem__("X", "a\r\nSet-Cookie: evil=1"),
        lambda h: h.setdefault("X", "a\nb"),
        lambda h: h.add("X", "a", p="a\nb"),
        lambda h: h.extend([("X", "a\nb")]),
        lambda h: h.setlist("X", ["ok", "a\nb"]),
        lambda h: h.__setitem__(0, ("X", "a\nb")),
    ],
)
def test_headers_refuse_newlines_in_values(change):
    h = Headers([("A", "1")])
    with pytest.raises(ValueError) as info:
        change(h)
    assert str(info.value) == "Header values must not contain newline characters."
    assert h.items() == [("A", "1")]


def test_headers_refuse_newlines_in_names():
    with pytest.raises(ValueError) as info:
        Headers().add("X\r", "a")
    assert str(info.value) == "Header names must not contain newline characters."
    with pytest.raises(ValueError) as info:
        Headers([("X\nY", "a")])
    assert str(info.value) == "Header names must not contain newline characters."


def test_headers_encode_values_like_django():
    # Werkzeug stores these untouched; flaskish stores what Django would send.
    h = Headers([("X", "ü€"), ("Latin", "café"), ("Bytes", b"caf\xe9")])
    django_headers = ResponseHeaders({"X": "ü€"})
    assert h["X"] == django_headers["X"] == "=?utf-8?b?w7zigqw=?="
    assert h["Latin"] == "café"
    assert h["Bytes"] == "café"


def test_headers_refuse_non_ascii_names():
    with pytest.raises(UnicodeEncodeError) as info:
        Headers([("Ä", "v")])
    assert str(info.value) == (
        "'ascii' codec can't encode character '\\xc4' in position 0:"
        " header names must be ASCII, got 'Ä'"
    )
    with pytest.raises(TypeError) as type_info:
        Headers([(1, "x")])
    assert str(type_info.value) == "Header names must be strings, not 'int'."


# --- Headers as a Django response's header store ------------------------------------


def _response_with_flaskish_headers() -> HttpResponse:
    response = HttpResponse(b"hi", content_type="text/plain")
    response.headers = Headers(  # type: ignore[assignment]
        [("Content-Type", "text/plain"), ("X-Foo", "a"), ("X-Foo", "b")]
    )
    return response


def test_django_response_reads_flaskish_headers():
    response = _response_with_flaskish_headers()
    assert list(response.items()) == [
        ("Content-Type", "text/plain"),
        ("X-Foo", "a"),
        ("X-Foo", "b"),
    ]
    assert response.has_header("x-foo")
    assert "X-FOO" in response
    assert response["x-foo"] == "a"
    assert response.get("x-foo") == "a"
    assert response.get("nope", "alt") == "alt"
    assert response.charset == "utf-8"
    assert repr(response) == '<HttpResponse status_code=200, "text/plain">'
    assert response.serialize_headers() == (b"Content-Type: text/plain\r\nX-Foo: a\r\nX-Foo: b")


def test_django_response_changes_flaskish_headers():
    response = _response_with_flaskish_headers()
    response["X-Bar"] = "€uro"
    assert response["X-Bar"] == "=?utf-8?b?4oKsdXJv?="
    response.setdefault("X-Foo", "c")
    response.setdefault("X-New", "n")
    assert response.headers.getlist("X-Foo") == ["a", "b"]
    assert response["X-New"] == "n"
    del response["X-Foo"]
    del response["Missing"]
    assert list(response.items()) == [
        ("Content-Type", "text/plain"),
        ("X-Bar", "=?utf-8?b?4oKsdXJv?="),
        ("X-New", "n"),
    ]
    with pytest.raises(ValueError) as info:
        response["X-Evil"] = "a\r\nSet-Cookie: x=1"
    assert str(info.value) == "Header values must not contain newline characters."
    assert "X-Evil" not in response


def test_django_cache_utilities_work_on_flaskish_headers():
    from django.utils.cache import (
        get_max_age,
        has_vary_header,
        patch_cache_control,
        patch_vary_headers,
    )

    response = _response_with_flaskish_headers()
    patch_vary_headers(response, ["Cookie"])
    patch_vary_headers(response, ["Accept-Language", "cookie"])
    assert response["Vary"] == "Cookie, Accept-Language"
    assert has_vary_header(response, "cookie")
    patch_cache_control(response, max_age=60, public=True)
    patch_cache_control(response, no_cache=True)
    assert response["Cache-Control"] == "max-age=60, public, no-cache"
    assert get_max_age(response) == 60
    assert response.headers.getlist("X-Foo") == ["a", "b"]


def test_django_wsgi_handler_sends_every_flaskish_header():
    from django.core.handlers.wsgi import WSGIHandler

    response = _response_with_flaskish_headers()
    response.set_cookie("sid", "1")

    class OneResponseHandler(WSGIHandler):
        def get_response(self, request):
            return response

    environ: dict = {}
    setup_testing_defaults(environ)
    sent = []
    body = OneResponseHandler()(environ, lambda status, headers: sent.append((status, headers)))
    assert b"".join(body) == b"hi"
    body.close()
    # Django 5.2 sends the cookie line with a leading space, 6.x without.
    normalised = [(status, [(k, v.strip()) for k, v in headers]) for status, headers in sent]
    assert normalised == [
        (
            "200 OK",
            [
                ("Content-Type", "text/plain"),
                ("X-Foo", "a"),
                ("X-Foo", "b"),
                ("Set-Cookie", "sid=1; Path=/"),
            ],
        )
    ]


def test_django_response_with_flaskish_headers_pickles():
    response = _response_with_flaskish_headers()
    restored = pickle.loads(pickle.dumps(response))
    assert type(restored.headers) is Headers
    assert list(restored.items()) == list(response.items())


# --- EnvironHeaders -----------------------------------------------------------------

ENVIRON = {
    "HTTP_X_FOO_BAR": "1",
    "CONTENT_TYPE": "text/plain",
    "CONTENT_LENGTH": "5",
    "HTTP_CONTENT_TYPE": "bad",
    "HTTP_CONTENT_LENGTH": "9",
    "SERVER_NAME": "x",
    "wsgi.input": None,
    "HTTP_HOST": "h",
}


def test_environ_headers_read_the_environ():
    eh = EnvironHeaders(ENVIRON)
    assert list(eh) == [
        ("X-Foo-Bar", "1"),
        ("Content-Type", "text/plain"),
        ("Content-Length", "5"),
        ("Host", "h"),
    ]
    assert len(eh) == 4
    assert eh["x-foo-bar"] == "1"
    assert eh["Content-Type"] == "text/plain"
    assert eh.get("content-length") == "5"
    assert eh.get("content-length", type=int) == 5
    assert eh.get("nope", "d") == "d"
    assert eh.getlist("x-foo-bar") == ["1"]
    assert eh.getlist("nope") == []
    assert "Host" in eh
    assert "nope" not in eh
    assert repr(eh) == (
        "EnvironHeaders([('X-Foo-Bar', '1'), ('Content-Type', 'text/plain'),"
        " ('Content-Length', '5'), ('Host', 'h')])"
    )
    assert eh.keys() == ["X-Foo-Bar", "Content-Type", "Content-Length", "Host"]
    assert eh == EnvironHeaders(dict(ENVIRON))


def test_environ_headers_missing_header_is_a_400():
    # Werkzeug raises a plain KeyError('HTTP_NOPE') here; a missing request header
    # is the client's fault, so flaskish answers 400 like every other request lookup.
    eh = EnvironHeaders(ENVIRON)
    with pytest.raises(BadRequestKeyError) as info:
        eh["nope"]
    assert info.value.args == ("nope",)


def test_environ_headers_skip_empty_content_headers():
    eh = EnvironHeaders({"CONTENT_TYPE": "", "CONTENT_LENGTH": "", "HTTP_CONTENT_TYPE": "x"})
    assert list(eh) == []
    assert "Content-Type" not in eh
    assert eh.get("Content-Type") is None


def test_environ_headers_are_lazy():
    class Watched(dict):
        iterated = False

        def items(self):
            Watched.iterated = True
            return super().items()

    eh = EnvironHeaders(Watched(ENVIRON))
    assert eh["Host"] == "h"
    assert "X-Foo-Bar" in eh
    assert Watched.iterated is False
    list(eh)
    assert Watched.iterated is True


def test_environ_headers_refuse_changes():
    eh = EnvironHeaders(ENVIRON)
    changes = [
        lambda: eh.add("a", "b"),
        lambda: eh.add_header("a", "b"),
        lambda: eh.__setitem__("a", "b"),
        lambda: eh.set("a", "b"),
        lambda: eh.setlist("a", ["b"]),
        lambda: eh.extend({"a": "b"}),
        lambda: eh.update({"a": "b"}),
        lambda: eh.pop("Host"),
        eh.popitem,
        lambda: eh.__delitem__("Host"),
        lambda: eh.remove("Host"),
        eh.clear,
        lambda: eh.setdefault("a", "b"),
        lambda: eh.setlistdefault("a", ["b"]),
    ]
    for change in changes:
        with pytest.raises(TypeError) as info:
            change()
        assert str(info.value) == "'EnvironHeaders' objects are immutable"
    assert len(eh) == 4


def test_environ_headers_copy_is_a_mutable_headers():
    # Werkzeug refuses to copy; a mutable copy is what callers want.
    copied = EnvironHeaders(ENVIRON).copy()
    assert type(copied) is Headers
    copied.add("X-More", "2")
    assert copied.getlist("x-more") == ["2"]
    assert "X-More" not in EnvironHeaders(ENVIRON)
    assert type(EnvironHeaders(ENVIRON)[0:1]) is Headers


# --- FileStorage --------------------------------------------------------------------


def test_file_storage_attributes_and_stream_methods():
    fs = FileStorage(
        io.BytesIO(b"line1\nline2\n"),
        filename="a.txt",
        name="doc",
        content_type='Text/HTML; Charset=UTF-8; q="x y"',
        content_length=12,
    )
    assert repr(fs) == "<FileStorage: 'a.txt' ('Text/HTML; Charset=UTF-8; q=\"x y\"')>"
    assert fs.mimetype == "text/html"
    assert fs.mimetype_params == {"charset": "UTF-8", "q": "x y"}
    assert fs.content_type == 'Text/HTML; Charset=UTF-8; q="x y"'
    assert fs.content_length == 12
    assert fs.name == "doc"
    assert bool(fs) is True
    assert list(fs.headers) == [
        ("Content-Type", 'Text/HTML; Charset=UTF-8; q="x y"'),
        ("Content-Length", "12"),
    ]
    assert fs.readline() == b"line1\n"
    assert fs.tell() == 6
    assert fs.read() == b"line2\n"
    assert fs.seek(0) == 0
    assert list(fs) == [b"line1\n", b"line2\n"]
    fs.seek(2)
    assert fs.read(3) == b"ne1"
    assert fs.getvalue() == b"line1\nline2\n"  # forwarded to the stream
    fs.close()
    assert fs.closed is True


def test_file_storage_defaults():
    fs = FileStorage()
    assert repr(fs) == "<FileStorage: None (None)>"
    assert bool(fs) is False
    assert fs.content_length == 0
    assert fs.mimetype == ""
    assert fs.mimetype_params == {}
    assert fs.read() == b""
    assert fs.filename is None
    assert bool(FileStorage(io.BytesIO(b"x"), filename="")) is False


def test_file_storage_filename_from_stream_name():
    class Special(io.BytesIO):
        name = "<stdin>"

    class Named(io.BytesIO):
        name = b"/tmp/p.bin"

    assert FileStorage(Special(b"x")).filename is None
    assert FileStorage(Named(b"x")).filename == "/tmp/p.bin"
    assert FileStorage(io.BytesIO(b"x"), content_length="abc").content_length == 0  # type: ignore[arg-type]


def test_file_storage_mimetype_follows_header_changes():
    fs = FileStorage(content_type="text/plain")
    assert fs.mimetype == "text/plain"
    fs.headers["Content-Type"] = "image/PNG; x=1"
    assert fs.mimetype == "image/png"
    assert fs.mimetype_params == {"x": "1"}


def test_file_storage_save_to_path_and_file(tmp_path):
    fs = FileStorage(io.BytesIO(b"data" * 10_000), filename="a.bin")
    target = tmp_path / "out.bin"
    fs.save(target)
    assert target.read_bytes() == b"data" * 10_000

    fs.seek(0)
    fs.save(str(tmp_path / "str.bin"), buffer_size=7)
    assert (tmp_path / "str.bin").read_bytes() == b"data" * 10_000

    fs.seek(0)
    buffer = io.BytesIO()
    fs.save(buffer)
    assert buffer.closed is False
    assert buffer.getvalue() == b"data" * 10_000


def test_file_storage_from_simple_uploaded_file(tmp_path):
    upload = SimpleUploadedFile("report.txt", b"hello", content_type="text/plain")
    fs = FileStorage.from_django(upload, "doc")
    assert fs.stream is upload
    assert fs.filename == "report.txt"
    assert fs.name == "doc"
    assert fs.content_type == "text/plain"
    assert fs.mimetype == "text/plain"
    assert fs.content_length == 5
    assert fs.headers["Content-Disposition"] == "form-data; name=doc; filename=report.txt"
    assert repr(fs) == "<FileStorage: 'report.txt' ('text/plain')>"
    assert list(fs.chunks()) == [b"hello"]  # Django's own API, forwarded
    fs.seek(0)
    fs.save(tmp_path / "copy.txt")
    assert (tmp_path / "copy.txt").read_bytes() == b"hello"


def test_file_storage_from_temporary_uploaded_file(tmp_path):
    upload = TemporaryUploadedFile(
        "photo one.png", "image/png", 4, None, content_type_extra={"x": "1"}
    )
    upload.write(b"\x89PNG")
    upload.seek(0)
    fs = FileStorage.from_django(upload, "photo")
    assert fs.filename == "photo one.png"
    assert fs.content_type == "image/png; x=1"
    assert fs.mimetype_params == {"x": "1"}
    assert fs.content_length == 4
    assert fs.headers["Content-Disposition"] == ('form-data; name=photo; filename="photo one.png"')
    assert fs.temporary_file_path() == upload.temporary_file_path()
    destination = tmp_path / "saved.png"
    fs.save(str(destination))
    assert destination.read_bytes() == b"\x89PNG"
    fs.close()
    assert upload.closed


def test_file_storage_from_in_memory_upload_keeps_charset():
    upload = InMemoryUploadedFile(
        io.BytesIO(b"a,b"),
        "file",
        "données.csv",
        "text/csv",
        3,
        "utf-8",
        {"charset": "utf-8"},
    )
    fs = FileStorage.from_django(upload, "file")
    assert fs.filename == "données.csv"
    assert fs.content_type == "text/csv; charset=utf-8"
    assert fs.mimetype_params == {"charset": "utf-8"}
    assert fs.read() == b"a,b"


def test_file_multidict_add_file(tmp_path):
    path = tmp_path / "notes"
    path.write_bytes(b"n")
    fm = FileMultiDict()
    fm.add_file("f", io.BytesIO(b"x"), filename="a.txt", content_type="text/plain")
    fm.add_file("g", io.BytesIO(b"x"))
    fm.add_file("h", str(path))
    fm.add_file("i", tmp_path / "notes", filename="b.json")
    ready = FileStorage(io.BytesIO(b"ab"), filename="b.bin")
    fm.add_file("j", ready)
    assert repr(fm["f"]) == "<FileStorage: 'a.txt' ('text/plain')>"
    assert fm["f"].name == "f"
    assert fm["g"].filename is None
    assert fm["g"].content_type is None
    assert fm["h"].filename == str(path)
    assert fm["h"].content_type == "application/octet-stream"
    assert fm["h"].read() == b"n"
    assert fm["i"].content_type == "application/json"
    assert fm["j"] is ready
    for name in ("h", "i"):
        fm[name].close()


def test_dict_of_a_multidict_takes_first_values():
    md = MultiDict([("a", "1"), ("a", "2"), ("b", "3")])
    assert dict(md) == {"a": "1", "b": "3"}
    assert dict(ImmutableMultiDict([("x", "y"), ("x", "z")])) == {"x": "y"}
