"""Where a test client sends an app's requests: the hook a host framework registers.

Kept apart from :mod:`flaskish.testing` (which loads click's test runner and
the environ builder) so that a host registering its hook at start-up, such as
django_bridge's app config, costs a production process nothing.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from .app import Flask


class WSGITarget(t.NamedTuple):
    """Where a test client sends an app's requests.

    A host that serves the app under a path (django_bridge's ``mount()``)
    answers with its own WSGI callable and that path, so tests exercise the
    host's whole stack while still writing paths as the app sees them.
    """

    application: t.Callable[..., t.Any]
    #: Put before ``PATH_INFO``: ``"/blog"`` for an app mounted at ``blog/``.
    path_prefix: str = ""


#: Functions ``hook(app) -> WSGITarget | None`` consulted, in order, for every
#: request a :class:`~flaskish.testing.FlaskClient` sends; the first target
#: returned wins. A host framework registers one (flaskish itself never does),
#: so flaskish needs no knowledge of it.
wsgi_target_hooks: list[t.Callable[[Flask], WSGITarget | None]] = []


def wsgi_target(app: Flask) -> WSGITarget:
    """The registered hooks' target for ``app``, else the app itself."""
    for hook in wsgi_target_hooks:
        target = hook(app)
        if target is not None:
            return target
    return WSGITarget(app)
