"""DjangoSessionInterface over the cache and cached_db session engines on Redis: a
session written by one process is read and changed by another (make pytest-services)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).resolve().parent
ENGINES = ["django.contrib.sessions.backends.cache", "django.contrib.sessions.backends.cached_db"]

# Another process of the same site: it visits `paths` with the session cookie it is given.
OTHER_PROCESS = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client()
client.cookies["sessionid"] = sys.argv[1]
print(json.dumps([client.get(path).content.decode() for path in sys.argv[2:]]))
"""


def in_another_process(engine: str, session_key: str, *paths: str) -> list[str]:
    base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bridge_site.settings",
        "DJANGO_SESSION_ENGINE": engine,
        "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
    }
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", OTHER_PROCESS, session_key, *paths],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("engine", ENGINES, ids=["cache", "cached_db"])
def test_a_login_made_in_one_process_is_seen_in_another(
    engine: str, settings: object, django_user_model: type
) -> None:
    settings.SESSION_ENGINE = engine  # type: ignore[attr-defined]
    django_user_model.objects.create_user("ann", password="pw")  # type: ignore[attr-defined]
    client = Client()
    assert client.post("/accounts/login", {"username": "ann", "password": "pw"}).status_code == 302
    key = client.cookies["sessionid"].value

    # The other process reads the Flask session and Django's login, then writes to it.
    seen = in_another_process(engine, key, "/accounts/whoami", "/add-to-cart/", "/me/")
    assert seen == ["ann (hello ann)", "added", "django sees ann (hello ann)"]
    # ... and this process sees that write.
    assert client.get("/accounts/cart").json() == {"cart": ["book"]}
    # The cache engine keeps nothing in the database; cached_db keeps the session there too.
    assert Session.objects.filter(session_key=key).exists() == engine.endswith("cached_db")


@pytest.mark.parametrize("engine", ENGINES, ids=["cache", "cached_db"])
def test_a_logout_in_one_process_ends_the_session_in_another(
    engine: str, settings: object, django_user_model: type
) -> None:
    settings.SESSION_ENGINE = engine  # type: ignore[attr-defined]
    django_user_model.objects.create_user("ann", password="pw")  # type: ignore[attr-defined]
    client = Client()
    client.post("/accounts/login", {"username": "ann", "password": "pw"})
    key = client.cookies["sessionid"].value
    assert in_another_process(engine, key, "/accounts/logout") == ["logged out"]
    assert client.get("/accounts/whoami").content == b"anonymous"


def test_the_flask_cookie_session_is_unchanged(settings: object) -> None:
    settings.SESSION_ENGINE = ENGINES[0]  # type: ignore[attr-defined]
    client = Client()
    assert [client.get("/blog/session").content for _ in range(2)] == [b"1", b"2"]
    # The app's own signed cookie, scoped to its mount; Django's session is not used.
    assert client.cookies["session_blog"]["path"] == "/blog"
    assert "sessionid" not in client.cookies
