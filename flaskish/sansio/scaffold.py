"""``flask.sansio.scaffold``: what apps and blueprints share, under its sans-I/O path."""

from __future__ import annotations

from ..scaffold import Scaffold as Scaffold
from ..scaffold import _endpoint_from_view_func as _endpoint_from_view_func
from ..scaffold import _sentinel as _sentinel
from ..scaffold import find_package as find_package
from ..scaffold import get_root_path as get_root_path
from ..scaffold import setupmethod as setupmethod

__all__ = ["Scaffold", "find_package", "get_root_path", "setupmethod"]
