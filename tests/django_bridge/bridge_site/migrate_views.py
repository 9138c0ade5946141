"""Native Django views that take over journal endpoints (see migrate_urls)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from . import journal


def index(request: HttpRequest) -> HttpResponse:
    match = request.resolver_match
    view_name = match.view_name if match is not None else None
    return HttpResponse(f"django index ({view_name}); self {reverse('journal:posts.index')}")


class Show(View):
    """Takes GET only: POST still reaches the Flask view."""

    def get(self, request: HttpRequest, entry_id: int) -> HttpResponse:
        return HttpResponse(f"django shows {entry_id!r}")


def add_messages(request: HttpRequest) -> HttpResponse:
    messages.success(request, "saved by django")
    messages.info(request, "tagged", extra_tags="notice")
    messages.error(request, "failed by django")
    return HttpResponse("added")


def list_messages(request: HttpRequest) -> JsonResponse:
    shown = [[m.level, m.tags, str(m)] for m in messages.get_messages(request)]
    return JsonResponse({"messages": shown})


def index_from_template(request: HttpRequest) -> HttpResponse:
    """posts.index moved to Django with its Jinja template; it sets what the
    app's before_request hook set."""
    reader = request.GET.get("reader", "guest")
    context = {"entries": journal.ENTRIES, "g": {"reader": reader}}
    return render(request, "posts/index.html", context, using="journal")


def token_page(request: HttpRequest) -> HttpResponse:
    template = "{{ csrf_token }}|{{ csrf_token() }}|{{ request.user.get_username() }}|{{ config.SECRET_KEY }}"
    from django.template import engines

    return HttpResponse(engines["journal"].from_string(template).render({}, request))
