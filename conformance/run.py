"""Run Flask 3.1.3's own test suite against flaskish and compare with the floor.

Usage: ``python conformance/run.py [--keep] [--list] [pytest args...]`` (``make conformance``).

1. Creates ``.venv-conformance`` (never the test venv) with flaskish, werkzeug
   (only here: some of Flask's test files import it), pytest and the other
   packages Flask's tests use.
2. Downloads the Flask 3.1.3 sdist from PyPI with pip (once, kept in the venv)
   and unpacks its ``tests/`` into a temporary folder.
3. Runs them with ``FLASKISH_AS_FLASK=1``, so the ``flaskish.pytest_plugin``
   entry point installs flaskish as ``flask`` first; each test has a timeout
   and the whole run a time bound. The few tests in :data:`NOT_RUN` are
   deselected: they cannot pass and would start real servers.
4. Prints passed/total per file and overall (the totals are Flask's own counts,
   so a test not run or not collected counts as not passed), and fails if the
   number passed is below the one in ``conformance/floor.txt``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

FLASK_VERSION = "3.1.3"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV = REPO / ".venv-conformance"
FLOOR_FILE = HERE / "floor.txt"
#: Passing tests take well under 0.1 s; the margin absorbs a loaded CI machine.
PER_TEST_TIMEOUT = 5
TOTAL_TIMEOUT = 20 * 60

#: The Django the conformance venv gets: the Makefile's pin, as for the test venv.
DJANGO = os.environ.get("DJANGO", "django>=5.2,<5.3")

#: What the conformance venv holds besides flaskish. pytest stays below 9: Flask
#: 3.1.3's test_cli.py imports ``_pytest.monkeypatch.notset``, gone in pytest 9.
REQUIREMENTS = [
    "werkzeug>=3.1,<3.2",
    "pytest>=8,<9",
    "pytest-timeout>=2.3",
    "asgiref>=3.2",
    "greenlet>=3",
    "python-dotenv>=1",
]

#: Test cases per file when Flask 3.1.3 runs its own tests with :data:`REQUIREMENTS`
#: (490 in all): the denominator, so a file that fails to import still counts whole.
FLASK_TEST_CASES = {
    "test_appctx.py": 14,
    "test_async.py": 8,
    "test_basic.py": 130,
    "test_blueprints.py": 60,
    "test_cli.py": 58,
    "test_config.py": 19,
    "test_converters.py": 2,
    "test_helpers.py": 35,
    "test_instance_config.py": 7,
    "test_json.py": 31,
    "test_json_tag.py": 14,
    "test_logging.py": 6,
    "test_regression.py": 1,
    "test_reqctx.py": 14,
    "test_request.py": 3,
    "test_session_interface.py": 1,
    "test_signals.py": 7,
    "test_subclassing.py": 1,
    "test_templating.py": 32,
    "test_testing.py": 25,
    "test_user_error_handler.py": 9,
    "test_views.py": 13,
}


#: Tests not run (pytest node id prefixes). Each replaces ``werkzeug.serving.run_simple``
#: with a stub and calls ``app.run()``, which on flaskish serves with Django's
#: development server instead. Run, they start real servers (on fixed ports; with
#: the reloader, Django re-executes this whole pytest run in a child process)
#: until the per-test timeout: minutes of a run, for tests that cannot pass.
NOT_RUN = (
    "tests/test_basic.py::test_run_defaults",
    "tests/test_basic.py::test_run_server_port",
    "tests/test_basic.py::test_run_from_config[",
    "tests/test_basic.py::test_werkzeug_passthrough_errors[",
    "tests/test_templating.py::test_templates_auto_reload_debug_run",
)


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def ensure_venv() -> Path:
    """The conformance venv's python, (re)installing when the project's pyproject changed."""
    python = VENV / "bin" / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".installed"
    want = hashlib.sha256(
        (REPO / "pyproject.toml").read_bytes() + "\n".join([DJANGO, *REQUIREMENTS]).encode()
    ).hexdigest()
    if not stamp.exists() or stamp.read_text() != want:
        run([str(python), "-m", "pip", "install", "-q", "-e", str(REPO), DJANGO, *REQUIREMENTS])
        stamp.write_text(want)
    return python


def fetch_tests(python: Path, work: Path) -> Path:
    """Unpack the Flask sdist's ``tests/`` (and pytest config) into ``work``.

    The sdist is downloaded once into the conformance venv and reused.
    """
    download = VENV / "downloads"
    sdists = list(download.glob(f"flask-{FLASK_VERSION}.tar.gz"))
    if not sdists:
        run(
            [
                str(python),
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"flask=={FLASK_VERSION}",
                "-d",
                str(download),
            ]
        )
        sdists = list(download.glob(f"flask-{FLASK_VERSION}.tar.gz"))
    (sdist,) = sdists
    root = work / "flask"
    prefix = f"flask-{FLASK_VERSION}/"
    with tarfile.open(sdist) as tar:
        members = []
        for member in tar.getmembers():
            name = member.name.removeprefix(prefix)
            if name.startswith("tests/") or name == "pyproject.toml":
                member.name = name
                members.append(member)
        tar.extractall(root, members=members, filter="data")
    return root


def run_tests(python: Path, root: Path, extra: list[str]) -> Path | None:
    """Run the tests under ``root``; the junit XML report, or None if the run overran."""
    report = root / "report.xml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK", "DJANGO"))}
    env["FLASKISH_AS_FLASK"] = "1"
    cmd = [
        str(python),
        "-m",
        "pytest",
        "tests",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--timeout={PER_TEST_TIMEOUT}",
        f"--junitxml={report}",
        "-o",
        "junit_family=xunit1",
        "-rN",
        "--continue-on-collection-errors",
        *(f"--deselect={prefix}" for prefix in NOT_RUN),
        *extra,
    ]
    print("+", " ".join(cmd), flush=True)
    try:
        proc = subprocess.run(
            cmd, cwd=root, env=env, timeout=TOTAL_TIMEOUT, capture_output=True, text=True
        )
    except subprocess.TimeoutExpired:
        print(f"The run took longer than {TOTAL_TIMEOUT} s and was stopped.")
        return None
    (root / "pytest-output.txt").write_text(proc.stdout + proc.stderr)
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:]
    print("pytest:", *tail)
    return report if report.exists() else None


def tally(report: Path) -> tuple[dict[str, Counter[str]], list[str]]:
    """Outcomes per test file, and the ids of the tests that did not pass.

    A test whose teardown also failed appears twice in the report; it counts once,
    by its worst outcome.
    """
    rank = {"passed": 0, "skipped": 1, "failed": 2}
    outcomes: dict[tuple[str, str, str], str] = {}
    for case in ET.parse(report).iter("testcase"):
        file = Path(case.get("file") or case.get("classname", "").replace(".", "/")).name
        if not file.endswith(".py"):
            file += ".py"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
                break
            if child.tag == "skipped":
                outcome = "skipped"
        key = (file, case.get("classname", ""), case.get("name", ""))
        if rank[outcome] >= rank[outcomes.get(key, "passed")]:
            outcomes[key] = outcome
    per_file: dict[str, Counter[str]] = {}
    failed: list[str] = []
    for (file, _, name), outcome in outcomes.items():
        per_file.setdefault(file, Counter())[outcome] += 1
        if outcome != "passed":
            failed.append(f"{file}::{name} ({outcome})")
    return per_file, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--list", action="store_true", help="list the tests that did not pass")
    args, extra = parser.parse_known_args()

    python = ensure_venv()
    work = Path(tempfile.mkdtemp(prefix="flaskish-conformance-"))
    try:
        root = fetch_tests(python, work)
        report = run_tests(python, root, extra)
        if report is None:
            return 1
        per_file, failed = tally(report)
    finally:
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    files = sorted(set(FLASK_TEST_CASES) | set(per_file))
    passed = total = 0
    width = max(len(f) for f in files)
    for file in files:
        counts = per_file.get(file, Counter())
        seen = sum(counts.values())
        cases = max(seen, FLASK_TEST_CASES.get(file, 0))
        passed += counts["passed"]
        total += cases
        print(f"{file:<{width}}  {counts['passed']:>4}/{cases:<4}")
    if args.list and failed:
        print("\nNot passed:", *failed, sep="\n  ")
    if args.list:
        not_run = [prefix.split("/")[-1].rstrip("[") for prefix in NOT_RUN]
        print("\nNot run (see NOT_RUN; they count as not passed):", *not_run, sep="\n  ")
    floor = int(FLOOR_FILE.read_text().split()[0]) if FLOOR_FILE.exists() else 0
    print(f"\nTOTAL  {passed}/{total} ({100 * passed / total:.1f}%)  floor {floor}")
    if passed < floor:
        print(f"Fewer tests pass than the floor ({passed} < {floor}) in {FLOOR_FILE}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
