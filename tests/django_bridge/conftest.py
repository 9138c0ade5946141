"""The Django test site lives in bridge_site/ beside this file."""

from __future__ import annotations
