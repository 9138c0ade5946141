"""Serving an app for development on Django's development server."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from .app import Flask


def run_simple_app(
    app: Flask, host: str, port: int, threaded: bool = True, **_options: t.Any
) -> None:
    """Serve ``app`` with Django's threaded development server until interrupted."""
    from django.core.servers.basehttp import WSGIServer, run

    print(f" * Serving flaskish app '{app.name}' on http://{host}:{port}/ (development only)")
    run(host, port, app, threading=threaded, server_cls=WSGIServer)
