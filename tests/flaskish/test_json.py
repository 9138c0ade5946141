"""``flaskish.json`` and its providers, compared with Flask 3.1.3.

Expected strings come from running the same calls on real Flask 3.1.3 (outside an
app context, inside ``app.app_context()``, and through ``flask.jsonify``) and are
pasted here. The legacy (Flask < 2.3) settings have no Flask 3.1 counterpart; their
expectations follow from the standard library's documented options.
"""

from __future__ import annotations

import dataclasses
import decimal
import gc
import io
import json
import uuid
import warnings
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from markupsafe import Markup

import flaskish.json as fjson
from flaskish.globals import _cv_app
from flaskish.json.provider import DefaultJSONProvider, JSONProvider


@dataclasses.dataclass
class Point:
    x: int
    y: tuple


U = uuid.UUID("12345678-1234-5678-1234-567812345678")
DATA = {
    "z": 1,
    "date": date(2024, 2, 29),
    "naive": datetime(2024, 2, 29, 13, 45, 7, 999999),
    "aware": datetime(2024, 2, 29, 13, 45, 7, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    "old": datetime(1900, 1, 1),
    "dec": decimal.Decimal("1.10"),
    "uuid": U,
    "dc": Point(1, (2, 3)),
    "markup": Markup("<i>x</i>"),
    "text": "ünï €",
    "list": [1, None, True],
}
FLASK_DUMPS_OUTSIDE = (
    '{"z": 1, "date": "Thu, 29 Feb 2024 00:00:00 GMT", "naive": "Thu, 29 Feb 2024 13:45:07 GMT",'
    ' "aware": "Thu, 29 Feb 2024 19:15:07 GMT", "old": "Mon, 01 Jan 1900 00:00:00 GMT",'
    ' "dec": "1.10", "uuid": "12345678-1234-5678-1234-567812345678", "dc": {"x": 1, "y": [2, 3]},'
    ' "markup": "<i>x</i>", "text": "\\u00fcn\\u00ef \\u20ac", "list": [1, null, true]}'
)
FLASK_DUMPS_INSIDE = (
    '{"aware": "Thu, 29 Feb 2024 19:15:07 GMT", "date": "Thu, 29 Feb 2024 00:00:00 GMT",'
    ' "dc": {"x": 1, "y": [2, 3]}, "dec": "1.10", "list": [1, null, true], "markup": "<i>x</i>",'
    ' "naive": "Thu, 29 Feb 2024 13:45:07 GMT", "old": "Mon, 01 Jan 1900 00:00:00 GMT",'
    ' "text": "\\u00fcn\\u00ef \\u20ac", "uuid": "12345678-1234-5678-1234-567812345678", "z": 1}'
)


class StubResponse:
    def __init__(self, body: str, mimetype: str | None = None) -> None:
        self.body = body
        self.mimetype = mimetype


class StubApp:
    """The parts of ``Flask`` a JSON provider uses."""

    json_provider_class = DefaultJSONProvider
    response_class = StubResponse

    def __init__(self, **config: object) -> None:
        self.config: dict[str, object] = dict(config)
        self.debug = False
        self.json = self.json_provider_class(self)


@pytest.fixture
def app() -> StubApp:
    return StubApp()


@pytest.fixture
def app_ctx(app):
    token = _cv_app.set(SimpleNamespace(app=app))
    yield app
    _cv_app.reset(token)


# Module functions -----------------------------------------------------------------


def test_dumps_outside_app_context_matches_flask():
    assert fjson.dumps(DATA) == FLASK_DUMPS_OUTSIDE


def test_dumps_in_app_context_matches_flask(app_ctx):
    assert fjson.dumps(DATA) == FLASK_DUMPS_INSIDE


def test_dumps_kwargs_override_provider(app_ctx):
    assert (
        fjson.dumps({"b": 1, "a": "é"}, sort_keys=False, ensure_ascii=False) == '{"b": 1, "a": "é"}'
    )


def test_dumps_unserializable_message():
    with pytest.raises(TypeError) as exc:
        fjson.dumps(object())
    assert str(exc.value) == "Object of type object is not JSON serializable"


def test_dump_writes_to_file(app_ctx):
    out = io.StringIO()
    fjson.dump(DATA, out)
    assert out.getvalue() == FLASK_DUMPS_INSIDE
    out = io.StringIO()
    fjson.dump({"b": 1, "a": 2}, out)
    assert out.getvalue() == '{"a": 2, "b": 1}'


def test_dump_outside_app_context():
    out = io.StringIO()
    fjson.dump(DATA, out)
    assert out.getvalue() == FLASK_DUMPS_OUTSIDE


@pytest.mark.parametrize("use_ctx", [False, True])
def test_loads_and_load(request, use_ctx):
    if use_ctx:
        request.getfixturevalue("app_ctx")
    assert fjson.loads('{"a": [1, 2.5, null]}') == {"a": [1, 2.5, None]}
    assert fjson.loads(b'"\\u00e9"') == "é"
    assert fjson.load(io.StringIO('{"a": true}')) == {"a": True}
    assert fjson.load(io.BytesIO(b"[1]")) == [1]


def test_module_functions_use_the_apps_provider(app_ctx):
    class Upper(JSONProvider):
        def dumps(self, obj, **kwargs):
            return json.dumps(obj).upper()

        def loads(self, s, **kwargs):
            return ["loaded", s]

    app_ctx.json = Upper(app_ctx)
    assert fjson.dumps("abc") == '"ABC"'
    assert fjson.loads("x") == ["loaded", "x"]
    assert fjson.load(io.StringIO("y")) == ["loaded", "y"]
    out = io.StringIO()
    fjson.dump("q", out)
    assert out.getvalue() == '"Q"'


# jsonify and response() ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "body"),
    [
        ((), {}, "null\n"),
        ((1,), {}, "1\n"),
        ((1, 2, "x"), {}, '[1,2,"x"]\n'),
        ((), {"b": [1, 2], "a": {"c": None}}, '{"a":{"c":null},"b":[1,2]}\n'),
        (({"k": [1, {"j": 2}]},), {}, '{"k":[1,{"j":2}]}\n'),
    ],
)
def test_jsonify_matches_flask(app_ctx, args, kwargs, body):
    rv = fjson.jsonify(*args, **kwargs)
    assert rv.body == body
    assert rv.mimetype == "application/json"


