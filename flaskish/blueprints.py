"""Blueprints: groups of routes, hooks and handlers recorded now, applied on registration.

A blueprint records what it is given as deferred functions; registering it on
an app (possibly several times, under different names or nested in another
blueprint) replays them against that app with the blueprint's prefix,
subdomain and endpoint names.
"""

from __future__ import annotations

import os
import typing as t
from collections import defaultdict

from .globals import current_app
from .scaffold import (
    Scaffold,
    T_after_request,
    T_before_request,
    T_error_handler,
    T_teardown,
    T_template_context_processor,
    T_url_defaults,
    T_url_value_preprocessor,
    _endpoint_from_view_func,
    registering_decorator,
    setupmethod,
)

if t.TYPE_CHECKING:
    from .response import Response
    from .sansio.app import App

DeferredSetupFunction = t.Callable[["BlueprintSetupState"], None]
F = t.TypeVar("F", bound=t.Callable[..., t.Any])

_sentinel: t.Any = object()


class BlueprintSetupState:
    """One registration of a blueprint on an app: where its rules go and how they are named."""

    def __init__(
        self,
        blueprint: Blueprint,
        app: App,
        options: dict[str, t.Any],
        first_registration: bool,
    ) -> None:
        self.app = app
        self.blueprint = blueprint
        self.options = options
        self.first_registration = first_registration
        subdomain = self.options.get("subdomain")
        self.subdomain = blueprint.subdomain if subdomain is None else subdomain
        url_prefix = self.options.get("url_prefix")
        self.url_prefix = blueprint.url_prefix if url_prefix is None else url_prefix
        self.name = self.options.get("name", blueprint.name)
        self.name_prefix = self.options.get("name_prefix", "")
        self.url_defaults = dict(blueprint.url_values_defaults)
        self.url_defaults.update(self.options.get("url_defaults", ()))

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        **options: t.Any,
    ) -> None:
        """Add a rule to the app, prefixed and named for this registration."""
        if self.url_prefix is not None:
            if rule:
                rule = "/".join((self.url_prefix.rstrip("/"), rule.lstrip("/")))
            else:
                rule = self.url_prefix
        options.setdefault("subdomain", self.subdomain)
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)  # type: ignore[arg-type]
        defaults = self.url_defaults
        if "defaults" in options:
            defaults = dict(defaults, **options.pop("defaults"))
        self.app.add_url_rule(
            rule,
            f"{self.name_prefix}.{self.name}.{endpoint}".lstrip("."),
            view_func,
            defaults=defaults,
            **options,
        )


