"""``python manage.py flask [--app NAME] <command> [args...]``: flaskish's CLI inside the site.

A thin Django command: every argument after ``flask`` goes to the click group
of :mod:`django_bridge.cli` untouched, so click options of
``app.cli`` commands keep working; Django's own options stay at their defaults.
"""

from __future__ import annotations

import argparse
import io
import os
import typing as t
from contextlib import redirect_stderr, redirect_stdout

import click
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from ...cli import make_group

#: Django's base options, which ``manage.py flask`` leaves unparsed.
_DJANGO_DEFAULTS: dict[str, t.Any] = {
    "verbosity": 1,
    "settings": None,
    "pythonpath": None,
    "traceback": False,
    "no_color": False,
    "force_color": False,
    "skip_checks": True,
}


class _ClickArguments(CommandParser):
    """Keeps every argument for click: Django's parser would reject click's options."""

    def parse_args(  # type: ignore[override]
        self, args: t.Sequence[str] | None = None, namespace: t.Any = None
    ) -> argparse.Namespace:
        return argparse.Namespace(args=list(args or ()), **_DJANGO_DEFAULTS)


class _Stream(io.TextIOBase):
    """Django's output wrapper as a plain text stream, for click's ``echo``."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> int:
        self.wrapper.write(text, ending="")
        return len(text)

    def flush(self) -> None:
        self.wrapper.flush()


class Command(BaseCommand):
    help = "Run flaskish commands (routes, shell, the apps' own) for this site's apps."
    # Like Django's shell: inspecting or scripting a broken site must still work.
    requires_system_checks: t.ClassVar[list[str]] = []  # type: ignore[misc]

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: t.Any) -> CommandParser:
        self._prog = f"{os.path.basename(prog_name)} {subcommand}"
        return _ClickArguments(
            prog=self._prog,
            description=self.help,
            called_from_command_line=getattr(self, "_called_from_command_line", None),
        )

    def print_help(self, prog_name: str, subcommand: str) -> None:
        self.create_parser(prog_name, subcommand)
        self._run_click(["--help"])

    def handle(self, *args: str, **options: t.Any) -> None:
        self._run_click(list(args))

    def _run_click(self, args: list[str]) -> None:
        prog = getattr(self, "_prog", "manage.py flask")
        if getattr(self, "_called_from_command_line", False):
            # click reports usage errors and exits with their status itself.
            make_group().main(args=args, prog_name=prog, standalone_mode=True)
            return
        previous = os.environ.get("FLASK_RUN_FROM_CLI")
        try:
            with redirect_stdout(_Stream(self.stdout)), redirect_stderr(_Stream(self.stderr)):
                make_group().main(args=args, prog_name=prog, standalone_mode=False)
        except click.exceptions.Exit as e:
            if e.exit_code:
                raise CommandError(f"The command exited with status {e.exit_code}.") from e
        except click.ClickException as e:
            raise CommandError(e.format_message(), returncode=e.exit_code) from e
        except click.exceptions.Abort as e:
            raise CommandError("The command was aborted.") from e
        finally:
            # The group sets it to make app.run() a no-op; in-process callers keep theirs.
            if previous is None:
                os.environ.pop("FLASK_RUN_FROM_CLI", None)
            else:
                os.environ["FLASK_RUN_FROM_CLI"] = previous
