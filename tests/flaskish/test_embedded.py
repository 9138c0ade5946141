"""The embedded Django configuration and when Django's request signals are sent."""

from __future__ import annotations

import subprocess
import sys

from django.core import signals as django_signals

from flaskish import Flask
from flaskish.embedded import needs_django_request_signals
from flaskish.testing import build_environ


def _serve_once(app: Flask) -> None:
    body = app.wsgi_app(build_environ(app, "/"), lambda status, headers: None)
    b"".join(body)
    body.close()


def test_standalone_without_database_skips_djangos_request_signals():
    app = Flask("nosignals")
    app.add_url_rule("/", "index", lambda: "ok")
    needs_django_request_signals.cache_clear()
    seen = []

    def record(sender, **kwargs):
        seen.append(sender)

    assert needs_django_request_signals() is False
    # Connected after the decision was made: proves nothing is sent when not needed.
    django_signals.request_finished.connect(record)
    try:
        _serve_once(app)
    finally:
        django_signals.request_finished.disconnect(record)
    assert seen == []


def test_a_receiver_of_the_project_makes_them_sent():
    app = Flask("withsignals")
    app.add_url_rule("/", "index", lambda: "ok")
    events = []

    def started(sender, **kwargs):
        events.append("started")

    def finished(sender, **kwargs):
        events.append("finished")

    django_signals.request_started.connect(started)
    django_signals.request_finished.connect(finished)
    needs_django_request_signals.cache_clear()
    try:
        assert needs_django_request_signals() is True
        _serve_once(app)
    finally:
        django_signals.request_started.disconnect(started)
        django_signals.request_finished.disconnect(finished)
        needs_django_request_signals.cache_clear()
    assert events == ["started", "finished"]


def test_a_plain_flask_script_configures_django_itself():
    script = (
        "from flaskish import Flask\n"
        "app = Flask('script')\n"
        "app.add_url_rule('/', 'index', lambda: 'hello')\n"
        "from django.conf import settings\n"
        "print(app.test_client().get('/').data.decode(), settings.ALLOWED_HOSTS)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "hello ['*']"
