"""``flask.sansio.app``: ``App``, the base Flask code type-checks apps against."""

from __future__ import annotations

from ..app import Flask
from ..app import _make_timedelta as _make_timedelta

#: flaskish's ``Flask`` is its own base: there is no separate I/O-free class.
App = Flask

__all__ = ["App"]
