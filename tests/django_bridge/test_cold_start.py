"""A mounted site's worker loads the bridge's system checks, and the parts of flaskish its
requests do not use, only when they are needed (issue 15, item 4).

Each test runs a new interpreter on this project's settings, so nothing an earlier
test imported counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent
#: Needed to run the checks, not to serve: a worker never imports them.
CHECK_MODULES = ("django_bridge.checks", "django_bridge.migration")

_SCRIPT = """\
import json, sys
import django
django.setup()
from django.test import Client
response = Client().get('/blog/posts/7')
served = sorted(name for name in {modules!r} if name in sys.modules)
from django.core import checks
registered = [str(m) for m in checks.run_checks() if m.id.startswith('django_bridge.')]
checked = sorted(name for name in {modules!r} if name in sys.modules)
from django_bridge.checks import check_as_flask, check_mounts
from django_bridge.migration import check_takeovers
direct = [str(m) for m in check_mounts() + check_takeovers() + check_as_flask()]
print(json.dumps({{"status": response.status_code, "served": served, "checked": checked,
                  "registered": sorted(registered), "direct": sorted(direct)}}))
"""


def test_serving_a_mounted_app_leaves_the_checks_unimported_and_they_still_run():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bridge_site.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SITE_DIR), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(modules=CHECK_MODULES)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["status"] == 200
    assert found["served"] == []
    assert found["checked"] == sorted(CHECK_MODULES)
    assert found["registered"] == found["direct"]
    assert found["registered"], "the site warns of something, so the checks' output is seen"


#: What a mounted request loads only when it uses it: flaskish's header parsers (Accept,
#: Authorization, Cache-Control, ETags, Range), upload containers, table of names Flask
#: removed and type aliases (for type checkers), and the bridge's test-client tools.
FLASKISH_LAZY = (
    "django_bridge.testing",
    "django_bridge.discovery",
    "flaskish.typing",
    "flaskish.http.accept",
    "flaskish.http.auth",
    "flaskish.http.cache_control",
    "flaskish.http.etags",
    "flaskish.http.ranges",
    "flaskish.datastructures.files",
    "flaskish._deprecated",
)

_WORKER_SCRIPT = """\
import io, json, sys
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
environ = {{"REQUEST_METHOD": "GET", "PATH_INFO": "/blog/posts/7", "SERVER_NAME": "testserver",
            "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "HTTP_HOST": "testserver"}}
statuses = []
body = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
served = sorted(name for name in {modules!r} if name in sys.modules)
from flaskish import http
best = http.parse_accept_header("text/html;q=0.5, application/json", http.MIMEAccept).best
from bridge_site import blog
from flaskish.testing import wsgi_target
prefix = wsgi_target(blog.app).path_prefix
print(json.dumps({{"status": statuses, "body": body.decode(), "served": served, "best": best,
                  "accept loaded": "flaskish.http.accept" in sys.modules,
                  "test client's prefix": prefix,
                  "tools loaded": "django_bridge.testing" in sys.modules}}))
"""


def test_a_mounted_worker_loads_header_parsers_and_test_tools_only_when_used():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bridge_site.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SITE_DIR), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _WORKER_SCRIPT.format(modules=FLASKISH_LAZY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "status": ["200 OK"],
        "body": "post 7",
        "served": [],
        "best": "application/json",
        "accept loaded": True,
        "test client's prefix": "/blog",
        "tools loaded": True,
    }
