"""The CLI test runner: click's runner, invoking an app's commands with that app loaded.

Apart from :mod:`flaskish.testing` so that a test sending requests never imports click.
"""

from __future__ import annotations

import typing as t

from click.testing import CliRunner, Result

if t.TYPE_CHECKING:
    from .app import Flask

__all__ = ["FlaskCliRunner"]


class FlaskCliRunner(CliRunner):
    """A click runner for an app's commands; made by :meth:`Flask.test_cli_runner`."""

    def __init__(self, app: Flask, **kwargs: t.Any) -> None:
        self.app = app
        super().__init__(**kwargs)

    def invoke(  # type: ignore[override]
        self, cli: t.Any = None, args: t.Any = None, **kwargs: t.Any
    ) -> Result:
        """Invoke ``cli`` (default: ``app.cli``) with ``args``, loading this app.

        Unless ``obj`` is given, commands get a :class:`~flaskish.cli.ScriptInfo`
        that returns the app, so ``with_appcontext`` and ``pass_script_info`` work.
        """
        if cli is None:
            cli = self.app.cli
        if "obj" not in kwargs:
            # The CLI (its discovery, entry points) only when a test runs a command.
            from .cli import ScriptInfo

            kwargs["obj"] = ScriptInfo(create_app=lambda: self.app)
        return super().invoke(cli, args, **kwargs)
