"""The session signer does itsdangerous's work once per key, with identical output."""

from __future__ import annotations

import hashlib

import pytest
from itsdangerous import BadSignature, URLSafeTimedSerializer

from flaskish import signing
from flaskish.signing import KeyCachingSigner, PreparedHMAC


def serializers(keys: list[str], digest=hashlib.sha1):
    plain = URLSafeTimedSerializer(
        keys,
        salt="cookie-session",
        signer_kwargs={"key_derivation": "hmac", "digest_method": digest},
    )
    cached = URLSafeTimedSerializer(
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
