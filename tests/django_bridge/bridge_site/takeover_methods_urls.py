"""Takeovers with explicit methods, and of an async view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from django_bridge import mount, takeover

from . import journal


def take_post(request: HttpRequest, entry_id: int) -> HttpResponse:
    return HttpResponse(f"django took {request.method} {entry_id}")


async def async_index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("async django index")


urlpatterns = [
    takeover("journal:posts.show", take_post, methods=["post"]),
    takeover("journal:posts.index", async_index),
    mount("journal/", journal.app),
]
