"""An ``environment`` callable, as Django's Jinja2 backend takes one."""

from __future__ import annotations

import typing as t

import jinja2


def environment(**options: t.Any) -> jinja2.Environment:
    env = jinja2.Environment(**options)
    env.globals["site_only"] = "from the site"
    env.filters["shout"] = lambda value: f"site shouts {value}"
    return env
