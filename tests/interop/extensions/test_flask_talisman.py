"""Flask-Talisman on flaskish, used as its documentation shows.

Security headers on every response, the HTTPS redirect (301, ``Location`` with
``https://``), HSTS only over HTTPS, a per-view override, and a CSP nonce.
"""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string
from flask_talisman import Talisman

talisman = Talisman()


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    talisman.init_app(
        app,
        content_security_policy={"default-src": "'self'", "script-src": "'self'"},
        content_security_policy_nonce_in=["script-src"],
    )

    @app.route("/")
    def index() -> str:
        return render_template_string("<script nonce='{{ csp_nonce() }}'>1</script>")

    @app.route("/embeddable")
    @talisman(frame_options="ALLOW-FROM", frame_options_allow_from="https://example.com/")
    def embeddable() -> str:
        return "embed me"

    return app


def test_plain_http_is_redirected_to_https(app: Flask) -> None:
    rv = app.test_client().get("/?a=1")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "https://localhost/?a=1"


def test_security_headers_over_https(app: Flask) -> None:
    rv = app.test_client().get("/", base_url="https://localhost")
    assert rv.status_code == 200
    assert rv.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert rv.headers["X-Content-Type-Options"] == "nosniff"
    assert rv.headers["Strict-Transport-Security"] == "max-age=31556926; includeSubDomains"
    assert rv.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = rv.headers["Content-Security-Policy"]
    nonce = rv.text.split("nonce='")[1].split("'")[0]
    assert csp == f"default-src 'self'; script-src 'self' 'nonce-{nonce}'"


def test_view_options_override_the_defaults(app: Flask) -> None:
    rv = app.test_client().get("/embeddable", base_url="https://localhost")
    assert rv.headers["X-Frame-Options"] == "ALLOW-FROM https://example.com/"
