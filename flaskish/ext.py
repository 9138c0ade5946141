"""``from flaskish.ext import foo``: the extension import of Flask 0.x.

Old code wrote ``from flask.ext import sqlalchemy`` for ``flask_sqlalchemy``.
Importing ``flaskish.ext.<name>`` gives ``flaskish_<name>`` when it exists,
else ``flask_<name>``, as the same module object, with a ``DeprecationWarning``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import typing as t
import warnings

# A package with no folder: submodules come only from the finder below.
__path__: list[str] = []

_PREFIX = f"{__name__}."
_REAL_PREFIXES = ("flaskish_", "flask_")


class _ExtensionFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``flaskish.ext.<name>`` and loads it as the real extension module."""

    def __init__(self) -> None:
        self._real_specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(
        self,
        fullname: str,
        path: t.Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(_PREFIX):
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        name = spec.name[len(_PREFIX) :]
        module = _import_extension(name)
        warnings.warn(
            f"Importing '{spec.name}' is deprecated. Import '{module.__name__}' instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        # The import system stamps the new spec on the module; keep the real one.
        self._real_specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        real_spec = self._real_specs.pop(module.__spec__.name, None)  # type: ignore[union-attr]
        if real_spec is not None:
            module.__spec__ = real_spec


def _import_extension(name: str) -> types.ModuleType:
    tried = []
    for prefix in _REAL_PREFIXES:
        real_name = f"{prefix}{name}"
        tried.append(real_name)
        try:
            return importlib.import_module(real_name)
        except ModuleNotFoundError as e:
            # Only "this extension is not installed" moves on to the next name; an
            # import failing inside an installed extension is its own error.
            if e.name != real_name and not real_name.startswith(f"{e.name}."):
                raise
    raise ModuleNotFoundError(
        f"No module named '{_PREFIX}{name}': it would be {' or '.join(repr(n) for n in tried)},"
        " and neither is installed.",
        # Named after the module that is missing, so ``from flaskish.ext import x``
        # reports this error instead of a bare "cannot import name".
        name=tried[-1],
    )


def _install() -> None:
    if not any(isinstance(finder, _ExtensionFinder) for finder in sys.meta_path):
        # First, so that ``flaskish.ext.foo.bar`` is not found again inside
        # ``flask_foo`` by the path finder as a second copy of ``flask_foo.bar``.
        sys.meta_path.insert(0, _ExtensionFinder())


_install()
