"""What every variant of the benchmark app serves: one source of truth for the content."""

from __future__ import annotations

import os

APPS_DIR = os.path.dirname(os.path.abspath(__file__))
TEMPLATES_DIR = os.path.join(APPS_DIR, "templates")
SECRET_KEY = "bench-secret-key-not-for-production"
HELLO = "Hello, World!"
ITEMS = [{"name": f"item {i}", "price": f"{i * 1.25:.2f}"} for i in range(20)]
#: How a native Django view dumps JSON to write the body Flask's ``jsonify`` writes
#: (sorted keys, no spaces), so both sides do the same work for the same bytes.
JSON_DUMPS_PARAMS: dict[str, object] = {"sort_keys": True, "separators": (",", ":")}
#: The ``url_for``/``reverse`` endpoint and its three values.
POST_VALUES = {"year": 2025, "month": 11, "slug": "hello-world"}


def user(user_id: int) -> dict[str, object]:
    """The JSON document of ``/users/<int:id>``."""
    return {"id": user_id, "name": f"user {user_id}", "active": True}


def echo(form: object) -> str:
    """The form echo's body: ``key=value`` per line, in submission order."""
    return "\n".join(f"{key}={value}" for key, value in form.items())  # type: ignore[attr-defined]
