"""Celery: Flask's pattern on a standalone app (a real worker), and django_bridge.celery's
tasks bound to a mounted app (its context, g, url_for below the mount)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import typing as t
from pathlib import Path

import pytest
from bridge_site import notes
from bridge_site.models import Note

from django_bridge.celery import FlaskAppTask, flask_task
from flaskish import current_app, g, url_for

STANDALONE = Path(__file__).resolve().parent / "celery_standalone"
WAIT_S = 30.0


@flask_task("notes", name="bridge.note_summary")
def note_summary(prefix: str) -> dict[str, t.Any]:
    g.prefix = prefix
    Note.objects.create(text=f"{prefix} from {current_app.name}")
    return {
        "app": current_app.name,
        "g": g.prefix,
        # Outside a request url_for builds external URLs, as in Flask.
        "url": url_for("list_notes"),
        "path": url_for("list_notes", _external=False),
    }


@flask_task(notes.app, bind=True, name="bridge.bound_to_object")
def task_id_and_app(self: FlaskAppTask) -> list[t.Any]:
    return [self.request.id, current_app.name]


@pytest.fixture
def server_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(notes.app.config, "SERVER_NAME", "site.example")


@pytest.mark.django_db
def test_a_mounted_apps_task_runs_in_its_context(server_name: None) -> None:
    result = note_summary.apply(("queued",)).get()
    assert result == {
        "app": notes.app.name,
        "g": "queued",
        "url": "http://site.example/notes/",
        "path": "/notes/",
    }
    assert list(Note.objects.values_list("text", flat=True)) == [f"queued from {notes.app.name}"]


@pytest.mark.django_db
def test_each_run_has_its_own_g(server_name: None) -> None:
    note_summary.apply(("first",)).get()
    with notes.app.app_context():
        assert "prefix" not in g


def test_a_task_bound_to_the_app_object() -> None:
    result = task_id_and_app.apply(task_id="fixed-id").get()
    assert result == ["fixed-id", notes.app.name]


@pytest.mark.django_db
def test_without_server_name_url_for_fails_as_in_flask() -> None:
    with pytest.raises(RuntimeError, match="without 'SERVER_NAME' configured"):
        note_summary.apply(("x",), throw=True).get()


def test_a_task_with_no_app_says_what_to_do() -> None:
    class Orphan(FlaskAppTask):  # type: ignore[misc]
        name = "bridge.orphan"

        def run(self) -> None:
            raise AssertionError("never runs")

    with pytest.raises(RuntimeError) as caught:
        Orphan()()
    assert str(caught.value) == (
        "The task 'bridge.orphan' is not bound to a Flask app. Declare it with"
        " @django_bridge.celery.flask_task(app), or set flask_app on its class."
    )


@pytest.mark.services
def test_flasks_celery_pattern_with_a_real_worker() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "celery", "-A", "task_app", "worker", "--pool", "solo"]
    command += ["--without-gossip", "--without-mingle", "-l", "warning"]
    sys.path.insert(0, str(STANDALONE))
    try:
        import task_app
    finally:
        sys.path.remove(str(STANDALONE))
    process = subprocess.Popen(command, cwd=STANDALONE, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + WAIT_S
        while not task_app.celery_app.control.ping(timeout=0.5):
            assert process.poll() is None, "the worker exited at start"
            assert time.monotonic() < deadline, f"no worker answered in {WAIT_S:.0f} s"
        assert task_app.flask_app.extensions["celery"] is task_app.celery_app
        result = task_app.describe.delay(7).get(timeout=WAIT_S)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(WAIT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(WAIT_S)
    assert result == {
        "app": "task_app",
        "greeting": "hello from the app's config",
        "g": 7,
        "url": "http://tasks.example/report/7",
        "pid": process.pid,
    }