def test_jsonify_debug_is_indented(app_ctx):
    app_ctx.debug = True
    rv = fjson.jsonify(b=[1, 2], a={"c": None})
    assert rv.body == '{\n  "a": {\n    "c": null\n  },\n  "b": [\n    1,\n    2\n  ]\n}\n'


def test_compact_true_wins_over_debug(app_ctx):
    app_ctx.debug = True
    app_ctx.json.compact = True
    assert fjson.jsonify(b=[1, 2]).body == '{"b":[1,2]}\n'


def test_compact_false_indents_without_debug(app_ctx):
    app_ctx.json.compact = False
    assert fjson.jsonify([1, {"a": 2}]).body == '[\n  1,\n  {\n    "a": 2\n  }\n]\n'


def test_response_mimetype_attribute(app):
    app.json.mimetype = "application/vnd.api+json"
    assert app.json.response([1]).mimetype == "application/vnd.api+json"


def test_jsonify_args_and_kwargs_is_an_error(app_ctx):
    with pytest.raises(TypeError) as exc:
        fjson.jsonify(1, a=2)
    assert str(exc.value) == (
        "app.json.response() takes either args or kwargs, not both. Pass a"
        " single dict or list to combine them."
    )


def test_jsonify_needs_an_app_context():
    with pytest.raises(RuntimeError) as exc:
        fjson.jsonify(1)
    assert str(exc.value).startswith("Working outside of application context.")


def test_base_provider(app):
    class Minimal(JSONProvider):
        def dumps(self, obj, **kwargs):
            return json.dumps(obj, **kwargs)

        def loads(self, s, **kwargs):
            return json.loads(s, **kwargs)

    provider = Minimal(app)
    rv = provider.response(a=1)
    assert (rv.body, rv.mimetype) == ('{"a": 1}', "application/json")
    out = io.StringIO()
    provider.dump([1], out)
    assert out.getvalue() == "[1]"
    assert provider.load(io.StringIO("[2]")) == [2]


