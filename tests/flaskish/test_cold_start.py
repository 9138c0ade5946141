"""What a fresh process imports to answer its first request (issue 15, item 4).

Each test runs a new interpreter, so nothing an earlier test imported counts.
The modules named here are the ones flaskish imports only when first used;
the tests then use each of them, to show the lazy import still happens.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

#: The modules of :mod:`flaskish.http` a request loads only when it reads their headers.
HEADER_PARSERS = (
    "flaskish.http.accept",
    "flaskish.http.auth",
    "flaskish.http.cache_control",
    "flaskish.http.etags",
    "flaskish.http.ranges",
)

#: Never imported by ``import flaskish``, building an app and answering through the
#: test client or the WSGI callable: the CLI and its runner, Django's test package,
#: sessions' signing, templates, URL and IDNA machinery, ASGI, the dev server.
LAZY = (
    "django.test",
    "django.test.client",
    "unittest",
    "flaskish.cli",
    "importlib.metadata",
    "dotenv",
    "urllib.request",
    "itsdangerous",
    "flaskish.signing",
    "encodings.idna",
    "jinja2",
    "flaskish.jinja_env",
    "flaskish.asgi",
    "flaskish.compat",
    "flaskish.routing.django",
    "flaskish.dev_handler",
    "django.core.servers.basehttp",
    # The dev server's module, the table of names Flask removed, the type aliases (for
    # type checkers), class-based views, the header parsers a request reads only when asked (Accept,
    # Authorization, Cache-Control, ETags, Range) and the upload containers.
    "flaskish.serving",
    "flaskish.typing",
    "flaskish.views",
    "flaskish._deprecated",
    *HEADER_PARSERS,
    "flaskish.datastructures.files",
)
#: Click (and the debugger its runner loads) waits for the CLI runner, not the test client.
CLICK = ("click", "click.testing", "pdb", "flaskish.cli_runner")
#: And with no test client at all, as a server runs the app: no test tools either.
SERVED_LAZY = (*LAZY, *CLICK, "flaskish.testing")

#: Flask and werkzeug are hidden, as in production, so their presence changes nothing.
_PRELUDE = """\
import json, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('flask', 'werkzeug'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
from flaskish import Flask, session
app = Flask('cold')
app.secret_key = 'cold-start-key'
app.add_url_rule('/', 'index', lambda: 'ok')
def remember():
    session['seen'] = True
    return 'kept'
app.add_url_rule('/remember', 'remember', remember)
def loaded(names):
    return sorted(name for name in names if name in sys.modules)
"""


def _run(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PRELUDE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_first_request_through_the_test_client_imports_none_of_the_lazy_modules():
    found = _run(
        f"""
        response = app.test_client().get('/')
        print(json.dumps({{"status": response.status_code, "body": response.text,
                          "loaded": loaded({(*LAZY, *CLICK)!r})}}))
        """
    )
    assert found == {"status": 200, "body": "ok", "loaded": []}


def test_a_served_request_imports_neither_click_nor_the_test_tools():
    found = _run(
        f"""
        import io
        environ = {{"REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "localhost",
                    "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
                    "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "HTTP_HOST": "localhost"}}
        statuses = []
        body = b"".join(app.wsgi_app(environ, lambda status, headers: statuses.append(status)))
        print(json.dumps({{"status": statuses, "body": body.decode(),
                          "loaded": loaded({SERVED_LAZY!r})}}))
        """
    )
    assert found == {"status": ["200 OK"], "body": "ok", "loaded": []}


def test_the_lazy_modules_load_when_used():
    found = _run(
        """
        client = app.test_client()
        first = client.get('/remember')
        cookie = first.headers['Set-Cookie']
        again = client.get('/remember')
        upload = client.post('/', data={'file': (__import__('io').BytesIO(b'x'), 'x.txt')})
        unicode_host = app.url_map.bind('b\u00fccher.example').server_name

        @app.cli.command('hello')
        def hello():
            print('hello from the CLI')

        runner = app.test_cli_runner().invoke(args=['hello'])
        print(json.dumps({
            "session": [first.text, cookie.split('=')[0], again.status_code],
            "upload": upload.status_code,
            "unicode host": unicode_host,
            "command": [runner.exit_code, runner.output],
            "loaded": loaded(('itsdangerous', 'django.test.client', 'encodings.idna',
                              'flaskish.cli', 'flaskish.cli_runner', 'click.testing')),
        }))
        """
    )
    assert found == {
        "session": ["kept", "session", 200],
        "upload": 405,
        "unicode host": "xn--bcher-kva.example",
        "command": [0, "hello from the CLI\n"],
        "loaded": [
            "click.testing",
            "django.test.client",
            "encodings.idna",
            "flaskish.cli",
            "flaskish.cli_runner",
            "itsdangerous",
        ],
    }


def test_the_command_line_lists_the_routes(tmp_path: Path):
    (tmp_path / "coldapp.py").write_text(
        "from flaskish import Flask\n"
        "app = Flask(__name__)\n"
        "for i in range(100):\n"
        "    app.add_url_rule(f'/r{i}/<int:x>', f'r{i}', lambda x: 'ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "flaskish", "--app", "coldapp:app", "routes"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["Endpoint", "Methods", "Rule"]
    assert "/r99/<int:x>" in done.stdout
    assert len([line for line in lines if line.startswith("r")]) == 100


def test_header_parsers_uploads_and_old_names_load_when_used():
    used = (
        *HEADER_PARSERS,
        "flaskish.datastructures.files",
        "flaskish._deprecated",
        "flaskish.views",
    )
    found = _run(
        """
        import io, warnings
        import flaskish, flaskish.helpers
        from flaskish import request

        def parsed():
            response = flaskish.make_response(json.dumps({
                "accept": request.accept_mimetypes.best_match(['text/html', 'application/json']),
                "user": request.authorization.username,
                "range": request.range.to_header(),
                "no-cache": request.cache_control.no_cache,
                "if-match": request.if_match.contains('abc'),
            }))
            response.cache_control.max_age = 60
            response.set_etag('v1')
            return response

        def upload():
            stored = request.files['doc']
            return f"{type(stored).__name__} {stored.filename} {stored.read().decode()}"

        before = loaded(USED)

        class Greeting(flaskish.views.MethodView):
            def get(self):
                return 'hello from a class'

        app.add_url_rule('/greeting', view_func=Greeting.as_view('greeting'))
        app.add_url_rule('/parsed', 'parsed', parsed)
        app.add_url_rule('/upload', 'upload', upload, methods=['POST'])
        client = app.test_client()
        response = client.get('/parsed', headers={
            'Accept': 'application/json', 'Authorization': 'Basic dXNlcjpwdw==',
            'Range': 'bytes=0-9', 'Cache-Control': 'no-cache', 'If-Match': '"abc"'})
        uploaded = client.post('/upload', data={'doc': (io.BytesIO(b'hello'), 'a.txt')})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            is_ip = flaskish.helpers.is_ip('127.0.0.1')
        print(json.dumps({
            "before": before,
            "parsed": json.loads(response.get_data(as_text=True)),
            "response": [response.headers['Cache-Control'], response.headers['ETag']],
            "upload": uploaded.get_data(as_text=True),
            "old name": [is_ip, [type(w.message).__name__ for w in caught]],
            "debug flag": flaskish.helpers.get_debug_flag(),
            "class view": client.get('/greeting').get_data(as_text=True),
            "loaded": loaded(USED),
        }))
        """.replace("USED", repr(used))
    )
    assert found == {
        "before": [],
        "parsed": {
            "accept": "application/json",
            "user": "user",
            "range": "bytes=0-9",
            "no-cache": True,
            "if-match": True,
        },
        "response": ["max-age=60", '"v1"'],
        "upload": "FileStorage a.txt hello",
        "old name": [True, ["DeprecationWarning"]],
        "debug flag": False,
        "class view": "hello from a class",
        "loaded": sorted(used),
    }
