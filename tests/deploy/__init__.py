"""``make deploy-check``: the deployment recipes of docs/deployment.md, each server started for real."""

import pytest

# The checks live outside the test modules: let pytest explain their failed asserts.
pytest.register_assert_rewrite(f"{__name__}.checks")
