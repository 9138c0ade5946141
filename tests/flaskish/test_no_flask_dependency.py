"""flaskish runs without Flask or werkzeug, and this test tree never imports them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_IMPORT = re.compile(r"^\s*(?:import|from)\s+(?:flask|werkzeug)(?:\.|\s|$)", re.MULTILINE)

#: The only places allowed to name them, and why.
_ALLOWED = {
    # The explicit, guarded interop: used only where werkzeug is installed.
    "flaskish/werkzeug_interop.py",
    # Imports ``flask`` only after install_as_flask(), i.e. flaskish under that name.
    "tests/flaskish/test_compat.py",
    # Unmodified Flask code in a site with FLASKISH_AS_FLASK = True (flaskish again).
    "tests/django_bridge/flask_alias_site/plain_flask.py",
    # Run by hand with the real Flask, outside any venv, to record fixtures.
    "tests/flaskish/fixtures/make_flask_fixtures.py",
}
#: Folders of the interop environment (``make interop``): werkzeug is installed
#: there, and extensions' code imports ``flask`` after install_as_flask().
_ALLOWED_FOLDERS = ("tests/interop/",)


def test_no_source_or_test_file_imports_flask_or_werkzeug():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("flaskish", "django_bridge", "tests", "examples", "sample_project")
        for path in (ROOT / folder).rglob("*.py")
        if _IMPORT.search(path.read_text(encoding="utf-8"))
        and str(path.relative_to(ROOT)) not in _ALLOWED
        and not str(path.relative_to(ROOT)).startswith(_ALLOWED_FOLDERS)
    ]
    assert offenders == []


def test_flaskish_imports_with_flask_and_werkzeug_blocked():
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('flask', 'werkzeug'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from flaskish import Flask\n"
        "app = Flask('blocked')\n"
        "app.add_url_rule('/', 'index', lambda: 'ok')\n"
        "print(app.test_client().get('/').data.decode())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "ok"
