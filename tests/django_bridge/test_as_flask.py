"""``FLASKISH_AS_FLASK = True`` in Django settings: unmodified ``import flask`` code in a site.

Each entry point runs in a fresh interpreter with no FLASKISH_AS_FLASK in the
environment, where no ``flask`` is installed: only the setting makes it work.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from django_bridge.checks import check_as_flask

HERE = Path(__file__).parent

WSGI_REQUEST = """
import io, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "flask_alias_site.settings"
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/plain/", "SERVER_NAME": "testserver",
           "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO(),
           "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
seen = []
body = b"".join(application(environ, lambda status, headers: seen.append(status)))
print(seen[0], body.decode())
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FLASKISH_AS_FLASK", "FLASK_APP")}
    env["DJANGO_SETTINGS_MODULE"] = "flask_alias_site.settings"
    return subprocess.run(
        [sys.executable, "-W", "error", *args],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_there_is_no_real_flask_here():
    result = _run("-c", "import flask")
    assert "No module named 'flask'" in result.stderr


def test_manage_py_check_with_the_setting():
    result = _run("manage.py", "check", "--settings=flask_alias_site.settings")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_wsgi_application_with_the_setting():
    result = _run("-c", WSGI_REQUEST)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "200 OK flaskish via flaskish.app at /plain/\n"


def test_a_check_warns_when_the_real_flask_is_installed(tmp_path, monkeypatch):
    (tmp_path / "flask").mkdir()
    (tmp_path / "flask" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    with override_settings(FLASKISH_AS_FLASK=False):
        monkeypatch.delenv("FLASKISH_AS_FLASK", raising=False)
        assert check_as_flask() == []
    with override_settings(FLASKISH_AS_FLASK=True):
        warnings = check_as_flask()
    assert [w.id for w in warnings] == ["django_bridge.W005"]
    assert warnings[0].msg == (
        "FLASKISH_AS_FLASK is set while the real Flask is installed"
        f" ({tmp_path / 'flask' / '__init__.py'})."
    )


@pytest.mark.parametrize("value", ["0", ""])
def test_the_environment_variable_off_is_off(monkeypatch, value):
    from django_bridge import conf

    monkeypatch.setenv("FLASKISH_AS_FLASK", value)
    assert conf.as_flask() is False
    monkeypatch.setenv("FLASKISH_AS_FLASK", "1")
    assert conf.as_flask() is True
