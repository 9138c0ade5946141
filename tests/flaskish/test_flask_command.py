"""The opt-in ``flask`` command (``flaskish install-flask-command``).

Each test installs into a temporary bin folder and runs the command in a
subprocess, so neither this environment nor this process gets a ``flask``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = 'from flask import Flask\napp = Flask(__name__)\n@app.route("/hello")\ndef hello():\n    return "hi"\n'


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK")}
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def _run(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=tmp_path, env=_env(tmp_path, **extra), capture_output=True, text=True, timeout=120
    )


def _flaskish(*args: str) -> list[str]:
    return [sys.executable, "-c", "from flaskish.cli import main; main()", *args]


def _fake_real_flask(tmp_path: Path) -> Path:
    """A folder that, on PYTHONPATH, makes a Flask 9.9 distribution installed."""
    site = tmp_path / "site"
    info = site / "flask-9.9.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: Flask\nVersion: 9.9\n")
    return site


def test_installed_command_runs_an_app_written_for_flask(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    result = _run(_flaskish("install-flask-command", "--bin-dir", str(tmp_path / "bin")), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Installed {tmp_path / 'bin' / 'flask'}"

    routes = _run(["flask", "routes"], tmp_path)
    assert routes.returncode == 0, routes.stderr
    assert routes.stdout.splitlines()[2].split() == ["hello", "GET", "/hello"]
    usage = _run(["flask", "--help"], tmp_path)
    assert usage.stdout.startswith("Usage: flask [OPTIONS] COMMAND [ARGS]...")


def test_another_flask_command_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "bin" / "flask"
    other.parent.mkdir()
    other.write_text("#!/bin/sh\necho the real one\n")
    result = _run(_flaskish("install-flask-command", "--bin-dir", str(other.parent)), tmp_path)
    assert result.returncode == 1
    assert f"Error: {other} exists and is not flaskish's 'flask' command" in result.stderr
    assert other.read_text() == "#!/bin/sh\necho the real one\n"
    result = _run(_flaskish("uninstall-flask-command", "--bin-dir", str(other.parent)), tmp_path)
    assert result.returncode == 1
    assert other.exists()


def test_not_installed_where_the_real_flask_is(tmp_path: Path) -> None:
    site = _fake_real_flask(tmp_path)
    result = _run(
        _flaskish("install-flask-command", "--bin-dir", str(tmp_path / "bin")),
        tmp_path,
        PYTHONPATH=str(site),
    )
    assert result.returncode == 1
    assert "Error: Flask is installed in this environment" in result.stderr
    assert not (tmp_path / "bin" / "flask").exists()


def test_the_command_stands_aside_once_the_real_flask_is_installed(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    _run(_flaskish("install-flask-command", "--bin-dir", str(tmp_path / "bin")), tmp_path)
    site = _fake_real_flask(tmp_path)
    result = _run(["flask", "routes"], tmp_path, PYTHONPATH=str(site))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: Flask is installed now")


def test_uninstall_removes_only_its_own_command(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    _run(_flaskish("install-flask-command", "--bin-dir", str(bin_dir)), tmp_path)
    assert (bin_dir / "flask").exists()
    result = _run(_flaskish("uninstall-flask-command", "--bin-dir", str(bin_dir)), tmp_path)
    assert result.stdout.strip() == f"Removed {bin_dir / 'flask'}"
    assert not (bin_dir / "flask").exists()


def test_default_bin_dir_is_the_virtualenvs() -> None:
    assert sys.prefix != sys.base_prefix  # the suite runs in .venv
    from flaskish.flask_command import default_bin_dir

    assert default_bin_dir() == Path(sys.executable).parent
