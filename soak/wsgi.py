"""The sample site as gunicorn serves it in the soak, with two additions the soak reads.

- Every response names the worker that produced it (``X-Soak-Worker: <pid>``),
  so the load counts requests per worker and sees a killed worker stop
  answering and its replacement start.
- Server errors go to stderr: with ``DEBUG`` off Django only mails a 500's
  traceback to ``ADMINS``, and the soak prints the server log when it fails.

gunicorn imports this with ``sample_project`` on ``sys.path`` (``--pythonpath``).
"""

from __future__ import annotations

import logging
import os
import typing as t

from sample_site.wsgi import application as site

from .client import WORKER_HEADER

_errors = logging.StreamHandler()
_errors.setLevel(logging.ERROR)
logging.getLogger("django.request").addHandler(_errors)


def application(environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Any:
    """The site, with the answering worker's pid in a response header."""

    def start(status: str, headers: list[tuple[str, str]], exc_info: t.Any = None) -> t.Any:
        return start_response(status, [*headers, (WORKER_HEADER, str(os.getpid()))], exc_info)

    return site(environ, start)