class Blueprint(Scaffold):
    """A reusable set of routes and hooks to register on apps.

    :param name: the blueprint's name, prefixed to its endpoints.
    :param import_name: the blueprint's module (``__name__``).
    :param static_folder: a static folder served under the blueprint's prefix.
    :param static_url_path: the URL of that static folder.
    :param template_folder: a template folder searched after the app's.
    :param url_prefix: prefixed to every rule.
    :param subdomain: the subdomain every rule matches.
    :param url_defaults: default view arguments for every rule.
    :param root_path: the blueprint's folder, when ``import_name`` cannot tell.
    :param cli_group: the name of its CLI group (``None``: merge into the app's).
    """

    _got_registered_once = False

    def __init__(
        self,
        name: str,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        url_prefix: str | None = None,
        subdomain: str | None = None,
        url_defaults: dict[str, t.Any] | None = None,
        root_path: str | None = None,
        cli_group: str | None = _sentinel,
    ) -> None:
        super().__init__(
            import_name=import_name,
            static_folder=static_folder,
            static_url_path=static_url_path,
            template_folder=template_folder,
            root_path=root_path,
        )
        if not name:
            raise ValueError("'name' may not be empty.")
        if "." in name:
            raise ValueError("'name' may not contain a dot '.' character.")
        self._name = name
        self.url_prefix = url_prefix
        self.subdomain = subdomain
        self.deferred_functions: list[DeferredSetupFunction] = []
        self.url_values_defaults = url_defaults or {}
        self.cli_group = cli_group
        self._blueprints: list[tuple[Blueprint, dict[str, t.Any]]] = []

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_registered_once:
            raise AssertionError(
                f"The setup method '{f_name}' can no longer be called on the blueprint"
                f" '{self.name}'. It has already been registered at least once, any"
                " changes will not be applied consistently. Make sure all imports,"
                " decorators, functions, etc. needed to set up the blueprint are done"
                " before registering it."
            )

    # -- recording -------------------------------------------------------------------

    @setupmethod
    def record(self, func: DeferredSetupFunction) -> None:
        """Call ``func(state)`` on every registration of this blueprint."""
        self.deferred_functions.append(func)

    @setupmethod
    def record_once(self, func: DeferredSetupFunction) -> None:
        """Call ``func(state)`` only on the first registration with any app."""

        def wrapper(state: BlueprintSetupState) -> None:
            if state.first_registration:
                func(state)

        self.record(wrapper)

    def make_setup_state(
        self, app: App, options: dict[str, t.Any], first_registration: bool = False
    ) -> BlueprintSetupState:
        return BlueprintSetupState(self, app, options, first_registration)

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Nest ``blueprint`` in this one; it is registered when this one is."""
        if blueprint is self:
            raise ValueError("Cannot register a blueprint on itself")
        self._blueprints.append((blueprint, options))

    # -- registration ----------------------------------------------------------------

    def register(self, app: App, options: dict[str, t.Any]) -> None:
        """Apply everything recorded to ``app`` (called by ``app.register_blueprint``)."""
        name_prefix = options.get("name_prefix", "")
        self_name = options.get("name", self.name)
        name = f"{name_prefix}.{self_name}".lstrip(".")
        if name in app.blueprints:
            bp_desc = "this" if app.blueprints[name] is self else "a different"
            raise ValueError(
                f"The name '{name}' is already registered for {bp_desc} blueprint."
                " Use 'name=' to provide a unique name."
            )
        first_bp_registration = not any(bp is self for bp in app.blueprints.values())
        first_name_registration = name not in app.blueprints
        app.blueprints[name] = self
        self._got_registered_once = True
        state = self.make_setup_state(app, options, first_bp_registration)

        if self.has_static_folder:
            state.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                view_func=self.send_static_file,
                endpoint="static",
            )
        if first_bp_registration or first_name_registration:
            self._merge_blueprint_funcs(app, name)
        for deferred in self.deferred_functions:
            deferred(state)
        self._register_cli(app, options)
        for blueprint, bp_options in self._blueprints:
            blueprint.register(app, self._nested_options(state, blueprint, bp_options, name))

    def _register_cli(self, app: App, options: dict[str, t.Any]) -> None:
        cli = self.__dict__.get("cli")  # never used: no commands to add
        if cli is None or not getattr(cli, "commands", None):
            return
        app_cli = app.cli
        cli_resolved_group = options.get("cli_group", self.cli_group)
        if cli_resolved_group is None:
            app_cli.commands.update(cli.commands)
        elif cli_resolved_group is _sentinel:
            cli.name = options.get("name", self.name)
            app_cli.add_command(cli)
        else:
            cli.name = cli_resolved_group
            app_cli.add_command(cli)

    @staticmethod
    def _nested_options(
        state: BlueprintSetupState,
        blueprint: Blueprint,
        bp_options: dict[str, t.Any],
        name: str,
    ) -> dict[str, t.Any]:
        """Compose a nested blueprint's prefix and subdomain with its parent's."""
        options = bp_options.copy()
        subdomain = options.get("subdomain")
        if subdomain is None:
            subdomain = blueprint.subdomain
        if state.subdomain is not None and subdomain is not None:
            options["subdomain"] = f"{subdomain}.{state.subdomain}"
        elif subdomain is not None:
            options["subdomain"] = subdomain
        elif state.subdomain is not None:
            options["subdomain"] = state.subdomain
        url_prefix = options.get("url_prefix")
        if url_prefix is None:
            url_prefix = blueprint.url_prefix
        if state.url_prefix is not None and url_prefix is not None:
            options["url_prefix"] = state.url_prefix.rstrip("/") + "/" + url_prefix.lstrip("/")
        elif url_prefix is not None:
            options["url_prefix"] = url_prefix
        elif state.url_prefix is not None:
            options["url_prefix"] = state.url_prefix
        options["name_prefix"] = name
        return options

    def _merge_blueprint_funcs(self, app: App, name: str) -> None:
        """Copy this blueprint's hooks and handlers into the app, keyed by its full name."""

        def scoped(key: str | None) -> str:
            return name if key is None else f"{name}.{key}"

        for key, spec in self.error_handler_spec.items():
            app.error_handler_spec[scoped(key)] = defaultdict(
                dict, {code: dict(handlers) for code, handlers in spec.items()}
            )
        for endpoint, func in self.view_functions.items():
            app.view_functions[endpoint] = func
        for bp_dict, app_dict in (
            (self.before_request_funcs, app.before_request_funcs),
            (self.after_request_funcs, app.after_request_funcs),
            (self.teardown_request_funcs, app.teardown_request_funcs),
            (self.url_default_functions, app.url_default_functions),
            (self.url_value_preprocessors, app.url_value_preprocessors),
            (self.template_context_processors, app.template_context_processors),
        ):
            for key, values in bp_dict.items():
                app_dict[scoped(key)].extend(values)

    # -- rules -----------------------------------------------------------------------

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Record a rule; it is added to the app, prefixed, when the blueprint is registered."""
        if endpoint and "." in endpoint:
            raise ValueError("'endpoint' may not contain a dot '.' character.")
        if view_func and hasattr(view_func, "__name__") and "." in view_func.__name__:
            raise ValueError("'view_func' name may not contain a dot '.' character.")
        self.record(
            lambda s: s.add_url_rule(
                rule,
                endpoint,
                view_func,
                provide_automatic_options=provide_automatic_options,
                **options,
            )
        )

    # -- app-wide hooks ----------------------------------------------------------------

    @setupmethod
    def app_template_filter(self, name: str | None = None) -> t.Callable[[F], F]:
        """Register a Jinja filter for the whole app."""

        return registering_decorator(self.add_app_template_filter, name)

    @setupmethod
    def add_app_template_filter(self, f: t.Callable[..., t.Any], name: str | None = None) -> None:
        self.record_once(lambda s: s.app.jinja_env.filters.__setitem__(name or f.__name__, f))

    @setupmethod
    def app_template_test(self, name: str | None = None) -> t.Callable[[F], F]:
        """Register a Jinja test for the whole app."""

        return registering_decorator(self.add_app_template_test, name)

    @setupmethod
    def add_app_template_test(self, f: t.Callable[..., bool], name: str | None = None) -> None:
        self.record_once(lambda s: s.app.jinja_env.tests.__setitem__(name or f.__name__, f))

    @setupmethod
    def app_template_global(self, name: str | None = None) -> t.Callable[[F], F]:
        """Register a Jinja global for the whole app."""

        return registering_decorator(self.add_app_template_global, name)

    @setupmethod
    def add_app_template_global(self, f: t.Callable[..., t.Any], name: str | None = None) -> None:
        self.record_once(lambda s: s.app.jinja_env.globals.__setitem__(name or f.__name__, f))

    @setupmethod
    def before_app_request(self, f: T_before_request) -> T_before_request:
        """Like ``before_request``, for every request to the app."""
        self.record_once(lambda s: s.app.before_request_funcs.setdefault(None, []).append(f))
        return f

    @setupmethod
    def after_app_request(self, f: T_after_request) -> T_after_request:
        """Like ``after_request``, for every request to the app."""
        self.record_once(lambda s: s.app.after_request_funcs.setdefault(None, []).append(f))
        return f

    @setupmethod
    def teardown_app_request(self, f: T_teardown) -> T_teardown:
        """Like ``teardown_request``, for every request to the app."""
        self.record_once(lambda s: s.app.teardown_request_funcs.setdefault(None, []).append(f))
        return f

    @setupmethod
    def app_context_processor(
        self, f: T_template_context_processor
    ) -> T_template_context_processor:
        """Like ``context_processor``, for every template the app renders."""
        self.record_once(lambda s: s.app.template_context_processors.setdefault(None, []).append(f))
        return f

    @setupmethod
    def app_errorhandler(
        self, code: type[Exception] | int
    ) -> t.Callable[[T_error_handler], T_error_handler]:
        """Like ``errorhandler``, for errors anywhere in the app."""

        def decorator(f: T_error_handler) -> T_error_handler:
            self.record_once(lambda s: s.app.register_error_handler(code, f))
            return f

        return decorator

    @setupmethod
    def app_url_value_preprocessor(self, f: T_url_value_preprocessor) -> T_url_value_preprocessor:
        """Like ``url_value_preprocessor``, for every request to the app."""
        self.record_once(lambda s: s.app.url_value_preprocessors.setdefault(None, []).append(f))
        return f

    @setupmethod
    def app_url_defaults(self, f: T_url_defaults) -> T_url_defaults:
        """Like ``url_defaults``, for every URL the app builds."""
        self.record_once(lambda s: s.app.url_default_functions.setdefault(None, []).append(f))
        return f

    # -- files -------------------------------------------------------------------------

    def send_static_file(self, filename: str) -> Response:
        """Serve a file from the blueprint's static folder."""
        if not self.has_static_folder:
            raise RuntimeError("'static_folder' must be set to serve static_files.")
        from .helpers import send_from_directory

        max_age = self.get_send_file_max_age(filename)
        return send_from_directory(self.static_folder, filename, max_age=max_age)  # type: ignore[arg-type]

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """The ``max_age`` for a file this blueprint serves: the app's, unless overridden."""
        return current_app.get_send_file_max_age(filename)
