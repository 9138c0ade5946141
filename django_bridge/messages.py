"""One message queue: Flask's ``flash()`` and Django's ``messages`` share storage.

With ``FLASKISH_SHARED_MESSAGES = True`` in the settings, a mounted app's
``flash()`` adds a message to Django's messages framework (its
``MESSAGE_STORAGE``, kept by ``MessageMiddleware``) and ``get_flashed_messages()``
reads from it, so a message flashed by a Flask view shows on the next Django
page, and one added with ``messages.success()`` shows in a Flask template.

Flask categories and Django levels map by name (``"success"`` is
``SUCCESS``, ``"error"`` and ``"danger"`` are ``ERROR``, ``"message"`` and any
other category are ``INFO``). A category that is not its level's tag travels in
``extra_tags``, so it comes back unchanged; a Django message's category is its
``extra_tags`` when it has some, else its level's tag (``MESSAGE_TAGS``).
"""

from __future__ import annotations

import typing as t

from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.api import add_message, get_messages

if t.TYPE_CHECKING:
    from django.http import HttpRequest

_LEVELS = {
    "debug": constants.DEBUG,
    "info": constants.INFO,
    "message": constants.INFO,
    "success": constants.SUCCESS,
    "warning": constants.WARNING,
    "error": constants.ERROR,
    "danger": constants.ERROR,
}


def enabled(django_request: HttpRequest) -> bool:
    """Whether flashes go to Django's messages for this request."""
    return bool(getattr(settings, "FLASKISH_SHARED_MESSAGES", False)) and hasattr(
        django_request, "_messages"
    )


def level_of(category: str) -> int:
    """The Django message level of a Flask category."""
    return _LEVELS.get(category, constants.INFO)


def add(django_request: HttpRequest, category: str, message: str) -> None:
    """``flash(message, category)`` as a Django message."""
    from django.contrib.messages.utils import get_level_tags

    level = level_of(category)
    extra = "" if get_level_tags().get(level) == category else category
    add_message(django_request, level, message, extra_tags=extra)


def pop_all(django_request: HttpRequest) -> list[tuple[str, str]]:
    """The visitor's pending messages as ``(category, message)``, marked as shown."""
    return [
        (message.extra_tags or message.level_tag or "message", str(message.message))
        for message in get_messages(django_request)
    ]
