"""Property: reading a request's query string and body never fails with anything but a 4xx.

Arbitrary query strings (raw bytes, invalid UTF-8, broken ``%`` escapes, ``&;=`` soup)
and bodies (urlencoded and multipart, well-formed or not) are sent to a production-mode
app whose view reads ``args``, ``form``, ``files``, ``values``, ``data`` and the JSON
body in a generated order; a reader may only raise an ``HTTPException`` with a 4xx code.
Any other exception would surface as a 500 and fail the test.
"""

from __future__ import annotations

import io
import json
import typing as t
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from flaskish import Flask, jsonify, request
from flaskish.exceptions import HTTPException

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
BOUNDARY = "flaskish-property-boundary-7Hq2"
# Any text a client can send: everything but lone surrogates, which have no UTF-8 form.
TEXT = st.characters(blacklist_categories=("Cs",))


def _read_files() -> list[t.Any]:
    return [(f.filename, f.mimetype, f.read()) for f in request.files.values()]


READERS: dict[str, t.Callable[[], t.Any]] = {
    "args": lambda: request.args.to_dict(flat=False),
    "form": lambda: request.form.to_dict(flat=False),
    "files": _read_files,
    "values": lambda: request.values.to_dict(flat=False),
    "data": lambda: request.data,
    "get_data": lambda: request.get_data(),
    "json": lambda: request.json,
    "get_json_silent": lambda: request.get_json(silent=True),
    "get_json_force_silent": lambda: request.get_json(force=True, silent=True),
}
SILENT_READERS = {"get_json_silent", "get_json_force_silent"}


def read_in_order(order: t.Sequence[str]) -> dict[str, t.Any]:
    """Each reader's outcome: ``"ok"`` or the HTTP status of the error it raised."""
    outcome: dict[str, t.Any] = {}
    for name in order:
        try:
            READERS[name]()
        except HTTPException as e:
            outcome[name] = e.code
        else:
            outcome[name] = "ok"
    return outcome


@pytest.fixture(scope="module")
def parsing_app() -> Flask:
    # Production mode (the robustness suite's rule): an unexpected error is a 500 page.
    app = Flask("flaskish_parsing_properties")

    @app.route("/read", methods=METHODS)
    def read() -> t.Any:
        return jsonify(read_in_order(request.headers["X-Read-Order"].split(",")))

    return app


def assert_only_client_errors(response: t.Any, order: t.Sequence[str]) -> dict[str, t.Any]:
    assert response.status_code == 200, response.get_data(as_text=True)
    outcome = response.get_json()
    assert sorted(outcome) == sorted(order)
    for name, result in outcome.items():
        event(f"{name}: {result}")
        if name in SILENT_READERS:
            assert result == "ok", (name, result)
        else:
            assert result == "ok" or 400 <= result < 500, (name, result)
    return t.cast(dict[str, t.Any], outcome)


orders = st.permutations(list(READERS)).map(list)

# Pieces that stress a query string or urlencoded parser.
SOUP = st.lists(
    st.one_of(
        st.sampled_from(
            ["&", ";", "=", "+", "%", "%2", "%zz", "%C3", "%ff", "%E2%82", "%00", "%0a", "[]", "é"]
        ),
        st.text(max_size=4),
    ),
    max_size=25,
).map("".join)


def start_response_recorder() -> tuple[list[str], t.Callable[..., t.Any]]:
    statuses: list[str] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        statuses.append(status)
        return lambda data: None

    return statuses, start_response


