"""The session cookie's load and save skip the work their result does not need.

Structural guards, not timings: each removed piece of work is counted, and every
shortcut is checked against the full path it replaces (plain itsdangerous, the
tags run one by one, zlib itself), so the cookie stays Flask's byte for byte.
"""

from __future__ import annotations

import hashlib
import random
import zlib

import pytest
from itsdangerous import BadSignature, URLSafeTimedSerializer

from flaskish import Flask, session, signing
from flaskish.json import tag as tag_module
from flaskish.json.tag import JSONTag, TaggedJSONSerializer
from flaskish.sessions import _sha1
from flaskish.signing import KeyCachingSigner, _incompressible, _openssl_name

FROZEN = 1_700_000_000

# Every tag class's ``check``: the work the plain-value path leaves out.
TAG_CLASSES = [
    cls for cls in vars(tag_module).values() if isinstance(cls, type) and issubclass(cls, JSONTag)
]


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The names of the tags consulted, in order, while the fixture is active."""
    seen: list[str] = []
    for cls in TAG_CLASSES:
        if "check" in vars(cls):
            real = vars(cls)["check"]

            def counting(self, value, _real=real, _name=cls.__name__):
                seen.append(_name)
                return _real(self, value)

            monkeypatch.setattr(cls, "check", counting)
    return seen


def test_plain_values_are_not_run_through_the_tags(checks) -> None:
    s = TaggedJSONSerializer()
    value = {"user": "ann", "n": 3, "ratio": 0.5, "ok": True, "none": None, "l": [1, ["x"]]}
    assert s.dumps(value) == (
        '{"user":"ann","n":3,"ratio":0.5,"ok":true,"none":null,"l":[1,["x"]]}'
    )
    assert s.dumps({"visits": 2}) == '{"visits":2}'
    assert checks == []


@pytest.mark.parametrize(
    ("value", "flask_output"),
    [
        # Flask 3.1.3's output for each (see test_json_tag.py): one special value
        # anywhere sends the whole value through the tags.
        ({"l": [1, (2,)]}, '{"l":[1,{" t":[2]}]}'),
        ({" t": [1, 2]}, '{" di":{" t__":[1,2]}}'),
        ({"a": {" t": "x"}}, '{"a":{" di":{" t__":"x"}}}'),
        ({"b": b"x"}, '{"b":{" b":"eA=="}}'),
    ],
)
def test_values_with_special_types_still_go_through_the_tags(checks, value, flask_output) -> None:
    assert TaggedJSONSerializer().dumps(value) == flask_output
    assert checks  # the tags were consulted


def test_a_registered_tag_sees_plain_values_too() -> None:
    class TagInt(JSONTag):
        __slots__ = ()
        key = " i"

        def check(self, value):
            return type(value) is int

        def to_json(self, value):
            return str(value)

        def to_python(self, value):
            return int(value)

    s = TaggedJSONSerializer()
    s.register(TagInt, index=0)
    assert s.dumps({"n": 3}) == '{"n":{" i":"3"}}'
    assert s.loads('{"n":{" i":"3"}}') == {"n": 3}


def test_loading_a_flat_object_skips_the_scan_but_not_the_untagging(monkeypatch) -> None:
    scanned: list[object] = []
    real = TaggedJSONSerializer._untag_scan

    def counting(self, value):
        scanned.append(value)
        return real(self, value)

    monkeypatch.setattr(TaggedJSONSerializer, "_untag_scan", counting)
    s = TaggedJSONSerializer()
    assert s.loads('{"visits":2,"name":"ann"}') == {"visits": 2, "name": "ann"}
    assert s.loads('{" t":"ab"}') == ("a", "b")  # the object itself is a tagged value
    assert scanned == []
    assert s.loads('{"l":[{" t":[1]}]}') == {"l": [(1,)]}
    assert scanned  # nested: the full scan


def test_incompressible_is_never_wrong_about_zlib() -> None:
    """Whatever it calls incompressible, zlib does not shrink by the 2 bytes
    itsdangerous asks for; and it does call many small payloads incompressible."""
    rng = random.Random(15)
    alphabets = [b"ab", b"abc", b'{"}:,visits0123456789', bytes(range(256)), b"a"]
    skipped = 0
    for _ in range(20_000):
        alphabet = rng.choice(alphabets)
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        if _incompressible(data):
            skipped += 1
            assert len(zlib.compress(data)) >= len(data) - 1, data
    assert skipped > 2_000
    assert _incompressible(b'{"visits":2}')
    assert _incompressible(b'{"_user_id":"42"}')
    assert not _incompressible(b'{"a":"xxxxxxxxxxxx"}')  # a repeat: zlib decides


@pytest.fixture
def counted_compress(monkeypatch) -> list[bytes]:
    calls: list[bytes] = []
    real = zlib.compress

    def counting(data, *args, **kwargs):
        calls.append(data)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(signing.zlib, "compress", counting)
    return calls


@pytest.fixture
def frozen(monkeypatch) -> None:
    monkeypatch.setattr("time.time", lambda: FROZEN)


def session_app(values: dict) -> Flask:
    app = Flask(__name__)
    app.secret_key = "work-test-key"

    @app.route("/set")
    def set_values() -> str:
        session.update(values)
        return "ok"

    @app.route("/get")
    def get_values() -> str:
        return repr(sorted(session.items()))

    return app


def itsdangerous_cookie(payload: dict) -> str:
    """The cookie Flask writes for ``payload`` (its serializer, on plain itsdangerous)."""
    plain = URLSafeTimedSerializer(
        "work-test-key",
        salt="cookie-session",
        serializer=TaggedJSONSerializer(),
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    return plain.dumps(payload)


def set_cookie_value(app: Flask) -> str:
    response = app.test_client().get("/set")
    header = response.headers["Set-Cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]


def test_a_small_session_is_saved_without_zlib(counted_compress, frozen) -> None:
    cookie = set_cookie_value(session_app({"visits": 2}))
    assert counted_compress == []
    assert cookie == itsdangerous_cookie({"visits": 2})


def test_a_compressible_session_is_still_compressed(counted_compress, frozen) -> None:
    values = {"note": "spam " * 40}
    cookie = set_cookie_value(session_app(values))
    assert len(counted_compress) == 1
    assert cookie.startswith(".")  # itsdangerous's mark of a compressed payload
    assert cookie == itsdangerous_cookie(values)


def test_loading_a_session_builds_no_signing_datetime(monkeypatch) -> None:
    built: list[int] = []
    real = KeyCachingSigner.timestamp_to_datetime

    def counting(self, ts):
        built.append(ts)
        return real(self, ts)

    monkeypatch.setattr(KeyCachingSigner, "timestamp_to_datetime", counting)
    app = session_app({"visits": 2})
    client = app.test_client()
    client.get("/set")
    assert client.get("/get").get_data(as_text=True) == "[('visits', 2)]"
    assert built == []


def signers() -> tuple[URLSafeTimedSerializer, URLSafeTimedSerializer]:
    plain = URLSafeTimedSerializer(
        ["old", "current"],
        salt="cookie-session",
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    app = Flask(__name__)
    app.config.update(SECRET_KEY="current", SECRET_KEY_FALLBACKS=["old"])
    ours = app.session_interface.get_signing_serializer(app)
    assert ours is not None
    return plain, ours


def test_valid_tokens_load_as_itsdangerous_loads_them(frozen) -> None:
    plain, ours = signers()
    token = plain.dumps({"a": [1, "b"]})
    assert ours.dumps({"a": [1, "b"]}) == token
    assert ours.loads(token, max_age=60) == plain.loads(token, max_age=60)
    assert ours.loads(token, return_timestamp=True) == plain.loads(token, return_timestamp=True)
    old_only = URLSafeTimedSerializer(
        "old", salt="cookie-session", signer_kwargs={"key_derivation": "hmac"}
    ).dumps({"x": 1})
    assert ours.loads(old_only) == {"x": 1}


def bad_tokens(plain: URLSafeTimedSerializer) -> list[str]:
    good = plain.dumps({"a": 1})
    payload, stamp, sig = good.split(".")
    return [
        "",
        "no-separator",
        f"{payload}.{sig}",  # no timestamp
        f"{payload}.{stamp}.{sig[:-2]}xx",  # tampered signature
        f"{payload}.{stamp}.!!!",  # signature not base64
        f"e{payload}.{stamp}.{sig}",  # tampered payload
        f"{payload}.{stamp}x.{sig}",  # tampered timestamp
    ]


def test_every_bad_token_fails_with_itsdangerous_own_error(frozen) -> None:
    plain, ours = signers()
    for token in bad_tokens(plain):
        with pytest.raises(BadSignature) as expected:
            plain.loads(token, max_age=60)
        with pytest.raises(BadSignature) as got:
            ours.loads(token, max_age=60)
        assert (type(got.value), str(got.value)) == (type(expected.value), str(expected.value))


def test_expired_and_future_tokens_fail_as_in_itsdangerous(monkeypatch) -> None:
    plain, ours = signers()
    monkeypatch.setattr("time.time", lambda: FROZEN)
    token = plain.dumps({"a": 1})
    for now in (FROZEN + 61, FROZEN - 5):
        monkeypatch.setattr("time.time", lambda now=now: now)
        with pytest.raises(BadSignature) as expected:
            plain.loads(token, max_age=60)
        with pytest.raises(BadSignature) as got:
            ours.loads(token, max_age=60)
        assert (type(got.value), str(got.value)) == (type(expected.value), str(expected.value))


def test_hmac_runs_in_openssl_only_for_standard_hashes() -> None:
    assert _openssl_name(_sha1) == "sha1"
    assert _openssl_name(hashlib.sha256) == "sha256"
    # Same name, other size: hmac must use the function itself.
    assert _openssl_name(lambda data=b"": hashlib.blake2b(data, digest_size=20)) is None
    assert _openssl_name(lambda data=b"": hashlib.sha512(data)) == "sha512"
