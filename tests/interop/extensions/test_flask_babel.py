"""Flask-Babel on flaskish, used as its documentation shows.

A locale selector reading ``request.accept_languages``, ``gettext`` in Python
and ``_()``/``ngettext`` in Jinja templates from a compiled catalog, and
locale-aware date formatting.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask, render_template_string, request
from flask_babel import Babel, format_date, gettext


def _write_catalog(root: Path) -> None:
    catalog = Catalog(locale="de")
    catalog.add("Hello", "Hallo")
    catalog.add(("%(num)d apple", "%(num)d apples"), ("%(num)d Apfel", "%(num)d Äpfel"))
    folder = root / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as fp:
        write_mo(fp, catalog)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    _write_catalog(tmp_path)
    app = Flask(__name__, root_path=str(tmp_path))

    def get_locale() -> str | None:
        return request.accept_languages.best_match(["de", "en"])

    Babel(app, locale_selector=get_locale)

    @app.route("/")
    def index() -> str:
        return render_template_string(
            "{{ _('Hello') }}, {{ ngettext('%(num)d apple', '%(num)d apples', 3) }}"
        )

    @app.route("/python")
    def python() -> str:
        return f"{gettext('Hello')} {format_date(datetime(2024, 3, 1), 'long')}"

    return app


def test_templates_are_translated_for_the_selected_locale(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).text == "Hallo, 3 Äpfel"
    assert client.get("/", headers={"Accept-Language": "en"}).text == "Hello, 3 apples"


def test_gettext_and_dates_in_python(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/python", headers={"Accept-Language": "de"}).text == "Hallo 1. März 2024"
    assert client.get("/python", headers={"Accept-Language": "en"}).text == "Hello March 1, 2024"
