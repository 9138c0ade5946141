"""Sessions, and cookie compatibility with Flask in both directions.

The cookie literals below were written by real Flask 3.1.3 (a view that updated
``session`` with the values shown, through ``app.test_client()``), with the
secret key ``"flaskish-test-secret"`` unless noted. Those marked "frozen" were
made with ``itsdangerous.TimestampSigner.get_timestamp`` patched to return
1700000000, so flaskish, patched the same way, must write the very same string.
Once, by hand, a cookie written by flaskish was also loaded by real Flask's
``SecureCookieSessionInterface().open_session`` and gave back the same data.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import itsdangerous
import pytest
from markupsafe import Markup

from flaskish.globals import _cv_app
from flaskish.json.provider import DefaultJSONProvider
from flaskish.json.tag import TaggedJSONSerializer
from flaskish.sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
    SessionMixin,
)

SECRET = "flaskish-test-secret"
FROZEN_TIMESTAMP = 1700000000
# Long enough that the pasted cookies never expire while these tests are in use.
CENTURY = timedelta(days=36500)

U = uuid.UUID("12345678-1234-5678-1234-567812345678")
RICH = {
    "name": "Zoë",
    "count": 7,
    "pair": ("a", 1),
    "raw": b"\x00\x01bytes",
    "when": datetime(2024, 2, 29, 13, 45, 7),
    "id": U,
    "html": Markup("<b>hi</b>"),
    "nested": {"inner": {"t": (1, 2), "l": [b"x", None]}, " t": "tag-like"},
    "tagged": {" t": "tag-like"},
}
# Flask 3.1.3, RICH, not frozen.
FLASK_RICH = (
    ".eJx1jkGLwjAQhf9KmHMW21jtGlToxT3tRTyIbpFEBxs2jUs3oQfpf3fSqnjxNPC9N--9KxwvwXmQOYfK1xbkFVgNE"
    "uZ6WZn5SC-h42BOPQ_EUzHOJtP8892NdqdqJOvu8hOSBDUQwX-PQwh1gVfnD2t-kRTjHDZRoOo9yZpkLBYLynHB2pKDf7"
    "ztUy7KrqOCP2WaJwUFPC2JNqrtYYwoipXB7doe2z4qNp7vA05meD0cXpfE2LZCN1hI2VSBMzFjK9RMJCJj6VhmE5nk7Ot"
    "7Q_YbmM9Xug.awE0YQ.oucei5XfPDBDOnsmT9ae3Nj6y_c"
)
# Flask 3.1.3, RICH, frozen.
FLASK_RICH_FROZEN = (
    ".eJx1jkGLwjAQhf9KmHMW21jtGlToxT3tRTyIbpFEBxs2jUs3oQfpf3fSqnjxNPC9N--9KxwvwXmQOYfK1xbkFVgNE"
    "uZ6WZn5SC-h42BOPQ_EUzHOJtP8892NdqdqJOvu8hOSBDUQwX-PQwh1gVfnD2t-kRTjHDZRoOo9yZpkLBYLynHB2pKDf7"
    "ztUy7KrqOCP2WaJwUFPC2JNqrtYYwoipXB7doe2z4qNp7vA05meD0cXpfE2LZCN1hI2VSBMzFjK9RMJCJj6VhmE5nk7Ot"
    "7Q_YbmM9Xug.ZVPxAA.1NX5ut4NdqL7iTyMWRMt4w221IQ"
)
# Flask 3.1.3, {"user_id": 3, "_permanent": True}, frozen.
FLASK_PERMANENT_FROZEN = (
    "eyJfcGVybWFuZW50Ijp0cnVlLCJ1c2VyX2lkIjozfQ.ZVPxAA.mlIL5XnmuKSaaJMsH_tulCV-F_A"
)
# Flask 3.1.3, {"user_id": 3}, secret key "old-secret".
FLASK_OLD_KEY = "eyJ1c2VyX2lkIjozfQ.awE0YQ.HpfkHo56DRiKjXrRkkZAjgO6GRk"
# Flask 3.1.3, {"user_id": 3}, timestamp frozen at 1500000000 (July 2017).
FLASK_2017 = "eyJ1c2VyX2lkIjozfQ.WWgvAA.4w6RLWKF8-Qb8yomO-kDvvBNAoE"


class StubApp:
    """The parts of ``Flask`` the session interface and JSON provider use."""

    response_class = None

    def __init__(self, secret_key: str | None = SECRET, **config: object) -> None:
        self.secret_key = secret_key
        self.debug = False
        self.permanent_session_lifetime = CENTURY
        # Flask 3.1's defaults for the keys sessions read.
        self.config: dict[str, object] = {
            "SECRET_KEY_FALLBACKS": None,
            "APPLICATION_ROOT": "/",
            "SESSION_COOKIE_NAME": "session",
            "SESSION_COOKIE_DOMAIN": None,
            "SESSION_COOKIE_PATH": None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_PARTITIONED": False,
            "SESSION_COOKIE_SAMESITE": None,
            "SESSION_REFRESH_EACH_REQUEST": True,
            **config,
        }
        self.json = DefaultJSONProvider(self)


class StubResponse:
    """Records what the session interface does to a response."""

    def __init__(self) -> None:
        self.vary: set[str] = set()
        self.set_cookies: list[tuple[tuple, dict]] = []
        self.deleted_cookies: list[tuple[tuple, dict]] = []

    def set_cookie(self, *args, **kwargs) -> None:
        self.set_cookies.append((args, kwargs))

    def delete_cookie(self, *args, **kwargs) -> None:
        self.deleted_cookies.append((args, kwargs))


def request_with(cookie: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(cookies={} if cookie is None else {"session": cookie})


@pytest.fixture
def app():
    """An app with its app context pushed, as during a request."""
    app = StubApp()
    token = _cv_app.set(SimpleNamespace(app=app))
    yield app
    _cv_app.reset(token)


@pytest.fixture
def frozen_time(monkeypatch):
    monkeypatch.setattr(
        itsdangerous.TimestampSigner, "get_timestamp", lambda self: FROZEN_TIMESTAMP
    )


@pytest.fixture
def si() -> SecureCookieSessionInterface:
    return SecureCookieSessionInterface()


def expected_loaded_rich():
    """RICH as it comes back from a cookie: datetimes are timezone-aware UTC."""
    return {**RICH, "when": datetime(2024, 2, 29, 13, 45, 7, tzinfo=timezone.utc)}


# Flask -> flaskish ------------------------------------------------------------------


@pytest.mark.parametrize("cookie", [FLASK_RICH, FLASK_RICH_FROZEN])
def test_open_session_reads_flask_cookie(app, si, cookie):
    sess = si.open_session(app, request_with(cookie))
    assert isinstance(sess, SecureCookieSession)
    assert dict(sess) == expected_loaded_rich()
    assert type(sess["pair"]) is tuple
    assert type(sess["raw"]) is bytes
    assert type(sess["id"]) is uuid.UUID
    assert type(sess["html"]) is Markup
    assert type(sess["nested"]["inner"]["t"]) is tuple
    assert sess["nested"]["inner"]["l"] == [b"x", None]
    assert sess.modified is False
    assert sess.permanent is False


def test_open_session_reads_flask_permanent_cookie(app, si):
    sess = si.open_session(app, request_with(FLASK_PERMANENT_FROZEN))
    assert dict(sess) == {"_permanent": True, "user_id": 3}
    assert sess.permanent is True


# flaskish -> Flask ------------------------------------------------------------------


def test_saved_cookie_is_byte_identical_to_flasks(app, si, frozen_time):
    sess = si.open_session(app, request_with())
    sess.update(RICH)
    response = StubResponse()
    si.save_session(app, sess, response)
    [(args, kwargs)] = response.set_cookies
    assert args == ("session", FLASK_RICH_FROZEN)


def test_saved_permanent_cookie_is_byte_identical_to_flasks(app, si, frozen_time):
    sess = si.open_session(app, request_with())
    sess["user_id"] = 3
    sess.permanent = True
    response = StubResponse()
    si.save_session(app, sess, response)
    [(args, kwargs)] = response.set_cookies
    assert args == ("session", FLASK_PERMANENT_FROZEN)


def test_saved_cookie_decodes_with_flasks_parameters(app, si):
    sess = si.open_session(app, request_with())
    sess.update({"pair": (1, 2), "raw": b"ab"})
    response = StubResponse()
    si.save_session(app, sess, response)
    [((_, value), _)] = response.set_cookies

    def flask_signer(serializer):
        return itsdangerous.URLSafeTimedSerializer(
            SECRET,
            salt="cookie-session",
            serializer=serializer,
            signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
        )

    # The raw payload is Flask's tagged JSON, compact and key-sorted.
    assert flask_signer(json).loads(value) == {"pair": {" t": [1, 2]}, "raw": {" b": "YWI="}}
    assert flask_signer(TaggedJSONSerializer()).loads(value) == {"pair": (1, 2), "raw": b"ab"}
    with pytest.raises(itsdangerous.BadSignature):
        itsdangerous.URLSafeTimedSerializer(SECRET, salt="other").loads(value)


# Loading failures -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cookie",
    [
        FLASK_RICH[:-1] + ("A" if FLASK_RICH[-1] != "A" else "B"),  # tampered signature
        FLASK_RICH[:40],  # truncated
        "not-a-cookie",
        FLASK_PERMANENT_FROZEN.replace("eyJf", "eyJg", 1),  # tampered payload
    ],
)
def test_bad_cookie_gives_new_empty_session(app, si, cookie):
    sess = si.open_session(app, request_with(cookie))
    assert isinstance(sess, SecureCookieSession)
    assert dict(sess) == {}
    assert sess.modified is False


def test_missing_cookie_gives_new_empty_session(app, si):
    sess = si.open_session(app, request_with(""))
    assert dict(sess) == {} and isinstance(sess, SecureCookieSession)


def test_cookie_signed_with_another_key_is_rejected(app, si):
    assert dict(si.open_session(app, request_with(FLASK_OLD_KEY))) == {}


def test_cookie_signed_with_fallback_key_loads(app, si):
    app.config["SECRET_KEY_FALLBACKS"] = ["older-secret", "old-secret"]
    assert dict(si.open_session(app, request_with(FLASK_OLD_KEY))) == {"user_id": 3}


def test_new_cookies_use_the_current_key_not_a_fallback(app, si, frozen_time):
    app.config["SECRET_KEY_FALLBACKS"] = ["older-secret", "old-secret"]
    sess = si.open_session(app, request_with())
    sess.update({"user_id": 3, "_permanent": True})
    response = StubResponse()
    si.save_session(app, sess, response)
    assert response.set_cookies[0][0] == ("session", FLASK_PERMANENT_FROZEN)


def test_expired_cookie_gives_empty_session(app, si):
    app.permanent_session_lifetime = timedelta(days=31)
    assert dict(si.open_session(app, request_with(FLASK_2017))) == {}
    # The same cookie is fine when the lifetime covers its age.
    app.permanent_session_lifetime = CENTURY
    assert dict(si.open_session(app, request_with(FLASK_2017))) == {"user_id": 3}


def test_no_secret_key(si):
    app = StubApp(secret_key=None)
    assert si.get_signing_serializer(app) is None
    assert si.open_session(app, request_with(FLASK_RICH)) is None


# Saving --------------------------------------------------------------------------


def test_unmodified_session_is_not_saved(app, si):
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    sess = si.open_session(app, request_with(FLASK_RICH))
    response = StubResponse()
    si.save_session(app, sess, response)
    assert response.set_cookies == [] and response.deleted_cookies == []
    assert response.vary == set()


def test_reading_adds_vary_cookie(app, si):
    sess = si.open_session(app, request_with(FLASK_RICH))
    assert sess["count"] == 7
    # Flask 3.1.3: the request context marks a session it hands out as accessed.
    assert sess.accessed is False
    sess.accessed = True
    response = StubResponse()
    si.save_session(app, sess, response)
    assert response.vary == {"Cookie"}
    assert response.set_cookies == []


def test_permanent_session_refreshes_each_request(app, si):
    sess = si.open_session(app, request_with(FLASK_PERMANENT_FROZEN))
    assert sess.modified is False
    response = StubResponse()
    before = datetime.now(timezone.utc)
    si.save_session(app, sess, response)
    [(args, kwargs)] = response.set_cookies
    assert args[0] == "session"
    assert before + CENTURY <= kwargs["expires"] <= datetime.now(timezone.utc) + CENTURY
    assert response.vary == {"Cookie"}

    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    response = StubResponse()
    si.save_session(app, si.open_session(app, request_with(FLASK_PERMANENT_FROZEN)), response)
    assert response.set_cookies == []


def test_cookie_attributes_follow_config(app, si):
    app.config.update(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_PATH="/app",
        SESSION_COOKIE_HTTPONLY=False,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_PARTITIONED=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    sess = si.open_session(app, request_with())
    sess["a"] = 1
    response = StubResponse()
    si.save_session(app, sess, response)
    [(args, kwargs)] = response.set_cookies
    assert args[0] == "sid"
    assert kwargs == {
        "expires": None,
        "httponly": False,
        "domain": "example.com",
        "path": "/app",
        "secure": True,
        "samesite": "Lax",
        "partitioned": True,
    }
    assert response.vary == {"Cookie"}


def test_cookie_path_falls_back_to_application_root(app, si):
    app.config["APPLICATION_ROOT"] = "/root"
    assert si.get_cookie_path(app) == "/root"
    app.config["SESSION_COOKIE_PATH"] = "/p"
    assert si.get_cookie_path(app) == "/p"


def test_emptied_session_deletes_cookie_with_same_attributes(app, si):
    app.config.update(
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_PARTITIONED=True,
    )
    sess = si.open_session(app, request_with(FLASK_PERMANENT_FROZEN))
    sess.clear()
    response = StubResponse()
    si.save_session(app, sess, response)
    assert response.set_cookies == []
    assert response.deleted_cookies == [
        (
            ("session",),
            {
                "domain": "example.com",
                "path": "/",
                "secure": True,
                "partitioned": True,
                "samesite": "Strict",
                "httponly": True,
            },
        )
    ]
    assert response.vary == {"Cookie"}


def test_empty_unmodified_session_sets_nothing(app, si):
    sess = si.open_session(app, request_with())
    response = StubResponse()
    si.save_session(app, sess, response)
    assert response.set_cookies == [] and response.deleted_cookies == []
    assert response.vary == set()


# Session objects -------------------------------------------------------------------


def test_secure_cookie_session_tracks_changes_not_reads():
    sess = SecureCookieSession({"a": 1})
    assert (sess.modified, sess.accessed) == (False, False)
    assert "a" in sess and len(sess) == 1 and list(sess) == ["a"]
    assert (sess.modified, sess.accessed) == (False, False)
    assert sess.get("a") == 1 and sess["a"] == 1
    # Reads are not tracked by the session itself (Flask 3.1.3): the request
    # context sets ``accessed`` when code reaches the session.
    assert (sess.modified, sess.accessed) == (False, False)


@pytest.mark.parametrize(
    ("mutate", "modified"),
    [
        (lambda s: s.__setitem__("b", 2), True),
        (lambda s: s.__delitem__("a"), True),
        (lambda s: s.clear(), True),
        (lambda s: s.popitem(), True),
        (lambda s: s.pop("a"), True),
        (lambda s: s.pop("missing", None), False),
        (lambda s: s.setdefault("b", 2), True),
        (lambda s: s.setdefault("a", 2), False),
        (lambda s: s.update(b=2), True),
        (lambda s: s.__ior__({"b": 2}), True),
        (lambda s: setattr(s, "permanent", True), True),
    ],
)
def test_secure_cookie_session_mutations(mutate, modified):
    sess = SecureCookieSession({"a": 1})
    mutate(sess)
    assert sess.modified is modified
    assert sess.accessed is False


def test_secure_cookie_session_is_a_session():
    sess = SecureCookieSession()
    assert isinstance(sess, SessionMixin) and isinstance(sess, dict)
    assert sess.new is False and sess.permanent is False
    assert repr(SecureCookieSession({"a": 1})) == "<SecureCookieSession {'a': 1}>"


def test_null_session():
    si = SecureCookieSessionInterface()
    app = StubApp(secret_key=None)
    sess = si.make_null_session(app)
    assert isinstance(sess, NullSession)
    assert si.is_null_session(sess)
    assert not si.is_null_session(SecureCookieSession())
    assert sess.get("x") is None and dict(sess) == {}
    message = (
        "The session is unavailable because no secret key was set. Set the"
        " secret_key on the application to something unique and secret."
    )
    for write in (
        lambda: sess.__setitem__("a", 1),
        lambda: sess.__delitem__("a"),
        lambda: sess.clear(),
        lambda: sess.pop("a"),
        lambda: sess.popitem(),
        lambda: sess.update(a=1),
        lambda: sess.setdefault("a", 1),
        lambda: sess.__ior__({"a": 1}),
        lambda: setattr(sess, "permanent", True),
    ):
        with pytest.raises(RuntimeError) as exc:
            write()
        assert str(exc.value) == message


def test_session_interface_defaults():
    si = SessionInterface()
    app = StubApp()
    assert si.pickle_based is False
    assert si.get_cookie_name(app) == "session"
    assert si.get_cookie_domain(app) is None
    assert si.get_cookie_path(app) == "/"
    assert si.get_cookie_httponly(app) is True
    assert si.get_cookie_secure(app) is False
    assert si.get_cookie_samesite(app) is None
    assert si.get_cookie_partitioned(app) is False
    sess = SecureCookieSession()
    assert si.get_expiration_time(app, sess) is None
    assert si.should_set_cookie(app, sess) is False
    sess.permanent = True
    assert si.should_set_cookie(app, sess) is True
    with pytest.raises(NotImplementedError) as exc:
        si.open_session(app, request_with())
    assert str(exc.value) == "SessionInterface must implement open_session()."
    with pytest.raises(NotImplementedError) as exc:
        si.save_session(app, sess, StubResponse())
    assert str(exc.value) == "SessionInterface must implement save_session()."


def test_secure_cookie_interface_class_attributes():
    si = SecureCookieSessionInterface()
    assert si.salt == "cookie-session"
    assert si.key_derivation == "hmac"
    assert si.digest_method(b"x").name == "sha1"
    assert isinstance(si.serializer, TaggedJSONSerializer)
    assert si.session_class is SecureCookieSession


def test_saving_a_used_and_changed_session_writes_vary_once(monkeypatch):
    # Each ``response.vary.add`` parses and rewrites the header: one is enough.
    from flaskish import Flask, session
    from flaskish.response import Response

    written: list[str] = []
    real_header_set = Response._header_set

    def counting_header_set(self, name: str):
        written.append(name)
        return real_header_set(self, name)

    monkeypatch.setattr(Response, "_header_set", counting_header_set)
    real_app = Flask(__name__)
    real_app.secret_key = SECRET

    @real_app.route("/")
    def visit() -> str:
        session["visits"] = session.get("visits", 0) + 1
        return "ok"

    @real_app.route("/clear")
    def clear() -> str:
        session.clear()
        return "cleared"

    client = real_app.test_client()
    for path in ("/", "/", "/clear"):
        written.clear()
        response = client.get(path)
        assert response.headers.getlist("Vary") == ["Cookie"]
        # No Vary header yet: it is written without parsing one.
        assert written == []
    assert "session=;" in response.headers["Set-Cookie"]
