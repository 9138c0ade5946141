"""Fixtures of the deployment checks: the sample site's database, the app kinds, and the report.

Each server test records one line per app kind (the checks and whether they
passed); the session ends with that table, failed or not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import typing as t
from collections.abc import Callable
from pathlib import Path

import pytest

from . import checks
from .harness import DEPLOY, SAMPLE_PROJECT, AppKind

MANAGE_TIMEOUT_S = 120.0
KINDS = ("standalone", "django site")

#: (server, app kind, check -> failure or None), in the order the tests ran.
_REPORT: list[tuple[str, str, dict[str, str | None]]] = []


def site_environment(database: Path) -> dict[str, str]:
    """The sample site in production mode on a throwaway SQLite file, as ``make soak`` runs it."""
    return {
        "DJANGO_SETTINGS_MODULE": "sample_site.settings",
        "DJANGO_DB_PATH": str(database),
        "DJANGO_DEBUG": "0",
    }


@pytest.fixture(scope="session")
def site_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the ``demo`` user, made once; each server gets a copy."""
    database = tmp_path_factory.mktemp("site") / "db.sqlite3"
    kind = AppKind(
        "django site", SAMPLE_PROJECT, "sample_site.wsgi", "application", site_environment(database)
    )
    for command in (["migrate", "--noinput"], ["create_demo_user"]):
        done = subprocess.run(
            [sys.executable, str(SAMPLE_PROJECT / "manage.py"), *command],
            env=kind.env(),
            capture_output=True,
            text=True,
            timeout=MANAGE_TIMEOUT_S,
        )
        assert done.returncode == 0, f"manage.py {' '.join(command)} failed:\n{done.stderr}"
    return database


MakeKind = Callable[[str, Path], AppKind]


@pytest.fixture
def make_kind(site_database: Path) -> MakeKind:
    """``make_kind(name, directory)``: an app kind; the site's database is copied into ``directory``."""

    def make(name: str, directory: Path) -> AppKind:
        if name == "standalone":
            return AppKind(name, DEPLOY, "sampleapp", "app")
        database = directory / "db.sqlite3"
        shutil.copyfile(site_database, database)
        return AppKind(
            name, SAMPLE_PROJECT, "sample_site.wsgi", "application", site_environment(database)
        )

    return make


def checks_for(kind: AppKind) -> dict[str, checks.Check]:
    return checks.STANDALONE if kind.name == "standalone" else checks.SITE


Verify = Callable[[str, AppKind, checks.Target, Path], None]


@pytest.fixture
def verify() -> Verify:
    """``verify(server, kind, target, tmp)``: run the kind's checks, record them, fail on any failure."""

    def run(server: str, kind: AppKind, target: checks.Target, tmp: Path) -> None:
        outcome = checks.run(checks_for(kind), target, tmp)
        if "chunked body" in outcome and target.chunked != "read":
            # The report says what this server does with a chunked body.
            outcome = {
                (f"{name} ({target.chunked})" if name == "chunked body" else name): why
                for name, why in outcome.items()
            }
        _REPORT.append((server, kind.name, outcome))
        failures = checks.describe_failures(outcome)
        if failures:
            pytest.fail(f"{server} serving the {kind.name} failed:\n{failures}")

    return run


def pytest_terminal_summary(terminalreporter: t.Any) -> None:
    if not _REPORT:
        return
    terminalreporter.section("deployments: server x app kind")
    width = max(len(server) for server, _, _ in _REPORT)
    for server, kind, outcome in _REPORT:
        failed = [name for name, why in outcome.items() if why is not None]
        verdict = "FAILED " + ", ".join(failed) if failed else "ok"
        passed = " ".join(name.replace(" ", "-") for name, why in outcome.items() if why is None)
        terminalreporter.write_line(
            f"{server:<{width}}  {kind:<11}  {verdict:<6}  passed: {passed}"
        )
