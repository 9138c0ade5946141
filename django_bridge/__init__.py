"""django_bridge: flaskish apps as citizens of a Django project.

``mount(prefix, app)`` puts every rule of a flaskish app into a Django URLconf,
under a prefix and a URL namespace, so Django's middleware, ``reverse()`` and
``{% url %}`` work with it and the app's ``url_for`` builds prefixed URLs.
"""

from __future__ import annotations

from .mount import mount as mount
from .takeover import takeover as takeover

__all__ = ["mount", "takeover"]
