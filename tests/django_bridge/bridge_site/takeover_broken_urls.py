"""Takeovers that name no mount, or no endpoint: system check errors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from django_bridge import mount, takeover

from . import journal


def view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("never")


urlpatterns = [
    takeover("nowhere:index", view),
    takeover("journal:posts.missing", view),
    mount("journal/", journal.app),
]