def test_base_provider_requires_dumps_and_loads(app):
    provider = JSONProvider(app)
    with pytest.raises(NotImplementedError) as exc:
        provider.dumps(1)
    assert str(exc.value) == "JSONProvider must implement dumps() to serialize JSON."
    with pytest.raises(NotImplementedError) as exc:
        provider.loads("1")
    assert str(exc.value) == "JSONProvider must implement loads() to deserialize JSON."


def test_provider_holds_the_app_weakly():
    app = StubApp()
    provider = app.json
    del app
    gc.collect()
    with pytest.raises(ReferenceError):
        provider.response(1)


def test_custom_default(app):
    class Provider(DefaultJSONProvider):
        @staticmethod
        def default(o):
            if isinstance(o, set):
                return sorted(o)
            return DefaultJSONProvider.default(o)

    provider = Provider(app)
    assert provider.dumps({"s": {3, 1}, "u": U}) == (
        '{"s": [1, 3], "u": "12345678-1234-5678-1234-567812345678"}'
    )


def test_dataclass_class_is_not_serialized():
    with pytest.raises(TypeError) as exc:
        fjson.dumps(Point)
    assert str(exc.value) == "Object of type type is not JSON serializable"


# htmlsafe_dumps / tojson ----------------------------------------------------------


def test_htmlsafe_dumps_matches_flask_tojson(app_ctx):
    # Flask: render_template_string("{{ v|tojson }}", v=...)
    rv = fjson.htmlsafe_dumps({"a": "<script>'&'</script>", "b": Markup("<x>")})
    assert rv == (
        '{"a": "\\u003cscript\\u003e\\u0027\\u0026\\u0027\\u003c/script\\u003e",'
        ' "b": "\\u003cx\\u003e"}'
    )
    assert isinstance(rv, Markup)
    assert json.loads(rv) == {"a": "<script>'&'</script>", "b": "<x>"}


def test_htmlsafe_dump():
    out = io.StringIO()
    fjson.htmlsafe_dump(["</script>"], out)
    assert out.getvalue() == '["\\u003c/script\\u003e"]'


# Flask < 2.3 compatibility --------------------------------------------------------


@pytest.mark.parametrize("name", ["JSONEncoder", "JSONDecoder"])
def test_legacy_classes_warn(name):
    with pytest.deprecated_call(match=f"'flaskish.json.{name}' is deprecated"):
        cls = getattr(fjson, name)
    assert cls.__name__ == name
    assert issubclass(cls, json.JSONEncoder if name == "JSONEncoder" else json.JSONDecoder)


def test_legacy_from_import_warns():
    with pytest.deprecated_call():
        from flaskish.json import JSONEncoder
    assert json.dumps({"u": U, "d": date(2024, 2, 29)}, cls=JSONEncoder, sort_keys=True) == (
        '{"d": "Thu, 29 Feb 2024 00:00:00 GMT", "u": "12345678-1234-5678-1234-567812345678"}'
    )


def test_unknown_attribute():
    with pytest.raises(AttributeError) as exc:
        fjson.nothing_here  # noqa: B018
    assert str(exc.value) == "module 'flaskish.json' has no attribute 'nothing_here'"


def test_no_warning_without_legacy_settings(app_ctx):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fjson.jsonify({"a": 1})
        fjson.loads("1")


def test_legacy_sort_keys_and_as_ascii(app_ctx):
    app_ctx.config.update(JSON_SORT_KEYS=False, JSON_AS_ASCII=False)
    with pytest.deprecated_call(match="'JSON_SORT_KEYS' config key is deprecated"):
        with pytest.deprecated_call(match="'JSON_AS_ASCII' config key is deprecated"):
            assert fjson.dumps({"b": "é", "a": 1}) == '{"b": "é", "a": 1}'


def test_legacy_prettyprint_regular(app_ctx):
    app_ctx.config["JSONIFY_PRETTYPRINT_REGULAR"] = True
    with pytest.deprecated_call(match="'JSONIFY_PRETTYPRINT_REGULAR' config key is deprecated"):
        assert fjson.jsonify(a=1).body == '{\n  "a": 1\n}\n'


