"""Run unmodified ``import flask`` code, and Flask extensions, on flaskish.

:func:`install_as_flask` makes ``flask`` and ``flask.<module>`` the flaskish
modules. Without a code change, set ``FLASKISH_AS_FLASK=1``: the ``flaskish``
command and the pytest plugin (``flaskish.pytest_plugin``) then call it first.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import types
import typing as t

#: The environment variable that turns the switch on (``1``, ``true``, ``yes`` or ``on``).
ENV_VAR = "FLASKISH_AS_FLASK"

#: Flask's public modules, registered as soon as :func:`install_as_flask` runs.
FLASK_MODULES = (
    "app",
    "blueprints",
    "cli",
    "config",
    "ctx",
    "debughelpers",
    "globals",
    "helpers",
    "json",
    "json.provider",
    "json.tag",
    "logging",
    "sessions",
    "signals",
    "templating",
    "testing",
    "typing",
    "views",
    "wrappers",
    "sansio",
    "sansio.app",
    "sansio.blueprints",
    "sansio.scaffold",
)

_FLASK = "flask"
_PREFIX = f"{_FLASK}."
_TARGET = __name__.rpartition(".")[0]


class _FlaskAliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``flask.<name>`` and loads it as the module ``flaskish.<name>``.

    It sits first on ``sys.meta_path``: otherwise the path finder would load a
    second copy of ``flaskish/<name>.py`` under the name ``flask.<name>``.
    """

    def find_spec(
        self,
        fullname: str,
        path: t.Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(_PREFIX):
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        # A blank placeholder: the import system stamps the alias spec on whatever
        # is returned here, and the real module must keep its own.
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        # The import returns what sys.modules holds once this is done.
        name = module.__name__
        sys.modules[name] = _import_target(name)


def _import_target(flask_name: str) -> types.ModuleType:
    """The flaskish module for ``flask_name``, or an error that names what is missing."""
    target = f"{_TARGET}{flask_name[len(_FLASK) :]}"
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as e:
        if e.name != target:
            raise
    raise ModuleNotFoundError(
        f"No module named {flask_name!r}: flaskish is installed as 'flask' and does not"
        f" provide this Flask module ({target!r} does not exist).",
        name=flask_name,
    )


def _foreign_flask_modules() -> list[str]:
    """Names of ``flask`` modules already imported that are not flaskish's."""
    target = sys.modules.get(_TARGET)
    found = []
    for name, module in list(sys.modules.items()):
        if name != _FLASK and not name.startswith(_PREFIX):
            continue
        if module is None or module is target:
            continue
        if not getattr(module, "__name__", "").startswith(f"{_TARGET}."):
            found.append(name)
    return sorted(found)


def install_as_flask() -> None:
    """Register flaskish as the ``flask`` package, with each of Flask's public modules.

    Afterwards ``import flask`` and ``from flask.x import y`` give flaskish's
    modules (the same objects as ``flaskish.x``). Calling it again does nothing.

    :raise RuntimeError: the real Flask was imported first; its objects would mix
        with flaskish's.
    """
    foreign = _foreign_flask_modules()
    if foreign:
        raise RuntimeError(
            f"The real Flask is already imported ({', '.join(foreign[:3])}), so flaskish"
            " cannot be installed as 'flask'. Call install_as_flask() before anything"
            f" imports flask, or set {ENV_VAR}=1 so the flaskish command or the pytest"
            " plugin does it first."
        )
    if not any(isinstance(finder, _FlaskAliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _FlaskAliasFinder())
    sys.modules[_FLASK] = importlib.import_module(_TARGET)
    for name in FLASK_MODULES:
        importlib.import_module(f"{_PREFIX}{name}")


def is_installed() -> bool:
    """Whether ``import flask`` gives flaskish."""
    return sys.modules.get(_FLASK) is sys.modules.get(_TARGET) is not None


def env_requests_install(environ: t.Mapping[str, str] | None = None) -> bool:
    """Whether :data:`ENV_VAR` asks for :func:`install_as_flask`."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def install_from_env() -> bool:
    """Call :func:`install_as_flask` if :data:`ENV_VAR` asks for it; tell whether it did."""
    if not env_requests_install():
        return False
    install_as_flask()
    return True
