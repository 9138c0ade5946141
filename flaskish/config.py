"""Flask's ``Config``: a dict that loads settings from objects, files and the environment."""

from __future__ import annotations

import errno
import json
import os
import types
import typing as t

from .utils import import_string

T = t.TypeVar("T")

#: ``OSError`` numbers that ``silent=True`` treats as "there is no such file".
_MISSING_FILE_ERRNOS = frozenset({errno.ENOENT, errno.EISDIR, errno.ENOTDIR})


class ConfigAttribute(t.Generic[T]):
    """A descriptor that forwards an attribute to ``obj.config[name]``.

    Lets ``app.secret_key`` and ``app.config["SECRET_KEY"]`` be one value, so either
    spelling can be used to read or change it.

    :param name: the config key.
    :param get_converter: applied to the stored value when it is read.
    """

    def __init__(self, name: str, get_converter: t.Callable[[t.Any], T] | None = None) -> None:
        self.__name__ = name
        self.get_converter = get_converter

    @t.overload
    def __get__(self, obj: None, owner: type | None = None) -> ConfigAttribute[T]: ...
    @t.overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | ConfigAttribute[T]:
        if obj is None:
            return self
        value = obj.config[self.__name__]  # type: ignore[attr-defined]
        if self.get_converter is not None:
            value = self.get_converter(value)
        return t.cast(T, value)

    def __set__(self, obj: object, value: t.Any) -> None:
        obj.config[self.__name__] = value  # type: ignore[attr-defined]


class Config(dict[str, t.Any]):
    """A ``dict`` of settings with loaders for the usual sources.

    Only UPPERCASE names are taken from objects, Python files and mappings, so a
    config module can hold lowercase helpers without polluting the settings.

    :param root_path: directory that relative file names are resolved against
        (the application's ``root_path``).
    :param defaults: initial values.
    """

    def __init__(
        self, root_path: str | os.PathLike[str], defaults: dict[str, t.Any] | None = None
    ) -> None:
        super().__init__(defaults or {})
        self.root_path = root_path

    def from_envvar(self, variable_name: str, silent: bool = False) -> bool:
        """Load the Python config file named by the environment variable ``variable_name``.

        :param silent: return ``False`` instead of raising when the variable is unset
            or the file is missing.
        :return: ``True`` if a file was loaded.
        """
        filename = os.environ.get(variable_name)
        if not filename:
            if silent:
                return False
            raise RuntimeError(
                f"The environment variable {variable_name!r} is not set and as such"
                " configuration could not be loaded. Set this variable and make it"
                " point to a configuration file."
            )
        return self.from_pyfile(filename, silent=silent)

    def from_prefixed_env(
        self, prefix: str = "FLASK", *, loads: t.Callable[[str], t.Any] = json.loads
    ) -> bool:
        """Load every environment variable named ``{prefix}_KEY`` into ``self["KEY"]``.

        Values go through ``loads`` (JSON by default, so ``1``, ``true`` and ``[1]``
        become typed) and stay strings if that fails. ``A__B`` sets ``self["A"]["B"]``,
        creating intermediate dicts. Variables are applied in sorted order so the
        result does not depend on the environment's ordering.

        :return: always ``True``.
        """
        prefix = f"{prefix}_"
        for env_key in sorted(os.environ):
            if not env_key.startswith(prefix):
                continue
            raw = os.environ[env_key]
            try:
                value = loads(raw)
            except Exception:
                value = raw
            *parents, leaf = env_key[len(prefix) :].split("__")
            target: t.MutableMapping[str, t.Any] = self
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = value
        return True

    def from_pyfile(self, filename: str | os.PathLike[str], silent: bool = False) -> bool:
        """Execute a Python file as a module and load its UPPERCASE names.

        :param filename: absolute, or relative to :attr:`root_path`.
        :param silent: return ``False`` instead of raising when the file is missing.
        :return: ``True`` if the file was loaded.
        """
        path = os.path.join(self.root_path, filename)
        module = types.ModuleType("config")
        module.__file__ = path
        try:
            with open(path, mode="rb") as config_file:
                source = config_file.read()
        except OSError as error:
            if silent and error.errno in _MISSING_FILE_ERRNOS:
                return False
            error.strerror = f"Unable to load configuration file ({error.strerror})"
            raise
        exec(compile(source, path, "exec"), module.__dict__)
        self.from_object(module)
        return True

    def from_object(self, obj: object | str) -> None:
        """Load the UPPERCASE attributes of a module or class (or an import string).

        A ``dict`` will not work here: its keys are not attributes; use
        :meth:`from_mapping` instead.
        """
        if isinstance(obj, str):
            obj = import_string(obj)
        for key in dir(obj):
            if key.isupper():
                self[key] = getattr(obj, key)

    def from_file(
        self,
        filename: str | os.PathLike[str],
        load: t.Callable[[t.IO[t.Any]], t.Mapping[str, t.Any]],
        silent: bool = False,
        text: bool = True,
    ) -> bool:
        """Load a data file with ``load`` (``json.load``, ``tomllib.load`` ...).

        :param filename: absolute, or relative to :attr:`root_path`.
        :param load: called with the open file; must return a mapping.
        :param silent: return ``False`` instead of raising when the file is missing.
        :param text: open in text mode; pass ``False`` for ``tomllib.load``.
        :return: ``True`` if the file was loaded.
        """
        path = os.path.join(self.root_path, filename)
        try:
            with open(path, "r" if text else "rb") as data_file:
                data = load(data_file)
        except OSError as error:
            if silent and error.errno in _MISSING_FILE_ERRNOS:
                return False
            error.strerror = f"Unable to load configuration file ({error.strerror})"
            raise
        return self.from_mapping(data)

    def from_mapping(self, mapping: t.Mapping[str, t.Any] | None = None, **kwargs: t.Any) -> bool:
        """Like :meth:`update`, but only for UPPERCASE keys.

        :return: always ``True``.
        """
        items: dict[str, t.Any] = dict(mapping or {})
        items.update(kwargs)
        for key, value in items.items():
            if key.isupper():
                self[key] = value
        return True

    def get_namespace(
        self, namespace: str, lowercase: bool = True, trim_namespace: bool = True
    ) -> dict[str, t.Any]:
        """Return the settings whose keys start with ``namespace``.

        Handy for passing ``IMAGE_STORE_*`` settings as keyword arguments:
        ``get_namespace("IMAGE_STORE_")`` gives ``{"type": ..., "path": ...}``.

        :param lowercase: lower-case the returned keys.
        :param trim_namespace: drop the namespace from the returned keys.
        """
        result: dict[str, t.Any] = {}
        for key, value in self.items():
            if not key.startswith(namespace):
                continue
            if trim_namespace:
                key = key[len(namespace) :]
            if lowercase:
                key = key.lower()
            result[key] = value
        return result

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"
