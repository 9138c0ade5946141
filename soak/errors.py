"""The soak's one exception."""

from __future__ import annotations


class SoakError(Exception):
    """The soak could not get as far as measuring; the message says what went wrong."""
