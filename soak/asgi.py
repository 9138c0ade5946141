"""The sample site as uvicorn serves it in the soak: the site's own ``asgi.py``, plus what the soak reads.

As :mod:`soak.wsgi` does for gunicorn: every response names the worker that
produced it (``X-Soak-Worker: <pid>``), and server errors go to stderr.
uvicorn imports this with ``sample_project`` on ``sys.path`` (``PYTHONPATH``).
"""

from __future__ import annotations

import logging
import os
import typing as t

from sample_site.asgi import application as site

from .client import WORKER_HEADER

_errors = logging.StreamHandler()
_errors.setLevel(logging.ERROR)
logging.getLogger("django.request").addHandler(_errors)

Message = dict[str, t.Any]


async def application(
    scope: Message,
    receive: t.Callable[[], t.Awaitable[Message]],
    send: t.Callable[[Message], t.Awaitable[None]],
) -> None:
    """The site, with the answering worker's pid in a response header."""
    worker = (WORKER_HEADER.lower().encode(), str(os.getpid()).encode())

    async def send_with_worker(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), worker]}
        await send(message)

    await site(scope, receive, send_with_worker)
