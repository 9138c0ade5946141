"""Run unmodified ``import flask`` code, and Flask extensions, on flaskish.

:func:`install_as_flask` makes ``flask`` and ``flask.<module>`` the flaskish
modules. Without a code change, set ``FLASKISH_AS_FLASK=1``: the ``flaskish``
command and the pytest plugin (``flaskish.pytest_plugin``) then call it first.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import opcode
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

#: The Flask release whose API (and tests) flaskish implements: what
#: ``importlib.metadata.version("flask")`` answers while flaskish is ``flask``.
FLASK_VERSION = "3.1.3"

#: Distribution metadata for that answer (``importlib.metadata.metadata("flask")``).
_FLASK_METADATA = f"""\
Metadata-Version: 2.1
Name: Flask
Version: {FLASK_VERSION}
Summary: flaskish, standing in for Flask {FLASK_VERSION} through install_as_flask()
Requires-Python: >=3.10
Requires-Dist: Jinja2>=3.1.2
Requires-Dist: itsdangerous>=2.2
Requires-Dist: click>=8.1.3
Requires-Dist: blinker>=1.9
Requires-Dist: markupsafe>=2.1.1
"""


class _FlaskDistribution(importlib.metadata.Distribution):
    """The ``flask`` distribution as seen while flaskish is installed as ``flask``.

    Extensions read ``version("flask")`` on import (Flask 3.1 deprecated
    ``flask.__version__`` for it); no distribution named ``flask`` is installed.
    """

    def read_text(self, filename: str) -> str | None:
        return _FLASK_METADATA if filename in ("METADATA", "PKG-INFO") else None

    def locate_file(self, path: t.Any) -> t.Any:
        import pathlib

        return pathlib.Path(__file__).parent / str(path)


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

    def find_distributions(
        self, context: importlib.metadata.DistributionFinder.Context | None = None
    ) -> t.Iterator[importlib.metadata.Distribution]:
        """The ``flask`` distribution, only while ``import flask`` gives flaskish."""
        name = getattr(context, "name", None)
        if name is not None and name.lower().replace("_", "-") == _FLASK and is_installed():
            yield _FlaskDistribution()

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        # A blank placeholder: the import system stamps the alias spec on whatever
        # is returned here, and the real module must keep its own.
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        # The import returns what sys.modules holds once this is done.
        name = module.__name__
        target = sys.modules[name] = _import_target(name)
        _report_missing_names(target)


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


_IMPORT_FROM = opcode.opmap["IMPORT_FROM"]


def _asking_frame(module_name: str) -> types.FrameType | None:
    """The frame that asked ``module_name`` for a name: the first one outside that
    module, this one and :mod:`flaskish._deprecated` (its ``__getattr__`` helpers)."""
    skip = {module_name, __name__, f"{_TARGET}._deprecated", f"{_TARGET}.globals"}
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") in skip:
        frame = frame.f_back
    return frame


def _is_from_import(frame: types.FrameType | None) -> bool:
    """Whether ``frame`` is running ``from module import name``.

    Python then asks the module for ``name`` and turns an ``AttributeError`` into
    an ``ImportError`` of its own that drops the reason. So only an importing
    statement gets an ``ImportError`` of ours; ``hasattr`` and ``getattr`` keep
    the ``AttributeError`` they handle (feature checks still answer False).
    """
    if frame is None:
        return False
    code = frame.f_code.co_code
    return 0 <= frame.f_lasti < len(code) and code[frame.f_lasti] == _IMPORT_FROM


def missing_name(module_name: str, name: str) -> Exception:
    """The error for a module ``__getattr__`` to raise when ``name`` does not exist.

    With flaskish installed as ``flask`` it says which Flask name flaskish does
    not provide: an ``ImportError`` for ``from flask.x import name``, else an
    ``AttributeError``. Otherwise it is Python's usual ``AttributeError``.
    """
    module = sys.modules.get(module_name)
    plain = f"module {module_name!r} has no attribute {name!r}"
    if not is_installed() or (name.startswith("__") and name.endswith("__")):
        # Probes such as __path__ or __wrapped__ are not Flask names.
        return AttributeError(plain, name=name, obj=module)
    flask_module = f"{_FLASK}{module_name[len(_TARGET) :]}"
    reason = (
        "flaskish is installed as 'flask' and does not provide this Flask name"
        f" ({module_name!r} has no {name!r})."
    )
    if _is_from_import(_asking_frame(module_name)):
        return ImportError(
            f"cannot import name {name!r} from {flask_module!r}: {reason}", name=flask_module
        )
    return AttributeError(
        f"module {flask_module!r} has no attribute {name!r}: {reason}", name=name, obj=module
    )


def _report_missing_names(module: types.ModuleType) -> None:
    """Make ``module`` raise :func:`missing_name` for a name it does not have.

    A module's own ``__getattr__`` (for deprecated names) still answers first;
    what it does not know becomes the error that names the Flask name. Modules
    that are not flaskish's (an extension reached as ``flask.ext.x``) are left alone.
    """
    module_name = module.__name__
    if module_name != _TARGET and not module_name.startswith(f"{_TARGET}."):
        return
    own = vars(module).get("__getattr__")
    if getattr(own, "_reports_missing_names", False):
        return

    def __getattr__(name: str) -> t.Any:  # noqa: N807 - the module hook's own name
        if own is not None:
            try:
                return own(name)
            except AttributeError:
                pass
        if name.startswith("__") and name.endswith("__"):
            # Probed by the import system (``__path__``): never a Flask name, and
            # answered before the deprecated-name table loads.
            raise missing_name(module_name, name)
        # A name older Flask had in this module (flask.app.locked_cached_property)
        # resolves with a DeprecationWarning.
        from ._deprecated import lookup

        try:
            return lookup(module_name, name, package_names=False)
        except AttributeError:
            pass
        raise missing_name(module_name, name)

    __getattr__._reports_missing_names = True  # type: ignore[attr-defined]
    module.__getattr__ = __getattr__  # type: ignore[method-assign]


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
    modules (the same objects as ``flaskish.x``). A Flask name flaskish lacks is
    an ``ImportError`` (``from flask.x import y``) or ``AttributeError``
    (``flask.x.y``) that says so. Calling it again does nothing.

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
    package = sys.modules[_FLASK] = importlib.import_module(_TARGET)
    _report_missing_names(package)
    from . import ctx

    # ``repr(g)`` names the package the code imported.
    ctx.display_package = _FLASK
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
