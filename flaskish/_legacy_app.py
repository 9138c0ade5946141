"""The application attributes of Flask 0.10 to 2.2 that later Flask removed.

Apps written for that era set ``app.session_cookie_name``, read ``app.env``,
register ``@app.before_first_request`` functions and expect the era's JSON
settings in ``app.config``. They keep working on :class:`~flaskish.Flask`
through :class:`LegacyAppMixin`, one of its bases, and warn so they get updated.
Nothing here runs on a request unless the app uses one of these names.
"""

from __future__ import annotations

import typing as t
import warnings
from threading import Lock

if t.TYPE_CHECKING:
    from .config import Config

T = t.TypeVar("T")
F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: Configuration keys of Flask <= 2.2 that Flask 3.1 no longer has, with the
#: defaults that era documented. A value still equal to its default is not a
#: setting: ``app.json.sort_keys`` and friends decide, as in Flask 3.1.
SEED_CONFIG_DEFAULTS: t.Mapping[str, t.Any] = {
    "ENV": "production",
    "JSON_AS_ASCII": True,
    "JSON_SORT_KEYS": True,
    "JSONIFY_PRETTYPRINT_REGULAR": False,
    "JSONIFY_MIMETYPE": "application/json",
    "PRESERVE_CONTEXT_ON_EXCEPTION": None,
}


def _warn(old: str, advice: str) -> None:
    warnings.warn(f"'{old}' is deprecated. {advice}", DeprecationWarning, stacklevel=3)


class _ConfigWithSeedKeys:
    """``app.config``: when the app stores its config, the seed keys are added.

    It only intercepts the assignment (no ``__get__``), so reading ``app.config``
    is a plain attribute read.
    """

    def __set__(self, app: t.Any, config: Config) -> None:
        for key, value in SEED_CONFIG_DEFAULTS.items():
            config.setdefault(key, value)
        app.__dict__["config"] = config


class _DeprecatedConfigAttribute(t.Generic[T]):
    """``app.<name>`` forwarding to ``app.config[key]``, with a warning (Flask 2.2's)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def _advice(self) -> str:
        return f"Use 'app.config[{self.key!r}]' instead."

    def __get__(self, app: t.Any, owner: type | None = None) -> T:
        if app is None:
            return self  # type: ignore[return-value]
        _warn(f"app.{self.name}", self._advice())
        result: T = app.config[self.key]
        return result

    def __set__(self, app: t.Any, value: T) -> None:
        _warn(f"app.{self.name}", self._advice())
        app.config[self.key] = value


class LegacyAppMixin:
    """Flask <= 2.2's application attributes, each warning with its replacement."""

    if not t.TYPE_CHECKING:
        config = _ConfigWithSeedKeys()

    #: Set to a ``json.JSONEncoder``/``JSONDecoder`` subclass, they are used by
    #: ``app.json`` (which warns); Flask 3.1 customises ``json_provider_class``.
    json_encoder: type | None = None
    json_decoder: type | None = None

    session_cookie_name = _DeprecatedConfigAttribute[str]("SESSION_COOKIE_NAME")
    use_x_sendfile = _DeprecatedConfigAttribute[bool]("USE_X_SENDFILE")
    send_file_max_age_default = _DeprecatedConfigAttribute[t.Any]("SEND_FILE_MAX_AGE_DEFAULT")

    @property
    def env(self) -> str:
        """``ENV`` from the config (``"production"`` unless set)."""
        _warn("app.env", "Use 'app.debug' (FLASK_DEBUG) instead.")
        return self.config["ENV"]  # type: ignore[attr-defined, no-any-return]

    @env.setter
    def env(self, value: str) -> None:
        _warn("app.env", "Use 'app.debug' (FLASK_DEBUG) instead.")
        self.config["ENV"] = value  # type: ignore[attr-defined]

    @property
    def propagate_exceptions(self) -> bool:
        """``PROPAGATE_EXCEPTIONS``, or else whether testing or debugging."""
        _warn("app.propagate_exceptions", "Use 'app.config[\"PROPAGATE_EXCEPTIONS\"]' instead.")
        value = self.config["PROPAGATE_EXCEPTIONS"]  # type: ignore[attr-defined]
        if value is not None:
            return bool(value)
        return bool(self.testing or self.debug)  # type: ignore[attr-defined]

    @property
    def templates_auto_reload(self) -> bool:
        """``TEMPLATES_AUTO_RELOAD``, or else whether debugging."""
        _warn("app.templates_auto_reload", "Use 'app.config[\"TEMPLATES_AUTO_RELOAD\"]' instead.")
        value = self.config["TEMPLATES_AUTO_RELOAD"]  # type: ignore[attr-defined]
        return bool(self.debug if value is None else value)  # type: ignore[attr-defined]

    @templates_auto_reload.setter
    def templates_auto_reload(self, value: bool) -> None:
        _warn("app.templates_auto_reload", "Use 'app.config[\"TEMPLATES_AUTO_RELOAD\"]' instead.")
        self.config["TEMPLATES_AUTO_RELOAD"] = value  # type: ignore[attr-defined]

    @property
    def got_first_request(self) -> bool:
        """Whether the app has handled a request (and can no longer be set up)."""
        _warn("app.got_first_request", "Setup methods raise once a request was handled.")
        return bool(self._got_first_request)  # type: ignore[attr-defined]

    def before_first_request(self, f: F) -> F:
        """Run ``f`` once, before the first request's other ``before_request`` functions."""
        self._check_setup_finished("before_first_request")  # type: ignore[attr-defined]
        _warn(
            "app.before_first_request",
            "Run setup code while creating the application instead.",
        )
        pending = self.__dict__.setdefault("before_first_request_funcs", [])
        if not pending:
            self.before_request_funcs.setdefault(None, []).insert(  # type: ignore[attr-defined]
                0, _FirstRequestRunner(pending)
            )
        pending.append(f)
        return f


class _FirstRequestRunner:
    """A ``before_request`` function running the pending first-request functions once."""

    def __init__(self, funcs: list[t.Callable[[], t.Any]]) -> None:
        self.funcs = funcs
        self.done = False
        self.lock = Lock()

    def __call__(self) -> None:
        if self.done:
            return
        with self.lock:
            if self.done:
                return
            for func in self.funcs:
                func()
            self.done = True
