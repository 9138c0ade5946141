"""The site's Celery app: a Django task and the blog's task, eagerly and in a real worker.

Without a broker (``make run``, the SQLite suite) tasks run eagerly in the request;
the ``services`` tests start ``celery -A sample_site worker`` on Redis against the
PostgreSQL test database, and stop it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import typing as t
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from posts.models import Post
from posts.tasks import count_posts, write_digest
from sample_site import celery_app

SITE = Path(__file__).resolve().parent.parent
WAIT_S = 30.0


@pytest.mark.django_db
def test_the_blogs_task_runs_in_the_blogs_context(
    eager_tasks: None, ann_client: Client, ann: User
) -> None:
    Post.objects.create(author=ann, title="First", body="1")
    rv = ann_client.post("/blog/digest", {"key": "k1"})
    assert rv.status_code == 202
    assert rv.json()["key"] == "k1"
    digest = ann_client.get("/blog/digest/k1")
    assert digest.status_code == 200
    assert digest.json()["body"] == "1 posts on blog: First"
    assert digest.json()["author"] == "ann"
    # The same key again: no second post.
    assert ann_client.post("/blog/digest", {"key": "k1"}).status_code == 202
    assert Post.objects.filter(title="Digest k1").count() == 1


@pytest.mark.django_db
def test_a_digest_needs_a_login_and_is_404_until_written(eager_tasks: None, client: Client) -> None:
    assert client.post("/blog/digest", {"key": "k2"})["Location"].startswith("/blog/auth/login")
    assert client.get("/blog/digest/k2").status_code == 404


@pytest.mark.django_db
def test_a_django_task_beside_them(eager_tasks: None, ann: User) -> None:
    Post.objects.create(author=ann, title="One", body="1")
    assert count_posts.delay().get(timeout=5) == 1
    assert write_digest.name == "posts.tasks.write_digest"


@pytest.fixture
def worker() -> t.Iterator[subprocess.Popen[bytes]]:
    """``celery -A sample_site worker`` on this run's Redis, writing to the test database."""
    base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
    env = {
        **os.environ,
        "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
        "DJANGO_SETTINGS_MODULE": "sample_site.settings",
    }
    command = [sys.executable, "-m", "celery", "-A", "sample_site", "worker"]
    command += ["--pool", "solo", "--without-gossip", "--without-mingle", "-l", "warning"]
    process = subprocess.Popen(command, cwd=SITE, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + WAIT_S
        while not celery_app.control.ping(timeout=0.5):
            assert process.poll() is None, "the worker exited at start"
            assert time.monotonic() < deadline, f"no worker answered in {WAIT_S:.0f} s"
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(WAIT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(WAIT_S)


def poll(client: Client, path: str) -> t.Any:
    """GET ``path`` until it is not a 404 (bounded)."""
    deadline = time.monotonic() + WAIT_S
    while (rv := client.get(path)).status_code == 404:
        assert time.monotonic() < deadline, f"{path} still 404 after {WAIT_S:.0f} s"
        time.sleep(0.1)
    return rv


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_writes_what_the_blog_asked_for(
    worker: subprocess.Popen[bytes], ann_client: Client, ann: User
) -> None:
    Post.objects.create(author=ann, title="Queued", body="q")
    rv = ann_client.post("/blog/digest", {"key": "w1"})
    assert rv.status_code == 202
    # Not written by the request: by the worker, in its own process.
    digest = poll(ann_client, "/blog/digest/w1")
    assert digest.status_code == 200
    assert digest.json()["body"] == "1 posts on blog: Queued"
    assert Post.objects.filter(title="Digest w1").count() == 1
    # A Django task through the same worker, its result through Redis.
    assert count_posts.delay().get(timeout=WAIT_S) == 2