def raw_environ(method: str, query: bytes, order: t.Sequence[str]) -> dict[str, t.Any]:
    """A WSGI environ as a server builds it: the query's bytes as latin-1 text."""
    return {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": "/read",
        "QUERY_STRING": query.decode("latin-1"),
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "HTTP_X_READ_ORDER": ",".join(order),
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


@SETTINGS
@given(query=st.one_of(st.binary(max_size=200), SOUP.map(str.encode)), order=orders)
@example(query=b"a=%ff%fe&b=\xff&%&&;=;c=%E2%82", order=list(READERS))
def test_raw_query_bytes_through_wsgi(parsing_app: Flask, query: bytes, order: list[str]) -> None:
    statuses, start_response = start_response_recorder()

    body = b"".join(parsing_app.wsgi_app(raw_environ("GET", query, order), start_response))

    assert statuses[0].startswith("200 "), body
    outcome = json.loads(body)
    assert all(result == "ok" for name, result in outcome.items() if name != "json")
    # A GET without a JSON body: request.json says 415, as in Flask.
    assert outcome["json"] == 415


@SETTINGS
@given(query=st.one_of(st.text(max_size=60), SOUP), method=st.sampled_from(METHODS), order=orders)
@example(query="a=é€&b=%C3%A9&c=%E2%82", method="GET", order=list(READERS))
def test_query_text_through_the_test_client(
    parsing_app: Flask, query: str, method: str, order: list[str]
) -> None:
    response = parsing_app.test_client().open(
        "/read", method=method, query_string=query, headers={"X-Read-Order": ",".join(order)}
    )

    outcome = assert_only_client_errors(response, order)
    assert outcome["args"] == "ok"


URLENCODED_TYPES = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=latin-1",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=no-such-charset",
    ]
)


@SETTINGS
@given(
    body=st.one_of(st.binary(max_size=300), SOUP.map(str.encode)),
    content_type=URLENCODED_TYPES,
    method=st.sampled_from(METHODS[1:]),
    order=orders,
)
@example(
    body=b"a=%ff&b=\xff\xfe&=&&c",
    content_type="application/x-www-form-urlencoded",
    method="POST",
    order=list(READERS),
)
def test_urlencoded_bodies(
    parsing_app: Flask, body: bytes, content_type: str, method: str, order: list[str]
) -> None:
    response = parsing_app.test_client().open(
        "/read",
        method=method,
        data=body,
        content_type=content_type,
        headers={"X-Read-Order": ",".join(order)},
    )

    assert_only_client_errors(response, order)


MULTIPART_TYPES = st.one_of(
    st.just(f"multipart/form-data; boundary={BOUNDARY}"),
    st.sampled_from(
        [
            "multipart/form-data",
            "multipart/form-data; boundary=",
            'multipart/form-data; boundary=""',
            "multipart/form-data; boundary=é",
            "multipart/form-data; boundary=" + "x" * 200,
            "multipart/mixed; boundary=x",
        ]
    ),
    # Any boundary a header can carry: the test client, like werkzeug's, refuses line breaks.
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
    ).map(lambda b: f"multipart/form-data; boundary={b}"),
)


