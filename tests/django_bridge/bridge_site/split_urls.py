"""Both halves of a URL split by method (posts.index GET, posts.create POST) taken over."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from django_bridge import mount, takeover

from . import journal


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("django lists")


@csrf_exempt
def create(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"django creates {request.POST['title']}", status=201)


urlpatterns = [
    takeover("journal:posts.index", index),
    takeover("journal:posts.create", create),
    mount("journal/", journal.app),
]
