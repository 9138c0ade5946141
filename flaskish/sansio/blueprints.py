"""``flask.sansio.blueprints``: the blueprint classes under their sans-I/O path."""

from __future__ import annotations

from ..blueprints import Blueprint as Blueprint
from ..blueprints import BlueprintSetupState as BlueprintSetupState
from ..blueprints import DeferredSetupFunction as DeferredSetupFunction

__all__ = ["Blueprint", "BlueprintSetupState", "DeferredSetupFunction"]