@st.composite
def multipart_bodies(draw: st.DrawFn) -> bytes:
    """A multipart body built from generated parts, then perhaps cut or spliced with junk."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        headers = draw(
            st.lists(
                st.one_of(
                    st.builds(
                        'Content-Disposition: form-data; name="{}"{}'.format,
                        st.text(max_size=10),
                        st.one_of(
                            st.just(""),
                            st.text(max_size=10).map(lambda f: f'; filename="{f}"'),
                        ),
                    ),
                    st.text(max_size=30).map(lambda v: f"Content-Type: {v}"),
                    st.just("Content-Transfer-Encoding: base64"),
                    st.text(max_size=30),
                ),
                max_size=3,
            )
        )
        head = "\r\n".join(headers).encode("utf-8", "surrogatepass")
        parts.append(b"--" + BOUNDARY.encode() + b"\r\n" + head + b"\r\n\r\n" + draw(st.binary()))
    body = b"\r\n".join(parts) + (b"\r\n--" + BOUNDARY.encode() + b"--\r\n")
    cut = draw(st.integers(0, len(body)))
    junk = draw(st.binary(max_size=20))
    return draw(st.sampled_from([body, body[:cut], body[:cut] + junk + body[cut:]]))


@SETTINGS
@given(
    body=st.one_of(st.binary(max_size=300), multipart_bodies()),
    content_type=MULTIPART_TYPES,
    order=orders,
)
@example(body=b"garbage", content_type="multipart/form-data", order=list(READERS))
@example(
    # Bare line breaks in a part's name, file name and type: a header cannot hold them.
    body=(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="a\rb\nc"; filename="x\ry.txt"'
        f"\r\nContent-Type: text/pl\rain\r\n\r\ndata\r\n--{BOUNDARY}--\r\n"
    ).encode(),
    content_type=f"multipart/form-data; boundary={BOUNDARY}",
    order=list(READERS),
)
def test_multipart_bodies(
    parsing_app: Flask, body: bytes, content_type: str, order: list[str]
) -> None:
    response = parsing_app.test_client().post(
        "/read", data=body, content_type=content_type, headers={"X-Read-Order": ",".join(order)}
    )

    assert_only_client_errors(response, order)


JSON_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "application/vnd.api+json",
        "text/plain",
    ]
)


@SETTINGS
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
            max_leaves=10,
        ).map(lambda v: repr(v).encode("utf-8", "surrogatepass")),
    ),
    content_type=JSON_TYPES,
    order=orders,
)
def test_json_bodies(parsing_app: Flask, body: bytes, content_type: str, order: list[str]) -> None:
    response = parsing_app.test_client().post(
        "/read", data=body, content_type=content_type, headers={"X-Read-Order": ",".join(order)}
    )

    assert_only_client_errors(response, order)


# -- well-formed multipart forms come back exactly -------------------------------------

FIELD_NAMES = st.text("abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=8)
FILE_NAMES = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8).map(
    lambda n: f"{n}.bin"
)


@SETTINGS
@given(
    fields=st.dictionaries(FIELD_NAMES, st.text(TEXT, max_size=40), max_size=4),
    uploads=st.dictionaries(
        FIELD_NAMES.map(lambda n: f"file_{n}"),
        st.tuples(FILE_NAMES, st.binary(max_size=500)),
        max_size=3,
    ),
)
def test_multipart_form_with_arbitrary_text_and_bytes_round_trips(
    fields: dict[str, str], uploads: dict[str, tuple[str, bytes]]
) -> None:
    app = Flask("flaskish_multipart_round_trip")

    @app.post("/upload")
    def upload() -> t.Any:
        return {
            "form": request.form.to_dict(),
            "files": {name: [f.filename, f.read().hex()] for name, f in request.files.items()},
        }

    data: dict[str, t.Any] = dict(fields)
    data.update(
        {name: (io.BytesIO(content), filename) for name, (filename, content) in uploads.items()}
    )
    # A file field keeps the body multipart even when there are no text fields.
    data["file_marker"] = (io.BytesIO(b"marker"), "marker.txt")

    response = app.test_client().post("/upload", data=data)

    assert response.status_code == 200
    expected_files = {
        name: [filename, content.hex()] for name, (filename, content) in uploads.items()
    }
    expected_files["file_marker"] = ["marker.txt", b"marker".hex()]
    assert response.get_json() == {"form": fields, "files": expected_files}


# -- well-formed urlencoded pairs come back exactly ----------------------------------------

PAIRS = st.lists(st.tuples(st.text(TEXT, max_size=8), st.text(TEXT, max_size=8)), max_size=8)


def grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for key, value in pairs:
        result.setdefault(key, []).append(value)
    return result


@SETTINGS
@given(query=PAIRS, form=PAIRS)
@example(query=[("a+b", "c&d=e"), ("a+b", "%zz"), ("", "")], form=[("é", "€\r\n"), ("k", "\x00")])
def test_urlencoded_pairs_round_trip_through_args_and_form(
    query: list[tuple[str, str]], form: list[tuple[str, str]]
) -> None:
    app = Flask("flaskish_urlencoded_round_trip")

    @app.post("/pairs")
    def pairs() -> t.Any:
        return {"args": request.args.to_dict(flat=False), "form": request.form.to_dict(flat=False)}

    response = app.test_client().post(
        "/pairs",
        query_string=urlencode(query),
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert response.get_json() == {"args": grouped(query), "form": grouped(form)}