def test_legacy_prettyprint_false_keeps_debug_indent(app_ctx):
    # False is the seed-era default the key has in every app's config: not a
    # setting, so no warning, and debug mode still indents.
    app_ctx.config["JSONIFY_PRETTYPRINT_REGULAR"] = False
    app_ctx.debug = True
    assert fjson.jsonify(a=1).body == '{\n  "a": 1\n}\n'


def test_legacy_mimetype(app_ctx):
    app_ctx.config["JSONIFY_MIMETYPE"] = "text/json"
    with pytest.deprecated_call(match="'JSONIFY_MIMETYPE' config key is deprecated"):
        assert fjson.jsonify(1).mimetype == "text/json"


def test_legacy_json_encoder_on_app(app_ctx):
    class SetEncoder(json.JSONEncoder):
        def default(self, o):
            if isinstance(o, set):
                return sorted(o)
            return super().default(o)

    app_ctx.json_encoder = SetEncoder
    with pytest.deprecated_call(match="Setting 'json_encoder' on the app is deprecated"):
        assert fjson.dumps({"s": {2, 1}}) == '{"s": [1, 2]}'


def test_legacy_json_encoder_without_default_keeps_flask_types(app_ctx):
    class Plain(json.JSONEncoder):
        item_separator = ";"

    app_ctx.json_encoder = Plain
    with pytest.deprecated_call():
        assert fjson.dumps([U, 1]) == '["12345678-1234-5678-1234-567812345678";1]'


def test_legacy_json_decoder_on_app(app_ctx):
    class Decoder(json.JSONDecoder):
        def __init__(self, **kwargs):
            kwargs.setdefault("parse_int", str)
            super().__init__(**kwargs)

    app_ctx.json_decoder = Decoder
    with pytest.deprecated_call(match="Setting 'json_decoder' on the app is deprecated"):
        assert fjson.loads("[1, 2]") == ["1", "2"]


def test_legacy_config_not_consulted_when_kwargs_given(app_ctx):
    app_ctx.config.update(JSON_SORT_KEYS=False, JSON_AS_ASCII=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fjson.dumps({"b": "é", "a": 1}, sort_keys=True, ensure_ascii=True) == (
            '{"a": 1, "b": "\\u00e9"}'
        )


# One encoder per set of options -----------------------------------------------------

ENCODER_OPTIONS = {
    "provider defaults": {},
    "compact": {"separators": (",", ":")},
    "indented": {"indent": 2},
    "unsorted, unicode": {"sort_keys": False, "ensure_ascii": False},
    "list separators": {"separators": [",", ":"]},
    "an option json.dumps alone takes": {"allow_nan": False},
}


@pytest.mark.parametrize("options", ENCODER_OPTIONS.values(), ids=ENCODER_OPTIONS.keys())
def test_dumps_with_options_is_what_json_dumps_writes(app, options):
    expected_options = {"sort_keys": True, "ensure_ascii": True, **options}
    expected = json.dumps(DATA, default=app.json.default, **expected_options)
    assert app.json.dumps(DATA, **options) == expected
    assert app.json.dumps(DATA, **options) == expected  # again, with a kept encoder


def test_provider_builds_one_encoder_per_set_of_options(app, monkeypatch):
    built: list[dict[str, object]] = []
    real_init = json.JSONEncoder.__init__

    def counting_init(self, **kwargs):
        built.append(kwargs)
        real_init(self, **kwargs)

    monkeypatch.setattr(json.JSONEncoder, "__init__", counting_init)
    for n in range(3):
        assert app.json.response({"n": n}).body == f'{{"n":{n}}}\n'
        assert app.json.dumps({"n": n}) == f'{{"n": {n}}}'
    assert len(built) == 2  # compact for responses, the default for dumps
    app.json.sort_keys = False  # options changed later get their own encoder
    assert app.json.dumps({"b": 1, "a": 2}) == '{"b": 1, "a": 2}'
    assert len(built) == 3
