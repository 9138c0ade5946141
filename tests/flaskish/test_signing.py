"""The session signer does itsdangerous's work once per key, with identical output."""

from __future__ import annotations

import hashlib

import pytest
from itsdangerous import BadSignature, URLSafeTimedSerializer

from flaskish import Flask, session, signing
from flaskish.signing import KeyCachingSigner, PreparedHMAC, SignerReusingSerializer


def serializers(keys: list[str], digest=hashlib.sha1):
    plain = URLSafeTimedSerializer(
        keys,
        salt="cookie-session",
        signer_kwargs={"key_derivation": "hmac", "digest_method": digest},
    )
    cached = SignerReusingSerializer(
        keys,
        salt="cookie-session",
        signer=KeyCachingSigner,
        signer_kwargs={
            "key_derivation": "hmac",
            "digest_method": digest,
            "algorithm": PreparedHMAC(digest),
        },
    )
    return plain, cached


@pytest.mark.parametrize("digest", [hashlib.sha1, hashlib.sha256])
def test_signatures_are_itsdangerous_own(digest, monkeypatch) -> None:
    monkeypatch.setattr("time.time", lambda: 1_700_000_000)
    plain, cached = serializers(["old", "current"], digest)
    for payload in ({"user": "ann"}, {"n": 1, "list": [1, 2, 3]}, {}):
        token = cached.dumps(payload)
        assert token == plain.dumps(payload)
        assert plain.loads(token) == payload
        assert cached.loads(plain.dumps(payload)) == payload
        assert cached.dumps(payload) == token  # the cached key gives the same again


def test_fallback_keys_verify_and_other_keys_do_not() -> None:
    _, signed_with_old = serializers(["old"])
    _, rotated = serializers(["old", "current"])
    _, stranger = serializers(["someone else"])
    token = signed_with_old.dumps({"user": "ann"})
    assert rotated.loads(token) == {"user": "ann"}
    with pytest.raises(BadSignature):
        stranger.loads(token)
    with pytest.raises(BadSignature):
        rotated.loads(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])


def test_the_caches_stay_bounded(monkeypatch) -> None:
    monkeypatch.setattr(signing, "_derived_keys", {})
    monkeypatch.setattr(signing, "_keyed_macs", {})
    for n in range(signing._MAX_KEYS + 20):
        _, cached = serializers([f"key {n}"])
        assert cached.loads(cached.dumps({"n": n})) == {"n": n}
    assert len(signing._derived_keys) == signing._MAX_KEYS
    assert len(signing._keyed_macs) == signing._MAX_KEYS


def test_a_serializer_signs_with_each_salt_it_is_given(monkeypatch) -> None:
    monkeypatch.setattr("time.time", lambda: 1_700_000_000)
    plain, cached = serializers(["current"])
    for salt in ("cookie-session", "other", "cookie-session"):
        token = cached.dumps({"a": 1}, salt=salt)
        assert token == plain.dumps({"a": 1}, salt=salt)
        assert cached.loads(token, salt=salt) == {"a": 1}
    with pytest.raises(BadSignature):
        cached.loads(cached.dumps({"a": 1}, salt="other"))


def test_session_requests_build_the_signer_once(monkeypatch) -> None:
    built: list[object] = []
    real_init = KeyCachingSigner.__init__

    def counting_init(self, *args, **kwargs) -> None:
        built.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(KeyCachingSigner, "__init__", counting_init)
    app = Flask(__name__)
    app.secret_key = "a key no other test uses"

    @app.route("/")
    def visit() -> str:
        session["visits"] = session.get("visits", 0) + 1
        return str(session["visits"])

    client = app.test_client()
    answers = [client.get("/").get_data(as_text=True) for _ in range(4)]
    assert answers == ["1", "2", "3", "4"]  # each request verified and re-signed the cookie
    assert len(built) == 1
