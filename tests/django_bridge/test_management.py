"""``manage.py flask``: routes, shell and the apps' own commands, in-process and as a real manage.py."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from bridge_site.models import Note
from django.core.management import CommandError, call_command
from django.test import override_settings

SITE = Path(__file__).parent
KNOWN = "'accounts', 'blog', 'inventory', 'notes', 'store', 'tools', 'wiki'"


def flask(*args: str) -> str:
    out = StringIO()
    call_command("flask", *args, stdout=out)
    return out.getvalue()


def manage(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bridge_site.settings"}
    env.pop("FLASK_APP", None)
    return subprocess.run(
        [sys.executable, "-W", "error", "manage.py", *args],
        cwd=SITE,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_routes_of_one_app_show_site_paths_and_url_names():
    lines = flask("--app", "blog", "routes").splitlines()
    assert lines[0].split() == ["Endpoint", "Methods", "Rule", "URL", "name"]
    rows = [line.split() for line in lines]
    assert ["post", "GET", "/blog/posts/<int:post_id>", "blog:post"] in rows
    assert ["auth.login", "GET,", "POST", "/blog/auth/login", "blog:auth.login"] in rows
    assert not any("/shop/" in line for line in lines)


def test_routes_use_the_mount_namespace():
    out = flask("--app", "store", "routes", "--sort", "rule")
    assert "/shop/crash" in out
    assert "store:crash" in out


def test_routes_without_app_list_every_known_app():
    out = flask("routes")
    for expected in (
        "/accounts/whoami",
        "/blog/posts/<int:post_id>",
        "/notes/widgets/asset",
        "store:index",
    ):
        assert expected in out
    # The FLASKISH_APPS app is not mounted: no site prefix, no Django URL name.
    assert any(
        line.split() == ["static", "GET", "/static/<path:filename>", "-"]
        for line in out.splitlines()
    )


def test_unknown_app_lists_the_known_names():
    with pytest.raises(CommandError) as info:
        flask("--app", "nope", "routes")
    assert str(info.value) == (
        f"No flaskish app is named 'nope'. The known apps are: {KNOWN}."
        " Use one of those names, or add the app to FLASKISH_APPS or mount it."
    )


def test_app_command_keeps_its_click_options():
    assert flask("--app", "notes", "greet", "Ada") == "hello Ada from bridge_site.notes\n"
    assert (
        flask("--app", "notes", "greet", "--shout", "Ada") == "HELLO ADA FROM BRIDGE_SITE.NOTES\n"
    )


def test_blueprint_cli_group():
    assert flask("--app", "notes", "widgets", "count", "--times", "2") == (
        "widget widget in bridge_site.notes\n"
    )


def test_factory_from_flaskish_apps():
    assert (
        flask("--app", "tools", "hello", "--name", "site") == "hello site from bridge_site.tools\n"
    )


def test_bad_click_option_is_a_command_error():
    with pytest.raises(CommandError, match="No such option '--loud'"):
        flask("--app", "notes", "greet", "--loud", "Ada")


@pytest.mark.django_db
def test_app_command_uses_the_orm():
    assert flask("--app", "notes", "add-note", "from the cli") == "1 notes\n"
    assert list(Note.objects.values_list("text", flat=True)) == ["from the cli"]


def test_several_apps_need_app_for_their_commands():
    err = StringIO()
    with pytest.raises(CommandError, match="No such command 'greet'"):
        call_command("flask", "greet", "Ada", stdout=StringIO(), stderr=err)
    assert err.getvalue() == (
        "Error: Several flaskish apps are known; choose one with '--app NAME'."
        f" The known apps are {KNOWN}.\n\n"
    )


@override_settings(ROOT_URLCONF="bridge_site.solo_urls", FLASKISH_APPS={})
def test_with_one_known_app_app_is_optional():
    assert flask("greet", "Ada") == "hello Ada from bridge_site.notes\n"
    assert "notes:list_notes" in flask("routes")


@override_settings(ROOT_URLCONF="bridge_site.solo_urls")
def test_with_one_mounted_app_app_is_optional_beside_flaskish_apps():
    # FLASKISH_APPS still names 'tools': the one mounted app is the default.
    assert flask("greet", "Ada") == "hello Ada from bridge_site.notes\n"
    assert flask("--app", "tools", "routes").startswith("Endpoint")


@override_settings(ROOT_URLCONF="bridge_site.solo_urls", FLASKISH_APPS={})
def test_flask_run_from_cli_is_restored():
    assert "FLASK_RUN_FROM_CLI" not in os.environ
    flask("greet", "Ada")
    assert "FLASK_RUN_FROM_CLI" not in os.environ


# -- through a real manage.py ----------------------------------------------------------


def test_manage_py_routes():
    result = manage("flask", "--app", "notes", "routes")
    assert result.returncode == 0, result.stderr
    assert (
        "widgets.static        GET      /notes/widgets/widgets_static/<path:filename>"
        in result.stdout
    )
    assert "notes:widgets.static" in result.stdout


def test_manage_py_app_command_with_options():
    result = manage("flask", "--app", "notes", "greet", "Bob", "--shout")
    assert (result.returncode, result.stdout) == (0, "HELLO BOB FROM BRIDGE_SITE.NOTES\n")


def test_manage_py_unknown_app_exits_with_usage_error():
    result = manage("flask", "--app", "nope", "routes")
    assert result.returncode == 2
    assert f"Error: No flaskish app is named 'nope'. The known apps are: {KNOWN}." in result.stderr


def test_manage_py_shell_has_app_context_and_shell_context():
    code = "from flaskish import current_app\nprint(current_app.name, current_app._get_current_object() is app, greeting, Note.__name__)\n"
    result = manage("flask", "--app", "notes", "shell", stdin=code)
    assert result.returncode == 0, result.stderr
    assert "bridge_site.notes True hello from the notes shell Note" in result.stdout


def test_manage_py_help_lists_the_apps_commands():
    result = manage("flask", "--app", "notes", "--help")
    assert result.returncode == 0, result.stderr
    commands = result.stdout.split("Commands:")[1].split()
    assert {"add-note", "greet", "routes", "shell", "widgets"} <= set(commands)
    assert manage("help", "flask").stdout.startswith("Usage: manage.py flask [OPTIONS] COMMAND")


@override_settings(FLASKISH_APPS={"blogapp": "bridge_site.blog:app"})
def test_flaskish_apps_name_for_a_mounted_app_shows_its_mount():
    rows = [line.split() for line in flask("--app", "blogapp", "routes").splitlines()]
    assert ["post", "GET", "/blog/posts/<int:post_id>", "blog:post"] in rows


@override_settings(FLASKISH_APPS={"broken": "bridge_site.nothing_here:app"})
def test_flaskish_apps_entry_that_does_not_import():
    with pytest.raises(CommandError, match="Could not import 'bridge_site.nothing_here'"):
        flask("--app", "broken", "routes")
