"""The Flask extensions' tests: ``import flask`` must give flaskish.

``make interop`` sets ``FLASKISH_AS_FLASK=1``, so the pytest plugin installs
flaskish as ``flask`` before this file runs; installing here too lets a plain
``pytest tests/interop/extensions`` in ``.venv-interop`` run them the same way.
"""

from __future__ import annotations

from flaskish.compat import install_as_flask

install_as_flask()
