"""An opt-in ``flask`` command: the ``flaskish`` command with flaskish installed as ``flask``.

Tools and documentation shell out to ``flask`` (``flask db upgrade`` for
Flask-Migrate, ``flask routes``, ``flask run``). flaskish never installs a
``flask`` script by itself: the user asks for one with
``flaskish install-flask-command``, which writes a small script into the
environment's ``bin`` folder, and only where no real Flask is installed and no
other ``flask`` command is there. The script checks again each time it runs.
"""

from __future__ import annotations

import importlib.metadata
import os
import stat
import sys
import sysconfig
from pathlib import Path

import click

#: The line that marks a ``flask`` script as flaskish's, so it is never confused
#: with (or removed in place of) another one.
MARKER = "# flaskish: the flask command (flaskish install-flask-command)"

_SCRIPT = """\
#!{python}
{marker}
import sys

from flaskish.flask_command import main

sys.exit(main())
"""


def real_flask_installed() -> bool:
    """Whether a distribution named Flask is installed (flaskish's alias aside)."""
    try:
        dist = importlib.metadata.distribution("flask")
    except importlib.metadata.PackageNotFoundError:
        return False
    from .compat import _FlaskDistribution

    return not isinstance(dist, _FlaskDistribution)


def default_bin_dir() -> Path:
    """The scripts folder of the running environment (a virtualenv's ``bin``)."""
    return Path(sysconfig.get_path("scripts"))


def _is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")[:500]
    except OSError:
        return False


def install(bin_dir: Path | None = None) -> Path:
    """Write the ``flask`` script into ``bin_dir`` and return its path.

    :raise click.ClickException: a real Flask is installed, a ``flask`` command
        that is not flaskish's is already there, or (without ``bin_dir``) this
        Python is not a virtual environment's.
    """
    if real_flask_installed():
        raise click.ClickException(
            "Flask is installed in this environment, so its own 'flask' command stays."
            " Uninstall Flask first to use flaskish as 'flask'."
        )
    if bin_dir is None:
        if sys.prefix == sys.base_prefix:
            raise click.ClickException(
                "This Python is not a virtual environment's: the 'flask' command is"
                " only installed into a virtualenv's bin folder. Activate one, or pass"
                " --bin-dir."
            )
        bin_dir = default_bin_dir()
    target = bin_dir / ("flask.exe" if os.name == "nt" else "flask")
    if target.exists() and not _is_ours(target):
        raise click.ClickException(
            f"{target} exists and is not flaskish's 'flask' command; it was left alone."
        )
    bin_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(_SCRIPT.format(python=sys.executable, marker=MARKER), encoding="utf-8")
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return target


def uninstall(bin_dir: Path | None = None) -> Path | None:
    """Remove flaskish's ``flask`` script from ``bin_dir``; its path, or None if absent."""
    target = (bin_dir or default_bin_dir()) / "flask"
    if not target.exists():
        return None
    if not _is_ours(target):
        raise click.ClickException(
            f"{target} is not flaskish's 'flask' command; it was left alone."
        )
    target.unlink()
    return target


def main() -> int:
    """Run the ``flaskish`` command with ``import flask`` giving flaskish."""
    if real_flask_installed():
        click.echo(
            "Error: Flask is installed now, and this 'flask' command is flaskish's."
            " Run 'flaskish uninstall-flask-command' (or reinstall Flask to get its"
            " own command back).",
            err=True,
        )
        return 1
    from .cli import cli
    from .compat import install_as_flask

    install_as_flask()
    cli.main(prog_name="flask")
    return 0


_bin_dir_option = click.option(
    "--bin-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the script (default: this virtualenv's bin folder).",
)


@click.command(
    "install-flask-command", short_help="Install an opt-in 'flask' command that runs flaskish."
)
@_bin_dir_option
def install_flask_command(bin_dir: Path | None) -> None:
    """Install a 'flask' command that runs this command with flaskish as 'flask'.

    Refused where a real Flask is installed or another 'flask' command exists.
    """
    click.echo(f"Installed {install(bin_dir)}")


@click.command("uninstall-flask-command", short_help="Remove flaskish's 'flask' command.")
@_bin_dir_option
def uninstall_flask_command(bin_dir: Path | None) -> None:
    """Remove the 'flask' command install-flask-command wrote."""
    removed = uninstall(bin_dir)
    click.echo(f"Removed {removed}" if removed else "No 'flask' command of flaskish's was found.")
