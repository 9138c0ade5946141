"""A module whose own import fails: a missing dependency, not a missing module."""

import flaskish_missing_dependency  # noqa: F401
