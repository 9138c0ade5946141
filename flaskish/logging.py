"""The app's logger: named after the app, with a handler only when none is configured."""

from __future__ import annotations

import logging
import sys
import typing as t

from .globals import request
from .local import LocalProxy

if t.TYPE_CHECKING:
    from .sansio.app import App


def _find_wsgi_errors_stream() -> t.TextIO:
    if request:
        return request.environ.get("wsgi.errors", sys.stderr)  # type: ignore[return-value]
    return sys.stderr


#: The request's ``wsgi.errors`` stream inside a request, else ``sys.stderr``; a
#: proxy, so a handler made once writes to each request's own stream.
wsgi_errors_stream: t.TextIO = LocalProxy(_find_wsgi_errors_stream)  # type: ignore[assignment]


def has_level_handler(logger: logging.Logger) -> bool:
    """Whether a handler on ``logger`` or its ancestors would emit at its level."""
    level = logger.getEffectiveLevel()
    current: logging.Logger | None = logger
    while current is not None:
        if any(handler.level <= level for handler in current.handlers):
            return True
        if not current.propagate:
            break
        current = current.parent
    return False


#: Writes to ``wsgi.errors`` during a request, ``sys.stderr`` otherwise.
default_handler = logging.StreamHandler(wsgi_errors_stream)
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s")
)


def create_logger(app: App) -> logging.Logger:
    """The logger for ``app``; at DEBUG level when the app is in debug mode."""
    logger = logging.getLogger(app.name)
    if app.debug and not logger.level:
        logger.setLevel(logging.DEBUG)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger
