"""``render_template`` does no work beyond Jinja's render that its result does not need.

Structural guards, not timings: the template is loaded once, and the signals
cost nothing while nobody listens, yet fire as before once someone does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flaskish import Flask, render_template, template_rendered
from flaskish.signals import before_render_template


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("{{ title }} {{ request.path }} {{ g.x }}")
    app = Flask(__name__, root_path=str(tmp_path))

    @app.route("/page")
    def page() -> str:
        from flaskish import g

        g.x = "gee"
        return render_template("page.html", title="<Items>")

    return app


def test_the_template_is_loaded_once(app: Flask, monkeypatch) -> None:
    loads: list[str] = []
    loader = app.jinja_env.loader
    assert loader is not None
    real = type(loader).get_source

    def counting(self, environment, template):
        loads.append(template)
        return real(self, environment, template)

    monkeypatch.setattr(type(loader), "get_source", counting)
    client = app.test_client()
    bodies = {client.get("/page").get_data(as_text=True) for _ in range(3)}
    assert bodies == {"&lt;Items&gt; /page gee"}
    assert loads == ["page.html"]


def test_nothing_is_sent_to_signals_nobody_receives(app: Flask, monkeypatch) -> None:
    assert not before_render_template.receivers and not template_rendered.receivers
    sent: list[str] = []
    for signal in (before_render_template, template_rendered):
        real = signal.send

        def counting(*args, _real=real, _name=signal.name, **kwargs):
            sent.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(signal, "send", counting)
    with app.test_request_context("/page"):
        assert render_template("page.html", title="t", g=None) == "t /page "
    assert sent == []


def test_both_signals_fire_once_someone_listens(app: Flask) -> None:
    seen: list[tuple[str, str, str]] = []

    def before(sender, template, context, **extra) -> None:
        seen.append(("before", template.name, context["title"]))

    def after(sender, template, context, **extra) -> None:
        seen.append(("after", template.name, context["title"]))

    with (
        before_render_template.connected_to(before, app),
        template_rendered.connected_to(after, app),
    ):
        assert app.test_client().get("/page").status_code == 200
    assert seen == [("before", "page.html", "<Items>"), ("after", "page.html", "<Items>")]
