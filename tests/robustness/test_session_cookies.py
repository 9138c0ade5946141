"""Session cookies that were tampered with, truncated, expired, or signed with another key.

The cookies are built here with itsdangerous the way Flask signs them (salt
``cookie-session``, HMAC-SHA1, tagged JSON, a timestamp), so an accepted cookie
is one Flask would accept too.  Anything not signed by ``SECRET_KEY`` or one of
``SECRET_KEY_FALLBACKS`` within the session lifetime is an empty session, never
an error; an oversized session cookie is sent with Flask's warning.
"""

from __future__ import annotations

import hashlib
import time
import typing as t

import pytest
from itsdangerous import Signer, TimestampSigner, URLSafeTimedSerializer
from robustness_support import assert_clean

from flaskish import Flask, session
from flaskish.json.tag import TaggedJSONSerializer

KEY = "robustness secret key"
OLD_KEY = "the key before the rotation"
DAY = 24 * 60 * 60


def signed(
    data: t.Any,
    key: str = KEY,
    *,
    age: int = 0,
    salt: str = "cookie-session",
    digest: t.Any = hashlib.sha1,
) -> str:
    """A session cookie value as Flask writes it, ``age`` seconds old."""
    timestamp = int(time.time()) - age

    class BackdatedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return timestamp

    serializer = URLSafeTimedSerializer(
        key,
        salt=salt,
        serializer=TaggedJSONSerializer(),
        signer=BackdatedSigner,
        signer_kwargs={"key_derivation": "hmac", "digest_method": digest},
    )
    return serializer.dumps(data)


def loads(value: str, key: str = KEY) -> t.Any:
    """Read a session cookie with ``key`` alone (no fallbacks)."""
    serializer = URLSafeTimedSerializer(
        key,
        salt="cookie-session",
        serializer=TaggedJSONSerializer(),
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    return serializer.loads(value)


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config["SECRET_KEY_FALLBACKS"] = [OLD_KEY]

    @app.get("/")
    def show() -> dict:
        return {"session": dict(session)}

    @app.get("/visit")
    def visit() -> dict:
        session["visits"] = session.get("visits", 0) + 1
        return {"session": dict(session)}

    @app.get("/big")
    def big() -> str:
        # Hex of chained hashes: no compression shrinks it below the cookie limit.
        chunks, digest = [], b""
        for _ in range(200):
            digest = hashlib.sha256(digest).digest()
            chunks.append(digest.hex())
        session["blob"] = "".join(chunks)
        return "stored"

    return app


def with_cookie(client, value: str, path: str = "/"):
    client.set_cookie("session", value)
    return client.get(path)


def test_a_cookie_signed_with_the_key_is_read(client, app: Flask) -> None:
    response = with_cookie(client, signed({"user": 1}))
    assert_clean(response, 200, app)
    assert response.get_json() == {"session": {"user": 1}}


def test_a_cookie_signed_with_a_fallback_key_is_read(client, app: Flask) -> None:
    response = with_cookie(client, signed({"user": 1}, OLD_KEY))
    assert_clean(response, 200, app)
    assert response.get_json() == {"session": {"user": 1}}


def test_a_session_read_with_a_fallback_key_is_written_back_with_the_key(
    client, app: Flask
) -> None:
    response = with_cookie(client, signed({"visits": 1}, OLD_KEY), "/visit")
    assert_clean(response, 200, app)
    assert loads(client.get_cookie("session").value) == {"visits": 2}


GOOD = signed({"user": 1})
PAYLOAD, _, SIGNATURE = GOOD.rpartition(".")
REJECTED = {
    "another key": signed({"user": 1}, "someone else's key"),
    "another salt": signed({"user": 1}, salt="another-salt"),
    "another digest": signed({"user": 1}, digest=hashlib.sha256),
    "older than PERMANENT_SESSION_LIFETIME": signed({"user": 1}, age=32 * DAY),
    "from the future": signed({"user": 1}, age=-DAY),
    "payload changed": signed({"user": 2}).partition(".")[0] + GOOD[GOOD.index(".") :],
    # A middle character: the last one of a base64 signature carries unused bits.
    "signature changed": GOOD[:-10] + ("A" if GOOD[-10] != "A" else "B") + GOOD[-9:],
    "signature removed": PAYLOAD,
    "truncated by 5": GOOD[:-5],
    "truncated by half": GOOD[: len(GOOD) // 2],
    "empty": "",
    "dots only": "...",
    "marked compressed but not": "." + GOOD,
    "signed, but not JSON": Signer(
        KEY, salt="cookie-session", key_derivation="hmac", digest_method=hashlib.sha1
    )
    .sign(b"bm90IGpzb24.AAAAAA")
    .decode(),
    "100 kB of text": "a" * 100_000,
}


@pytest.mark.parametrize("value", REJECTED.values(), ids=REJECTED.keys())
def test_a_cookie_not_signed_now_by_the_app_is_an_empty_session(
    client, app: Flask, value: str
) -> None:
    response = with_cookie(client, value)
    assert_clean(response, 200, app)
    assert response.get_json() == {"session": {}}
    # Nothing changed, so the rejected cookie is neither replaced nor deleted.
    assert response.headers.getlist("Set-Cookie") == []


@pytest.mark.parametrize("value", REJECTED.values(), ids=REJECTED.keys())
def test_a_rejected_cookie_is_replaced_when_the_session_changes(
    client, app: Flask, value: str
) -> None:
    response = with_cookie(client, value, "/visit")
    assert_clean(response, 200, app)
    assert response.get_json() == {"session": {"visits": 1}}
    assert loads(client.get_cookie("session").value) == {"visits": 1}


def test_the_lifetime_is_permanent_session_lifetime(client, app: Flask) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = 60
    assert with_cookie(client, signed({"user": 1}, age=10)).get_json() == {"session": {"user": 1}}
    assert with_cookie(client, signed({"user": 1}, age=600)).get_json() == {"session": {}}


def test_an_oversized_session_cookie_is_sent_with_a_warning(client, app: Flask) -> None:
    with pytest.warns(UserWarning, match="The 'session' cookie is too large") as warned:
        response = client.get("/big")
    assert_clean(response, 200, app)
    assert "Browsers may silently ignore cookies larger than this" in str(warned[0].message)
    # Sent all the same, as Flask does: the warning is for the developer.
    assert len(client.get_cookie("session").value) > 4093
    assert len(loads(client.get_cookie("session").value)["blob"]) == 200 * 64


def test_no_warning_when_max_cookie_size_is_zero(client, app: Flask) -> None:
    app.config["MAX_COOKIE_SIZE"] = 0
    response = client.get("/big")
    assert_clean(response, 200, app)
