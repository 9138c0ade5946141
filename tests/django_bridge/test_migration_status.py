"""``manage.py flask migration-status`` and the W010 check, on the journal's migration."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.urls("bridge_site.migrate_urls")


def flask(*args: str) -> str:
    out = StringIO()
    call_command("flask", *args, stdout=out)
    return out.getvalue()


def rows() -> dict[str, dict[str, object]]:
    report = json.loads(flask("migration-status", "--json"))
    (journal,) = report["apps"]
    assert (journal["namespace"], journal["prefix"]) == ("journal", "/journal/")
    assert journal["extensions"] == ["journal.ledger"]
    assert (journal["endpoints_total"], journal["endpoints_taken_over"]) == (7, 2)
    return {row["endpoint"]: row for row in journal["endpoints"]}


def test_json_rows_say_who_serves_each_endpoint() -> None:
    by_endpoint = rows()
    assert sorted(by_endpoint) == [
        "front",
        "posts.create",
        "posts.flash_it",
        "posts.flashes",
        "posts.index",
        "posts.note",
        "posts.show",
    ]
    index = by_endpoint["posts.index"]
    assert index["served_by"] == "django"
    assert index["django_view"] == "bridge_site.migrate_views.index"
    assert index["rules"] == ["/posts/"]
    assert index["templates"] == ["posts/index.html"]
    # posts.show: the class-based view took GET; POST is still Flask's.
    show = by_endpoint["posts.show"]
    assert (show["served_by"], show["taken_methods"], show["methods"]) == (
        "flask",
        ["GET"],
        ["GET", "POST"],
    )
    assert show["django_view"] == "bridge_site.migrate_views.Show"
    assert by_endpoint["posts.create"]["served_by"] == "flask"
    assert by_endpoint["posts.create"]["taken_methods"] == []


def test_json_rows_list_what_a_takeover_must_replicate() -> None:
    index = rows()["posts.index"]
    assert index["before_request"] == ["bridge_site.journal.load_reader"]
    assert index["g_values"] == ["reader"]
    assert index["error_handlers"] == ["404: bridge_site.journal.not_found"]
    assert index["context_processors"] == [
        "bridge_site.journal.site_name",
        "bridge_site.journal.section",
    ]
    assert index["replicate"] == [
        "before_request bridge_site.journal.load_reader",
        "error handler 404: bridge_site.journal.not_found",
        "g.reader",
    ]


def test_text_report() -> None:
    lines = flask("migration-status").splitlines()
    assert lines[0] == "journal (journal) at /journal/: 2 of 7 endpoints taken over by Django"
    assert lines[1] == "  extensions: journal.ledger"
    assert "  journal:posts.index  /posts/  [GET]  django bridge_site.migrate_views.index" in lines
    assert (
        "  journal:posts.show  /posts/<int:entry_id>  [GET, POST]"
        "  django bridge_site.migrate_views.Show for GET; flask for the rest"
    ) in lines
    assert "  journal:posts.create  /posts/  [POST]  flask" in lines
    assert "    templates: posts/index.html" in lines


@pytest.mark.urls("bridge_site.rollback_urls")
def test_nothing_taken_over_after_rollback() -> None:
    report = json.loads(flask("migration-status", "--json"))
    assert report["apps"][0]["endpoints_taken_over"] == 0
    assert {row["served_by"] for row in report["apps"][0]["endpoints"]} == {"flask"}


def test_check_warns_that_the_hooks_no_longer_run() -> None:
    warnings = [m for m in run_checks() if m.id == "django_bridge.W010"]
    assert sorted(str(w.obj) for w in warnings) == ["journal:posts.index", "journal:posts.show"]
    index = next(w for w in warnings if w.obj == "journal:posts.index")
    assert "bridge_site.journal.load_reader no longer run" in index.msg
    assert "g.reader" in str(index.hint)


def test_no_warning_without_takeovers() -> None:
    with override_settings(ROOT_URLCONF="bridge_site.rollback_urls"):
        assert [m for m in run_checks() if m.id == "django_bridge.W010"] == []


@pytest.mark.urls("bridge_site.split_urls")
def test_a_path_split_by_method_moved_in_two_takeovers() -> None:
    report = json.loads(flask("migration-status", "--json"))
    rows = {row["endpoint"]: row for row in report["apps"][0]["endpoints"]}
    assert (rows["posts.index"]["served_by"], rows["posts.index"]["django_view"]) == (
        "django",
        "bridge_site.split_urls.index",
    )
    assert (rows["posts.create"]["served_by"], rows["posts.create"]["django_view"]) == (
        "django",
        "bridge_site.split_urls.create",
    )
    assert rows["posts.show"]["served_by"] == "flask"
