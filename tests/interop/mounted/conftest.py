"""Flask extensions in apps mounted in a Django site (``make interop`` runs this
folder on its own, with ``--ds=mounted_site.settings``: Django settings are
process-wide, and the other interop tests run standalone apps)."""

from __future__ import annotations
