"""Flask's signals, as blinker signals under one namespace."""

from __future__ import annotations

import typing as t

from blinker import NamedSignal

# Re-exported so extensions can make their own signals the way Flask's docs show.
from blinker import Namespace as Namespace

from .utils import warn_from_caller


class _RequestSignal(NamedSignal):
    """A signal sent on every request: with nothing connected, sending costs one check
    instead of blinker's dispatch."""

    def send(self, sender: t.Any = None, /, **kwargs: t.Any) -> list[tuple[t.Any, t.Any]]:
        if not self.receivers:
            return []
        return super().send(sender, **kwargs)

    async def send_async(
        self, sender: t.Any = None, /, **kwargs: t.Any
    ) -> list[tuple[t.Any, t.Any]]:
        if not self.receivers:
            return []
        return await super().send_async(sender, **kwargs)


class _FlaskNamespace(Namespace):
    def signal(self, name: str, doc: str | None = None) -> NamedSignal:
        if name not in self:
            self[name] = _RequestSignal(name, doc)
        return self[name]


_signals = _FlaskNamespace()

template_rendered = _signals.signal("template-rendered")
before_render_template = _signals.signal("before-render-template")
request_started = _signals.signal("request-started")
request_finished = _signals.signal("request-finished")
request_tearing_down = _signals.signal("request-tearing-down")
got_request_exception = _signals.signal("got-request-exception")
appcontext_tearing_down = _signals.signal("appcontext-tearing-down")
appcontext_pushed = _signals.signal("appcontext-pushed")
appcontext_popped = _signals.signal("appcontext-popped")
message_flashed = _signals.signal("message-flashed")


def __getattr__(name: str) -> t.Any:
    # Older code checked ``signals_available`` before connecting; blinker is now a
    # dependency, so the answer is always yes.
    if name == "signals_available":
        warn_from_caller(
            f"'{__name__}.signals_available' is deprecated. Signals are always available;"
            " remove the check."
        )
        return True
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}", name=name)
