"""The ledger app mounted alone (its engine is Django's connection)."""

from __future__ import annotations

from django_bridge import mount

from . import ledger

urlpatterns = [mount("ledger/", ledger.app)]
