"""The click group behind ``manage.py flask``: flaskish's CLI, with apps named by the site.

It is :class:`flaskish.cli.FlaskGroup` with two changes: ``--app`` takes a
name the site knows (a mount namespace or a ``FLASKISH_APPS`` key, see
:mod:`django_bridge.discovery`) instead of an import path, and ``routes``
shows URLs as the site serves them (mount prefix, Django URL name). ``shell``
and every ``app.cli``/blueprint command come from flaskish unchanged.
"""

from __future__ import annotations

import typing as t
from functools import partial

import click

from flaskish.cli import FlaskGroup, NoAppException, ScriptInfo, shell_command

from .discovery import Mount, app_names, default_app_name, iter_mounts, load_app

if t.TYPE_CHECKING:
    from flaskish import Flask


def _select_app(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    names = app_names()
    if value not in names:
        known = ", ".join(repr(n) for n in names) or "none"
        raise NoAppException(
            f"No flaskish app is named {value!r}. The known apps are: {known}."
            " Use one of those names, or add the app to FLASKISH_APPS or mount it."
        )
    info = ctx.ensure_object(ScriptInfo)
    info.create_app = partial(load_app, value)
    info.data["django_bridge.app_name"] = value
    return value


_app_name_option = click.Option(
    ["-A", "--app"],
    metavar="NAME",
    help=(
        "The app to use, by its mount namespace or FLASKISH_APPS name."
        " Needed only when the site knows several apps; its own commands"
        " are listed once it is given."
    ),
    is_eager=True,
    expose_value=False,
    allow_from_autoenv=False,
    callback=_select_app,
)


class SiteFlaskGroup(FlaskGroup):
    """flaskish's command group for the apps of the current Django site."""

    def __init__(self, **extra: t.Any) -> None:
        super().__init__(
            add_default_commands=False,
            create_app=load_app,
            add_version_option=False,
            load_dotenv=False,
            # The site's DEBUG already set the app's debug flag at mount time.
            set_debug_flag=False,
            **extra,
        )
        others = [p for p in self.params if "--app" not in getattr(p, "opts", ())]
        self.params = [_app_name_option, *others]
        self.add_command(shell_command)
        self.add_command(routes_command)
        self.add_command(migration_status_command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        info = ctx.ensure_object(ScriptInfo)
        if "django_bridge.app_name" not in info.data and default_app_name() is None:
            # No app to ask for its commands: '--help' should not print an error.
            return super(FlaskGroup, self).list_commands(ctx)
        return super().list_commands(ctx)


@click.command("routes", short_help="Show the routes of the site's flaskish apps.")
@click.option(
    "--sort",
    "-s",
    type=click.Choice(("endpoint", "methods", "rule", "name", "match")),
    default="match",
    help="What to sort by; 'match' keeps each app's rule order.",
)
@click.option("--all-methods", is_flag=True, help="Show HEAD and OPTIONS methods too.")
@click.pass_context
def routes_command(ctx: click.Context, sort: str, all_methods: bool) -> None:
    """Show each rule with its endpoint, methods, site path and Django URL name.

    Without '--app', every app the site knows is listed.
    """
    name = ctx.ensure_object(ScriptInfo).data.get("django_bridge.app_name")
    names = [name] if name else app_names()
    hidden = set() if all_methods else {"HEAD", "OPTIONS"}
    rows: list[list[str]] = []
    seen: set[int] = set()
    for app_name in names:
        app = load_app(app_name)
        if id(app) in seen:
            continue
        seen.add(id(app))
        rows.extend(_rows(app, _mount_of(app, app_name), hidden, sort))
    if not rows:
        click.echo("No routes were registered.")
        return
    headers = ["Endpoint", "Methods", "Rule", "URL name"]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _mount_of(app: Flask, name: str) -> Mount | None:
    """The mount ``name`` refers to, else the app's first mount."""
    mounts = [m for m in iter_mounts() if m.app is app]
    return next((m for m in mounts if m.namespace == name), mounts[0] if mounts else None)


def _rows(app: Flask, mount: Mount | None, hidden: set[str], sort: str) -> list[list[str]]:
    prefix = mount.path_prefix if mount else ""
    rows = [
        [
            str(rule.endpoint),
            ", ".join(sorted((rule.methods or set()) - hidden)),
            prefix + rule.rule,
            f"{mount.namespace}:{rule.endpoint}" if mount else "-",
        ]
        for rule in app.url_map.iter_rules()
    ]
    keys = ["endpoint", "methods", "rule", "name"]
    if sort in keys:
        rows.sort(key=lambda row: row[keys.index(sort)])
    return rows


@click.command("migration-status", short_help="Show which endpoints moved to Django.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def migration_status_command(ctx: click.Context, as_json: bool) -> None:
    """For each mounted app, every endpoint: served by Flask or taken over by
    Django, its templates, the hooks and handlers that apply to it, and what a
    Django view taking it over must replicate.

    With '--app', only that mount.
    """
    import json

    from .migration import migration_status

    name = ctx.ensure_object(ScriptInfo).data.get("django_bridge.app_name")
    statuses = [s for s in migration_status() if name is None or s.namespace == name]
    if as_json:
        click.echo(json.dumps({"apps": [s.as_dict() for s in statuses]}, indent=2))
        return
    if not statuses:
        click.echo("No flaskish app is mounted in the URLconf.")
        return
    for status in statuses:
        taken = sum(1 for row in status.endpoints if row.taken_methods)
        click.echo(
            f"{status.namespace} ({status.app}) at {status.prefix}:"
            f" {taken} of {len(status.endpoints)} endpoints taken over by Django"
        )
        if status.extensions:
            click.echo(f"  extensions: {', '.join(status.extensions)}")
        for row in status.endpoints:
            if row.served_by == "django":
                where = f"django {row.django_view}"
            elif row.taken_methods:
                where = f"django {row.django_view} for {', '.join(row.taken_methods)}; flask for the rest"
            else:
                where = "flask"
            click.echo(
                f"  {row.url_name}  {' '.join(row.rules)}  [{', '.join(row.methods)}]  {where}"
            )
            if row.templates:
                click.echo(f"    templates: {', '.join(row.templates)}")
            needs = row.replicate()
            if needs:
                click.echo(f"    a takeover must replicate: {'; '.join(needs)}")


def make_group() -> SiteFlaskGroup:
    """A fresh group per run: click keeps state on the group's context objects."""
    return SiteFlaskGroup(
        name="flask",
        help="Run flaskish commands (routes, shell, the apps' own) for this Django site.",
    )
