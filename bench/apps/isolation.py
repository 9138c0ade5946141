"""Run flaskish and Django variants as if Flask and werkzeug were not installed.

The benchmark's environment must hold Flask for comparison, but flaskish
imports werkzeug's exception classes when it finds them (so Flask code that
catches them keeps working), which would charge flaskish for werkzeug's
memory and import time.  Production flaskish has no werkzeug, so its
processes here hide it.
"""

from __future__ import annotations

import importlib.abc
import sys
import typing as t

HIDDEN = ("flask", "werkzeug")


class _Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: t.Any, target: t.Any = None) -> t.Any:
        if fullname.split(".", 1)[0] in HIDDEN:
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (hidden by the benchmark)", name=fullname
            )
        return None


def hide_flask() -> None:
    """Make ``import flask`` and ``import werkzeug`` fail in this process from now on."""
    if any(name.split(".", 1)[0] in HIDDEN for name in sys.modules):
        raise RuntimeError(
            "Flask or werkzeug is already imported; hide them before importing flaskish."
        )
    if not any(isinstance(finder, _Hide) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Hide())
